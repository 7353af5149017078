/**
 * The facilitator's live controls (進行の操作), kept in the board document so that projector, phones
 * and co-facilitators follow: timer, names shown or not, everyone's notes shown on phones or not,
 * a spotlighted note, "follow me" viewport, board lock. Pure functions over the Y.Doc.
 */
import type * as Y from 'yjs';

/** A countdown. Running: ends at `endsAt` (ms since epoch). Paused: `remainingMs` left. */
export type Timer = { durationMs: number; endsAt: number | null; remainingMs: number };

export type Viewport = { x: number; y: number; zoom: number };

export type Controls = {
	timer: Timer | null;
	showNames: boolean;
	/** phones see everyone's (visible) notes, not only their own */
	showAll: boolean;
	spotlight: string | null;
	/** projector mirrors this viewport while set */
	follow: Viewport | null;
	locked: boolean;
};

export const TIMER_PRESETS_MIN = [1, 3, 5, 10, 15, 30] as const;
export const MAX_TIMER_MS = 3 * 3600 * 1000;

export function controlsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('controls');
}

function isTimer(v: unknown): v is Timer {
	if (typeof v !== 'object' || v === null) return false;
	const t = v as Record<string, unknown>;
	return typeof t.durationMs === 'number' && typeof t.remainingMs === 'number' && (t.endsAt === null || typeof t.endsAt === 'number');
}

function isViewport(v: unknown): v is Viewport {
	if (typeof v !== 'object' || v === null) return false;
	const t = v as Record<string, unknown>;
	return [t.x, t.y, t.zoom].every((n) => typeof n === 'number' && Number.isFinite(n));
}

export function readControls(doc: Y.Doc): Controls {
	const c = controlsMap(doc);
	const timer = c.get('timer');
	const follow = c.get('follow');
	const spotlight = c.get('spotlight');
	// Fresh objects with only the known fields: whatever else a client stored stays out of views.
	return {
		timer: isTimer(timer) ? { durationMs: timer.durationMs, endsAt: timer.endsAt, remainingMs: timer.remainingMs } : null,
		showNames: c.get('showNames') === true,
		showAll: c.get('showAll') === true,
		spotlight: typeof spotlight === 'string' && spotlight ? spotlight : null,
		follow: isViewport(follow) ? { x: follow.x, y: follow.y, zoom: follow.zoom } : null,
		locked: c.get('locked') === true
	};
}

export function setControl<K extends 'showNames' | 'showAll' | 'locked'>(doc: Y.Doc, key: K, value: boolean): void {
	controlsMap(doc).set(key, value);
}

export function setSpotlight(doc: Y.Doc, noteId: string | null): void {
	controlsMap(doc).set('spotlight', noteId ?? '');
}

export function setFollow(doc: Y.Doc, viewport: Viewport | null): void {
	if (viewport && !isViewport(viewport)) return;
	controlsMap(doc).set('follow', viewport ? { x: Math.round(viewport.x), y: Math.round(viewport.y), zoom: Math.min(4, Math.max(0.1, viewport.zoom)) } : null);
}

export function startTimer(doc: Y.Doc, durationMs: number, now: number): Timer {
	const d = Number.isNaN(durationMs) ? 1000 : Math.min(MAX_TIMER_MS, Math.max(1000, Math.round(durationMs)));
	const timer: Timer = { durationMs: d, endsAt: now + d, remainingMs: d };
	controlsMap(doc).set('timer', timer);
	return timer;
}

export function pauseTimer(doc: Y.Doc, now: number): void {
	const t = readControls(doc).timer;
	if (!t || t.endsAt === null) return;
	controlsMap(doc).set('timer', { ...t, endsAt: null, remainingMs: Math.max(0, t.endsAt - now) });
}

export function resumeTimer(doc: Y.Doc, now: number): void {
	const t = readControls(doc).timer;
	if (!t || t.endsAt !== null || t.remainingMs <= 0) return;
	controlsMap(doc).set('timer', { ...t, endsAt: now + t.remainingMs });
}

export function clearTimer(doc: Y.Doc): void {
	controlsMap(doc).set('timer', null);
}

/** Milliseconds left on the timer at `now` (never negative). */
export function timerRemaining(t: Timer | null, now: number): number {
	if (!t) return 0;
	return t.endsAt === null ? t.remainingMs : Math.max(0, t.endsAt - now);
}

/** "4:05" style display. */
export function formatRemaining(ms: number): string {
	const s = Math.ceil(ms / 1000);
	const m = Math.floor(s / 60);
	return `${m}:${String(s % 60).padStart(2, '0')}`;
}
