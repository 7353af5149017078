/**
 * A worker process of the bench (forked by bench.ts): it runs a share of the simulated clients and
 * answers the orchestrator's requests (see ipc.ts). Latencies are measured here, on arrival.
 */
import type * as Y from 'yjs';
import { createTheme } from '../../src/lib/domain/themes.ts';
import { openVote } from '../../src/lib/domain/voting.ts';
import { addNote } from '../../src/lib/domain/board.ts';
import { randomId } from '../../src/lib/domain/ids.ts';
import { Phone, bump, joinWorkshop, yClient, type PhoneStats, type YClient } from './clients.ts';
import { NOTE_LABELS, SENT_TAG, THEME_TITLES, mapLimit, now, poissonGapMs, seededRandom, sleep, until } from './common.ts';
import type { Api, Command, HallSetup, RawSetup, Request, Response } from './ipc.ts';
import { watchStalls } from './stallWatch.mjs';

process.setMaxListeners(0); // every y-websocket provider adds an exit listener

const HOST = '127.0.0.1';
const label = (): string => NOTE_LABELS[Math.floor(Math.random() * NOTE_LABELS.length)]!;

type Display = { room: number; client: YClient; seen: { room: number; id: string; ms: number }[]; storm: StormMark };
type Staff = { room: number; client: YClient; storm: StormMark };
type StormMark = { armed: boolean; dropped: boolean; syncedAt: number | null; openAt: number | null };
type RawClient = { index: number; client: YClient; map: Y.Map<RawNote> };
type RawNote = { t: number; w: number; text: string };

const newStats = (): PhoneStats => ({ noteAckMs: [], voteAckMs: [], acked: [], errors: {} });

const state = {
	phones: [] as Phone[],
	displays: [] as Display[],
	staff: [] as Staff[],
	stats: newStats(),
	measuring: false,
	sentNotes: 0,
	sentVotes: 0,
	timers: new Set<ReturnType<typeof setTimeout>>(),
	raw: [] as RawClient[],
	rawSamples: [] as number[],
	rawWritten: [] as string[],
	rawSeen: {} as Record<string, number>,
	rawErrors: {} as Record<string, number>,
	rawStalls: [] as number[]
};

function later(ms: number, fn: () => void): void {
	const t = setTimeout(() => {
		state.timers.delete(t);
		fn();
	}, ms);
	state.timers.add(t);
}

function stormMark(): StormMark {
	return { armed: false, dropped: false, syncedAt: null, openAt: null };
}

/** Mark the storm on a y-websocket client: disconnected after arming, then synced again. */
function watchStorm(client: YClient, mark: StormMark): void {
	client.provider.on('status', ({ status }: { status: string }) => {
		if (!mark.armed) return;
		if (status === 'disconnected') mark.dropped = true;
		if (status === 'connected' && mark.dropped && mark.openAt === null) mark.openAt = now();
	});
	client.onSynced(() => {
		if (mark.armed && mark.dropped && mark.syncedAt === null) mark.syncedAt = now();
	});
}

/* ------------------------------------------------------------------ hall and storm */

