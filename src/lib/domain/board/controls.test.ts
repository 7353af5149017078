import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import {
	clearTimer,
	controlsMap,
	formatRemaining,
	pauseTimer,
	readControls,
	resumeTimer,
	setControl,
	setFollow,
	setSpotlight,
	startTimer,
	timerRemaining,
	MAX_TIMER_MS,
	TIMER_PRESETS_MIN,
	type Controls,
	type Timer
} from './controls';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

const DEFAULTS: Controls = { timer: null, showNames: false, showAll: false, spotlight: null, follow: null, locked: false };

describe('readControls', () => {
	it('reads defaults from an empty document', () => {
		expect(readControls(new Y.Doc())).toEqual(DEFAULTS);
	});

	it('ignores malformed values stored in the document', () => {
		const doc = new Y.Doc();
		const c = controlsMap(doc);
		c.set('timer', { durationMs: '60000', endsAt: null, remainingMs: 1 });
		c.set('follow', { x: 1, y: 2, zoom: Number.NaN });
		c.set('spotlight', 42);
		c.set('showNames', 'yes');
		c.set('showAll', 1);
		c.set('locked', 'true');
		expect(readControls(doc)).toEqual(DEFAULTS);
	});
});

describe('showNames, showAll and locked', () => {
	it.each(['showNames', 'showAll', 'locked'] as const)('switches %s on and off without touching the others', (key) => {
		const doc = new Y.Doc();
		setControl(doc, key, true);
		expect(readControls(doc)).toEqual({ ...DEFAULTS, [key]: true });
		setControl(doc, key, false);
		expect(readControls(doc)).toEqual(DEFAULTS);
	});

	it('keeps several switches independently', () => {
		const doc = new Y.Doc();
		setControl(doc, 'showNames', true);
		setControl(doc, 'locked', true);
		expect(readControls(doc)).toMatchObject({ showNames: true, showAll: false, locked: true });
	});
});

describe('setSpotlight', () => {
	it('sets and clears the spotlighted note', () => {
		const doc = new Y.Doc();
		setSpotlight(doc, 'note-0001');
		expect(readControls(doc).spotlight).toBe('note-0001');
		setSpotlight(doc, 'note-0002');
		expect(readControls(doc).spotlight).toBe('note-0002');
		setSpotlight(doc, null);
		expect(readControls(doc).spotlight).toBeNull();
	});
});

describe('setFollow', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = new Y.Doc();
	});

	it('stores a viewport with rounded coordinates', () => {
		setFollow(doc, { x: 10.4, y: -20.6, zoom: 1.25 });
		expect(readControls(doc).follow).toEqual({ x: 10, y: -21, zoom: 1.25 });
	});

	it.each([
		[0.01, 0.1],
		[0, 0.1],
		[-3, 0.1],
		[0.1, 0.1],
		[4, 4],
		[4.5, 4],
		[100, 4]
	])('clamps zoom %d to %d', (zoom, expected) => {
		setFollow(doc, { x: 0, y: 0, zoom });
		expect(readControls(doc).follow?.zoom).toBe(expected);
	});

	it('stops following with null', () => {
		setFollow(doc, { x: 1, y: 2, zoom: 1 });
		setFollow(doc, null);
		expect(readControls(doc).follow).toBeNull();
	});

	it('ignores a viewport with non-finite numbers and keeps the previous one', () => {
		setFollow(doc, { x: 1, y: 2, zoom: 1 });
		setFollow(doc, { x: Number.NaN, y: 0, zoom: 1 });
		setFollow(doc, { x: 0, y: Number.POSITIVE_INFINITY, zoom: 1 });
		setFollow(doc, { x: 0, y: 0, zoom: Number.NEGATIVE_INFINITY });
		expect(readControls(doc).follow).toEqual({ x: 1, y: 2, zoom: 1 });
	});
});

