/**
 * The live board: residents write from two phones, the facilitator groups notes into a theme,
 * names it, runs the timer and a spotlight, opens a dot vote that phones answer within their
 * budget, closes it and the ranking shows on the projector. Notes can be dragged by touch.
 */
import { test, expect, devices, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { serverForFile, demoInfo } from './serverProcess';
import { demoWorkshopRoom, facilitatorOpensBoard, projectorOpens, residentJoins, signIn, staffDoc, workshopIdOf, writeNote, type Person } from './people';
import { addNote } from '../../src/lib/domain/board/board';
import { createTheme } from '../../src/lib/domain/board/themes';

const server = serverForFile();

/** The projector's board, once it has loaded: B leaves the results of a vote closed in an earlier test. */
async function showBoard(page: Page): Promise<void> {
	const results = page.getByTestId('results-view');
	await expect(results.or(page.getByTestId('projector-board')).first()).toBeVisible();
	if (await results.isVisible()) await page.keyboard.press('b');
	await expect(page.getByTestId('projector-board')).toBeVisible();
}

test('notes become a named theme, timer and spotlight reach the projector', async ({ browser }) => {
	const room = await demoWorkshopRoom(browser, server, [{ nickname: 'はな' }, {}]);
	const { facilitator, projector } = room;
	const [phoneA, phoneB] = room.phones as [Person, Person];

	const notes = ['バス停にベンチがない', '坂道で買い物が大変', '祭りで顔を合わせる'];
	await writeNote(phoneA.page, notes[0]!);
	await writeNote(phoneB.page, notes[1]!);
	await writeNote(phoneB.page, notes[2]!);

	const board = facilitator.page.getByRole('region', { name: 'ボード' });
	await expect(board.getByText(notes[1]!)).toBeVisible();
	// One word for each connection state: staff and phones both say 接続しました once connected.
	await expect(facilitator.page.getByTestId('conn-status')).toHaveText('接続しました');
	await expect(phoneA.page.getByTestId('conn-status')).toHaveText('接続しました');
	// Item 9: the toolbar and the step menu have names of their own.
	await expect(facilitator.page.getByRole('toolbar', { name: '進行の操作' })).toBeVisible();
	await expect(facilitator.page.getByLabel('いまのステップ')).toHaveCount(1);
	// Item 7: with nothing selected, the page says how to select several notes.
	await expect(facilitator.page.getByTestId('select-hint')).toContainText('Shift を押しながらクリック');
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
	// Item 9: once named, the theme's boxes are named after it, not 「テーマ名を入力」 any more.
	await expect(board.getByRole('textbox', { name: 'テーマ名（移動と買い物）' })).toHaveValue('移動と買い物');
	await expect(board.getByRole('textbox', { name: 'テーマ名を入力' })).toHaveCount(0);
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
	await room.close();
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
	const room = await demoWorkshopRoom(browser, server, [{}, {}]);
	const { facilitator, projector } = room;
	const [phoneA, phoneB] = room.phones as [Person, Person];
	const page = facilitator.page;
	const board = page.getByRole('region', { name: 'ボード' });
	const noteOn = (text: string) => board.getByRole('button', { name: `気になること: ${text}` });

	// Item 7: dropping a note onto another note offers to make a theme of the two (the KJ gesture).
	await writeNote(phoneA.page, '見守りの付箋その一');
	await writeNote(phoneB.page, '見守りの付箋その二');
	const from = (await noteOn('見守りの付箋その一').boundingBox())!;
	const onto = (await noteOn('見守りの付箋その二').boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + from.width / 2 + ((onto.x - from.x) * i) / 8, from.y + from.height / 2 + ((onto.y - from.y) * i) / 8);
	await page.mouse.up();
	await expect(page.getByTestId('drop-offer')).toBeVisible();
	await page.getByRole('button', { name: 'この2枚でテーマを作る' }).click();
	const first = board.locator('[data-theme-id]').last();
	await expect(first.locator('.count')).toHaveText('2');
	await first.getByRole('textbox', { name: 'テーマ名を入力' }).fill('見守り');
	await first.getByRole('textbox', { name: 'テーマ名を入力' }).press('Enter');
	await expect(projector.page.getByRole('heading', { name: '見守り' })).toBeVisible();
	// A second theme of one note, by selecting it; its long name must reach the projector whole.
	const longName = 'つながりと居場所づくりを地域みんなで';
	await writeNote(phoneA.page, '居場所の付箋');
	await noteOn('居場所の付箋').click();
	await page.getByTestId('group-selected').click();
	const second = board.locator('[data-theme-id]').last();
	await second.getByRole('textbox', { name: 'テーマ名を入力' }).fill(longName);
	await second.getByRole('textbox', { name: 'テーマ名を入力' }).press('Enter');
	await expect(projector.page.getByRole('heading', { name: longName })).toBeVisible();

	const panel = page.getByRole('region', { name: /シール投票/ });
	// Item 3: one dot more than there are themes, no stacking: the form warns that one cannot be spent.
	const themeCount = await board.locator('[data-theme-id]').count();
	await panel.getByLabel('1人あたりの票数').fill(String(themeCount + 1));
	await expect(panel.getByTestId('vote-dots-warning')).toContainText(`使える票は ${themeCount} 票だけ`);
	await panel.getByRole('button', { name: '投票を始める' }).click();
	for (const phone of [phoneA.page, phoneB.page]) await expect(phone.getByTestId('vote')).toBeVisible();

	// Phone A puts a dot on every theme, 見守り first.
	const items = phoneA.page.getByTestId('vote-item');
	await expect(items).toHaveCount(themeCount);
	await phoneA.page.getByRole('button', { name: '「見守り」に1票入れる' }).click();
	await expect(phoneA.page.getByTestId('dots-left')).toContainText(`残り ${themeCount} 票`);
	for (let i = 0; i < themeCount; i++) {
		const plus = items.nth(i).getByRole('button', { name: /に1票入れる$/ });
		if (await plus.isDisabled()) continue;
		await expect(phoneA.page.getByTestId('vote-nothing-left')).toHaveCount(0);
		await plus.click();
		await expect(plus).toBeDisabled();
	}
	// One dot left and nothing to put it on: the phone says so plainly.
	await expect(phoneA.page.getByTestId('dots-left')).toContainText('残り 1 票');
	await expect(phoneA.page.getByTestId('vote-nothing-left')).toHaveText('ほかに票を入れられるものはありません。残りの票は使わなくてかまいません。');
	await expect(phoneA.page.getByRole('button', { name: /に1票入れる$/ })).toHaveCount(themeCount);
	for (const plus of await phoneA.page.getByRole('button', { name: /に1票入れる$/ }).all()) await expect(plus).toBeDisabled();
	await phoneB.page.getByRole('button', { name: '「見守り」に1票入れる' }).click();
	await expect(page.getByText('投票した人 2人')).toBeVisible();

	await panel.getByRole('button', { name: '投票を締め切る' }).click();
	// Item 8: 解散 stays visible beside the vote count on the frame, not under it.
	const frame = board.locator('[data-theme-id]').filter({ has: page.getByRole('textbox', { name: 'テーマ名（見守り）' }) });
	await expect(frame.locator('.votes')).toHaveText('2票');
	await page.getByRole('button', { name: '全体を表示' }).click();
	const dissolve = frame.getByRole('button', { name: 'テーマ「見守り」を解散' });
	const dBox = (await dissolve.boundingBox())!;
	const vBox = (await frame.locator('.votes').boundingBox())!;
	expect(dBox.x >= vBox.x + vBox.width || vBox.x >= dBox.x + dBox.width || dBox.y >= vBox.y + vBox.height || vBox.y >= dBox.y + dBox.height).toBe(true);
	expect(await dissolve.evaluate((el) => {
		const r = el.getBoundingClientRect();
		const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
		return el.contains(top) ? 'on top' : `covered by ${top?.outerHTML.slice(0, 120)}`;
	})).toBe('on top');

	// Item 12: the projector turns to a full-width results view: whole names ≥ 48 px, bars, whole rank badges.
	const results = projector.page.getByTestId('results-view');
	await expect(results).toBeVisible();
	expect((await results.boundingBox())!.width).toBeGreaterThanOrEqual(1920 * 0.9);
	const rows = results.getByTestId('results-row');
	await expect(rows).toHaveCount(themeCount);
	await expect(rows.nth(0)).toContainText('見守り');
	await expect(rows.nth(0)).toContainText('2票');
	await expect(rows.filter({ hasText: longName }).getByTestId('results-name')).toHaveText(longName);
	for (const row of await rows.all()) {
		const name = row.getByTestId('results-name');
		expect(parseFloat(await name.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48);
		// whole: nothing clipped or cut (a glyph may reach a tenth of the font size past its line box), and on screen
		expect(await name.evaluate((el) => {
			const tol = parseFloat(getComputedStyle(el).fontSize) / 10;
			const r = el.getBoundingClientRect();
			return el.scrollWidth <= el.clientWidth + tol && el.scrollHeight <= el.clientHeight + tol && r.right <= innerWidth && r.bottom <= innerHeight && getComputedStyle(el).textOverflow !== 'ellipsis';
		})).toBe(true);
		const badge = (await row.getByTestId('results-rank').boundingBox())!;
		expect(badge.x).toBeGreaterThanOrEqual(0);
		expect(badge.y).toBeGreaterThanOrEqual(0);
		expect(badge.y + badge.height).toBeLessThanOrEqual(1080);
		expect(badge.height).toBeGreaterThanOrEqual(64);
	}
	await projector.page.screenshot({ path: 'test-results/board-projector-results.png' });
	// B shows the board again: the rank badge on the theme is seen whole.
	await projector.page.keyboard.press('b');
	await expect(projector.page.getByTestId('projector-board')).toBeVisible();
	const rank = projector.page.getByTestId('projector-board').locator('[data-theme-id]').filter({ hasText: '見守り' }).locator('.rank');
	await expect(rank).toHaveText('1');
	await expect.poll(() => rank.evaluate((el) => {
		const r = el.getBoundingClientRect();
		const inside = (x: number, y: number) => el.contains(document.elementFromPoint(x, y));
		// a round badge: its inscribed square, corner to corner
		const dx = r.width * 0.3;
		const dy = r.height * 0.3;
		const cx = r.left + r.width / 2;
		const cy = r.top + r.height / 2;
		return inside(cx - dx, cy - dy) && inside(cx + dx, cy - dy) && inside(cx - dx, cy + dy) && inside(cx + dx, cy + dy);
	})).toBe(true);
	await room.close();
});

test('"follow me": the projector mirrors the facilitator’s zoom', async ({ browser }) => {
	const info = demoInfo(server.output());
	const phone = await residentJoins(browser, server, info.joinPath);
	await writeNote(phone.page, '追いかける付箋');
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const projScale = async () => Number(/scale\(([\d.]+)\)/.exec((await projector.page.locator('.surface').first().getAttribute('style')) ?? '')?.[1] ?? NaN);
	// Without "follow me" the projector shows its own large cards, not the facilitator's view (B: the
	// board, should the previous test's vote results still be up).
	await showBoard(projector.page);
	await expect(projector.page.getByTestId('projector-board').getByText('追いかける付箋')).toBeVisible();
	await expect(projector.page.locator('.surface')).toHaveCount(0);

	await facilitator.page.getByLabel('プロジェクターを自分の画面に合わせる').check();
	for (let i = 0; i < 10; i++) await facilitator.page.getByRole('button', { name: '拡大' }).click();
	// Mirrored: zoomed in as far as the facilitator (fitting never zooms a projector beyond 1.6).
	await expect.poll(projScale, { timeout: 20_000 }).toBeGreaterThan(1.6 * 1.1);
	// Switched off: the projector shows its own cards again.
	await facilitator.page.getByLabel('プロジェクターを自分の画面に合わせる').uncheck();
	await expect(projector.page.locator('.surface')).toHaveCount(0, { timeout: 20_000 });
	await expect(projector.page.getByTestId('projector-board').getByText('追いかける付箋')).toBeVisible();
	for (const p of [facilitator, projector, phone]) await p.ctx.close();
});

test('the projector from the back row: note text ≥ 36 px, every note whole, pages, a scannable QR code', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const staff = await staffDoc(server, facilitator, workshopIdOf(facilitator.page));
	const page = projector.page;
	await showBoard(page);
	// 30 more notes: short ones, three of three lines, and one of 140 characters (the longest allowed).
	const texts = [
		...Array.from({ length: 26 }, (_, i) => `気になること${i + 1}番`),
		'買い物に行くバスが一日に三本しかなく、病院の帰りに待つ時間が長くて困っています',
		'子どもの登下校の見守りをしている人が年々減っていて、続けられるか心配です',
		'空き家が増えていて、草が伸びたり、防犯の面でも不安を感じることがあります',
		'地'.repeat(70) + '域'.repeat(70)
	];
	staff.change((d) => texts.forEach((text, i) => addNote(d, { id: `legible-${i}`, text, kind: 'concern', authorId: 'test', authorRole: 'staff', nickname: null, now: Date.now() + i })));
	const boards = page.locator('.boards');
	await expect.poll(async () => Number(await boards.getAttribute('data-notes-total'))).toBeGreaterThanOrEqual(30);
	const total = Number(await boards.getAttribute('data-notes-total'));

	/** Checks every note card on the page as shown now; returns their ids. */
	const checkPage = async (): Promise<string[]> =>
		page.locator('[data-testid="projector-board"]').evaluate((frame) => {
			const f = frame.getBoundingClientRect();
			const out: string[] = [];
			for (const card of frame.querySelectorAll<HTMLElement>('article[data-note-id]')) {
				if (getComputedStyle(card).visibility === 'hidden') continue;
				const c = card.getBoundingClientRect();
				const text = card.querySelector<HTMLElement>('.text')!;
				const t = text.getBoundingClientRect();
				const size = parseFloat(getComputedStyle(text).fontSize);
				const problems = [
					size < 36 ? `text ${size}px` : '',
					t.top < c.top || t.bottom > c.bottom + 0.5 || t.left < c.left || t.right > c.right + 0.5 ? 'text outside its card' : '',
					c.top < f.top || c.bottom > f.bottom + 0.5 || c.left < f.left || c.right > f.right + 0.5 ? 'card outside the screen' : '',
					// (a glyph may reach a pixel or two past its line box: a tenth of the font size is allowed)
					text.scrollHeight > text.clientHeight + size / 10 || text.scrollWidth > text.clientWidth + size / 10 ? `text cut (${text.scrollWidth}x${text.scrollHeight} in ${text.clientWidth}x${text.clientHeight}: ${text.textContent})` : ''
				].filter(Boolean);
				if (problems.length) throw new Error(`${card.dataset.noteId}: ${problems.join(', ')}`);
				out.push(card.dataset.noteId!);
			}
			return out;
		});
	// Every note is on some page, whole, at 36 px or more: → turns the page.
	const seen = new Set<string>();
	await expect(page.getByTestId('projector-page')).toContainText('1 /');
	const frame = page.getByTestId('projector-board');
	for (let i = 0; i < 20 && seen.size < total; i++) {
		await expect(frame).toHaveAttribute('data-measured', 'true');
		for (const id of await checkPage()) seen.add(id);
		const before = await frame.getAttribute('data-page-start');
		await page.keyboard.press('ArrowRight');
		await expect(frame).not.toHaveAttribute('data-page-start', before!);
	}
	expect(seen.size).toBe(Number(await boards.getAttribute('data-notes-total')));
	expect(seen.has('legible-29')).toBe(true);
	// Item 13: the QR code stays scannable from the back: at least a fifth of the screen's height.
	const qr = (await page.locator('.qr svg').boundingBox())!;
	expect(qr.height).toBeGreaterThanOrEqual(1080 * 0.2);
	expect(qr.y + qr.height).toBeLessThanOrEqual(1080);
	await page.screenshot({ path: 'test-results/board-projector-30-notes.png' });

	// Grouped into themes, the text stays as large (it dropped to 33 px after grouping).
	await expect(frame).toHaveAttribute('data-measured', 'true');
	staff.change((d) => {
		createTheme(d, { id: 'legible-theme-a', title: '移動と買い物', x: 3000, y: 40, now: Date.now(), noteIds: ['legible-0', 'legible-1', 'legible-2', 'legible-26'] });
		createTheme(d, { id: 'legible-theme-b', title: '見守りと防犯', x: 3000, y: 900, now: Date.now(), noteIds: ['legible-3', 'legible-27', 'legible-28'] });
	});
	await expect(page.getByRole('heading', { name: '移動と買い物' }).first()).toBeVisible();
	// (the cards are measured again after the change: checked until it has settled)
	await expect(async () => expect((await checkPage()).length).toBeGreaterThan(0)).toPass();
	await page.screenshot({ path: 'test-results/board-projector-themes.png' });
	staff.destroy();
	for (const p of [facilitator, projector]) await p.ctx.close();
});

test('axe-core: the staff pages have no serious or critical violations', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
	const page = await ctx.newPage();
	const check = async (what: string) => {
		await page.locator('body[data-hydrated]').waitFor();
		const result = await new AxeBuilder({ page }).analyze();
		const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
	};
	await page.goto(`${server.url}/login`);
	await check('sign-in');
	await signIn(page, server);
	await check('home');
	await page.getByRole('link', { name: 'ボードを開く' }).first().click();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(page.getByRole('region', { name: 'ボード' }).getByRole('application')).toBeVisible();
	await check('board');
	const workshopId = workshopIdOf(page);
	await page.goto(`${server.url}/staff/w/${workshopId}/history`);
	await check('history');
	await page.goto(`${server.url}/staff/account`);
	await check('account');
	await ctx.clearCookies();
	await signIn(page, server, 'admin', 'demo-admin-2026');
	await page.goto(`${server.url}/staff/admin`);
	await check('admin');
	await ctx.close();
});
