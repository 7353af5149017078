/**
 * raw: the same plain-Yjs workload against our server and the reference servers, one after the
 * other in one run. N y-websocket clients share one document; each sets a note in a Y.Map at
 * Poisson 1 per 20 s; every client observes; latency = arrival at every other client. Our server
 * is driven as staff (only staff may write Yjs there); the others accept anyone.
 */
import { median, pairedDifference, summarise, sleep, round1, untilAsync, type Difference, type Summary } from './common.ts';
import { BackgroundLoad, cpuBetween, ProcSampler, readProc, waitQuiet } from './procStats.ts';
import { HOST, settings, referenceInstalled, referenceVersion, startKyoso, startReference, staffLogin, type ReferenceKind, type ServerProcess } from './servers.ts';
import type { Pool } from './pool.ts';
import type { RawTarget } from './ipc.ts';
import { latencyFields, progress, table } from './report.ts';
import type { Outcome } from './hall.ts';

/** `kyoso-alt`: our server again, with the environment given by `--alt-env` (an A/B in the same rotation). */
export type ServerKind = 'kyoso' | 'kyoso-alt' | ReferenceKind;
export const SERVERS: ServerKind[] = ['kyoso', 'y-websocket-server', 'hocuspocus'];
export const SERVER_CHOICES: ServerKind[] = [...SERVERS, 'kyoso-alt'];
const isOurs = (kind: ServerKind) => kind === 'kyoso' || kind === 'kyoso-alt';

/** `seed`: the write schedule (same for every server of one run) */
/**
 * `rounds`: run every server this many times per awareness mode, each round in a rotated order
 * (ours first, then second, ...), and judge on the median of the rounds: one window per server is
 * at the mercy of what else the machine does, and of who goes first.
 */
export type RawOptions = {
	clients: number;
	durationS: number;
	ratePerSec: number;
	awareness: ('on' | 'off')[];
	settleMs: number;
	/** unmeasured seconds of the same workload before the window (the clients are fresh processes) */
	warmupS: number;
	seed: number;
	servers?: ServerKind[];
	rounds?: number;
	/** environment of `kyoso-alt` */
	altEnv?: Record<string, string>;
};

type RunFigures = {
	server: string;
	awareness: 'on' | 'off';
	latency: Summary;
	lost: number;
	rssMaxMb: number;
	cpuPct: number;
	/** CPU used by processes outside the bench meanwhile (% of a core) */
	backgroundPct: number;
	failed: number;
	/** the server's fan-outs of an update to the other clients, timed inside its process (fanoutProbe.mjs), ms */
	fanout: Summary;
	/** sockets reached per fan-out (median) */
	fanoutSockets: number;
	/** times the server's event loop was blocked ≥ 40 ms in the window (fanoutProbe.mjs) */
	stalls: Stalls;
	/** CPU of all client worker processes together in the window (% of one core: 200 % = both cores of a 2-core machine) */
	clientCpuPct: number;
	/** times a client worker's event loop was held up ≥ 40 ms in the window (garbage collection, CPU starvation) */
	clientStalls: Stalls;
	note?: string;
	/** 1-based round; 0 for the median over rounds */
	round?: number;
};

/** Event-loop stalls (stallWatch.mjs): how many, the longest, and all of them together, ms. */
type Stalls = { count: number; longestMs: number; totalMs: number };
const stallsOf = (ms: number[]): Stalls => ({ count: ms.length, longestMs: Math.max(0, ...ms), totalMs: round1(ms.reduce((a, x) => a + x, 0)) });
const NO_STALLS: Stalls = { count: NaN, longestMs: NaN, totalMs: NaN };