async function hallSetup(req: HallSetup): Promise<Api['hallSetup']['res']> {
	const base = `http://${HOST}:${req.port}`;
	const syncBase = `ws://${HOST}:${req.port}/sync`;
	const docName = (room: number) => `workshop.${req.rooms[room]!.workshopId}`;
	let failed = 0;

	// Projectors first (as in the hall: the board is on the wall before people arrive).
	for (const room of req.displays) {
		const client = yClient({
			serverUrl: syncBase,
			room: docName(room),
			params: { as: 'display', t: req.rooms[room]!.displayToken },
			awarenessState: null,
			maxBackoffTime: req.retryMs
		});
		const d: Display = { room, client, seen: [], storm: stormMark() };
		const notes = client.doc.getMap('notes');
		notes.observeDeep((events) => {
			if (!state.measuring) return;
			const at = now();
			for (const ev of events) {
				if (ev.target !== notes) continue;
				for (const [id, change] of ev.changes.keys) {
					if (change.action !== 'add') continue;
					const note = notes.get(id) as Y.Map<unknown> | undefined;
					const text = note?.get('text');
					const m = typeof text === 'string' ? SENT_TAG.exec(text) : null;
					if (m) d.seen.push({ room, id, ms: at - Number(m[1]) });
				}
			}
		});
		watchStorm(client, d.storm);
		state.displays.push(d);
		await client.whenSynced(30_000);
	}
	for (const room of req.staff) {
		const client = yClient({
			serverUrl: syncBase,
			room: docName(room),
			params: { as: 'staff' },
			cookie: req.staffCookie,
			awarenessState: { user: { name: `進行役 ${room + 1}`, color: '#e07a5f' } },
			maxBackoffTime: req.retryMs
		});
		const s: Staff = { room, client, storm: stormMark() };
		watchStorm(client, s.storm);
		state.staff.push(s);
		await client.whenSynced(30_000);
	}

	// Phones join through the real form, then open their socket and wait for their first view.
	const joined = await mapLimit(req.phones, 8, async (p) => {
		try {
			return { p, cookie: await joinWorkshop(base, req.rooms[p.room]!.joinCode, p.nickname) };
		} catch (e) {
			failed++;
			bump(state.stats.errors, `join: ${(e as Error).message}`);
			return null;
		}
	});
	await mapLimit(joined, 16, async (j) => {
		if (!j) return;
		const phone = new Phone({
			room: j.p.room,
			url: `${syncBase}/${docName(j.p.room)}?as=participant`,
			cookie: j.cookie,
			stats: state.stats,
			retryMs: req.retryMs
		});
		state.phones.push(phone);
		try {
			await phone.start();
		} catch (e) {
			failed++;
			bump(state.stats.errors, `connect: ${(e as Error).message}`);
		}
	});
	return { phones: state.phones.length, displays: state.displays.length, staff: state.staff.length, failed };
}

function openVotes(req: Api['openVote']['req']): Api['openVote']['res'] {
	for (const s of state.staff) {
		const doc = s.client.doc;
		doc.transact(() => {
			for (let i = 0; i < req.themes; i++) {
				const r = createTheme(doc, { id: `th-${randomId(12)}`, title: THEME_TITLES[i % THEME_TITLES.length]!, x: 300 * i, y: 1200, now: Date.now() + i });
				if (!r.ok) throw new Error(r.error);
			}
			const v = openVote(doc, { roundId: `r-${randomId(12)}`, target: 'themes', dotsPerPerson: req.dotsPerPerson, allowStacking: false, hideResults: false, now: Date.now() });
			if (!v.ok) throw new Error(v.error);
		});
	}
	return { opened: state.staff.length };
}

async function awaitVote(req: Api['awaitVote']['req']): Promise<Api['awaitVote']['res']> {
	const ready = (p: Phone) => p.view?.vote?.status === 'open' && (p.shared?.voteItems?.length ?? 0) > 0;
	await until(() => state.phones.every(ready), req.timeoutMs, 50);
	const n = state.phones.filter(ready).length;
	return { ready: n, missing: state.phones.length - n };
}

async function hallRun(req: Api['hallRun']['req']): Promise<Api['hallRun']['res']> {
	state.measuring = true;
	const end = Date.now() + req.durationMs;
	const schedule = (rate: number, act: () => void): void => {
		if (rate <= 0) return;
		const step = (): void => {
			const gap = poissonGapMs(rate);
			if (Date.now() + gap >= end) return;
			later(gap, () => {
				act();
				step();
			});
		};
		step();
	};
	for (const phone of state.phones) {
		schedule(req.noteRatePerSec, () => {
			phone.sendNote(label());
			state.sentNotes++;
		});
		schedule(req.voteRatePerSec, () => {
			if (phone.vote()) state.sentVotes++;
			else bump(state.stats.errors, 'vote_skipped (tap in flight or no vote)');
		});
	}
	await sleep(req.durationMs);
	return { sentNotes: state.sentNotes, sentVotes: state.sentVotes };
}

