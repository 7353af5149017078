/**
 * hall: R rooms x P phones on our server, through the real participant protocol. Phones write
 * notes (Poisson) and vote on themes a facilitator opened; one projector per room measures the time
 * from the phone's send to the note's arrival in the projector's Y.Doc. Lost = acknowledged by the
 * server but never seen by the projector.
 */
import { summarise, sleep, round1, now } from './common.ts';
import { BackgroundLoad, cpuBetween, ProcSampler, waitQuiet } from './procStats.ts';
import { settings, startKyoso, staffLogin } from './servers.ts';
import type { Pool } from './pool.ts';
import type { HallResult } from './ipc.ts';
import { latencyFields, ms, progress, table } from './report.ts';

export type HallOptions = { rooms: number; participants: number; durationS: number; noteRatePerSec: number; voteRatePerSec: number };

/** `ok` is false when the run itself failed (clients could not connect, a server did not start). */
export type Outcome = { text: string; json: Record<string, unknown>; lost: number; ok: boolean };

export async function runHall(pool: Pool, o: HallOptions): Promise<Outcome> {
	const W = pool.workers.length;
	progress(`hall: ${o.rooms} room(s) x ${o.participants} participants, ${o.durationS} s, ${W} workers`);
	const kyoso = await startKyoso(o.rooms);
	const sampler = new ProcSampler(kyoso.server.pid);
	try {
		const staffCookie = await staffLogin(kyoso.server.port);
		const t0 = now();
		const setups = await pool.each('hallSetup', (w) => {
			const phones: { room: number; nickname: string }[] = [];
			for (let r = 0; r < o.rooms; r++) for (let i = 0; i < o.participants; i++) if ((r * o.participants + i) % W === w.index) phones.push({ room: r, nickname: `住民${r + 1}-${i + 1}` });
			const rooms = [...Array(o.rooms).keys()];
			return {
				port: kyoso.server.port,
				rooms: kyoso.rooms,
				phones,
				displays: rooms.filter((r) => r % W === w.index),
				staff: rooms.filter((r) => (r + 1) % W === w.index),
				staffCookie,
				retryMs: 1000
			};
		});
		const phones = setups.reduce((a, s) => a + s.phones, 0);
		const displays = setups.reduce((a, s) => a + s.displays, 0);
		const staff = setups.reduce((a, s) => a + s.staff, 0);
		const failed = setups.reduce((a, s) => a + s.failed, 0);
		progress(`hall: ${phones} phones joined and connected (${failed} failed), ${displays} projectors, ${staff} staff in ${round1((now() - t0) / 1000)} s`);

		await pool.all('openVote', { themes: 6, dotsPerPerson: 3 });
		const votes = await pool.all('awaitVote', { timeoutMs: 30_000 });
		progress(`hall: vote open on ${votes.reduce((a, v) => a + v.ready, 0)} phones (${votes.reduce((a, v) => a + v.missing, 0)} missing)`);
		await sleep(1000);
		await waitQuiet(settings.waitQuietMs, [kyoso.server.pid, ...pool.pids()], 20, progress);

		const a = sampler.mark();
		const bg = new BackgroundLoad([kyoso.server.pid, ...pool.pids()]);
		const runs = await pool.all('hallRun', { durationMs: o.durationS * 1000, noteRatePerSec: o.noteRatePerSec, voteRatePerSec: o.voteRatePerSec });
		const b = sampler.mark();
		const backgroundPct = bg.stop();
		progress(`hall: ran ${o.durationS} s: ${runs.reduce((x, r) => x + r.sentNotes, 0)} notes, ${runs.reduce((x, r) => x + r.sentVotes, 0)} votes sent; draining`);

		// Drain: every operation answered, and every acknowledged note seen (or 10 s).
		const deadline = Date.now() + 10_000;
		for (;;) {
			const st = await pool.all('hallStatus', {});
			const inflight = st.reduce((x, s) => x + s.inflight, 0);
			const acked: Record<number, number> = {};
			const seen: Record<number, number> = {};
			for (const s of st) {
				for (const [r, n] of Object.entries(s.ackedByRoom)) acked[Number(r)] = (acked[Number(r)] ?? 0) + n;
				for (const [r, n] of Object.entries(s.seenByRoom)) seen[Number(r)] = (seen[Number(r)] ?? 0) + n;
			}
			const caughtUp = Object.entries(acked).every(([r, n]) => (seen[Number(r)] ?? 0) >= n);
			if ((inflight === 0 && caughtUp) || Date.now() > deadline) break;
			await sleep(100);
		}

		const results = await pool.all('hallCollect', {});
		sampler.stop();
		return report(o, results, { phones, displays, staff, failed, rssMaxMb: sampler.rssMaxMb, cpuPct: cpuBetween(a, b).cpuPct, backgroundPct });
	} finally {
		sampler.stop();
		await pool.all('reset', {});
		await kyoso.dispose();
	}
}

