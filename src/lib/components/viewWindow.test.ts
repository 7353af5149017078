import { describe, it, expect } from 'vitest';
import { renderArea, visibleRect } from './viewWindow';

const screen = { w: 1000, h: 500 };

describe('renderArea', () => {
	it('covers the visible part with half a screen on every side', () => {
		const view = { x: -200, y: -100, zoom: 0.5 };
		expect(visibleRect(view, screen)).toEqual({ x: 400, y: 200, w: 2000, h: 1000 });
		expect(renderArea(null, view, screen)).toEqual({ x: -600, y: -300, w: 4000, h: 2000 });
	});

	it('keeps the area during a short pan or a small zoom, and moves it when the view leaves it', () => {
		const a = renderArea(null, { x: 0, y: 0, zoom: 1 }, screen);
		expect(renderArea(a, { x: -300, y: 100, zoom: 1 }, screen)).toBe(a);
		expect(renderArea(a, { x: 50, y: 25, zoom: 1 / 1.1 }, screen)).toBe(a);
		const moved = renderArea(a, { x: -600, y: 0, zoom: 1 }, screen);
		expect(moved).not.toBe(a);
		expect(moved.x).toBe(100);
	});

	it('shrinks the area after zooming in far', () => {
		const a = renderArea(null, { x: 0, y: 0, zoom: 1 }, screen);
		expect(renderArea(a, { x: -500, y: -250, zoom: 1.4 }, screen)).toBe(a);
		const b = renderArea(a, { x: -1000, y: -500, zoom: 2 }, screen);
		expect(b).not.toBe(a);
		expect(b.w).toBe(1000);
	});
});
