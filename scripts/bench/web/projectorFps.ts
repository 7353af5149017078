/**
 * Projector frame rate: a board filled to N notes (the storm's filling: phones write their share
 * through the participant protocol, the facilitator the rest), the projector page /display/<token>
 * open in headless Chromium at 1920 x 1080, and then, while P simulated phones (worker processes)
 * post notes (Poisson, one per `noteIntervalS` each), every requestAnimationFrame timestamp of the
 * page for `durationS`. The same on the facilitator's board (/staff/w/<id>, signed in) while it is
 * panned and zoomed with the mouse.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { round1, sleep, untilAsync } from '../common.ts';
import { BackgroundLoad } from '../procStats.ts';
import type { Pool } from '../pool.ts';
import type { Kyoso } from '../servers.ts';
import { HOST, settings } from '../servers.ts';
import { progress } from '../report.ts';
import { startFrames, stopFrames, type FrameStats } from './browser.ts';
import { descendants, GroupCpu } from './procTree.ts';

export type FpsOptions = { participants: number; notes: number; durationS: number; idleS: number; noteIntervalS: number; staff: boolean };

export type Window = FrameStats & {
	/** notes on the page at the start and at the end of the window */
	notes_start: number;
	notes_end: number;
	notes_posted: number;
	chromium_cpu_pct: number;
	server_cpu_pct: number;
	background_cpu_pct: number;
};

export type FpsResult = {
	notes: number;
	phones: number;
	fill_s: number;
	render_all_ms: number;
	idle: Window | null;
	posting: Window;
	staff: Window | null;
};

const NOTES_PER_PHONE_MAX = 25; // under the 30 notes / 5 min limit per participant

// In-page code is passed as strings (see browser.ts: tsx would add a `__name` helper the page lacks).
// The notes a page holds: the projector pages its notes (only a page is rendered) and says how many
// it holds in `data-notes-total`; the staff board renders the notes around what is visible.
const notesIn = (scope: string): string =>
	`(document.querySelector(${JSON.stringify(`${scope}[data-notes-total]`)}) ? Number(document.querySelector(${JSON.stringify(`${scope}[data-notes-total]`)}).getAttribute('data-notes-total')) : document.querySelectorAll(${JSON.stringify(`${scope} article[data-note-id]`)}).length)`;

/**
 * Wait until at least `min` notes are drawn in `scope` (held, on the projector). A function, not a string: the pages' CSP has no
 * 'unsafe-eval', and Playwright turns a string predicate into a function with eval.
 */
async function waitForNotes(page: Page, scope: string, min: number, timeout: number, polling?: number): Promise<void> {
	await page.waitForFunction(
		([holder, selector, n]) => {
			// the projector pages its notes (only a page is drawn) and says how many it holds
			const total = document.querySelector(holder);
			return (total ? Number(total.getAttribute('data-notes-total')) : document.querySelectorAll(selector).length) >= n;
		},
		[`${scope}[data-notes-total]`, `${scope} article[data-note-id]`, min] as const,
		{ timeout, ...(polling ? { polling } : {}) }
	);
}

async function countNotes(page: Page, scope: string): Promise<number> {
	return (await page.evaluate(notesIn(scope))) as number;
}