/** One server's rounds as one figure: the median of each statistic, lost summed, RSS at its max. */
function overRounds(runs: RunFigures[]): RunFigures {
	const m = (f: (r: RunFigures) => number) => round1(median(runs.map(f)));
	const summary = (pick: (r: RunFigures) => Summary): Summary => ({
		count: runs.reduce((x, r) => x + pick(r).count, 0),
		p50: m((r) => pick(r).p50),
		p95: m((r) => pick(r).p95),
		p99: m((r) => pick(r).p99),
		max: m((r) => pick(r).max)
	});
	const stallsOverRounds = (pick: (r: RunFigures) => Stalls): Stalls => ({ count: m((r) => pick(r).count), longestMs: m((r) => pick(r).longestMs), totalMs: m((r) => pick(r).totalMs) });
	return {
		server: runs[0]!.server,
		awareness: runs[0]!.awareness,
		latency: summary((r) => r.latency),
		lost: runs.reduce((x, r) => x + r.lost, 0),
		rssMaxMb: Math.max(...runs.map((r) => r.rssMaxMb)),
		cpuPct: m((r) => r.cpuPct),
		backgroundPct: m((r) => r.backgroundPct),
		failed: runs.reduce((x, r) => x + r.failed, 0),
		fanout: summary((r) => r.fanout),
		fanoutSockets: m((r) => r.fanoutSockets),
		stalls: stallsOverRounds((r) => r.stalls),
		clientCpuPct: m((r) => r.clientCpuPct),
		clientStalls: stallsOverRounds((r) => r.clientStalls),
		round: 0
	};
}

async function startTarget(kind: ServerKind, altEnv: Record<string, string>): Promise<{ server: ServerProcess; target: RawTarget; dispose(): Promise<void> }> {
	if (isOurs(kind)) {
		const k = await startKyoso(1, kind === 'kyoso-alt' ? altEnv : {});
		const cookie = await staffLogin(k.server.port);
		return {
			server: k.server,
			target: { name: 'kyoso', serverUrl: `ws://${HOST}:${k.server.port}/sync`, room: `workshop.${k.rooms[0]!.workshopId}`, params: { as: 'staff' }, cookie, hocuspocus: false },
			dispose: () => k.dispose()
		};
	}
	const server = await startReference(kind);
	return {
		server,
		target: { name: kind, serverUrl: `ws://${HOST}:${server.port}`, room: 'bench-room', params: {}, hocuspocus: kind === 'hocuspocus' },
		dispose: () => server.stop()
	};
}

