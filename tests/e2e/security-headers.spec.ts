/**
 * Issue 15, item 11, against the production build: every page sends a Content-Security-Policy
 * (nonce'd scripts, no other host, the websocket on the page's own host), the phone, the staff board
 * and the projector work under it without a single violation (a note travels from the phone to both
 * screens, the projector's QR code shows), pages whose URL carries a join code or projector token
 * are not cached (and Referer goes to this origin only), and only this origin may frame the projector page.
 */
import { test, expect, type APIResponse, type BrowserContext, type Page } from '@playwright/test';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard, residentJoins, writeNote } from './people';

const server = serverForFile();
test.describe.configure({ mode: 'serial' });

type Violations = { list: () => Promise<string[]> };

/**
 * Records every CSP violation of `page`: `securitypolicyviolation` events (through an init script,
 * which runs before the page's own and is not subject to its policy) and the console errors the
 * browser prints for them.
 */
async function watchViolations(page: Page): Promise<Violations> {
	const console: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) console.push(msg.text());
	});
	await page.addInitScript(() => {
		const seen: string[] = [];
		Object.defineProperty(window, '__cspViolations', { value: seen });
		document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	return {
		list: async () => [...console, ...(await page.evaluate(() => (Reflect.get(window, '__cspViolations') as string[] | undefined) ?? []))]
	};
}

/** The directives of a response's policy, by name. */
function policyOf(res: APIResponse): Map<string, string[]> {
	const header = res.headers()['content-security-policy'];
	expect(header, `${res.url()} sends a Content-Security-Policy`).toBeTruthy();
	return new Map(
		(header ?? '')
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...sources]) => [name!, sources])
	);
}

function expectStrictPolicy(res: APIResponse, frameAncestors: string): void {
	const host = new URL(server.url).host;
	const p = policyOf(res);
	expect(p.get('script-src')).toEqual(expect.arrayContaining(["'self'", expect.stringMatching(/^'nonce-/)]));
	expect(p.get('script-src')).not.toContain("'unsafe-inline'");
	expect(p.get('script-src')).not.toContain("'unsafe-eval'");
	expect(p.get('object-src')).toEqual(["'none'"]);
	expect(p.get('base-uri')).toEqual(["'self'"]);
	expect(p.get('default-src')).toEqual(["'self'"]);
	expect(p.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
	expect(p.get('frame-ancestors')).toEqual([frameAncestors]);
	// no host other than this one, anywhere in the policy
	for (const [name, sources] of p) {
		for (const s of sources) expect([name, s]).toEqual([name, expect.stringMatching(new RegExp(`^('[^']+'|wss?://${host.replace(/[.]/g, '\\.')})$`))]);
	}
}

function expectNotStored(res: APIResponse): void {
	expect([res.url(), res.headers()['cache-control'], res.headers()['referrer-policy']]).toEqual([res.url(), 'no-store', 'same-origin']);
}

test('phone, staff board and projector work under the CSP without violations; secret URLs are not cached', async ({ browser }) => {
	const info = demoInfo(server.output());

	const facilitator = await facilitatorOpensBoard(browser, server);
	const facilitatorViolations = await watchViolations(facilitator.page);
	await facilitator.page.reload(); // watched from its first script on
	await expect(facilitator.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');

	const projectorCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const projector = await projectorCtx.newPage();
	const projectorViolations = await watchViolations(projector);
	const displayRes = await projector.goto(`${server.url}${info.displayPath}`);
	expect(displayRes?.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
	const qr = projector.getByRole('img', { name: /QRコード/ }).locator('svg');
	await expect(qr).toBeVisible();
	expect((await qr.boundingBox())?.width).toBeGreaterThan(100);

	const phone = await residentJoins(browser, server, info.joinPath, 'さくら');
	const phoneViolations = await watchViolations(phone.page);
	await phone.page.reload();
	await expect(phone.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'online');
	const text = 'CSPの下でも付箋が届きます';
	await writeNote(phone.page, text);
	await expect(projector.getByText(text)).toBeVisible();
	await expect(facilitator.page.getByRole('region', { name: 'ボード' }).getByText(text)).toBeVisible();

	for (const [who, v] of [
		['phone', phoneViolations],
		['staff board', facilitatorViolations],
		['projector', projectorViolations]
	] as const) {
		expect(await v.list(), `CSP violations on the ${who}`).toEqual([]);
	}

	// Headers of each page (requested with each person's cookies).
	const workshopPath = new URL(phone.page.url()).pathname;
	expect(workshopPath).toMatch(/^\/p\//);
	const get = (ctx: BrowserContext, path: string) => ctx.request.get(`${server.url}${path}`, { maxRedirects: 0 });
	const anonymous = await browser.newContext();
	for (const [ctx, path, frame] of [
		[anonymous, info.joinPath, "'none'"],
		[anonymous, info.displayPath, "'self'"],
		[phone.ctx, workshopPath, "'none'"],
		[anonymous, '/join', "'none'"]
	] as const) {
		const res = await get(ctx, path);
		expect(res.status(), path).toBe(200);
		expectStrictPolicy(res, frame);
		expectNotStored(res);
	}
	// Their data requests (client-side navigation) are not stored either.
	expectNotStored(await get(anonymous, `${info.joinPath}/__data.json`));
	// The code posted on /join is answered with a redirect to /j/<code>: not stored either.
	const posted = await anonymous.request.post(`${server.url}/join`, { form: { code: info.joinCode }, headers: { origin: server.url, accept: 'text/html' }, maxRedirects: 0 });
	expect(posted.status()).toBe(303);
	expectNotStored(posted);

	const staffBoard = await get(facilitator.ctx, new URL(facilitator.page.url()).pathname);
	expect(staffBoard.status()).toBe(200);
	expectStrictPolicy(staffBoard, "'none'");
	expect(staffBoard.headers()['x-frame-options']).toBe('DENY');
	expectStrictPolicy(await get(anonymous, '/login'), "'none'");

	await Promise.all([facilitator.ctx.close(), projectorCtx.close(), phone.ctx.close(), anonymous.close()]);
});

test('only this origin may frame the projector page; no one may frame the others', async ({ browser }) => {
	const info = demoInfo(server.output());
	const ctx = await browser.newContext();
	const page = await ctx.newPage();

	// A page of this origin embeds the projector: it loads.
	await page.goto(`${server.url}/login`);
	await page.evaluate((src) => {
		const frame = document.createElement('iframe');
		frame.src = src;
		frame.id = 'projector';
		document.body.append(frame);
	}, info.displayPath);
	await expect(page.frameLocator('#projector').getByTestId('join-code')).toHaveText(/\S/);

	// Another origin (localhost instead of 127.0.0.1, its page served by the browser itself; a public
	// host would be stopped by Chrome's private-network rules before CSP) embeds the projector and
	// the join page: both are refused, the other origin's page gets neither.
	const other = `http://localhost:${server.port}/other-site`;
	await page.route(other, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: ['a', 'b']
				.map((id, i) => `<iframe id="${id}" src="${server.url}${[info.displayPath, info.joinPath][i]}" onload="this.dataset.loaded = '1'"></iframe>`)
				.join('')
		})
	);
	await page.goto(other);
	await expect(page.locator('iframe[data-loaded]')).toHaveCount(2);
	for (const id of ['#a', '#b']) {
		await expect(page.frameLocator(id).locator('body[data-hydrated], [data-testid="join-code"], form')).toHaveCount(0);
	}
	await ctx.close();
});
