/**
 * Where things are drawn on a board: free notes at their own position, grouped notes laid out
 * in a grid inside their theme's frame. Derived, not stored, so grouping stays tidy. Pure.
 */
import type { Note } from './board';
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
		const cols = themeColumns(list.length);
		const rows = Math.max(1, Math.ceil(list.length / cols));
		const w = GAP + cols * (NOTE_W + GAP);
		const h = THEME_HEADER_H + rows * (NOTE_H + GAP) + GAP;
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

/** A projector fits the whole board on screen down to this zoom (5,000 notes in the 6-column grid). */
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
