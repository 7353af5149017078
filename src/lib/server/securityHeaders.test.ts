import { describe, it, expect } from 'vitest';
import { applySecurityHeaders, carriesSecretInUrl, completePolicy, mustNotStore } from './securityHeaders';

const KIT_POLICY = "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

describe('completePolicy', () => {
	it('adds the websocket origin of the page’s host to connect-src', () => {
		const out = completePolicy(KIT_POLICY, new URL('https://kyoso.example.jp/staff/w/1'));
		expect(out).toContain("connect-src 'self' ws://kyoso.example.jp wss://kyoso.example.jp;");
		expect(out).toContain("script-src 'self' 'nonce-abc'");
		expect(out).toContain("frame-ancestors 'none'");
	});

	it('lets only this origin frame the projector page', () => {
		const out = completePolicy(KIT_POLICY, new URL('http://127.0.0.1:3000/display/tok'));
		expect(out).toContain("frame-ancestors 'self'");
		expect(out).not.toContain("frame-ancestors 'none'");
		expect(out).toContain('ws://127.0.0.1:3000 wss://127.0.0.1:3000');
	});

	it('adds directives that are missing', () => {
		expect(completePolicy("default-src 'self'", new URL('http://h/'))).toBe("default-src 'self'; connect-src ws://h wss://h; frame-ancestors 'none'");
	});
});

describe('applySecurityHeaders', () => {
	const headersFor = (path: string, csp: string | null = KIT_POLICY) => {
		const h = new Headers(csp ? { 'content-security-policy': csp } : {});
		applySecurityHeaders(h, new URL(`http://h${path}`));
		return h;
	};

	it('keeps pages with a code or token in their URL out of caches; Referer only to this origin', () => {
		for (const path of ['/j/ABCD2345', '/j/ABCD2345/__data.json', '/display/tok', '/p/w1', '/join']) {
			const h = headersFor(path);
			expect([path, h.get('cache-control'), h.get('referrer-policy')]).toEqual([path, 'no-store', 'same-origin']);
		}
		for (const path of ['/', '/login', '/joinus']) {
			const h = headersFor(path);
			expect([path, h.get('cache-control'), h.get('referrer-policy')]).toEqual([path, null, 'same-origin']);
		}
	});

	it('forbids framing except the projector page by this origin', () => {
		expect(headersFor('/staff').get('x-frame-options')).toBe('DENY');
		expect(headersFor('/display/tok').get('x-frame-options')).toBe('SAMEORIGIN');
		expect(headersFor('/staff').get('x-content-type-options')).toBe('nosniff');
		expect(headersFor('/healthz', null).has('content-security-policy')).toBe(false);
	});

	it('classifies secret-bearing paths', () => {
		expect(carriesSecretInUrl('/join/')).toBe(true);
		expect(carriesSecretInUrl('/display')).toBe(false);
	});
});

describe('signed-in staff pages', () => {
	it('are not stored either (they show join codes, projector links and notes), other pages may be', () => {
		for (const p of ['/staff', '/staff/w/abc', '/staff/admin/audit', '/staff/w/abc/__data.json']) expect(mustNotStore(p), p).toBe(true);
		for (const p of ['/', '/login', '/staffing', '/_app/immutable/x.js']) expect(mustNotStore(p), p).toBe(false);
	});
});
