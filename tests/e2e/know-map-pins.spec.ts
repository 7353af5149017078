/**
 * 支え合いマップ (issue 17): notes that staff pin on the support map in step 地区を知る stay on the same
 * spot of the map: after a reload, after a server restart, on a smaller laptop window and on the
 * projector (which scales the board to its screen). Positions are compared in the map's own pixels
 * (a note's top-left corner relative to the map picture, divided by the picture's scale on screen).
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { serverForFile } from './serverProcess';
import { facilitatorOpensBoard } from './people';
import { makePng } from './pictures';

const server = serverForFile();
const MAP_W = 1200;
const MAP_H = 800;
/** Where each note is pinned, in the map's pixels (a house, a corner shop). */
const PINS = [
	{ text: '集会所の前の急な坂道', at: { x: 620, y: 330 } },
	{ text: '角の商店：見守りの声かけ', at: { x: 180, y: 560 } }
];
/** "within a couple of px" of the map's own pixels, whatever the screen's scale */
const TOLERANCE = 2.5;

type Box = { x: number; y: number; width: number; height: number };
type MapPoint = { x: number; y: number };

async function box(l: Locator): Promise<Box> {
	const b = await l.boundingBox();
	if (!b) throw new Error('not on screen');
	return b;
}

/** The note's top-left corner in the map's pixels. */
async function onMap(background: Locator, note: Locator): Promise<MapPoint> {
	const [img, n] = [await box(background), await box(note)];
	return { x: ((n.x - img.x) * MAP_W) / img.width, y: ((n.y - img.y) * MAP_H) / img.height };
}

async function expectPinned(background: Locator, notes: (text: string) => Locator, where: Map<string, MapPoint>): Promise<void> {
	await expect.poll(() => background.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(MAP_W);
	for (const [text, at] of where) {
		const p = await onMap(background, notes(text));
		expect(Math.abs(p.x - at.x), `${text}: x ${p.x} vs ${at.x}`).toBeLessThanOrEqual(TOLERANCE);
		expect(Math.abs(p.y - at.y), `${text}: y ${p.y} vs ${at.y}`).toBeLessThanOrEqual(TOLERANCE);
	}
}

async function noSeriousViolations(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).analyze();
	const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Drag a note with the mouse so that its top-left corner lands on `at` (map pixels). */
async function pin(page: Page, background: Locator, note: Locator, at: MapPoint): Promise<void> {
	const [img, n] = [await box(background), await box(note)];
	const target = { x: img.x + (at.x * img.width) / MAP_W, y: img.y + (at.y * img.height) / MAP_H };
	const grab = { x: n.x + n.width / 2, y: n.y + n.height / 2 };
	await page.mouse.move(grab.x, grab.y);
	await page.mouse.down();
	await page.mouse.move(grab.x + (target.x - n.x) / 2, grab.y + (target.y - n.y) / 2, { steps: 5 });
	await page.mouse.move(grab.x + target.x - n.x, grab.y + target.y - n.y, { steps: 5 });
	await page.mouse.up();
}

test('notes pinned on the support map keep their place after a reload, a restart, on a smaller window and on the projector', async ({ browser }) => {
	const fac = await facilitatorOpensBoard(browser, server);
	const page = fac.page;
	// the district's support map, uploaded on the know page
	await page.getByRole('link', { name: '地区を知る（地域資源）' }).click();
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('地図の画像（PNG・JPEG、8.0MBまで）').setInputFiles({ name: '地図.png', mimeType: 'image/png', buffer: makePng(MAP_W, MAP_H) });
	await page.getByRole('button', { name: '地図を載せる' }).click();
	await expect(page.getByRole('status').filter({ hasText: '地図を載せました。' })).toBeVisible();

	// a new workshop of the plan, started on step 地区を知る from the plan page
	await page.goto(page.url().replace(/\/know(\?.*)?$/, ''));
	await page.getByLabel('ワークショップ名').fill('支え合いマップづくり');
	await page.getByLabel('始めるステップ').selectOption({ label: '地区を知る' });
	await page.getByRole('button', { name: 'ワークショップを作る' }).click();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	const boardUrl = page.url();
	await expect(page.getByTestId('step-select')).toHaveValue('know');
	const background = page.getByTestId('board-background');
	await expect(background).toBeVisible();

	const boardRegion = page.getByRole('region', { name: 'ボード' });
	const notes = (text: string) => boardRegion.getByRole('button', { name: text });
	for (const { text } of PINS) {
		await page.getByLabel('職員として付箋を追加').fill(text);
		await page.getByRole('button', { name: '付箋を追加' }).click();
		await expect(notes(text)).toBeVisible();
	}
	// the whole map is in view, so that staff can pin notes anywhere on it
	const mapBox = await box(background);
	const boardBox = await box(boardRegion);
	expect(mapBox.x).toBeGreaterThanOrEqual(boardBox.x);
	expect(mapBox.y).toBeGreaterThanOrEqual(boardBox.y);
	expect(mapBox.x + mapBox.width).toBeLessThanOrEqual(boardBox.x + boardBox.width + 1);
	expect(mapBox.y + mapBox.height).toBeLessThanOrEqual(boardBox.y + boardBox.height + 1);

	for (const { text, at } of PINS) await pin(page, background, notes(text), at);
	const where = new Map(PINS.map((p) => [p.text, p.at]));
	await expectPinned(background, notes, where);
	await noSeriousViolations(page);

	// after a reload
	await page.reload();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(notes(PINS[0]!.text)).toBeVisible();
	await expectPinned(background, notes, where);

	// after the server stopped hard and started again
	await server.crash();
	await expect(page.getByTestId('conn-status')).not.toHaveAttribute('data-status', 'connected');
	await server.restart();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
	await page.goto(boardUrl);
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(notes(PINS[0]!.text)).toBeVisible();
	await expectPinned(background, notes, where);

	// on a smaller laptop window the board shows the map smaller, the notes on the same spots
	await page.setViewportSize({ width: 1024, height: 700 });
	await page.reload();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(notes(PINS[0]!.text)).toBeVisible();
	const smaller = await box(background);
	expect(smaller.width).toBeLessThan(mapBox.width - 20);
	await expectPinned(background, notes, where);

	// the projector shows the map with the notes on it (not its pages of cards), scaled to its screen:
	// the notes stay on the same spots of the map on a small projector and on a wide one
	const displayUrl = await page.getByTestId('open-projector').getAttribute('href');
	const mapWidths: number[] = [];
	for (const viewport of [{ width: 1280, height: 720 }, { width: 2560, height: 1080 }]) {
		const projector = await browser.newContext({ viewport });
		const screen = await projector.newPage();
		await screen.goto(new URL(displayUrl!, server.url).href);
		const bg = screen.getByTestId('board-background');
		await expect(bg).toBeVisible();
		const onScreen = (text: string) => screen.locator('.slot').filter({ hasText: text });
		await expect(onScreen(PINS[1]!.text)).toBeVisible();
		await expectPinned(bg, onScreen, where);
		mapWidths.push((await box(bg)).width);
		await expect(screen.getByTestId('projector-board')).toHaveCount(0);
		if (viewport.width === 1280) await noSeriousViolations(screen);
		await projector.close();
	}
	expect(mapWidths[1]).toBeGreaterThan(mapWidths[0]! * 1.3);
	await fac.ctx.close();
});
