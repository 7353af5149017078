/**
 * Where things are drawn on a board: free notes at their own position, grouped notes laid out
 * in a grid inside their theme's frame. Derived, not stored, so grouping stays tidy. Pure.
 */
import type { Note } from './note';
import type { Theme } from './themes';

export const NOTE_W = 220;
export const NOTE_H = 150;
export const GAP = 12;
export const THEME_HEADER_H = 96;

export type Rect = { x: number; y: number; w: number; h: number };
export type PlacedNote = { note: Note } & Rect;
export type PlacedTheme = { theme: Theme; noteIds: string[] } & Rect;
export type BoardLayout = { notes: PlacedNote[]; themes: PlacedTheme[]; extent: Rect };

export function themeColumns(count: number): number {
	return Math.min(4, Math.max(1, Math.ceil(Math.sqrt(count))));
}

/** The size of a theme's frame holding `count` notes. */
export function themeFrameSize(count: number): { w: number; h: number; cols: number } {
	const cols = themeColumns(count);
	const rows = Math.max(1, Math.ceil(count / cols));
	return { w: GAP + cols * (NOTE_W + GAP), h: THEME_HEADER_H + rows * (NOTE_H + GAP) + GAP, cols };
}

/* ------------------------------------------------------------------ where new notes land */

/** The grid new notes fill: one note and a gap per cell, from near the board's top left. */
export const GRID_ORIGIN = 40;
export const CELL_W = NOTE_W + 20;
export const CELL_H = NOTE_H + 20;
/**
 * Width : height of the block of cells that new notes fill: about the board area of a 16:9
 * projector beside its join panel, and of a laptop's board.
 */
export const GRID_ASPECT = 1.5;
/** Cells this far from the origin (in either direction) are never filled; rects beyond are ignored. */
const GRID_LIMIT = 2000;

export function cellPosition(col: number, row: number): { x: number; y: number } {
	return { x: GRID_ORIGIN + col * CELL_W, y: GRID_ORIGIN + row * CELL_H };
}

/**
 * The grid's cells in the order new notes fill them. The filled block grows by a column at its right
 * (filled top to bottom) or a row at its bottom (left to right), whichever keeps it nearer
 * GRID_ASPECT, so that any number of notes forms a block shaped like the screen: with a fixed
 * number of columns, 120 notes made a strip 20 rows tall that a projector could only show as
 * coloured dots.
 */
export function* fillOrder(): Generator<[col: number, row: number]> {
	let cols = 0;
	let rows = 0;
	const offAspect = (c: number, r: number) => Math.abs(Math.log((c * CELL_W) / (r * CELL_H) / GRID_ASPECT));
	for (;;) {
		if (cols === 0 || offAspect(cols + 1, Math.max(1, rows)) <= offAspect(cols, rows + 1)) {
			rows = Math.max(1, rows);
			for (let r = 0; r < rows; r++) yield [cols, r];
			cols++;
		} else {
			for (let c = 0; c < cols; c++) yield [c, rows];
			rows++;
		}
	}
}

const cellKey = (col: number, row: number) => col * (GRID_LIMIT + 1) + row;

/** The cells whose note slot [origin + i * cell, + note size) overlaps `r` (open intervals), clamped to the grid. */
function cellsUnder(r: Rect): { c0: number; c1: number; r0: number; r1: number } {
	return {
		c0: Math.max(0, Math.floor((r.x - GRID_ORIGIN - NOTE_W) / CELL_W) + 1),
		c1: Math.min(GRID_LIMIT, Math.ceil((r.x + r.w - GRID_ORIGIN) / CELL_W) - 1),
		r0: Math.max(0, Math.floor((r.y - GRID_ORIGIN - NOTE_H) / CELL_H) + 1),
		r1: Math.min(GRID_LIMIT, Math.ceil((r.y + r.h - GRID_ORIGIN) / CELL_H) - 1)
	};
}

function takenCells(taken: Iterable<Rect>): Set<number> {
	const used = new Set<number>();
	for (const r of taken) {
		const { c0, c1, r0, r1 } = cellsUnder(r);
		for (let c = c0; c <= c1; c++) for (let row = r0; row <= r1; row++) used.add(cellKey(c, row));
	}
	return used;
}

