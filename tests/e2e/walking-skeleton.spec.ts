/**
 * The walking skeleton, as people would use it: a facilitator signs in and opens the board and the
 * projector, a resident joins from a phone and writes a note, it appears live everywhere; the server
 * is killed with SIGKILL and restarted, and everything comes back by itself without reloading.
 */
import { test, expect, devices } from '@playwright/test';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard } from './people';

const server = serverForFile();

test('a phone note reaches projector and facilitator live, and survives kill -9', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);

	// The projector link comes from the facilitator's board.
	const displayHref = await facilitator.page.getByTestId('open-projector').getAttribute('href');
	expect(displayHref).toBe(info.displayPath);
	const projectorCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const projector = await projectorCtx.newPage();
	await projector.goto(`${server.url}${displayHref}`);
	await expect(projector.getByTestId('join-code')).toHaveText(`${info.joinCode.slice(0, 3)} ${info.joinCode.slice(3)}`);
	await expect(projector.locator('.qr svg')).toBeVisible();

	// A resident types the code at /join on a phone.
	const phoneCtx = await browser.newContext({ ...devices['Pixel 7'] });
	const phone = await phoneCtx.newPage();
	await phone.goto(`${server.url}/join`);
	await phone.locator('body[data-hydrated]').waitFor();
	await phone.getByLabel('参加コード（6文字）').fill(info.joinCode.toLowerCase());
	await phone.getByRole('button', { name: '次へ' }).click();
	await phone.getByLabel('ニックネーム（なくても大丈夫です）').fill('さくら');
	await phone.getByRole('button', { name: '参加する' }).click();
	await expect(phone.getByTestId('conn-status')).toHaveAttribute('data-status', 'online');
	await expect(phone.getByText('ニックネーム：さくら')).toBeVisible();
	await expect(facilitator.page.getByTestId('participant-count')).toHaveText('参加者 1人');

	const text = '夜道が暗くて、歩いて帰るのが心配です';
	await phone.getByLabel('付箋に書く内容').fill(text);
	const sentAt = Date.now();
	await phone.getByRole('button', { name: '送る' }).click();
	await expect(projector.getByText(text)).toBeVisible({ timeout: 1000 });
	const facilitatorBoard = facilitator.page.getByRole('region', { name: 'ボード' });
	await expect(facilitatorBoard.getByText(text)).toBeVisible({ timeout: 1000 });
	const latency = Date.now() - sentAt;
	expect(latency).toBeLessThan(1000);
	await expect(phone.getByTestId('my-note').first()).toHaveAttribute('data-pending', 'false');

	// kill -9 the server: the pages notice, then reconnect by themselves after the restart.
	await server.crash();
	await expect(phone.getByTestId('conn-status')).toHaveAttribute('data-status', 'offline');
	await expect(facilitator.page.getByTestId('conn-status')).not.toHaveAttribute('data-status', 'connected');

	// A note written while the server is down waits on the phone as pending.
	const offlineText = '子どもの見守りを続けたい';
	await phone.getByLabel('付箋に書く内容').fill(offlineText);
	await phone.getByRole('button', { name: '送る' }).click();
	await expect(phone.getByTestId('my-note').filter({ hasText: offlineText })).toHaveAttribute('data-pending', 'true');

	await server.restart();
	await expect(phone.getByTestId('conn-status')).toHaveAttribute('data-status', 'online', { timeout: 20_000 });
	await expect(facilitator.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
	for (const scope of [projector.locator('body'), facilitatorBoard, phone.locator('body')]) {
		await expect(scope.getByText(text)).toBeVisible();
		await expect(scope.getByText(offlineText)).toBeVisible({ timeout: 20_000 });
	}
	await expect(phone.getByTestId('my-note').filter({ hasText: offlineText })).toHaveAttribute('data-pending', 'false');
	// Nothing doubled by the retry.
	await expect(projector.getByText(offlineText)).toHaveCount(1);

	// A fresh load after the restart shows the same board (it came from the database, not a cache).
	const fresh = await projectorCtx.newPage();
	await fresh.goto(`${server.url}${displayHref}`);
	await expect(fresh.getByText(text)).toBeVisible();
	await expect(fresh.getByText(offlineText)).toBeVisible();

	await Promise.all([facilitator.ctx.close(), projectorCtx.close(), phoneCtx.close()]);
});

test('a wrong join code says so plainly', async ({ browser }) => {
	const ctx = await browser.newContext({ ...devices['Pixel 7'] });
	const phone = await ctx.newPage();
	await phone.goto(`${server.url}/join`);
	await phone.getByLabel('参加コード（6文字）').fill('ZZZ');
	await phone.getByRole('button', { name: '次へ' }).click();
	await expect(phone.getByRole('alert')).toHaveText('参加コードは英数字6文字です。スクリーンの文字をもう一度確かめてください。');
	await phone.goto(`${server.url}/j/ZZZZZZ`);
	await expect(phone.getByRole('alert')).toHaveText('この参加コードのワークショップは見つかりません。スクリーンの文字をもう一度確かめてください。');
	await ctx.close();
});

test('healthz reports ok once the database is open', async ({ request }) => {
	const res = await request.get(`${server.url}/healthz`);
	expect(res.status()).toBe(200);
	expect(await res.json()).toMatchObject({ status: 'ok' });
});