async function runOne(pool: Pool, kind: ServerKind, awareness: 'on' | 'off', o: RawOptions): Promise<RunFigures> {
	const altEnv = o.altEnv ?? {};
	const name =
		kind === 'kyoso'
			? 'Kyoso Canvas (ours, as staff)'
			: kind === 'kyoso-alt'
				? `Kyoso Canvas (ours, ${Object.entries(altEnv).map(([k, v]) => `${k}=${v}`).join(' ') || 'no --alt-env'})`
				: referenceVersion(kind);
	const W = pool.workers.length;
	await pool.renew();
	const t = await startTarget(kind, altEnv);
	const sampler = new ProcSampler(t.server.pid);
	try {
		// Before connecting: y-websocket clients that hear nothing for 30 s reconnect, so no waiting after.
		await waitQuiet(settings.waitQuietMs, [t.server.pid, ...pool.pids()], 20, progress);
		let first = 0;
		const setups = await pool.each('rawSetup', (w) => {
			const n = Math.floor(o.clients / W) + (w.index < o.clients % W ? 1 : 0);
			const req = { target: t.target, clients: n, firstIndex: first, awareness: awareness === 'on' };
			first += n;
			return req;
		});
		const failed = setups.reduce((a, s) => a + s.failed, 0);
		await sleep(o.settleMs);
		// The clients are new processes (pool.renew): a few seconds of the same workload, unmeasured,
		// compile their code before the window, for every server alike.
		if (o.warmupS > 0) {
			await pool.all('rawRun', { durationMs: o.warmupS * 1000, ratePerSec: o.ratePerSec, seed: o.seed ^ 0x5bd1e995, warmup: true });
			await sleep(1000);
		}
		const a = sampler.mark();
		const clientsAt = pool.pids().map((pid) => readProc(pid));
		const bg = new BackgroundLoad([t.server.pid, ...pool.pids()]);
		const windowStart = Date.now();
		const runs = await pool.all('rawRun', { durationMs: o.durationS * 1000, ratePerSec: o.ratePerSec, seed: o.seed });
		const b = sampler.mark();
		const clientCpuPct = pool.pids().reduce((sum, pid, i) => sum + cpuBetween(clientsAt[i] ?? null, readProc(pid)).cpuPct, 0);
		const windowEnd = Date.now();
		const backgroundPct = bg.stop();
		const written = runs.reduce((x, r) => x + r.written, 0);
		const expected = written * (o.clients - 1);
		await untilAsync(async () => (await pool.all('rawStatus', {})).reduce((x, s) => x + s.seen, 0) >= expected, 10_000, 100);
		const results = await pool.all('rawCollect', {});
		const seen = new Map<string, number>();
		for (const r of results) for (const [k, n] of Object.entries(r.seenCount)) seen.set(k, (seen.get(k) ?? 0) + n);
		let lost = 0;
		for (const r of results) for (const key of r.written) lost += Math.max(0, o.clients - 1 - (seen.get(key) ?? 0));
		const samples = new Float64Array(results.reduce((x, r) => x + r.samples.length, 0));
		let at = 0;
		for (const r of results) {
			samples.set(r.samples, at);
			at += r.samples.length;
		}
		sampler.stop();
		const { fanouts, stalls } = t.server.probe(windowStart, windowEnd);
		const fig: RunFigures = {
			server: name,
			awareness,
			latency: summarise(samples),
			lost,
			rssMaxMb: sampler.rssMaxMb,
			cpuPct: cpuBetween(a, b).cpuPct,
			backgroundPct,
			failed,
			fanout: summarise(fanouts.map((f) => f.ms)),
			fanoutSockets: median(fanouts.map((f) => f.sockets)),
			stalls: stallsOf(stalls.map((x) => x.ms)),
			clientCpuPct,
			clientStalls: stallsOf(results.flatMap((r) => r.stalls))
		};
		progress(`raw: ${name}, awareness ${awareness}: ${written} writes, p99 ${round1(fig.latency.p99)} ms, lost ${lost}; server fan-out p50 ${round1(fig.fanout.p50)} ms, p99 ${round1(fig.fanout.p99)} ms (${fig.fanout.count} fan-outs to ${fig.fanoutSockets} sockets); server event loop blocked ≥ 40 ms ${fig.stalls.count} times, longest ${round1(fig.stalls.longestMs)} ms; client workers' ${fig.clientStalls.count} times, longest ${round1(fig.clientStalls.longestMs)} ms, their CPU ${round1(clientCpuPct)} % of a core`);
		// What our server said about its storage during the run (e.g. the switch to the writer thread after a slow commit).
		if (isOurs(kind)) for (const line of t.server.output().match(/\[store\][^\n]*/g) ?? []) progress(`raw: ${name} said: ${line}`);
		return fig;
	} finally {
		sampler.stop();
		await pool.all('reset', {});
		await t.dispose();
	}
}