/**
 * The first cell, in fill order, whose note would overlap none of `taken` (the notes and theme
 * frames already on that part of the board): a deleted or moved note's cell is filled again.
 */
export function firstFreeCell(taken: Iterable<Rect>): { x: number; y: number } {
	const used = takenCells(taken);
	for (const [c, row] of fillOrder()) {
		if (!used.has(cellKey(c, row))) return cellPosition(c, row);
	}
	throw new Error('unreachable: the fill order is endless');
}

/**
 * Where a frame of `size` goes near `near`: the top left of the grid cell nearest to it (searched in
 * growing rings, nearest first within a ring) from which the frame covers no cell that `taken` covers.
 */
export function freeSpotNear(taken: Iterable<Rect>, size: { w: number; h: number }, near: { x: number; y: number }): { x: number; y: number } {
	const used = takenCells(taken);
	const fits = (c: number, r: number) => {
		const p = cellPosition(c, r);
		const cells = cellsUnder({ ...p, ...size });
		for (let cc = cells.c0; cc <= cells.c1; cc++) for (let rr = cells.r0; rr <= cells.r1; rr++) if (used.has(cellKey(cc, rr))) return false;
		return true;
	};
	const c0 = Math.min(GRID_LIMIT, Math.max(0, Math.round((near.x - GRID_ORIGIN) / CELL_W)));
	const r0 = Math.min(GRID_LIMIT, Math.max(0, Math.round((near.y - GRID_ORIGIN) / CELL_H)));
	for (let k = 0; k <= GRID_LIMIT; k++) {
		let best: { c: number; r: number; d: number } | null = null;
		for (let dc = -k; dc <= k; dc++) {
			// the ring's cells only: whole columns at its left and right edges, the top and bottom cells between
			const edge = Math.abs(dc) === k;
			for (let dr = -k; dr <= k; dr += edge || k === 0 ? 1 : 2 * k) {
				const c = c0 + dc;
				const r = r0 + dr;
				if (c < 0 || r < 0 || c > GRID_LIMIT || r > GRID_LIMIT) continue;
				const d = (dc * CELL_W) ** 2 + (dr * CELL_H) ** 2;
				if ((best === null || d < best.d) && fits(c, r)) best = { c, r, d };
			}
		}
		if (best) return cellPosition(best.c, best.r);
	}
	return cellPosition(GRID_LIMIT, 0);
}

export function layoutBoard(notes: Note[], themes: Theme[]): BoardLayout {
	const themeIds = new Set(themes.map((t) => t.id));
	const members = new Map<string, Note[]>();
	const placed: PlacedNote[] = [];
	for (const n of notes) {
		if (n.themeId && themeIds.has(n.themeId)) {
			let list = members.get(n.themeId);
			if (!list) members.set(n.themeId, (list = []));
			list.push(n);
		} else {
			placed.push({ note: n, x: n.x, y: n.y, w: NOTE_W, h: NOTE_H });
		}
	}
	const placedThemes: PlacedTheme[] = themes.map((t) => {
		const list = members.get(t.id) ?? [];
		const { w, h, cols } = themeFrameSize(list.length);
		list.forEach((n, i) => {
			placed.push({
				note: n,
				x: t.x + GAP + (i % cols) * (NOTE_W + GAP),
				y: t.y + THEME_HEADER_H + Math.floor(i / cols) * (NOTE_H + GAP),
				w: NOTE_W,
				h: NOTE_H
			});
		});
		return { theme: t, noteIds: list.map((n) => n.id), x: t.x, y: t.y, w, h };
	});
	return { notes: placed, themes: placedThemes, extent: extentOf([...placed, ...placedThemes]) };
}

/**
 * What fitting the board shows: its notes and themes and, under them, the picture at the board's
 * origin (the support map, 1 px = 1 board unit) whole. An empty board shows the picture alone.
 */
export function extentWithBackground(layout: BoardLayout, background: { w: number; h: number } | null): Rect {
	if (!background) return layout.extent;
	const map = { x: 0, y: 0, w: background.w, h: background.h };
	return layout.notes.length === 0 && layout.themes.length === 0 ? map : extentOf([layout.extent, map]);
}

