/**
 * The live board: residents write from two phones, the facilitator groups notes into a theme,
 * names it, runs the timer and a spotlight, opens a dot vote that phones answer within their
 * budget, closes it and the ranking shows on the projector. Notes can be dragged by touch.
 */
import { test, expect, devices } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard, projectorOpens, residentJoins, signIn, writeNote } from './people';

const server = serverForFile();

test('notes become a named theme, timer and spotlight reach the projector', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const phoneA = await residentJoins(browser, server, info.joinPath, 'はな');
	const phoneB = await residentJoins(browser, server, info.joinPath);

	const notes = ['バス停にベンチがない', '坂道で買い物が大変', '祭りで顔を合わせる'];
	await writeNote(phoneA.page, notes[0]!);
	await writeNote(phoneB.page, notes[1]!);
	await writeNote(phoneB.page, notes[2]!);

	const board = facilitator.page.getByRole('region', { name: 'ボード' });
	await expect(board.getByText(notes[1]!)).toBeVisible();
	// Select two notes (click, shift-click) and group them.
	await board.getByRole('button', { name: `気になること: ${notes[0]}` }).click();
	await board.getByRole('button', { name: `気になること: ${notes[1]}` }).click({ modifiers: ['Shift'] });
	await expect(facilitator.page.getByText('2枚を選択中')).toBeVisible();
	await facilitator.page.getByTestId('group-selected').click();
	const title = board.getByRole('textbox', { name: 'テーマ名を入力' });
	await title.fill('移動と買い物');
	await title.press('Enter');
	const catchphrase = board.getByRole('textbox', { name: 'キャッチコピー' });
	await catchphrase.fill('出かけやすい街に');
	await catchphrase.press('Enter');
	await expect(projector.page.getByRole('heading', { name: '移動と買い物' })).toBeVisible();
	await expect(projector.page.getByText('「出かけやすい街に」')).toBeVisible();
	// The new theme's frame went where it hides no other note (grouping in place covered the third one).
	const frame = await board.locator('[data-theme-id]').boundingBox();
	const third = await board.getByRole('button', { name: `気になること: ${notes[2]}` }).boundingBox();
	expect(frame && third).toBeTruthy();
	const apart = third!.x >= frame!.x + frame!.width || frame!.x >= third!.x + third!.width || third!.y >= frame!.y + frame!.height || frame!.y >= third!.y + third!.height;
	expect(apart).toBe(true);

	// Timer: visible on the projector and on the phones.
	await facilitator.page.getByRole('button', { name: '3分' }).click();
	await expect(projector.page.getByTestId('display-timer')).toHaveText(/^(3:00|2:5\d)$/);

	// Spotlight one note large on the projector.
	await board.getByRole('button', { name: `気になること: ${notes[2]}` }).click();
	await facilitator.page.getByRole('button', { name: '選んだ付箋を大きく映す' }).click();
	await expect(projector.page.getByTestId('spotlight')).toContainText(notes[2]!);
	await facilitator.page.getByRole('button', { name: 'スポットライトを消す' }).click();
	await expect(projector.page.getByTestId('spotlight')).toHaveCount(0);

	// The projector page has no serious accessibility violations.
	const axe = await new AxeBuilder({ page: projector.page }).analyze();
	const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	await facilitator.page.screenshot({ path: 'test-results/board-facilitator.png' });
	await projector.page.screenshot({ path: 'test-results/board-projector.png' });
	for (const p of [facilitator, projector, phoneA, phoneB]) await p.ctx.close();
});