function report(
	o: HallOptions,
	results: HallResult[],
	r: { phones: number; displays: number; staff: number; failed: number; rssMaxMb: number; cpuPct: number; backgroundPct: number }
): Outcome {
	const seen = new Map<string, number>();
	for (const res of results) for (const s of res.seen) seen.set(`${s.room}/${s.id}`, s.ms);
	const acked = results.flatMap((res) => res.acked);
	const lostNotes = acked.filter((a) => !seen.has(`${a.room}/${a.id}`));
	const latency = summarise([...seen.values()]);
	const noteAck = summarise(results.flatMap((res) => res.noteAckMs));
	const voteAck = summarise(results.flatMap((res) => res.voteAckMs));
	const errors: Record<string, number> = {};
	for (const res of results) for (const [k, v] of Object.entries(res.errors)) errors[k] = (errors[k] ?? 0) + v;
	const sentNotes = results.reduce((x, res) => x + res.sentNotes, 0);
	const sentVotes = results.reduce((x, res) => x + res.sentVotes, 0);

	const rows: (string | number)[][] = [
		['note: phone send -> visible on projector', latency.count, latency.p50, latency.p95, latency.p99, latency.max],
		['note: phone send -> server ack', noteAck.count, noteAck.p50, noteAck.p95, noteAck.p99, noteAck.max],
		['vote: phone send -> server ack', voteAck.count, voteAck.p50, voteAck.p95, voteAck.p99, voteAck.max]
	];
	const lines = [
		`hall: ${o.rooms} room(s) x ${o.participants} participants (${r.phones} phones connected, ${r.failed} failed), ${r.displays} projector(s), ${r.staff} staff laptop(s); ${o.durationS} s; notes ${o.noteRatePerSec * 20}/20 s and votes ${o.voteRatePerSec * 20}/20 s per phone (Poisson)`,
		'',
		table(['measure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows),
		'',
		table(
			['notes sent', 'acked', 'seen by projector', 'lost', 'votes sent', 'server RSS max', 'server CPU (% of a core)', 'other processes\' CPU'],
			[[sentNotes, acked.length, seen.size, lostNotes.length, sentVotes, `${round1(r.rssMaxMb)} MB`, `${round1(r.cpuPct)} %`, `${round1(r.backgroundPct)} %`]]
		),
		Object.keys(errors).length ? `\nrefusals/other: ${Object.entries(errors).map(([k, v]) => `${k}=${v}`).join(', ')}` : '',
		`targets: ${targetLine(o, latency.p99, lostNotes.length, r.rssMaxMb)}`
	];
	return {
		text: lines.join('\n'),
		lost: lostNotes.length,
		ok: r.failed === 0 && r.phones > 0 && latency.count > 0,
		json: {
			scenario: 'hall',
			rooms: o.rooms,
			clients: r.phones + r.displays + r.staff,
			participants: r.phones,
			duration_s: o.durationS,
			...latencyFields(latency),
			lost: lostNotes.length,
			server_rss_mb_max: round1(r.rssMaxMb),
			server_cpu_pct: round1(r.cpuPct),
			background_cpu_pct: round1(r.backgroundPct),
			notes_sent: sentNotes,
			notes_acked: acked.length,
			votes_sent: sentVotes,
			note_ack_p99_ms: round1(noteAck.p99),
			vote_ack_p99_ms: round1(voteAck.p99),
			errors
		}
	};
}

function targetLine(o: HallOptions, p99: number, lost: number, rss: number): string {
	if (o.rooms === 1) return `1 room: p99 <= 25 ms ${p99 <= 25 ? 'met' : 'MISSED'} (${ms(p99)}), 0 lost ${lost === 0 ? 'met' : 'MISSED'}`;
	return `many rooms: p99 <= 50 ms ${p99 <= 50 ? 'met' : 'MISSED'} (${ms(p99)}), RSS <= 400 MB ${rss <= 400 ? 'met' : 'MISSED'} (${round1(rss)} MB), lost ${lost}`;
}
