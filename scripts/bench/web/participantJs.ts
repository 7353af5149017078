/**
 * Participant page JavaScript, from a real Chromium load: a resident opens the join URL
 * (/j/<code>) on a phone, joins, and lands on /p/<workshop>. Every response is recorded through
 * the DevTools protocol (Network.responseReceived + Network.loadingFinished: encodedDataLength is
 * what came over the wire, headers included). Then the /p page is loaded again with the cache off
 * (what a phone that cleared its cache, or a second phone, downloads) and each of its scripts is
 * fetched once more as a gzip-only and as an uncompressed client would, to report all three sizes.
 */
import http from 'node:http';
import { devices, type Browser, type CDPSession } from '@playwright/test';
import type { RoomRef } from '../ipc.ts';

export type JsFile = { path: string; encoding: string; transferred: number; body: number; gzip: number; brotli: number; raw: number };

export type ParticipantJs = {
	/** the /p page loaded with the cache off */
	page: {
		js_files: number;
		/** what Chromium received for the page's scripts, headers included (brotli when served) */
		js_transferred_bytes: number;
		/** the same scripts as a gzip-only client gets them (bodies) */
		js_gzip_bytes: number;
		js_brotli_bytes: number;
		js_raw_bytes: number;
		/** everything the page load transferred (document, scripts, styles, fonts), headers included */
		total_transferred_bytes: number;
		encodings: string[];
		files: JsFile[];
	};
	/** the whole journey /j/<code> -> join -> /p/<workshop>, with the browser cache on */
	journey: { requests: number; js_files: number; js_transferred_bytes: number; total_transferred_bytes: number };
};

type Entry = { url: string; type: string; encoding: string; headerBytes: number; total: number | null; status: number };

/** Record every response of a page through CDP. */
function recorder(cdp: CDPSession): { entries: Map<string, Entry>; reset(): void } {
	const entries = new Map<string, Entry>();
	cdp.on('Network.responseReceived', (e) => {
		const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
		entries.set(e.requestId, { url: e.response.url, type: e.type, encoding: h['content-encoding'] ?? 'identity', headerBytes: e.response.encodedDataLength, total: null, status: e.response.status });
	});
	cdp.on('Network.loadingFinished', (e) => {
		const entry = entries.get(e.requestId);
		if (entry) entry.total = e.encodedDataLength;
	});
	return { entries, reset: () => entries.clear() };
}

/** The body size of `url` as a client with `acceptEncoding` receives it (no decompression). */
function bodySize(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
			let bytes = 0;
			res.on('data', (c: Buffer) => (bytes += c.length));
			res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
			res.on('error', reject);
		});
		req.on('error', reject);
	});
}

export async function measureParticipantJs(browser: Browser, base: string, room: RoomRef): Promise<ParticipantJs> {
	const ctx = await browser.newContext({ ...devices['Pixel 7'], locale: 'ja-JP' });
	try {
		const page = await ctx.newPage();
		const cdp = await ctx.newCDPSession(page);
		await cdp.send('Network.enable');
		const rec = recorder(cdp);

		// The journey, as a resident: scan the QR code (open /j/<code>), join, land on /p/<workshop>.
		await page.goto(`${base}/j/${room.joinCode}`);
		await page.locator('body[data-hydrated]').waitFor();
		await page.getByRole('button', { name: '参加する' }).click();
		await page.waitForURL(/\/p\//, { timeout: 30_000 });
		await page.locator('[data-testid="conn-status"][data-status="online"]').waitFor({ timeout: 30_000 });
		await page.waitForLoadState('networkidle');
		const journeyEntries = [...rec.entries.values()].filter((e) => e.total !== null);
		const journeyJs = journeyEntries.filter((e) => e.type === 'Script');
		const journey = {
			requests: journeyEntries.length,
			js_files: journeyJs.length,
			js_transferred_bytes: journeyJs.reduce((a, e) => a + (e.total ?? 0), 0),
			total_transferred_bytes: journeyEntries.reduce((a, e) => a + (e.total ?? 0), 0)
		};

		// The /p page again, cache off: everything it needs comes over the wire.
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		rec.reset();
		await page.reload();
		await page.locator('[data-testid="conn-status"][data-status="online"]').waitFor({ timeout: 30_000 });
		await page.waitForLoadState('networkidle');
		const entries = [...rec.entries.values()].filter((e) => e.total !== null);
		const scripts = entries.filter((e) => e.type === 'Script');
		if (scripts.length === 0) throw new Error('the /p page loaded no JavaScript: nothing measured');
		const files: JsFile[] = [];
		for (const s of scripts) {
			const [gz, br, raw] = await Promise.all([bodySize(s.url, 'gzip'), bodySize(s.url, 'br'), bodySize(s.url, 'identity')]);
			files.push({
				path: new URL(s.url).pathname,
				encoding: s.encoding,
				transferred: s.total ?? 0,
				body: (s.total ?? 0) - s.headerBytes,
				gzip: gz.encoding === 'gzip' ? gz.bytes : NaN,
				brotli: br.encoding === 'br' ? br.bytes : NaN,
				raw: raw.bytes
			});
		}
		files.sort((a, b) => b.raw - a.raw);
		const sum = (k: keyof JsFile) => files.reduce((a, f) => a + (f[k] as number), 0);
		return {
			page: {
				js_files: files.length,
				js_transferred_bytes: sum('transferred'),
				js_gzip_bytes: sum('gzip'),
				js_brotli_bytes: sum('brotli'),
				js_raw_bytes: sum('raw'),
				total_transferred_bytes: entries.reduce((a, e) => a + (e.total ?? 0), 0),
				encodings: [...new Set(files.map((f) => f.encoding))],
				files
			},
			journey
		};
	} finally {
		await ctx.close();
	}
}
