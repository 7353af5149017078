import { describe, expect, it } from 'vitest';
import { bodySizeLimit, oversizedUploadRedirect, parseByteSize, uploadWasTooLarge } from './uploadLimit';

const MB = 1024 * 1024;
const post = (path: string, headers: Record<string, string>, method = 'POST') => ({ method, url: new URL(`http://h${path}`), headers: new Headers(headers) });
const multipart = (length: number) => ({ 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(length) });

describe('the request size limit', () => {
	it('reads BODY_SIZE_LIMIT as adapter-node does', () => {
		expect(parseByteSize('10M')).toBe(10 * MB);
		expect(parseByteSize('512k')).toBe(512 * 1024);
		expect(parseByteSize('1G')).toBe(1024 * MB);
		expect(parseByteSize('12345')).toBe(12345);
		expect(parseByteSize('Infinity')).toBe(Infinity);
		expect(bodySizeLimit({})).toBe(10 * MB);
		expect(bodySizeLimit({ BODY_SIZE_LIMIT: '20M' })).toBe(20 * MB);
		expect(bodySizeLimit({ BODY_SIZE_LIMIT: 'lots' })).toBe(10 * MB);
	});
});

describe('oversizedUploadRedirect', () => {
	it('sends a multipart form-action post over the limit back to its page with the flag', () => {
		const to = oversizedUploadRedirect(post('/staff/plans/p1/know?/uploadMap', multipart(12 * MB)), 10 * MB);
		expect(to).toBe('/staff/plans/p1/know?upload=too_large');
		expect(uploadWasTooLarge(new URL(`http://h${to}`))).toBe(true);
		expect(oversizedUploadRedirect(post('/staff/admin/template?/upload', multipart(40 * MB)), 10 * MB)).toBe('/staff/admin/template?upload=too_large');
	});

	it('leaves everything else to SvelteKit', () => {
		const limit = 10 * MB;
		expect(oversizedUploadRedirect(post('/staff/plans/p1/know?/uploadMap', multipart(limit)), limit)).toBeNull();
		expect(oversizedUploadRedirect(post('/staff/plans/p1/know?/uploadMap', multipart(12 * MB), 'PUT'), limit)).toBeNull();
		expect(oversizedUploadRedirect(post('/api/thing', multipart(12 * MB)), limit)).toBeNull();
		expect(oversizedUploadRedirect(post('/staff?/create', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(12 * MB) }), limit)).toBeNull();
		expect(oversizedUploadRedirect(post('/staff/plans/p1/know?/uploadMap', { 'content-type': 'multipart/form-data; boundary=x' }), limit)).toBeNull();
		expect(uploadWasTooLarge(new URL('http://h/staff/plans/p1/know'))).toBe(false);
	});
});