function hallStatus(): Api['hallStatus']['res'] {
	const ackedByRoom: Record<number, number> = {};
	const seenByRoom: Record<number, number> = {};
	for (const a of state.stats.acked) ackedByRoom[a.room] = (ackedByRoom[a.room] ?? 0) + 1;
	for (const d of state.displays) seenByRoom[d.room] = (seenByRoom[d.room] ?? 0) + d.seen.length;
	let inflight = 0;
	for (const p of state.phones) inflight += p.outbox.length;
	return { inflight, ackedByRoom, seenByRoom };
}

function hallCollect(): Api['hallCollect']['res'] {
	return {
		acked: state.stats.acked,
		seen: state.displays.flatMap((d) => d.seen),
		noteAckMs: state.stats.noteAckMs,
		voteAckMs: state.stats.voteAckMs,
		errors: state.stats.errors,
		sentNotes: state.sentNotes,
		sentVotes: state.sentVotes
	};
}

/** Bring the board to its size before the storm: phones write their share, staff the rest. */
async function fill(req: Api['fill']['req']): Promise<Api['fill']['res']> {
	for (const phone of state.phones) {
		for (let i = 0; i < req.notesPerPhone; i++) later(Math.random() * req.spreadMs, () => phone.sendNote(label()));
	}
	for (const staff of req.staffNotes > 0 ? state.staff : []) {
		const doc = staff.client.doc;
		for (let done = 0; done < req.staffNotes; done += 50) {
			doc.transact(() => {
				for (let i = done; i < Math.min(req.staffNotes, done + 50); i++) {
					const r = addNote(doc, { id: `s-${randomId(14)}`, text: label(), kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: Date.now() });
					if (!r.ok) throw new Error(r.error);
				}
			});
			await sleep(20);
		}
	}
	await sleep(req.spreadMs);
	await until(() => state.phones.every((p) => p.outbox.length === 0), 120_000, 100);
	let failed = 0;
	for (const p of state.phones) failed += p.outbox.length;
	return { acked: state.stats.acked.length, failed };
}

function armStorm(): Api['armStorm']['res'] {
	for (const p of state.phones) p.storm = { armed: true, reopened: false, openAt: null, syncedAt: null };
	for (const c of [...state.displays, ...state.staff]) c.storm = Object.assign(c.storm, { armed: true, dropped: false, syncedAt: null, openAt: null });
	return { clients: state.phones.length + state.displays.length + state.staff.length };
}

function stormStatus(): Api['stormStatus']['res'] {
	const syncedAt: number[] = [];
	let firstOpenAt: number | null = null;
	const open = (t: number | null) => {
		if (t !== null && (firstOpenAt === null || t < firstOpenAt)) firstOpenAt = t;
	};
	for (const p of state.phones) {
		open(p.storm.openAt);
		if (p.storm.syncedAt !== null) syncedAt.push(p.storm.syncedAt);
	}
	for (const c of [...state.displays, ...state.staff]) {
		open(c.storm.openAt);
		if (c.storm.syncedAt !== null) syncedAt.push(c.storm.syncedAt);
	}
	const displayNotes: Record<number, number> = {};
	for (const d of state.displays) displayNotes[d.room] = d.client.doc.getMap('notes').size;
	return { clients: state.phones.length + state.displays.length + state.staff.length, synced: syncedAt.length, syncedAt, firstOpenAt, displayNotes };
}

/* ------------------------------------------------------------------ raw */

/** Keys written while warming up: not measured, not counted as written. */
const WARMUP_KEY_PREFIX = 'warm-';

