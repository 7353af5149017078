/**
 * Headless Chromium for bench:web, launched as the end-to-end tests launch it (Debian's Chromium,
 * CHROMIUM_PATH overrides). --disable-gpu: pages are rasterised and composited in software, on the
 * same two CPUs as the server and the simulated phones.
 */
import { chromium, type Browser, type Page } from '@playwright/test';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** Frame statistics from requestAnimationFrame timestamps (ms between consecutive frames). */
export type FrameStats = {
	frames: number;
	seconds: number;
	mean_fps: number;
	/** the 5th percentile of per-frame fps: 95 % of frames were at least this fast */
	p5_fps: number;
	p50_frame_ms: number;
	p95_frame_ms: number;
	p99_frame_ms: number;
	max_frame_ms: number;
	/** frames that took longer than 33 ms (at least one 60 Hz frame missed twice) */
	frames_over_33ms: number;
	/** 60 Hz frames that were not drawn: sum over frames of round(delta / 16.7) - 1 */
	dropped_60hz: number;
	long_tasks: number;
	long_task_ms: number;
	longest_task_ms: number;
};

type RawFrames = { deltas: number[]; seconds: number; longTasks: number[] };

/**
 * Start recording frames in the page: every requestAnimationFrame timestamp, and long tasks
 * (main-thread tasks over 50 ms) through a PerformanceObserver. `stopFrames` returns them.
 */
/*
 * The in-page scripts are strings: tsx (esbuild, keepNames) would wrap functions passed to
 * page.evaluate in a `__name` helper that does not exist in the page.
 */
const START_FRAMES = `(() => {
	const rec = { times: [], longTasks: [], running: true, observer: null };
	window.__benchFrames = rec;
	try {
		rec.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longTasks.push(e.duration); });
		rec.observer.observe({ type: 'longtask', buffered: false });
	} catch { rec.observer = null; }
	function tick(t) {
		if (!rec.running) return;
		rec.times.push(t);
		requestAnimationFrame(tick);
	}
	requestAnimationFrame(tick);
})()`;

const STOP_FRAMES = `(() => {
	const rec = window.__benchFrames;
	rec.running = false;
	if (rec.observer) rec.observer.disconnect();
	const deltas = [];
	for (let i = 1; i < rec.times.length; i++) deltas.push(rec.times[i] - rec.times[i - 1]);
	const seconds = rec.times.length > 1 ? (rec.times[rec.times.length - 1] - rec.times[0]) / 1000 : 0;
	return { deltas, seconds, longTasks: rec.longTasks };
})()`;

/**
 * Start recording frames in the page: every requestAnimationFrame timestamp, and long tasks
 * (main-thread tasks over 50 ms) through a PerformanceObserver. `stopFrames` returns them.
 */
export async function startFrames(page: Page): Promise<void> {
	await page.evaluate(START_FRAMES);
}

export async function stopFrames(page: Page): Promise<FrameStats> {
	return frameStats((await page.evaluate(STOP_FRAMES)) as RawFrames);
}

function frameStats(r: RawFrames): FrameStats {
	const sorted = [...r.deltas].sort((a, b) => a - b);
	const n = sorted.length;
	const at = (q: number): number => (n === 0 ? NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!);
	const round = (v: number): number => (Number.isFinite(v) ? Math.round(v * 10) / 10 : v);
	const dropped = r.deltas.reduce((a, d) => a + Math.max(0, Math.round(d / (1000 / 60)) - 1), 0);
	return {
		frames: n,
		seconds: round(r.seconds),
		mean_fps: round(r.seconds > 0 ? n / r.seconds : NaN),
		p5_fps: round(1000 / at(0.95)),
		p50_frame_ms: round(at(0.5)),
		p95_frame_ms: round(at(0.95)),
		p99_frame_ms: round(at(0.99)),
		max_frame_ms: round(n ? sorted[n - 1]! : NaN),
		frames_over_33ms: r.deltas.filter((d) => d > 33.4).length,
		dropped_60hz: dropped,
		long_tasks: r.longTasks.length,
		long_task_ms: round(r.longTasks.reduce((a, b) => a + b, 0)),
		longest_task_ms: round(r.longTasks.length ? Math.max(...r.longTasks) : 0)
	};
}
