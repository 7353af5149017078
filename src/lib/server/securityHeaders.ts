/**
 * Security headers of every page (hooks.server.ts). The Content-Security-Policy itself is SvelteKit's
 * (`kit.csp` in svelte.config.js: nonces on its inline scripts); two parts of it depend on the
 * request and are completed here:
 * - `connect-src`: the websocket sync runs on the page's own host. CSP Level 3 lets `'self'` match
 *   ws:/wss: of the same host, but browsers that predate it (Safari before 15.4 among them, still on
 *   older phones in the halls) need the ws/wss origin spelt out, so `ws://host wss://host` is added.
 * - `frame-ancestors`: `'none'` everywhere, except the projector page, which pages of this origin
 *   alone may embed (`'self'`, e.g. a preview on a staff page; no other site can frame it, so no
 *   clickjacking and the token in its URL is not exposed to another site). X-Frame-Options says the
 *   same for browsers without frame-ancestors.
 * Pages whose URL carries a secret (join code, projector token) or that lead to one are not stored
 * by browsers or proxies (`Cache-Control: no-store`). Every page sends `Referrer-Policy: same-origin`:
 * no other site ever receives a page's URL as Referer (the app links to no other site anyway).
 * `no-referrer` is not used: with it, browsers send `Origin: null` on form posts, and SvelteKit's
 * cross-site check then refuses the join form ("Cross-site POST form submissions are forbidden").
 */

/** The projector page: its URL holds the display token. */
export const DISPLAY_PREFIX = '/display/';

/**
 * Pages whose URL holds a join code (/j/<code>), the projector token (/display/<token>), or that
 * redirect to one (/join posts a code and is sent to /j/<code>; /p/<workshop> sends a phone without
 * a device cookie there). Their `__data.json` requests share the prefixes.
 */
const SECRET_URL_PREFIXES = ['/j/', DISPLAY_PREFIX, '/p/'] as const;
const SECRET_URL_PAGES = ['/join'] as const;

/**
 * Signed-in staff pages show join codes, projector links and residents' notes in the page itself: a
 * shared laptop in the hall must not bring them back from its cache (the back button after signing out).
 */
const SIGNED_IN_PREFIX = '/staff';

/** Whether browsers and proxies must not store the response (see the module comment). */
export function mustNotStore(pathname: string): boolean {
	return carriesSecretInUrl(pathname) || pathname === SIGNED_IN_PREFIX || pathname.startsWith(`${SIGNED_IN_PREFIX}/`);
}

export function carriesSecretInUrl(pathname: string): boolean {
	return SECRET_URL_PREFIXES.some((p) => pathname.startsWith(p)) || SECRET_URL_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** Replace one directive's sources (or add the directive) in a serialised policy. */
function setDirective(policy: string, name: string, sources: (current: string[]) => string[]): string {
	const parts = policy
		.split(';')
		.map((p) => p.trim())
		.filter(Boolean);
	const at = parts.findIndex((p) => p.split(/\s+/)[0] === name);
	const current = at >= 0 ? parts[at]!.split(/\s+/).slice(1) : [];
	const next = `${name} ${sources(current).join(' ')}`;
	if (at >= 0) parts[at] = next;
	else parts.push(next);
	return parts.join('; ');
}

/** SvelteKit's policy completed for this request (see the module comment). */
export function completePolicy(policy: string, url: URL): string {
	const ws = [`ws://${url.host}`, `wss://${url.host}`];
	let out = setDirective(policy, 'connect-src', (current) => [...current, ...ws.filter((s) => !current.includes(s))]);
	out = setDirective(out, 'frame-ancestors', () => [url.pathname.startsWith(DISPLAY_PREFIX) ? "'self'" : "'none'"]);
	return out;
}

const CSP = 'content-security-policy';

/** Set the security headers of a response to a request for `url`. */
export function applySecurityHeaders(headers: Headers, url: URL): void {
	headers.set('x-content-type-options', 'nosniff');
	const policy = headers.get(CSP);
	if (policy) headers.set(CSP, completePolicy(policy, url));
	headers.set('x-frame-options', url.pathname.startsWith(DISPLAY_PREFIX) ? 'SAMEORIGIN' : 'DENY');
	headers.set('referrer-policy', 'same-origin');
	if (mustNotStore(url.pathname)) headers.set('cache-control', 'no-store');
}