export async function setupBoard(pool: Pool, kyoso: Kyoso, staffCookie: string, o: { participants: number; notes: number }): Promise<{ phones: number; notes: number; fillS: number }> {
	const W = pool.workers.length;
	const t0 = Date.now();
	const setups = await pool.each('hallSetup', (w) => ({
		port: kyoso.server.port,
		rooms: kyoso.rooms,
		phones: [...Array(o.participants).keys()].filter((i) => i % W === w.index).map((i) => ({ room: 0, nickname: `住民${i + 1}` })),
		displays: w.index === 0 ? [0] : [],
		staff: w.index === (1 % W) ? [0] : [],
		staffCookie,
		retryMs: 1000
	}));
	const phones = setups.reduce((a, s) => a + s.phones, 0);
	const failed = setups.reduce((a, s) => a + s.failed, 0);
	if (failed > 0) throw new Error(`${failed} simulated phones could not join or connect`);
	const perPhone = Math.min(NOTES_PER_PHONE_MAX, Math.floor(o.notes / Math.max(1, o.participants)));
	const staffNotes = Math.max(0, o.notes - perPhone * o.participants);
	progress(`web: ${phones} phones connected; filling the board (${perPhone} notes per phone, ${staffNotes} from the facilitator)`);
	const fills = await pool.each('fill', (w) => ({ notesPerPhone: perPhone, staffNotes: w.index === (1 % W) ? staffNotes : 0, spreadMs: 5000 }));
	const expected = fills.reduce((a, f) => a + f.acked, 0) + staffNotes;
	let held = 0;
	await untilAsync(
		async () => {
			const st = await pool.all('stormStatus', {});
			held = Math.max(0, ...st.map((s) => s.displayNotes[0] ?? 0));
			return held >= expected;
		},
		60_000,
		250
	);
	return { phones, notes: held, fillS: (Date.now() - t0) / 1000 };
}

/**
 * With `--cpu-prof DIR`, the page's main thread is profiled through the DevTools protocol for the
 * window and written to DIR/<name>.cpuprofile (open it in Chromium's DevTools, Performance tab).
 */
async function pageProfiler(page: Page, name: string): Promise<() => Promise<void>> {
	if (!settings.cpuProfDir) return async () => {};
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	return async () => {
		const { profile } = await cdp.send('Profiler.stop');
		const file = path.join(settings.cpuProfDir!, `${name}.cpuprofile`);
		fs.writeFileSync(file, JSON.stringify(profile));
		progress(`web: page profile written to ${file}`);
		await cdp.detach();
	};
}

/** Measure one window: frames of `page` while `during` runs (and at least `seconds`). */
async function window(page: Page, scope: string, seconds: number, pids: { server: number; ours: number[]; browserRoot: number }, during: () => Promise<number>, name: string): Promise<Window> {
	const chromium = descendants(pids.browserRoot);
	const bg = new BackgroundLoad([...pids.ours, pids.server, ...chromium]);
	const cpu = new GroupCpu(chromium);
	const server = new GroupCpu([pids.server]);
	const notesStart = await countNotes(page, scope);
	const stopProfile = await pageProfiler(page, name);
	await startFrames(page);
	const [posted] = await Promise.all([during(), sleep(seconds * 1000)]);
	const frames = await stopFrames(page);
	await stopProfile();
	const chromiumPct = cpu.pct();
	const serverPct = server.pct();
	const bgPct = bg.stop();
	return { ...frames, notes_start: notesStart, notes_end: await countNotes(page, scope), notes_posted: posted, chromium_cpu_pct: round1(chromiumPct), server_cpu_pct: round1(serverPct), background_cpu_pct: round1(bgPct) };
}

export async function measureProjector(pool: Pool, browser: Browser, kyoso: Kyoso, staffCookie: string, board: { phones: number; notes: number; fillS: number }, o: FpsOptions): Promise<FpsResult> {
	const base = `http://${HOST}:${kyoso.server.port}`;
	const room = kyoso.rooms[0]!;
	const pids = { server: kyoso.server.pid, ours: pool.pids(), browserRoot: process.pid };
	const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ja-JP' });
	try {
		const page = await ctx.newPage();
		const t0 = Date.now();
		await page.goto(`${base}/display/${room.displayToken}`);
		await waitForNotes(page, '.boards', board.notes, 120_000, 100);
		const renderAll = Date.now() - t0;
		progress(`web: projector shows ${board.notes} notes (${renderAll} ms from navigation)`);
		await sleep(1000);

		let idle: Window | null = null;
		if (o.idleS > 0) {
			idle = await window(page, '.boards', o.idleS, pids, async () => 0, 'projector-idle');
			progress(`web: projector idle: ${idle.mean_fps} fps mean, p95 frame ${idle.p95_frame_ms} ms`);
		}
		// The workers count notes sent since they were set up: a window's share is the difference.
		let sentBefore = 0;
		const post = async (): Promise<number> => {
			const runs = await pool.all('hallRun', { durationMs: o.durationS * 1000, noteRatePerSec: 1 / o.noteIntervalS, voteRatePerSec: 0 });
			const total = runs.reduce((a, r) => a + r.sentNotes, 0);
			const posted = total - sentBefore;
			sentBefore = total;
			return posted;
		};
		const posting = await window(page, '.boards', o.durationS, pids, post, 'projector-posting');
		progress(`web: projector while ${board.phones} phones post: ${posting.mean_fps} fps mean, p5 ${posting.p5_fps} fps, longest frame ${posting.max_frame_ms} ms`);
		await page.close();

		let staff: Window | null = null;
		if (o.staff) staff = await measureStaff(browser, base, room.workshopId, staffCookie, o, pids, post);
		return { notes: board.notes, phones: board.phones, fill_s: round1(board.fillS), render_all_ms: renderAll, idle, posting, staff };
	} finally {
		await ctx.close();
	}
}