test('a note can be dragged by touch on a tablet', async ({ browser }) => {
	const info = demoInfo(server.output());
	const phone = await residentJoins(browser, server, info.joinPath);
	await writeNote(phone.page, 'タッチで動かす付箋');
	const ctx = await browser.newContext({ ...devices['Galaxy Tab S4'] });
	const page = await ctx.newPage();
	await signIn(page, server);
	await page.getByRole('link', { name: 'ボードを開く' }).first().click();
	const note = page.getByRole('region', { name: 'ボード' }).getByRole('button', { name: '気になること: タッチで動かす付箋' });
	await expect(note).toBeVisible();
	const before = (await note.boundingBox())!;
	// A touch drag: pointer events with pointerType 'touch' as a finger produces them.
	const cdp = await ctx.newCDPSession(page);
	const sx = before.x + before.width / 2;
	const sy = before.y + before.height / 2;
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: sx, y: sy }] });
	for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: sx + i * 12, y: sy + i * 8 }] });
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await expect.poll(async () => ((await note.boundingBox())?.x ?? 0) - before.x).toBeGreaterThan(60);
	await ctx.close();
	await phone.ctx.close();
});

test('two facilitators edit at once, and undo only takes back one’s own change', async ({ browser }) => {
	const info = demoInfo(server.output());
	const phone = await residentJoins(browser, server, info.joinPath);
	await writeNote(phone.page, '一人目が動かす付箋');
	await writeNote(phone.page, '二人目が動かす付箋');
	const a = await facilitatorOpensBoard(browser, server);
	const b = await facilitatorOpensBoard(browser, server);
	const noteIn = (page: typeof a.page, text: string) => page.getByRole('region', { name: 'ボード' }).getByRole('button', { name: `気になること: ${text}` });
	const leftOf = async (page: typeof a.page, text: string) => Number(/left:\s*(-?[\d.]+)px/.exec((await noteIn(page, text).getAttribute('style')) ?? '')?.[1]);

	const a0 = await leftOf(a.page, '一人目が動かす付箋');
	const b0 = await leftOf(a.page, '二人目が動かす付箋');
	await noteIn(a.page, '一人目が動かす付箋').focus();
	await noteIn(b.page, '二人目が動かす付箋').focus();
	// Both move their note at the same time (keyboard: 10 px per arrow press).
	await Promise.all([
		(async () => {
			for (let i = 0; i < 5; i++) await a.page.keyboard.press('ArrowRight');
		})(),
		(async () => {
			for (let i = 0; i < 8; i++) await b.page.keyboard.press('ArrowRight');
		})()
	]);
	for (const page of [a.page, b.page]) {
		await expect.poll(() => leftOf(page, '一人目が動かす付箋')).toBe(a0 + 50);
		await expect.poll(() => leftOf(page, '二人目が動かす付箋')).toBe(b0 + 80);
	}
	// Undo on A takes back A's move only.
	await a.page.keyboard.press('Control+z');
	for (const page of [a.page, b.page]) {
		await expect.poll(() => leftOf(page, '一人目が動かす付箋')).toBe(a0);
		await expect.poll(() => leftOf(page, '二人目が動かす付箋')).toBe(b0 + 80);
	}
	await a.page.keyboard.press('Control+Shift+z');
	await expect.poll(() => leftOf(b.page, '一人目が動かす付箋')).toBe(a0 + 50);
	for (const p of [a, b, phone]) await p.ctx.close();
});

test('the projector is legible at 4:3 too', async ({ browser }) => {
	const info = demoInfo(server.output());
	const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	const page = await ctx.newPage();
	await page.goto(`${server.url}${info.displayPath}`);
	await expect(page.getByTestId('join-code')).toBeVisible();
	await page.screenshot({ path: 'test-results/board-projector-4x3.png' });
	const box = (await page.getByTestId('join-code').boundingBox())!;
	expect(box.x + box.width).toBeLessThanOrEqual(1024);
	// The join code stays big and on one line: at least 40 px tall letters even on a small 4:3 screen.
	expect(box.height).toBeGreaterThanOrEqual(40);
	expect(box.height).toBeLessThan(120);
	await ctx.close();
});

