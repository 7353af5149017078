/**
 * Crash test: `npm run crashtest -- --trials N [--phones 200] [--seconds S] [--seed X]`
 *
 * Per trial: start the production server on a fresh data dir (DEMO=1); join P phones through the
 * real join form (POST /j/<code>, each gets its own kc_device cookie); every phone opens a real
 * participant socket and posts notes at a resident's pace, each with its own idempotency id; at a
 * random (seeded) moment the server is killed with SIGKILL and started again on the same port and
 * data dir; the phones reconnect with jittered backoff and resend what was not acknowledged, with the
 * same ids, exactly as the phone's client does. Then the board is read live (as a projector does),
 * the server is stopped, and the SQLite file is read the way the server loads it. Checked:
 *   - every acknowledged note is stored, once, with its text and its author (lost, corrupted)
 *   - no note text tag is stored twice (duplicated)
 *   - nothing submitted is still unacknowledged once the phones have had time to drain (pending)
 *   - no refused note was stored anyway (ghosts), and the live board equals the stored one.
 * The last line printed is one JSON object; the exit code is 1 if anything above is not zero.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createRng, defaultSeed, type Rng } from './lib/rng.ts';
import { demoInfo, joinWithCode, mapLimit, missingBuildMessage, sleep, startServer, type ServerProcess } from './lib/server.ts';
import { notesOf, readLiveDoc, readStoredCopy, readStoredDoc, syncUrl } from './lib/doc.ts';
import { SimPhone } from './lib/phone.ts';
import type { Note } from '../../src/lib/domain/board/board.ts';
import { PARTICIPANT_LIMITS } from '../../src/lib/server/participantLimits.ts';

type Options = {
	trials: number;
	phones: number;
	seconds: number;
	seed: number;
	/** mean seconds between two notes of one phone */
	interval: number;
	drainSeconds: number;
	/** share of the phones that post in the burst the kill lands in */
	burst: number;
	/** SIGKILL (the crash test) or SIGTERM (a graceful restart under the same load) */
	killSignal: 'SIGKILL' | 'SIGTERM';
	keep: boolean;
	quiet: boolean;
};

type TrialResult = {
	trial: number;
	submitted: number;
	acked: number;
	ackedBeforeKill: number;
	outboxAtKill: number;
	burst: number;
	/** acknowledged before the kill but missing from the file the dead server left */
	lostInCrash: number;
	/** unacknowledged at the kill but already stored: their resends must not duplicate them */
	storedUnacked: number;
	rejected: Record<string, number>;
	pending: number;
	lost: number;
	duplicated: number;
	corrupted: number;
	misattributed: number;
	ghosts: number;
	liveMismatch: number;
	resent: number;
	rateLimited: number;
	storedNotes: number;
	killAtMs: number;
	downtimeMs: number;
	reconnectMs: number | null;
	drainMs: number;
	finalStop: 'SIGKILL' | 'SIGTERM';
	durationMs: number;
	dataDir: string;
	error: string | null;
};