export function extentOf(rects: Rect[]): Rect {
	if (rects.length === 0) return { x: 0, y: 0, w: 800, h: 500 };
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const r of rects) {
		x0 = Math.min(x0, r.x);
		y0 = Math.min(y0, r.y);
		x1 = Math.max(x1, r.x + r.w);
		y1 = Math.max(y1, r.y + r.h);
	}
	return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function contains(r: Rect, x: number, y: number): boolean {
	return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

export function intersects(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The theme frame under a board point, if any (topmost = last drawn). */
export function themeAt(layout: BoardLayout, x: number, y: number, except?: string): PlacedTheme | null {
	for (let i = layout.themes.length - 1; i >= 0; i--) {
		const t = layout.themes[i]!;
		if (t.theme.id !== except && contains(t, x, y)) return t;
	}
	return null;
}

/**
 * A viewport (translation + zoom) that shows `r` inside a `width` x `height` screen. `minZoom`: staff
 * boards stop at 0.05 (they pan to the rest); a projector shows the whole board however small.
 */
export function fitViewport(r: Rect, width: number, height: number, maxZoom = 1.5, margin = 24, minZoom = 0.05): { x: number; y: number; zoom: number } {
	const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min((width - 2 * margin) / Math.max(1, r.w), (height - 2 * margin) / Math.max(1, r.h))));
	return { zoom, x: (width - r.w * zoom) / 2 - r.x * zoom, y: (height - r.h * zoom) / 2 - r.y * zoom };
}

/** Below this zoom note text would be under ~5 px: boards draw notes as plain coloured cards. */
export const COMPACT_ZOOM = 0.3;

/** A projector fits the whole board on screen down to this zoom (a board of 5,000 notes moved apart). */
export const PROJECTOR_MIN_ZOOM = 0.002;

/** How much room a projector's fitted view leaves for the board to grow before it refits. */
export const FIT_HEADROOM = 0.15;

/**
 * A projector keeps the whole board on screen as notes arrive. Refitting on every change of the
 * board's extent (a new row of notes every few notes) changes the zoom each time, which makes
 * the browser paint every note again at the new scale, and makes the board jump. So: keep the
 * current view while the board fits in it (with the margin) and is not shown much smaller than a
 * fit would show it; otherwise fit the board with FIT_HEADROOM extra room at the right and bottom
 * (where new notes and rows appear). Returns `current` itself when it is kept.
 */
export function keepFitted<V extends { x: number; y: number; zoom: number }>(
	current: V | null,
	r: Rect,
	width: number,
	height: number,
	maxZoom = 1.5,
	margin = 24
): V | { x: number; y: number; zoom: number } {
	const exact = fitViewport(r, width, height, maxZoom, margin, PROJECTOR_MIN_ZOOM);
	if (current && current.zoom <= maxZoom * 1.000001 && current.zoom >= exact.zoom * 0.8) {
		const z = current.zoom;
		const inside = r.x * z + current.x >= margin / 2 && r.y * z + current.y >= margin / 2 && (r.x + r.w) * z + current.x <= width - margin / 2 && (r.y + r.h) * z + current.y <= height - margin / 2;
		if (inside) return current;
	}
	if (exact.zoom >= maxZoom) return exact; // a small board: shown at full size, centred
	// the board at the top left of the roomy frame, the frame centred on the screen
	return fitViewport({ x: r.x, y: r.y, w: r.w * (1 + FIT_HEADROOM), h: r.h * (1 + FIT_HEADROOM) }, width, height, maxZoom, margin, PROJECTOR_MIN_ZOOM);
}

/** Zoom by `factor` keeping the board point under the screen point (px, py) in place. */
export function zoomAt(v: { x: number; y: number; zoom: number }, px: number, py: number, factor: number, min = 0.1, max = 4) {
	const zoom = Math.min(max, Math.max(min, v.zoom * factor));
	const bx = (px - v.x) / v.zoom;
	const by = (py - v.y) / v.zoom;
	return { zoom, x: px - bx * zoom, y: py - by * zoom };
}
