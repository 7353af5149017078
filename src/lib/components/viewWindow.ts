/**
 * Which part of a staff board is rendered. A board of thousands of notes cannot be painted and laid
 * out on every frame of a pan or a zoom, so the board canvas renders only the notes in an area around
 * what is visible: the visible part plus half a screen on every side. The area is kept while the
 * visible part stays inside it and it is at most 9 times its size, so a pan re-renders nothing most
 * of the time and a new area is computed only every half screen or so. Pure.
 */
import type { Rect } from '../domain/board/layout';

export type View = { x: number; y: number; zoom: number };

/** The board rectangle visible on a `screen` of this size with `view` (translation + zoom). */
export function visibleRect(view: View, screen: { w: number; h: number }): Rect {
	return { x: -view.x / view.zoom, y: -view.y / view.zoom, w: screen.w / view.zoom, h: screen.h / view.zoom };
}

/** `prev` when it still covers what is visible, else a new area around it. */
export function renderArea(prev: Rect | null, view: View, screen: { w: number; h: number }): Rect {
	const v = visibleRect(view, screen);
	if (prev && prev.x <= v.x && prev.y <= v.y && prev.x + prev.w >= v.x + v.w && prev.y + prev.h >= v.y + v.h && prev.w * prev.h <= 9 * v.w * v.h) return prev;
	return { x: v.x - v.w / 2, y: v.y - v.h / 2, w: v.w * 2, h: v.h * 2 };
}