test('a dot vote on themes from two phones, within budget, ranking on the projector', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const phoneA = await residentJoins(browser, server, info.joinPath);
	const phoneB = await residentJoins(browser, server, info.joinPath);
	const board = facilitator.page.getByRole('region', { name: 'ボード' });

	// Two themes of one note each, made by the facilitator.
	for (const [text, title] of [
		['投票用の付箋その一', '見守り'],
		['投票用の付箋その二', '居場所']
	] as const) {
		await writeNote(phoneA.page, text);
		await board.getByRole('button', { name: `気になること: ${text}` }).click();
		await facilitator.page.getByTestId('group-selected').click();
		// The newest theme is drawn last.
		const input = board.locator('[data-theme-id]').last().getByRole('textbox', { name: 'テーマ名を入力' });
		await input.fill(title);
		await input.press('Enter');
		await expect(projector.page.getByRole('heading', { name: title })).toBeVisible();
	}

	// Open a vote: 2 dots each, one dot per theme.
	const panel = facilitator.page.getByRole('region', { name: /シール投票/ });
	await panel.getByLabel('1人あたりの票数').fill('2');
	await panel.getByRole('button', { name: '投票を始める' }).click();
	for (const phone of [phoneA.page, phoneB.page]) await expect(phone.getByTestId('vote')).toBeVisible();

	await phoneA.page.getByRole('button', { name: '「見守り」に1票入れる' }).click();
	await expect(phoneA.page.getByTestId('dots-left')).toContainText('1');
	await phoneA.page.getByRole('button', { name: '「居場所」に1票入れる' }).click();
	await expect(phoneA.page.getByTestId('dots-left')).toContainText('0');
	// Budget spent: the phone offers no more dots.
	for (const item of ['見守り', '居場所']) await expect(phoneA.page.getByRole('button', { name: `「${item}」に1票入れる` })).toBeDisabled();
	await phoneB.page.getByRole('button', { name: '「見守り」に1票入れる' }).click();
	await expect(facilitator.page.getByText('投票した人 2人')).toBeVisible();

	await panel.getByRole('button', { name: '投票を締め切る' }).click();
	const bars = projector.page.getByTestId('vote-results');
	await expect(bars.locator('li').first()).toContainText('見守り');
	await expect(bars.locator('li').first()).toContainText('2');
	await expect(bars.locator('li').nth(1)).toContainText('居場所');
	// The ranking is stored on the themes: rank 1 shows on the board.
	await expect(projector.page.locator('[data-theme-id]').filter({ hasText: '見守り' }).locator('.rank')).toHaveText('1');
	for (const p of [facilitator, projector, phoneA, phoneB]) await p.ctx.close();
});

test('"follow me": the projector mirrors the facilitator’s zoom', async ({ browser }) => {
	const info = demoInfo(server.output());
	const phone = await residentJoins(browser, server, info.joinPath);
	await writeNote(phone.page, '追いかける付箋');
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const projScale = async () => Number(/scale\(([\d.]+)\)/.exec((await projector.page.locator('.surface').first().getAttribute('style')) ?? '')?.[1] ?? NaN);
	// Fitting never zooms a projector beyond 1.6; only following a zoomed-in facilitator does.
	const MAX_FIT = 1.6;
	await expect.poll(projScale, { timeout: 20_000 }).toBeLessThanOrEqual(MAX_FIT);

	await facilitator.page.getByLabel('プロジェクターを自分の画面に合わせる').check();
	for (let i = 0; i < 10; i++) await facilitator.page.getByRole('button', { name: '拡大' }).click();
	await expect.poll(projScale, { timeout: 20_000 }).toBeGreaterThan(MAX_FIT * 1.1);
	// Switched off: the projector fits the board again.
	await facilitator.page.getByLabel('プロジェクターを自分の画面に合わせる').uncheck();
	await expect.poll(projScale, { timeout: 20_000 }).toBeLessThanOrEqual(MAX_FIT);
	for (const p of [facilitator, projector, phone]) await p.ctx.close();
});