export async function runRaw(pool: Pool, o: RawOptions): Promise<Outcome> {
	settings.fanoutMinSockets = Math.max(2, Math.floor((o.clients - 1) / 2));
	progress(`raw: ${o.clients} y-websocket clients in one room, ${o.durationS} s, awareness ${o.awareness.join(' and ')}`);
	const perRound: RunFigures[] = [];
	const skipped: string[] = [];
	const rounds = Math.max(1, o.rounds ?? 1);
	const kinds = (o.servers ?? SERVERS).filter((kind) => {
		if (isOurs(kind) || referenceInstalled(kind)) return true;
		skipped.push(kind);
		return false;
	});
	for (const awareness of o.awareness) {
		for (let r = 0; r < rounds; r++) {
			const order = kinds.map((_, i) => kinds[(i + r) % kinds.length]!);
			for (const kind of order) {
				try {
					perRound.push({ ...(await runOne(pool, kind, awareness, o)), round: r + 1 });
				} catch (e) {
					progress(`raw: ${kind} with awareness ${awareness} failed: ${(e as Error).message}`);
					perRound.push({ server: kind, awareness, latency: summarise([]), lost: NaN, rssMaxMb: NaN, cpuPct: NaN, backgroundPct: NaN, failed: o.clients, fanout: summarise([]), fanoutSockets: NaN, stalls: NO_STALLS, clientCpuPct: NaN, clientStalls: NO_STALLS, note: (e as Error).message.split('\n')[0], round: r + 1 });
				}
			}
		}
	}
	// With one round the figures are the runs themselves; with several, the median over the rounds.
	const figures: RunFigures[] =
		rounds === 1
			? perRound
			: o.awareness.flatMap((aw) => [...new Set(perRound.filter((f) => f.awareness === aw).map((f) => f.server))].map((server) => overRounds(perRound.filter((f) => f.awareness === aw && f.server === server))));

	const ours = (aw: 'on' | 'off') => figures.find((f) => f.server.startsWith('Kyoso') && f.awareness === aw);
	const refs = (aw: 'on' | 'off') => figures.filter((f) => !f.server.startsWith('Kyoso') && f.awareness === aw && Number.isFinite(f.latency.p99));
	const verdicts = o.awareness.map((aw) => {
		const mine = ours(aw);
		const best = refs(aw).reduce<RunFigures | null>((b, f) => (b === null || f.latency.p99 < b.latency.p99 ? f : b), null);
		const met = mine !== undefined && best !== null && mine.latency.p99 <= best.latency.p99;
		// The same comparison round by round: can this run tell the two apart at all?
		const p99InRound = (server: string | undefined, r: number) => perRound.find((f) => f.awareness === aw && f.server === server && f.round === r)?.latency.p99 ?? NaN;
		const diff: Difference | null =
			rounds > 1 && mine && best ? pairedDifference(Array.from({ length: rounds }, (_, i) => p99InRound(mine.server, i + 1) - p99InRound(best.server, i + 1))) : null;
		return { aw, met, mine, best, diff };
	});
	const describeDiff = (d: Difference) =>
		`; round by round ours minus it ${d.median >= 0 ? '+' : ''}${round1(d.median)} ms (${Math.round(d.confidence * 1000) / 10} % interval ${round1(d.lo)} to ${round1(d.hi)} ms over ${d.rounds} rounds): ${d.verdict === 'level' ? 'level within this run\'s noise' : d.verdict === 'lower' ? 'lower beyond this run\'s noise' : 'higher beyond this run\'s noise'}`;

	const shown = rounds === 1 ? figures : [...perRound, ...figures];
	const rows = shown.map((f) => [
		rounds === 1 ? f.server : f.round ? `${f.server} (round ${f.round})` : `${f.server}: median of ${rounds} rounds`,
		f.awareness,
		f.latency.count,
		f.latency.p50,
		f.latency.p95,
		f.latency.p99,
		f.latency.max,
		f.lost,
		`${round1(f.rssMaxMb)} MB`,
		`${round1(f.cpuPct)} %`,
		`${round1(f.backgroundPct)} %`,
		`${round1(f.fanout.p50)} / ${round1(f.fanout.p99)} / ${round1(f.fanout.max)}`,
		`${f.stalls.count} / ${round1(f.stalls.longestMs)} / ${round1(f.stalls.totalMs)}`,
		`${round1(f.clientCpuPct)} %`,
		`${f.clientStalls.count} / ${round1(f.clientStalls.longestMs)}`
	]);
	const text = [
		`raw: ${o.clients} plain y-websocket clients in ${pool.workers.length} worker processes, one room, each setting a note in a Y.Map at Poisson ${o.ratePerSec * 20}/20 s (the same seeded schedule, ${o.seed}, for every server), every client observing; latency = arrival at every other client; ${o.durationS} s per server${rounds > 1 ? `; ${rounds} rounds in rotated order, judged on the median of the rounds` : ''}`,
		'',
		table(['server', 'awareness', 'arrivals', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'lost', 'RSS max', 'CPU (% of a core)', 'other processes\' CPU', 'server fan-out p50 / p99 / max ms', 'server blocked ≥ 40 ms: times / longest / total ms', 'client workers\' CPU (% of a core)', 'client workers blocked ≥ 40 ms: times / longest ms'], rows),
		'server fan-out: from the update arriving at the server (socket data) to its last socket write of the relay, timed inside each server process (scripts/bench/fanoutProbe.mjs); what the server itself adds to the latency, apart from the clients\' own processing. server blocked: times its event loop was held up 40 ms or more (a 10 ms timer in the same probe came that late), which delays every update waiting to be read and is not in the fan-out. client workers: the simulated clients\' processes; near 200 % of a core they, not the server, set the tail (each of their stalls delays every update to the clients of that process)',
		skipped.length ? `\nnot installed, skipped: ${skipped.join(', ')}` : '',
		...perRound.filter((f) => f.note).map((f) => `${f.server} (${f.awareness}, round ${f.round}) failed: ${f.note}`),
		`targets: ${verdicts
			.map((v) => `awareness ${v.aw}: p99 no worse than the better reference ${v.met ? 'met' : 'MISSED'} (ours ${round1(v.mine?.latency.p99 ?? NaN)} ms, best reference ${round1(v.best?.latency.p99 ?? NaN)} ms${v.diff ? describeDiff(v.diff) : ''})`)
			.join('; ')}`
	].join('\n');

	const figJson = (f: RunFigures | undefined) =>
		f
			? { ...latencyFields(f.latency), lost: f.lost, server_rss_mb_max: round1(f.rssMaxMb), server_cpu_pct: round1(f.cpuPct), background_cpu_pct: round1(f.backgroundPct), server_fanout_p50_ms: round1(f.fanout.p50), server_fanout_p99_ms: round1(f.fanout.p99), server_blocked_40ms: f.stalls.count, server_blocked_longest_ms: round1(f.stalls.longestMs), client_cpu_pct: round1(f.clientCpuPct), client_blocked_40ms: f.clientStalls.count, client_blocked_longest_ms: round1(f.clientStalls.longestMs) }
			: null;
	const main = ours(o.awareness[0]!);
	const reference: Record<string, Record<string, unknown>> = {};
	for (const f of figures) {
		if (f.server.startsWith('Kyoso')) continue;
		(reference[f.server] ??= {})[`awareness_${f.awareness}`] = figJson(f);
	}
	const json: Record<string, unknown> = {
		scenario: 'raw',
		rooms: 1,
		clients: o.clients,
		duration_s: o.durationS,
		seed: o.seed,
		rounds,
		awareness: o.awareness[0],
		...figJson(main),
		// ours, summed over the awareness modes run (the references' own counts are under `reference`)
		lost: o.awareness.reduce((x, aw) => x + (ours(aw)?.lost ?? 0), 0)
	};
	for (const aw of o.awareness.slice(1)) json[`awareness_${aw}`] = figJson(ours(aw));
	json.reference = reference;
	json.target_p99_met = Object.fromEntries(verdicts.map((v) => [`awareness_${v.aw}`, v.met]));
	const diffs = verdicts.filter((v) => v.diff);
	if (diffs.length > 0) {
		json.p99_minus_best_reference = Object.fromEntries(
			diffs.map((v) => [`awareness_${v.aw}`, { median_ms: round1(v.diff!.median), interval_ms: [round1(v.diff!.lo), round1(v.diff!.hi)], confidence: Math.round(v.diff!.confidence * 1000) / 1000, rounds: v.diff!.rounds, verdict: v.diff!.verdict }])
		);
	}
	const ok = o.awareness.every((aw) => {
		const f = ours(aw);
		return f !== undefined && f.failed === 0 && Number.isFinite(f.lost) && f.latency.count > 0;
	});
	return { text, lost: Number(json.lost), ok, json };
}