/** A point on the board's background (not on a note, theme or control), for a pan to start on. */
async function backgroundPoint(page: Page): Promise<{ x: number; y: number } | null> {
	return (await page.evaluate(`(() => {
		const vp = document.querySelector('.viewport.editable');
		if (!vp) return null;
		const r = vp.getBoundingClientRect();
		for (let fy = 0.5; fy < 0.95; fy += 0.07) {
			for (const fx of [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9]) {
				const x = r.left + r.width * fx;
				const y = r.top + r.height * fy;
				const el = document.elementFromPoint(x, y);
				if (!el || !vp.contains(el)) continue;
				const hit = el.closest('article, section, button, input, [role="button"]');
				if (!hit || !vp.contains(hit)) return { x, y };
			}
		}
		return null;
	})()`)) as { x: number; y: number } | null;
}

async function measureStaff(
	browser: Browser,
	base: string,
	workshopId: string,
	staffCookie: string,
	o: FpsOptions,
	pids: { server: number; ours: number[]; browserRoot: number },
	post: () => Promise<number>
): Promise<Window | null> {
	const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ja-JP' });
	try {
		const [name, value] = staffCookie.split('=', 2) as [string, string];
		await ctx.addCookies([{ name, value, domain: HOST, path: '/' }]);
		const page = await ctx.newPage();
		await page.goto(`${base}/staff/w/${workshopId}`);
		await waitForNotes(page, '.viewport', 1, 60_000);
		await sleep(1500);
		const start = await backgroundPoint(page);
		if (!start) {
			progress('web: no free background on the facilitator board to pan from: staff window skipped');
			return null;
		}
		const gestures = async (): Promise<number> => {
			const [posted] = await Promise.all([
				post(),
				(async () => {
					const end = Date.now() + o.durationS * 1000;
					let dir = 1;
					while (Date.now() < end) {
						// pan: drag the background 300 px and back over ~0.5 s
						const p = (await backgroundPoint(page)) ?? start;
						await page.mouse.move(p.x, p.y);
						await page.mouse.down();
						for (let i = 1; i <= 15 && Date.now() < end; i++) {
							await page.mouse.move(p.x + dir * 20 * i, p.y + 8 * i);
							await sleep(16);
						}
						await page.mouse.up();
						dir = -dir;
						// zoom: five wheel steps in, five out, at the middle of the board
						for (const delta of [-100, -100, -100, -100, -100, 100, 100, 100, 100, 100]) {
							if (Date.now() >= end) break;
							await page.mouse.wheel(0, delta);
							await sleep(40);
						}
					}
				})()
			]);
			return posted;
		};
		await page.mouse.move(start.x, start.y);
		const w = await window(page, '.viewport', o.durationS, pids, gestures, 'staff-pan-zoom');
		progress(`web: facilitator board panned and zoomed: ${w.mean_fps} fps mean, p5 ${w.p5_fps} fps, longest frame ${w.max_frame_ms} ms`);
		return w;
	} finally {
		await ctx.close();
	}
}
