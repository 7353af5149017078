/**
 * Joining from a phone, against the production build (issue 15, items 3, 7 and 8): the workshop page
 * never hands out the current join code, a device id chosen by someone else is replaced by a
 * server-made one, and a resident who joins while the address's join limit is spent is told in
 * Japanese how long to wait. Limits: docs/LIMITS.md.
 */
import { test, expect } from '@playwright/test';
import { serverForFile, demoInfo } from './serverProcess';
import { JOIN_LIMITS } from '../../src/lib/server/joinLimits';

const server = serverForFile();
const DEVICE_COOKIE = 'kc_device';

test('a phone that has not joined is sent to type the code; the workshop page never reveals it', async ({ browser }) => {
	const { joinCode, joinPath } = demoInfo(server.output());
	// a resident joins, and so learns the workshop's id from the URL
	const resident = await browser.newContext();
	const page = await resident.newPage();
	await page.goto(server.url + joinPath);
	await page.getByRole('button', { name: '参加する' }).click();
	await expect(page).toHaveURL(/\/p\/[^/]+$/);
	const workshopPath = new URL(page.url()).pathname;

	// someone without the cookie (removed by a code rotation, or who only saw the URL) opens it
	const stranger = await browser.newContext();
	const other = await stranger.newPage();
	const response = await other.goto(server.url + workshopPath);
	await expect(other).toHaveURL(/\/join\?again=1$/);
	await expect(other.getByText('スクリーンに表示されている参加コードを入力してください')).toBeVisible();
	expect(await response?.text()).not.toContain(joinCode);
	expect(other.url()).not.toContain(joinCode);
	await resident.close();
	await stranger.close();
});

test('a kc_device value the server never issued is replaced at the join', async ({ browser }) => {
	const { joinPath } = demoInfo(server.output());
	const chosen = 'chosen-by-someone-else-0123456789abcdef';
	const ctx = await browser.newContext();
	await ctx.addCookies([{ name: DEVICE_COOKIE, value: chosen, url: server.url }]);
	const page = await ctx.newPage();
	await page.goto(server.url + joinPath);
	await page.getByRole('button', { name: '参加する' }).click();
	await expect(page).toHaveURL(/\/p\/[^/]+$/);
	const device = (await ctx.cookies()).find((c) => c.name === DEVICE_COOKIE);
	expect(device?.value).toBeTruthy();
	expect(device?.value).not.toBe(chosen);
	expect(device?.httpOnly).toBe(true);
	await ctx.close();
});

test('over the join limit of an address, a resident is told in Japanese how long to wait', async ({ browser }) => {
	const { joinPath } = demoInfo(server.output());
	// spend the rest of this minute's joins from this address (other tests of this file joined some)
	const statuses: number[] = [];
	while (statuses.length <= JOIN_LIMITS.address.points && statuses.at(-1) !== 429) {
		// a new phone each time: no cookie jar (a phone that joined already is not counted again)
		const res = await fetch(server.url + joinPath, { method: 'POST', body: new URLSearchParams({ nickname: '' }), headers: { origin: server.url, accept: 'text/html' }, redirect: 'manual' });
		statuses.push(res.status);
	}
	expect(statuses.at(-1)).toBe(429);
	expect(statuses.slice(0, -1).every((s) => s === 303)).toBe(true);
	expect(statuses.length - 1).toBeLessThanOrEqual(JOIN_LIMITS.address.points);
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await page.goto(server.url + joinPath);
	await page.getByLabel('ニックネーム（なくても大丈夫です）').fill('はなこ');
	await page.getByRole('button', { name: '参加する' }).click();
	await expect(page.getByRole('alert')).toContainText(/いま参加する人が集中しています。\d+秒ほど待ってから、もう一度「参加する」を押してください。/);
	// the typed nickname is kept for the retry
	await expect(page.getByLabel('ニックネーム（なくても大丈夫です）')).toHaveValue('はなこ');
	await ctx.close();
});