describe('timer', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = new Y.Doc();
	});

	it('offers presets in minutes that fit under the maximum', () => {
		expect(TIMER_PRESETS_MIN.length).toBeGreaterThan(0);
		for (const m of TIMER_PRESETS_MIN) expect(m * MIN).toBeLessThanOrEqual(MAX_TIMER_MS);
		expect(MAX_TIMER_MS).toBe(3 * 60 * MIN);
	});

	it('starts a running countdown and stores it', () => {
		const t = startTimer(doc, 5 * MIN, T0);
		expect(t).toEqual({ durationMs: 5 * MIN, endsAt: T0 + 5 * MIN, remainingMs: 5 * MIN });
		expect(readControls(doc).timer).toEqual(t);
	});

	it('counts down with the clock and never goes below zero', () => {
		const t = startTimer(doc, 5 * MIN, T0);
		expect(timerRemaining(t, T0)).toBe(5 * MIN);
		expect(timerRemaining(t, T0 + 1)).toBe(5 * MIN - 1);
		expect(timerRemaining(t, T0 + 2 * MIN)).toBe(3 * MIN);
		expect(timerRemaining(t, T0 + 5 * MIN)).toBe(0);
		expect(timerRemaining(t, T0 + 5 * MIN + 1)).toBe(0);
		expect(timerRemaining(t, T0 + 60 * MIN)).toBe(0);
	});

	it('reports zero without a timer', () => {
		expect(timerRemaining(null, T0)).toBe(0);
		expect(timerRemaining(readControls(doc).timer, T0)).toBe(0);
	});

	it.each([
		['zero', 0, 1_000],
		['negative', -5 * MIN, 1_000],
		['below one second', 999, 1_000],
		['exactly one second', 1_000, 1_000],
		['a fraction', 1_500.4, 1_500],
		['exactly three hours', MAX_TIMER_MS, MAX_TIMER_MS],
		['over three hours', MAX_TIMER_MS + 1, MAX_TIMER_MS],
		['a day', 24 * 60 * MIN, MAX_TIMER_MS],
		['infinite', Number.POSITIVE_INFINITY, MAX_TIMER_MS]
	])('clamps a %s duration to 1 s..3 h', (_name, durationMs, expected) => {
		const t = startTimer(doc, durationMs, T0);
		expect(t.durationMs).toBe(expected);
		expect(t.endsAt).toBe(T0 + expected);
		expect(timerRemaining(readControls(doc).timer, T0)).toBe(expected);
	});

	// Regression: NaN used to pass through Math.max/Math.min and be stored as a NaN timer.
	// as a timer whose durationMs, endsAt and remainingMs are all NaN; readControls accepts it (typeof
	// 'number'), timerRemaining returns NaN and formatRemaining shows "NaN:NaN".
	// Repro: startTimer(doc, NaN, now).durationMs is NaN.
	it('clamps a NaN duration into 1 s..3 h as well', () => {
		const t = startTimer(doc, Number.NaN, T0);
		expect(t.durationMs).toBeGreaterThanOrEqual(1_000);
		expect(t.durationMs).toBeLessThanOrEqual(MAX_TIMER_MS);
		expect(Number.isFinite(timerRemaining(readControls(doc).timer, T0))).toBe(true);
	});

	it('pauses with the time left and holds it while the clock moves', () => {
		startTimer(doc, 5 * MIN, T0);
		pauseTimer(doc, T0 + 2 * MIN);
		const paused = readControls(doc).timer;
		expect(paused).toEqual({ durationMs: 5 * MIN, endsAt: null, remainingMs: 3 * MIN });
		expect(timerRemaining(paused, T0 + 2 * MIN)).toBe(3 * MIN);
		expect(timerRemaining(paused, T0 + 60 * MIN)).toBe(3 * MIN);
	});

	it('resumes from where it was paused', () => {
		startTimer(doc, 5 * MIN, T0);
		pauseTimer(doc, T0 + 2 * MIN);
		resumeTimer(doc, T0 + 10 * MIN);
		const running = readControls(doc).timer;
		expect(running).toEqual({ durationMs: 5 * MIN, endsAt: T0 + 13 * MIN, remainingMs: 3 * MIN });
		expect(timerRemaining(running, T0 + 10 * MIN)).toBe(3 * MIN);
		expect(timerRemaining(running, T0 + 12 * MIN)).toBe(1 * MIN);
		expect(timerRemaining(running, T0 + 14 * MIN)).toBe(0);
	});

	it('survives several pause/resume cycles', () => {
		startTimer(doc, 10 * MIN, T0);
		pauseTimer(doc, T0 + 1 * MIN); // 9 left
		resumeTimer(doc, T0 + 5 * MIN);
		pauseTimer(doc, T0 + 8 * MIN); // 6 left
		resumeTimer(doc, T0 + 20 * MIN);
		expect(timerRemaining(readControls(doc).timer, T0 + 20 * MIN)).toBe(6 * MIN);
		expect(timerRemaining(readControls(doc).timer, T0 + 26 * MIN)).toBe(0);
	});

	it('pausing after the end stores zero left, and such a timer cannot resume', () => {
		startTimer(doc, 1 * MIN, T0);
		pauseTimer(doc, T0 + 5 * MIN);
		expect(readControls(doc).timer).toEqual({ durationMs: MIN, endsAt: null, remainingMs: 0 });
		resumeTimer(doc, T0 + 6 * MIN);
		expect(readControls(doc).timer?.endsAt).toBeNull();
		expect(timerRemaining(readControls(doc).timer, T0 + 6 * MIN)).toBe(0);
	});

	it('ignores pause on a paused timer and resume on a running one', () => {
		startTimer(doc, 5 * MIN, T0);
		resumeTimer(doc, T0 + 1 * MIN);
		expect(readControls(doc).timer?.endsAt).toBe(T0 + 5 * MIN);
		pauseTimer(doc, T0 + 2 * MIN);
		pauseTimer(doc, T0 + 4 * MIN);
		expect(readControls(doc).timer?.remainingMs).toBe(3 * MIN);
	});

	it('does nothing on pause or resume without a timer', () => {
		let updates = 0;
		doc.on('update', () => updates++);
		pauseTimer(doc, T0);
		resumeTimer(doc, T0);
		expect(updates).toBe(0);
		expect(readControls(doc).timer).toBeNull();
	});

	it('restarting replaces the running timer', () => {
		startTimer(doc, 5 * MIN, T0);
		pauseTimer(doc, T0 + MIN);
		const t = startTimer(doc, 3 * MIN, T0 + 2 * MIN);
		expect(readControls(doc).timer).toEqual(t);
		expect(timerRemaining(t, T0 + 2 * MIN)).toBe(3 * MIN);
	});

	it('clears the timer', () => {
		startTimer(doc, 5 * MIN, T0);
		clearTimer(doc);
		expect(readControls(doc).timer).toBeNull();
		expect(timerRemaining(readControls(doc).timer, T0)).toBe(0);
		// clearing twice is harmless
		clearTimer(doc);
		expect(readControls(doc)).toEqual(DEFAULTS);
	});

	it('reaches a replica, which computes the same time left from its own clock', () => {
		startTimer(doc, 5 * MIN, T0);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		const t: Timer | null = readControls(replica).timer;
		expect(timerRemaining(t, T0 + 90_000)).toBe(3 * MIN + 30_000);
	});
});

describe('formatRemaining', () => {
	it.each([
		[0, '0:00'],
		[1, '0:01'],
		[999, '0:01'],
		[1_000, '0:01'],
		[1_001, '0:02'],
		[9_000, '0:09'],
		[59_000, '0:59'],
		[59_001, '1:00'],
		[60_000, '1:00'],
		[245_000, '4:05'],
		[10 * MIN, '10:00'],
		[MAX_TIMER_MS, '180:00']
	])('shows %i ms as %s', (ms, text) => {
		expect(formatRemaining(ms)).toBe(text);
	});

	it('shows what is left on a timer, rounding partial seconds up', () => {
		const t = startTimer(new Y.Doc(), 5 * MIN, T0);
		expect(formatRemaining(timerRemaining(t, T0))).toBe('5:00');
		expect(formatRemaining(timerRemaining(t, T0 + 55_500))).toBe('4:05');
		expect(formatRemaining(timerRemaining(t, T0 + 5 * MIN - 1))).toBe('0:01');
		expect(formatRemaining(timerRemaining(t, T0 + 6 * MIN))).toBe('0:00');
	});
});
