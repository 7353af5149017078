/**
 * A full board stays workable for the facilitator: the note list shows one page at a time (the
 * newest first, older pages that new notes do not shift, a search, hidden notes only), all of it
 * by keyboard; the board renders only the notes around what is visible, and zoomed far out it
 * draws plain cards that keep their names.
 */
import { test, expect } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { facilitatorOpensBoard } from './people';

const server = serverForFile();

test('the note list pages, searches and filters, by keyboard', async ({ browser }) => {
	const { ctx, page } = await facilitatorOpensBoard(browser, server);
	const add = page.getByLabel('職員として付箋を追加');
	for (let i = 1; i <= 30; i++) {
		await add.fill(`一覧の付箋 ${i}`);
		await add.press('Enter');
	}
	const rows = page.getByTestId('note-row');
	await expect(rows).toHaveCount(25);
	await expect(rows.first()).toContainText('一覧の付箋 30');
	await expect(page.getByText('1〜25枚目（30枚中）')).toBeVisible();
	await expect(page.getByRole('heading', { name: '付箋の一覧（30枚）' })).toBeVisible();

	// Older notes, by keyboard; the newer-page button stays focusable but does nothing on the first page.
	const newerButton = page.getByRole('button', { name: '新しい付箋へ' });
	await expect(newerButton).toHaveAttribute('aria-disabled', 'true');
	const olderButton = page.getByRole('button', { name: '古い付箋へ' });
	await olderButton.focus();
	await page.keyboard.press('Enter');
	await expect(rows).toHaveCount(5);
	await expect(rows.first()).toContainText('一覧の付箋 5');
	await expect(olderButton).toBeFocused();
	await expect(olderButton).toHaveAttribute('aria-disabled', 'true');

	// A new note while an older page is shown: the page keeps its rows.
	await add.fill('一覧の付箋 31');
	await add.press('Enter');
	await expect(page.getByText('27〜31枚目（31枚中）')).toBeVisible();
	await expect(rows.first()).toContainText('一覧の付箋 5');
	await page.getByRole('button', { name: '最新の付箋に戻る' }).click();
	await expect(rows.first()).toContainText('一覧の付箋 31');

	// Search, hide from the result with the keyboard, then list hidden notes only.
	await page.getByLabel('付箋をさがす').fill('付箋 7');
	await expect(rows).toHaveCount(1);
	const hide = rows.first().getByRole('button', { name: '非表示にする' });
	await hide.focus();
	await page.keyboard.press('Enter');
	await expect(rows.first()).toContainText('非表示中');
	await page.getByLabel('付箋をさがす').fill('');
	await expect(rows).toHaveCount(25);
	await page.getByLabel('非表示の付箋だけ').check();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('一覧の付箋 7');
	await ctx.close();
});

test('the board renders the notes around the view, and plain cards when zoomed far out', async ({ browser }) => {
	const { ctx, page } = await facilitatorOpensBoard(browser, server);
	const board = page.getByRole('region', { name: 'ボード' });
	const notes = board.locator('article[data-note-id]');
	await expect(notes).toHaveCount(31);
	const viewport = board.locator('.viewport');
	await viewport.focus();
	// Zoomed in far on the middle of the board: the notes around the view only.
	for (let i = 0; i < 12; i++) await page.keyboard.press('+');
	await expect.poll(() => notes.count()).toBeLessThan(31);
	expect(await notes.count()).toBeGreaterThan(0);
	// Fit again: every note; zoomed far out: plain cards that keep their accessible names.
	await page.keyboard.press('0');
	await expect(notes).toHaveCount(31);
	for (let i = 0; i < 12; i++) await page.keyboard.press('-');
	await expect(board.locator('article.compact')).toHaveCount(31);
	await expect(board.getByRole('button', { name: '気になること: 一覧の付箋 12' })).toHaveCount(1);
	await expect(board.getByText('一覧の付箋 12')).toHaveCount(0);
	await ctx.close();
});