async function rawSetup(req: RawSetup): Promise<Api['rawSetup']['res']> {
	let failed = 0;
	const indices = Array.from({ length: req.clients }, (_, i) => req.firstIndex + i);
	await mapLimit(indices, 16, async (index) => {
		const client = yClient({
			serverUrl: req.target.serverUrl,
			room: req.target.room,
			params: req.target.params,
			cookie: req.target.cookie,
			hocuspocus: req.target.hocuspocus,
			// y-websocket's default is an empty presence state ({}); "off" publishes none.
			awarenessState: req.awareness ? {} : null,
			maxBackoffTime: 2500
		});
		const map = client.doc.getMap<RawNote>('raw');
		map.observe((ev) => {
			if (ev.transaction.local || !state.measuring) return;
			const at = now();
			for (const [key, change] of ev.changes.keys) {
				if (change.action !== 'add' || key.startsWith(WARMUP_KEY_PREFIX)) continue;
				const v = map.get(key);
				if (!v || v.w === index) continue;
				state.rawSamples.push(at - v.t);
				state.rawSeen[key] = (state.rawSeen[key] ?? 0) + 1;
			}
		});
		state.raw.push({ index, client, map });
		try {
			await client.whenSynced(60_000);
		} catch (e) {
			failed++;
			bump(state.rawErrors, (e as Error).message);
		}
	});
	return { clients: state.raw.length, failed };
}

async function rawRun(req: Api['rawRun']['req']): Promise<Api['rawRun']['res']> {
	const warmup = req.warmup === true;
	state.measuring = !warmup;
	const end = Date.now() + req.durationMs;
	// this process's own stalls, as fanoutProbe.mjs times the server's (not while warming up)
	const t0 = performance.now();
	const stopWatching = warmup
		? () => {}
		: watchStalls((lastTick, ms) => {
				state.rawStalls.push(ms);
				if (process.env.KYOSO_BENCH_DEBUG) console.error(`[worker ${process.pid}] stall ${Math.round(ms)} ms at ${((lastTick - t0) / 1000).toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
			});
	for (const c of state.raw) {
		let seq = 0;
		const random = seededRandom((req.seed ^ Math.imul(c.index + 1, 0x9e3779b1)) >>> 0);
		const step = (): void => {
			const gap = poissonGapMs(req.ratePerSec, random);
			if (Date.now() + gap >= end) return;
			later(gap, () => {
				const key = `${warmup ? WARMUP_KEY_PREFIX : ''}${c.index}-${seq++}`;
				if (!warmup) state.rawWritten.push(key);
				c.map.set(key, { t: now(), w: c.index, text: label() });
				step();
			});
		};
		step();
	}
	await sleep(req.durationMs);
	stopWatching();
	return { written: state.rawWritten.length };
}

function rawCollect(): Api['rawCollect']['res'] {
	return { samples: Float64Array.from(state.rawSamples), written: state.rawWritten, seenCount: state.rawSeen, errors: state.rawErrors, stalls: state.rawStalls };
}

/* ------------------------------------------------------------------ common */

function reset(): Api['reset']['res'] {
	for (const t of state.timers) clearTimeout(t);
	state.timers.clear();
	const closed = state.phones.length + state.displays.length + state.staff.length + state.raw.length;
	for (const p of state.phones) p.stop();
	for (const c of [...state.displays, ...state.staff, ...state.raw]) c.client.destroy();
	Object.assign(state, {
		phones: [],
		displays: [],
		staff: [],
		stats: newStats(),
		measuring: false,
		sentNotes: 0,
		sentVotes: 0,
		raw: [],
		rawSamples: [],
		rawWritten: [],
		rawSeen: {},
		rawErrors: {},
		rawStalls: []
	});
	return { closed };
}

type Handlers = { [K in Command]: (req: Api[K]['req']) => Promise<Api[K]['res']> | Api[K]['res'] };

const handlers: Handlers = {
	hallSetup,
	openVote: openVotes,
	awaitVote,
	hallRun,
	hallStatus,
	hallCollect,
	fill,
	armStorm,
	stormStatus,
	rawSetup,
	rawRun,
	rawStatus: () => ({ seen: state.rawSamples.length }),
	rawCollect,
	reset
};

async function dispatch<K extends Command>(msg: Request<K>): Promise<Api[K]['res']> {
	const handler = handlers[msg.cmd] as (req: Api[K]['req']) => Promise<Api[K]['res']> | Api[K]['res'];
	return handler(msg.req);
}

process.on('message', (raw: unknown) => {
	const msg = raw as Request;
	dispatch(msg).then(
		(res) => process.send?.({ id: msg.id, ok: true, res } satisfies Response),
		(e: unknown) => process.send?.({ id: msg.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Response)
	);
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, res: 'ready' } satisfies Response);
