/**
 * Uploads over the request size limit (BODY_SIZE_LIMIT 10M) get a Japanese answer on their page, with
 * JavaScript and without (a plain form post), and change nothing stored: the support map (12 MB and
 * the 40 MB) and the council's Word template.
 */
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { facilitatorOpensBoard } from './people';
import { adminSignsIn, newLaptop } from './admin';
import { makePng } from './pictures';

const server = serverForFile();
const MB = 1024 * 1024;
const MAP_TOO_LARGE = 'ファイルが大きすぎます（8MBまで）。画像を小さくしてから載せてください。何も保存していません。';

test.describe.configure({ mode: 'serial' });

/** The same person on a browser with JavaScript turned off (their session cookie copied over). */
async function withoutJavaScript(browser: Browser, signedIn: BrowserContext): Promise<{ ctx: BrowserContext; page: Page }> {
	const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 800 } });
	await ctx.addCookies(await signedIn.cookies());
	return { ctx, page: await ctx.newPage() };
}

test('a support map over the size limit gets the Japanese message with and without JavaScript; the stored map stays', async ({ browser }) => {
	const fac = await facilitatorOpensBoard(browser, server);
	const page = fac.page;
	await page.getByRole('link', { name: '地区を知る（地域資源）' }).click();
	await page.waitForURL(/\/know$/);
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
	const knowUrl = page.url();
	const fileField = (p: Page) => p.getByLabel('地図の画像（PNG・JPEG、8.0MBまで）');
	await fileField(page).setInputFiles({ name: '地図.png', mimeType: 'image/png', buffer: makePng(640, 400) });
	await page.getByRole('button', { name: '地図を載せる' }).click();
	await expect(page.getByRole('status').filter({ hasText: '地図を載せました。' })).toBeVisible();
	const storedSrc = await page.getByTestId('map-preview').getAttribute('src');
	expect(storedSrc).toMatch(/^\/maps\//);

	// without JavaScript: a plain form post of 12 MB, then of 40 MB
	const plain = await withoutJavaScript(browser, fac.ctx);
	await plain.page.goto(knowUrl);
	for (const size of [12, 40]) {
		await fileField(plain.page).setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: Buffer.alloc(size * MB, 7) });
		await plain.page.getByRole('button', { name: '地図を取り替える' }).click();
		await expect(plain.page.getByTestId('map-error')).toHaveText(MAP_TOO_LARGE);
		await expect(plain.page.getByRole('heading', { level: 1 })).toContainText('地区を知る');
		// the map stored before is still the one shown, unchanged
		await expect(plain.page.getByTestId('map-preview')).toHaveAttribute('src', storedSrc!);
		await expect.poll(() => plain.page.getByTestId('map-preview').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
	}

	// with JavaScript: the page refuses it before sending
	await fileField(page).setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: Buffer.alloc(12 * MB, 7) });
	await page.getByRole('button', { name: '地図を取り替える' }).click();
	await expect(page.getByTestId('map-error')).toHaveText(MAP_TOO_LARGE);
	// and an enhanced post that was sent anyway (an old page, a check skipped) is sent back to the page
	const sent = await page.request.post(`${knowUrl}?/uploadMap`, {
		headers: { accept: 'application/json', origin: server.url, 'x-sveltekit-action': 'true' },
		multipart: { map: { name: 'map.png', mimeType: 'image/png', buffer: Buffer.alloc(12 * MB, 7) } }
	});
	expect(sent.status()).toBe(200);
	const result = (await sent.json()) as { type: string; location?: string };
	expect(result).toMatchObject({ type: 'redirect', location: `${new URL(knowUrl).pathname}?upload=too_large` });
	await page.goto(`${server.url}${result.location}`);
	await expect(page.getByTestId('map-error')).toHaveText(MAP_TOO_LARGE);
	await expect(page.getByTestId('map-preview')).toHaveAttribute('src', storedSrc!);
	await Promise.all([plain.ctx.close(), fac.ctx.close()]);
});

test('a Word template over the size limit gets the Japanese message without JavaScript; the template in use stays', async ({ browser }) => {
	const admin = await newLaptop(browser);
	await adminSignsIn(admin.page, server);
	const plain = await withoutJavaScript(browser, admin.ctx);
	await plain.page.goto(`${server.url}/staff/admin/template`);
	await expect(plain.page.getByTestId('template-current-plan')).toHaveText('既定の様式を使っています。');
	await plain.page.getByLabel('計画書の様式の Word ファイル（.docx、5MB まで）').setInputFiles({
		name: '計画書の様式.docx',
		mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		buffer: Buffer.alloc(12 * MB, 7)
	});
	await plain.page.getByRole('button', { name: '計画書の様式を確かめて登録する' }).click();
	await expect(plain.page.getByTestId('template-too-large')).toHaveText('ファイルが大きすぎます（5MB まで）。画像を小さくするなどしてください。');
	await expect(plain.page.getByTestId('template-current-plan')).toHaveText('既定の様式を使っています。');
	await Promise.all([plain.ctx.close(), admin.ctx.close()]);
});
