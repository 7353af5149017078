import { describe, it, expect } from 'vitest';
import { layoutBoard, themeAt, fitViewport, extentWithBackground, keepFitted, fillOrder, cellPosition, FIT_HEADROOM, GRID_ORIGIN, PROJECTOR_MIN_ZOOM, zoomAt, NOTE_W, NOTE_H, GAP, THEME_HEADER_H, type Rect } from './layout';
import type { Note } from './board';
import type { Theme } from './themes';

const note = (id: string, x: number, y: number, themeId: string | null = null): Note => ({
	id, text: id, kind: 'concern', authorId: 'p', authorRole: 'participant', nickname: null, x, y, createdAt: 0, hidden: false, themeId, tableId: 'main', cell: null, actionId: null
});
const theme = (id: string, x: number, y: number): Theme => ({ id, title: id, catchphrase: '', tableId: 'main', x, y, createdAt: 0, priority: null, votes: null });

describe('board layout', () => {
	it('keeps free notes where they are and lays grouped notes out in a grid inside their theme', () => {
		const l = layoutBoard([note('a', 500, 600), note('b', 1, 1, 't'), note('c', 1, 1, 't'), note('d', 1, 1, 't')], [theme('t', 100, 100)]);
		expect(l.notes.find((p) => p.note.id === 'a')).toMatchObject({ x: 500, y: 600 });
		const inTheme = l.notes.filter((p) => p.note.themeId === 't');
		// 3 notes: 2 columns, 2 rows
		expect(inTheme.map((p) => [p.x, p.y])).toEqual([
			[100 + GAP, 100 + THEME_HEADER_H],
			[100 + GAP + NOTE_W + GAP, 100 + THEME_HEADER_H],
			[100 + GAP, 100 + THEME_HEADER_H + NOTE_H + GAP]
		]);
		expect(l.themes[0]).toMatchObject({ w: GAP + 2 * (NOTE_W + GAP), h: THEME_HEADER_H + 2 * (NOTE_H + GAP) + GAP, noteIds: ['b', 'c', 'd'] });
		expect(themeAt(l, 150, 150)?.theme.id).toBe('t');
		expect(themeAt(l, 150, 150, 't')).toBeNull();
		expect(themeAt(l, 5000, 5000)).toBeNull();
	});

	it('treats a note whose theme is gone as a free note', () => {
		const l = layoutBoard([note('a', 40, 40, 'gone')], []);
		expect(l.notes[0]).toMatchObject({ x: 40, y: 40 });
	});

	it('fits a board area into a screen and zooms around a point', () => {
		const v = fitViewport({ x: 0, y: 0, w: 1000, h: 500 }, 1048, 548, 1.5, 24);
		expect(v.zoom).toBeCloseTo(1);
		const z = zoomAt({ x: 0, y: 0, zoom: 1 }, 100, 100, 2);
		// the board point under (100, 100) stays under it
		expect((100 - z.x) / z.zoom).toBeCloseTo(100);
		expect(zoomAt({ x: 0, y: 0, zoom: 3 }, 0, 0, 10).zoom).toBe(4);
	});
});

describe('extentWithBackground (the support map under the notes)', () => {
	it('is the board alone without a picture', () => {
		const l = layoutBoard([note('a', 500, 600)], []);
		expect(extentWithBackground(l, null)).toEqual(l.extent);
	});

	it('is the picture alone on an empty board', () => {
		expect(extentWithBackground(layoutBoard([], []), { w: 1200, h: 800 })).toEqual({ x: 0, y: 0, w: 1200, h: 800 });
	});

	it('holds the whole picture and the notes beyond it', () => {
		const l = layoutBoard([note('a', 1100, 900), note('b', 300, 200)], []);
		expect(extentWithBackground(l, { w: 1200, h: 800 })).toEqual({ x: 0, y: 0, w: 1100 + NOTE_W, h: 900 + NOTE_H });
		// a fit of it shows the picture whole, at one scale for the picture and the notes
		const v = fitViewport(extentWithBackground(l, { w: 1200, h: 800 }), 1000, 700);
		expect(v.x).toBeGreaterThanOrEqual(0);
		expect(1200 * v.zoom + v.x).toBeLessThanOrEqual(1000);
	});
});

describe('keepFitted (projectors)', () => {
	const W = 1920;
	const H = 1080;
	/** A board growing as a projector sees it: rows of six notes added at the bottom. */
	const grid = (rows: number) => ({ x: 40, y: 40, w: 6 * 240, h: rows * 170 });

	it('fits a small board at full size, centred, and keeps it while it fits', () => {
		const first = keepFitted(null, grid(2), W, H, 1);
		expect(first).toEqual(fitViewport(grid(2), W, H, 1));
		expect(keepFitted(first, grid(3), W, H, 1)).toBe(first);
	});

	it('changes the zoom only now and then as a large board grows, and always shows all of it', () => {
		// up to a full board: 5,000 notes arriving in the grid's fill order
		const blockAfter: Rect[] = [];
		let x1 = 0;
		let y1 = 0;
		for (const [c, r] of fillOrder()) {
			const p = cellPosition(c, r);
			x1 = Math.max(x1, p.x + NOTE_W);
			y1 = Math.max(y1, p.y + NOTE_H);
			blockAfter.push({ x: GRID_ORIGIN, y: GRID_ORIGIN, w: x1 - GRID_ORIGIN, h: y1 - GRID_ORIGIN });
			if (blockAfter.length === 5000) break;
		}
		let view = keepFitted(null, blockAfter[59]!, W, H, 1);
		let changes = 0;
		for (let n = 61; n <= 5000; n++) {
			const r = blockAfter[n - 1]!;
			const next = keepFitted(view, r, W, H, 1);
			if (next !== view) changes++;
			view = next;
			// the whole board is on screen
			expect(r.x * view.zoom + view.x).toBeGreaterThanOrEqual(0);
			expect((r.x + r.w) * view.zoom + view.x).toBeLessThanOrEqual(W);
			expect((r.y + r.h) * view.zoom + view.y).toBeLessThanOrEqual(H);
			// and not much smaller than a fit would show it
			expect(view.zoom).toBeGreaterThanOrEqual(fitViewport(r, W, H, 1, 24, PROJECTOR_MIN_ZOOM).zoom * 0.8);
		}
		// refitting on every new row or column would be ~100 changes; with the headroom the side grows by 15 % at a time
		expect(changes).toBeLessThan(Math.ceil(Math.log(Math.sqrt(5000 / 60)) / Math.log(1 + FIT_HEADROOM)) + 3);
	});

	it('refits when the board shrinks a lot, when the screen changes, and when the maximum zoom drops', () => {
		const big = keepFitted(null, grid(200), W, H, 1);
		expect(keepFitted(big, grid(20), W, H, 1)).not.toBe(big);
		const v = keepFitted(null, grid(2), W, H, 1.6);
		expect(keepFitted(v, grid(2), W, H, 1).zoom).toBeLessThanOrEqual(1);
		const wide = keepFitted(null, grid(100), W, H, 1);
		expect(keepFitted(wide, grid(100), 1280, 720, 1)).not.toBe(wide);
	});
});