function parseOptions(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			trials: { type: 'string', default: '1' },
			phones: { type: 'string', default: '200' },
			seconds: { type: 'string', default: '20' },
			seed: { type: 'string' },
			interval: { type: 'string', default: '5' },
			drain: { type: 'string', default: '90' },
			burst: { type: 'string', default: '0.3' },
			'kill-signal': { type: 'string', default: 'SIGKILL' },
			keep: { type: 'boolean', default: false },
			quiet: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		},
		allowPositionals: false
	});
	if (values.help) {
		console.log('usage: npm run crashtest -- --trials N [--phones 200] [--seconds 20] [--seed X] [--interval 5] [--burst 0.3] [--kill-signal SIGKILL|SIGTERM] [--drain 90] [--keep] [--quiet]');
		process.exit(0);
	}
	const num = (name: string, v: string | undefined, min: number): number => {
		const n = Number(v);
		if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got ${v}`);
		return n;
	};
	return {
		trials: Math.floor(num('trials', values.trials, 1)),
		phones: Math.floor(num('phones', values.phones, 1)),
		seconds: num('seconds', values.seconds, 1),
		seed: values.seed === undefined ? defaultSeed() : Math.floor(num('seed', values.seed, 0)),
		interval: num('interval', values.interval, 0.2),
		drainSeconds: num('drain', values.drain, 1),
		burst: Math.min(1, num('burst', values.burst, 0)),
		killSignal: values['kill-signal'] === 'SIGTERM' || values['kill-signal'] === 'TERM' ? 'SIGTERM' : 'SIGKILL',
		keep: values.keep ?? false,
		quiet: values.quiet ?? false
	};
}

/** Something a resident might write; the tag in front makes each note's text unique and traceable. */
const PHRASES = [
	'坂道が多くて買い物が大変', '見守りの声かけがうれしい', '公園のベンチを増やしてほしい', '子ども食堂をもっと知ってほしい',
	'夜道が暗くて心配', 'ごみ出しを手伝ってくれる人がいる', '集会所のエアコンが古い', 'ラジオ体操の仲間がいる',
	'バス停が遠い', '防災訓練に若い人も来てほしい'
];
const TAG = /^\[kc t(\d+) p(\d+) n(\d+)\]/;

let liveServer: ServerProcess | null = null;
const livePhones: SimPhone[] = [];

function cleanupOnExit(): void {
	for (const p of livePhones) p.stop();
	if (liveServer?.alive()) process.kill(liveServer.pid(), 'SIGKILL');
}
process.on('exit', cleanupOnExit);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.on(sig, () => {
		cleanupOnExit();
		process.exit(130);
	});
}

async function waitUntil(pred: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!pred()) {
		if (Date.now() > deadline) return false;
		await sleep(stepMs);
	}
	return true;
}

async function runTrial(trial: number, opts: Options, rng: Rng, log: (s: string) => void): Promise<TrialResult> {
	const started = Date.now();
	const finalStop: 'SIGKILL' | 'SIGTERM' = trial % 2 === 1 ? 'SIGKILL' : 'SIGTERM';
	const result: TrialResult = {
		trial, submitted: 0, acked: 0, ackedBeforeKill: 0, outboxAtKill: 0, burst: 0, lostInCrash: 0, storedUnacked: 0, rejected: {}, pending: 0, lost: 0, duplicated: 0,
		corrupted: 0, misattributed: 0, ghosts: 0, liveMismatch: 0, resent: 0, rateLimited: 0, storedNotes: 0, killAtMs: 0,
		downtimeMs: 0, reconnectMs: null, drainMs: 0, finalStop, durationMs: 0, dataDir: '', error: null
	};
	let server: ServerProcess;
	try {
		server = await startServer();
	} catch (e) {
		result.error = `the server did not start: ${e instanceof Error ? e.message : String(e)}`;
		result.durationMs = Date.now() - started;
		return result;
	}
	liveServer = server;
	result.dataDir = server.dataDir;
	const phones: SimPhone[] = [];
	const timers = new Set<ReturnType<typeof setTimeout>>();
	let workshopId: string | null = null;
	try {
		const info = demoInfo(server.output());
		// 1. Join through the real form, each phone with its own device cookie.
		const joined = await mapLimit(
			Array.from({ length: opts.phones }, (_, i) => i),
			16,
			(i) => joinWithCode(server.url, info.joinCode, `phone${i + 1}`)
		);
		workshopId = joined[0]!.workshopId;
		const url = syncUrl(server.port, workshopId, { as: 'participant' });
		joined.forEach((j, i) => phones.push(new SimPhone(i + 1, url, j.cookie, rng.fork(trial * 100_000 + i))));
		livePhones.push(...phones);
		for (const p of phones) p.start();
		if (!(await waitUntil(() => phones.every((p) => p.online && p.participantId), 60_000))) {
			throw new Error(`only ${phones.filter((p) => p.online).length}/${phones.length} phones connected`);
		}
		log(`  server pid ${server.pid()} on port ${server.port}; ${phones.length} phones joined and online`);

		// 2. Post notes at a resident's pace, with unique idempotency ids. Each phone stays under the
		// per-participant limits (notes per 5 minutes) and the board stays under its note cap.
		const notesCap = Math.max(1, Math.min(PARTICIPANT_LIMITS.notes.points - 5, Math.floor(4500 / opts.phones)));
		const postingMs = opts.seconds * 1000;
		const postStart = Date.now();
		let posting = true;
		const seqOf = new Map<SimPhone, number>();
		const rngOf = new Map<SimPhone, Rng>();
		const post = (p: SimPhone): boolean => {
			const seq = (seqOf.get(p) ?? 0) + 1;
			if (seq > notesCap) return false;
			seqOf.set(p, seq);
			const prng = rngOf.get(p)!;
			const id = `t${trial}p${p.index}n${seq}x${Math.floor(prng.next() * 1e9).toString(36)}`;
			const text = `[kc t${trial} p${p.index} n${seq}] ${prng.pick(PHRASES)}`;
			p.submit({ op: 'note.add', id, text, kind: prng.chance(0.5) ? 'concern' : 'strength' });
			return true;
		};
		const schedule = (p: SimPhone, delayMs: number) => {
			const t = setTimeout(() => {
				timers.delete(t);
				if (!posting || !post(p)) return;
				// exponential think time around the mean, at least 0.5 s
				schedule(p, Math.max(500, -Math.log(1 - rngOf.get(p)!.next()) * opts.interval * 1000));
			}, delayMs);
			timers.add(t);
		};
		for (const p of phones) {
			const prng = rng.fork(trial * 100_000 + 50_000 + p.index);
			rngOf.set(p, prng);
			schedule(p, prng.range(0, opts.interval * 1000));
		}

		// 3. kill -9 at a random moment while they post, then start again on the same port and data dir.
		// The kill lands in a burst ("write it now, everyone"): a share of the phones send a note at the
		// same moment, and the server dies 0-20 ms after the first of them is acknowledged, while it is
		// storing and answering the rest: some are acknowledged, some stored but not acknowledged,
		// some not stored at all.
		const killAt = Math.round(rng.range(0.25, 0.75) * postingMs);
		await sleep(Math.max(0, postStart + killAt - Date.now()));
		const burstPhones = phones.filter(() => rng.chance(opts.burst));
		const burstIds = burstPhones.filter((p) => post(p)).map((p) => [...p.ops.values()].at(-1)!);
		await waitUntil(() => burstIds.length === 0 || burstIds.some((o) => o.ackedAt !== null), 200, 1);
		await sleep(rng.range(0, 20));
		result.burst = burstPhones.length;
		result.killAtMs = Date.now() - postStart;
		const killedAt = Date.now();
		if (opts.killSignal === 'SIGKILL') await server.crash();
		else await server.stop('SIGTERM');
		// Replies already on their way when the process died still reach the phones: let them land,
		// then split what the phones know into acknowledged and not.
		await sleep(30);
		result.ackedBeforeKill = countAcked(phones);
		result.outboxAtKill = phones.reduce((n, p) => n + p.outbox.length, 0);
		const unackedAtKill = new Set<string>();
		const ackedAtKill = new Set<string>();
		for (const p of phones) for (const o of p.ops.values()) (o.ackedAt === null ? unackedAtKill : ackedAtKill).add(o.op.id);
		// What the dead server left on disk, read from a copy (the restarted server does its own recovery).
		const atCrash = new Set(notesOf(await readStoredCopy(server.dataDir, workshopId)).map((n) => n.id));
		for (const id of ackedAtKill) if (!atCrash.has(id)) result.lostInCrash++;
		for (const id of unackedAtKill) if (atCrash.has(id)) result.storedUnacked++;
		log(
			`  ${opts.killSignal === 'SIGKILL' ? 'kill -9' : 'SIGTERM'} at ${(result.killAtMs / 1000).toFixed(2)} s, during a burst of ${result.burst} notes: ${result.ackedBeforeKill} acknowledged so far, ${result.outboxAtKill} unacknowledged in outboxes`
		);
		log(`  on disk after the kill: ${result.lostInCrash} acknowledged notes missing, ${result.storedUnacked} unacknowledged notes already stored`);
		await server.restart();
		result.downtimeMs = Date.now() - killedAt;
		const backOnline = waitUntil(() => phones.every((p) => p.online), 120_000).then((ok) => {
			if (ok) result.reconnectMs = Date.now() - killedAt;
		});
		log(`  restarted as pid ${server.pid()} after ${result.downtimeMs} ms`);

		await sleep(Math.max(0, postStart + postingMs - Date.now()));
		posting = false;
		for (const t of timers) clearTimeout(t);
		timers.clear();
		await backOnline;
		log(
			result.reconnectMs === null
				? `  not every phone came back online`
				: `  all phones back online ${(result.reconnectMs / 1000).toFixed(2)} s after the kill`
		);

		// 4. Drain: every outbox empty (acknowledged or refused for good).
		const drainStart = Date.now();
		await waitUntil(() => phones.every((p) => p.outbox.length === 0), opts.drainSeconds * 1000, 100);
		result.drainMs = Date.now() - drainStart;

		// 5. The live board, as a projector reads it, then the stored board after the server stopped.
		const live = notesOf(await readLiveDoc(server.port, workshopId, info.displayToken));
		for (const p of phones) p.stop();
		await server.stop(finalStop);
		const stored = notesOf(await readStoredDoc(server.dataDir, workshopId));
		verify(result, phones, live, stored);
	} catch (e) {
		result.error = e instanceof Error ? e.message : String(e);
		// Count what can be counted from the file the server left.
		try {
			for (const p of phones) p.stop();
			if (server.alive()) await server.stop('SIGKILL');
			if (workshopId) {
				const stored = notesOf(await readStoredDoc(server.dataDir, workshopId));
				verify(result, phones, stored, stored);
			}
		} catch {
			/* the error above is what gets reported */
		}
	} finally {
		for (const t of timers) clearTimeout(t);
		for (const p of phones) p.stop();
		livePhones.length = 0;
		if (server.alive()) await server.stop('SIGKILL');
		liveServer = null;
		result.durationMs = Date.now() - started;
		const failed = result.error !== null || result.lostInCrash + result.lost + result.duplicated + result.pending + result.corrupted + result.ghosts + result.misattributed + result.liveMismatch > 0;
		if (!opts.keep && !failed) fs.rmSync(server.dataDir, { recursive: true, force: true });
	}
	return result;
}

function countAcked(phones: SimPhone[]): number {
	let n = 0;
	for (const p of phones) for (const o of p.ops.values()) if (o.ackedAt !== null) n++;
	return n;
}

function verify(result: TrialResult, phones: SimPhone[], live: Note[], stored: Note[]): void {
	const storedById = new Map(stored.map((n) => [n.id, n]));
	// duplicates: the same client tag stored under more than one note
	const tagCount = new Map<string, number>();
	for (const n of stored) {
		const m = TAG.exec(n.text);
		if (m) tagCount.set(m[0], (tagCount.get(m[0]) ?? 0) + 1);
	}
	for (const c of tagCount.values()) if (c > 1) result.duplicated += c - 1;
	result.storedNotes = stored.length;

	for (const p of phones) {
		result.resent += p.resent;
		result.rateLimited += p.rateLimited;
		result.pending += p.outbox.length;
		for (const o of p.ops.values()) {
			if (o.op.op !== 'note.add') continue;
			result.submitted++;
			const note = storedById.get(o.op.id);
			if (o.ackedAt !== null) {
				result.acked++;
				if (!note) result.lost++;
				else if (note.text !== o.op.text) result.corrupted++;
				else if (p.participantId && note.authorId !== p.participantId) result.misattributed++;
			} else if (o.error !== null) {
				result.rejected[o.error] = (result.rejected[o.error] ?? 0) + 1;
				if (note) result.ghosts++;
			}
		}
	}
	// the live board (projector) and the stored board must agree
	if (stored.length > 0 || live.length > 0) {
		const liveKey = new Set(live.map((n) => `${n.id}\u0000${n.text}`));
		const storedKey = new Set(stored.map((n) => `${n.id}\u0000${n.text}`));
		for (const k of liveKey) if (!storedKey.has(k)) result.liveMismatch++;
		for (const k of storedKey) if (!liveKey.has(k)) result.liveMismatch++;
	}
}

function fmtTrial(r: TrialResult): string {
	const rejected = Object.entries(r.rejected).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
	const lines = [
		`  submitted ${r.submitted}, acknowledged ${r.acked} (${r.ackedBeforeKill} before the server died), stored ${r.storedNotes} notes`,
		`  stored at the kill but unacknowledged ${r.storedUnacked} (their resends answered without a second copy); acknowledged before the kill but missing from disk ${r.lostInCrash}`,
		`  lost ${r.lost}, duplicated ${r.duplicated}, pending ${r.pending}, corrupted ${r.corrupted}, misattributed ${r.misattributed}, ghosts ${r.ghosts}, live/stored mismatch ${r.liveMismatch}`,
		`  resent ${r.resent} (same op ids), rate-limited replies ${r.rateLimited}, refused: ${rejected}`,
		`  downtime ${r.downtimeMs} ms, drain ${r.drainMs} ms, final stop ${r.finalStop}, trial took ${(r.durationMs / 1000).toFixed(1)} s`
	];
	if (r.error) lines.push(`  ERROR: ${r.error}`);
	return lines.join('\n');
}

async function main(): Promise<void> {
	const opts = parseOptions(process.argv.slice(2));
	const missing = missingBuildMessage();
	if (missing) {
		console.error(missing);
		console.log(JSON.stringify({ trials: 0, acked: 0, lost: 0, duplicated: 0, resent: 0, seconds: 0, error: 'build missing' }));
		process.exit(2);
	}
	const rng = createRng(opts.seed);
	const log = (s: string) => {
		if (!opts.quiet) console.log(s);
	};
	console.log(
		`crashtest: ${opts.trials} trial(s), ${opts.phones} phones, ${opts.seconds} s of posting (a note every ~${opts.interval} s per phone), seed ${opts.seed}${opts.killSignal === 'SIGTERM' ? ', stopping with SIGTERM instead of kill -9' : ''}`
	);
	const t0 = Date.now();
	const results: TrialResult[] = [];
	for (let trial = 1; trial <= opts.trials; trial++) {
		console.log(`trial ${trial}/${opts.trials}`);
		const r = await runTrial(trial, opts, rng.fork(trial), log);
		results.push(r);
		console.log(fmtTrial(r));
		const bad = r.error !== null || r.lostInCrash + r.lost + r.duplicated + r.pending + r.corrupted + r.ghosts + r.misattributed + r.liveMismatch > 0;
		if (bad) console.log(`  data dir kept for inspection: ${r.dataDir}`);
	}
	const sum = (f: (r: TrialResult) => number) => results.reduce((n, r) => n + f(r), 0);
	const total = {
		trials: results.length,
		acked: sum((r) => r.acked),
		lost: sum((r) => r.lost),
		duplicated: sum((r) => r.duplicated),
		resent: sum((r) => r.resent),
		seconds: Math.round((Date.now() - t0) / 100) / 10,
		submitted: sum((r) => r.submitted),
		pending: sum((r) => r.pending),
		corrupted: sum((r) => r.corrupted),
		misattributed: sum((r) => r.misattributed),
		ghosts: sum((r) => r.ghosts),
		liveMismatch: sum((r) => r.liveMismatch),
		ackedBeforeKill: sum((r) => r.ackedBeforeKill),
		lostInCrash: sum((r) => r.lostInCrash),
		storedUnacked: sum((r) => r.storedUnacked),
		errors: results.filter((r) => r.error !== null).length,
		phones: opts.phones,
		seed: opts.seed
	};
	const ok = total.lostInCrash + total.lost + total.duplicated + total.pending + total.corrupted + total.misattributed + total.ghosts + total.liveMismatch + total.errors === 0;
	console.log('');
	console.log(`summary: ${total.trials} trial(s) x ${opts.phones} phones in ${total.seconds} s (seed ${opts.seed})`);
	console.log(`  acknowledged ${total.acked} of ${total.submitted} submitted notes (${total.ackedBeforeKill} acknowledged before the server was ${opts.killSignal === 'SIGKILL' ? 'killed' : 'stopped'})`);
	console.log(`  lost ${total.lost}, duplicated ${total.duplicated}, resent ${total.resent}, still pending ${total.pending}`);
	console.log(`  at the kills: ${total.lostInCrash} acknowledged notes missing from disk, ${total.storedUnacked} stored but not yet acknowledged (deduplicated on resend)`);
	console.log(`  corrupted ${total.corrupted}, misattributed ${total.misattributed}, ghosts ${total.ghosts}, live/stored mismatch ${total.liveMismatch}, failed trials ${total.errors}`);
	console.log(ok ? 'PASS: every acknowledged note is stored exactly once' : 'FAIL: see the counts above');
	console.log(JSON.stringify(total));
	process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
	console.error(e);
	console.log(JSON.stringify({ trials: 0, acked: 0, lost: 0, duplicated: 0, resent: 0, seconds: 0, error: e instanceof Error ? e.message : String(e) }));
	process.exitCode = 1;
});
