/**
 * storm: a board with 2,000 notes, P phones plus projectors and a facilitator connected; the server
 * is restarted (SIGTERM, then started again on the same port and data dir) and every client
 * reconnects at once (retrying every 100 ms until accepted). Measured: time until every client is
 * synced again (phones: got a View; y-websocket clients: synced), and whether any note is missing.
 */
import { summarise, sleep, round1, now, untilAsync } from './common.ts';
import { BackgroundLoad, cpuBetween, ProcSampler, waitQuiet, type ProcSnapshot } from './procStats.ts';
import { settings, startKyoso, staffLogin } from './servers.ts';
import type { Pool } from './pool.ts';
import type { StormStatus } from './ipc.ts';
import { latencyFields, ms, progress, table } from './report.ts';
import type { Outcome } from './hall.ts';

export type StormOptions = { rooms: number; participants: number; displays: number; notes: number };

const RETRY_MS = 100;
const NOTES_PER_PHONE_MAX = 25; // under the 30 notes / 5 min limit per participant

export async function runStorm(pool: Pool, o: StormOptions): Promise<Outcome> {
	const W = pool.workers.length;
	progress(`storm: ${o.rooms} room(s), ${o.participants} participants + ${o.displays} projector(s) + 1 facilitator per room, ${o.notes} notes per board`);
	const kyoso = await startKyoso(o.rooms);
	const samplers = [new ProcSampler(kyoso.server.pid)];
	try {
		const staffCookie = await staffLogin(kyoso.server.port);
		await pool.each('hallSetup', (w) => {
			const phones: { room: number; nickname: string }[] = [];
			for (let r = 0; r < o.rooms; r++) for (let i = 0; i < o.participants; i++) if ((r * o.participants + i) % W === w.index) phones.push({ room: r, nickname: `住民${i + 1}` });
			const displays: number[] = [];
			for (let r = 0; r < o.rooms; r++) for (let d = 0; d < o.displays; d++) if ((r * o.displays + d) % W === w.index) displays.push(r);
			return {
				port: kyoso.server.port,
				rooms: kyoso.rooms,
				phones,
				displays,
				staff: [...Array(o.rooms).keys()].filter((r) => r % W === w.index),
				staffCookie,
				retryMs: RETRY_MS
			};
		});

		// Fill each board: phones write their share through the protocol, the facilitator the rest.
		const perPhone = Math.min(NOTES_PER_PHONE_MAX, Math.floor(o.notes / Math.max(1, o.participants)));
		const staffNotes = Math.max(0, o.notes - perPhone * o.participants);
		progress(`storm: filling boards (${perPhone} notes per phone, ${staffNotes} from the facilitator per room)`);
		const fills = await pool.all('fill', { notesPerPhone: perPhone, staffNotes, spreadMs: 5000 });
		const acked = fills.reduce((a, f) => a + f.acked, 0);
		const expected = acked / o.rooms + staffNotes;
		let status: StormStatus[] = [];
		const full = await untilAsync(
			async () => {
				status = await pool.all('stormStatus', {});
				return [...Array(o.rooms).keys()].every((r) => status.some((s) => (s.displayNotes[r] ?? 0) >= expected));
			},
			60_000,
			250
		);
		const before = noteCounts(status, o.rooms);
		progress(`storm: boards hold ${before.join(', ')} notes${full ? '' : ' (fill incomplete)'}; restarting the server`);
		await sleep(2000);
		await waitQuiet(settings.waitQuietMs, [kyoso.server.pid, ...pool.pids()], 20, progress);

		await pool.all('armStorm', {});
		const termAt = now();
		await kyoso.server.stop();
		const downAt = now();
		samplers[0]!.stop();
		const server = await kyoso.restart();
		const sampler = new ProcSampler(server.pid);
		samplers.push(sampler);
		const startMark: ProcSnapshot = { at: Math.round(server.spawnedAt), cpuTicks: 0, rssBytes: 0 };
		const bg = new BackgroundLoad([server.pid, ...pool.pids()]);

		let clients = 0;
		const done = await untilAsync(
			async () => {
				status = await pool.all('stormStatus', {});
				clients = status.reduce((a, s) => a + s.clients, 0);
				return status.reduce((a, s) => a + s.synced, 0) >= clients;
			},
			60_000,
			25
		);
		const endMark = sampler.mark();
		const backgroundPct = bg.stop();
		const syncedAt = status.flatMap((s) => s.syncedAt);
		const opens = status.map((s) => s.firstOpenAt).filter((t): t is number => t !== null);
		const firstOpen = opens.length ? Math.min(...opens) : server.listeningAt;
		const allSynced = syncedAt.length ? Math.max(...syncedAt) : NaN;
		const perClient = summarise(syncedAt.map((t) => t - firstOpen));
		const after = noteCounts(status, o.rooms);
		// notes the projectors held before the restart and do not hold after it
		const lost = after.reduce((a, n, r) => a + Math.max(0, (before[r] ?? 0) - n), 0);
		sampler.stop();
		const rss = Math.max(...samplers.map((s) => s.rssMaxMb));
		const cpu = cpuBetween(startMark, endMark).cpuPct;

		const storm = allSynced - firstOpen;
		const rows: (string | number)[][] = [
			['SIGTERM -> old process gone', downAt - termAt],
			['old process gone -> new process spawned', server.spawnedAt - downAt],
			['spawned -> first client accepted', firstOpen - server.spawnedAt],
			['spawned -> "listening" printed', server.listeningAt - server.spawnedAt],
			['first client accepted -> ALL synced (storm)', storm],
			['SIGTERM -> all synced (total outage)', allSynced - termAt]
		];
		const text = [
			`storm: ${o.rooms} room(s), ${clients} clients (${o.participants} phones, ${o.displays} projector(s) and 1 facilitator per room), ${before.join('/')} notes per board; clients retry every ${RETRY_MS} ms`,
			'',
			table(['phase', 'ms'], rows),
			'',
			table(
				['per client: accepted -> synced', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
				[['all clients', perClient.count, perClient.p50, perClient.p95, perClient.p99, perClient.max]]
			),
			'',
			table(
				['notes before', 'notes after', 'lost', 'not re-synced', 'server RSS max', 'server CPU (% of a core, spawn -> all synced)', "other processes' CPU"],
				[[before.join('/'), after.join('/'), lost, clients - syncedAt.length, `${round1(rss)} MB`, `${round1(cpu)} %`, `${round1(backgroundPct)} %`]]
			),
			`targets: storm of ${clients} clients <= 3 s ${storm <= 3000 ? 'met' : 'MISSED'} (${ms(storm)})`
		].join('\n');
		return {
			text,
			lost,
			ok: done,
			json: {
				scenario: 'storm',
				rooms: o.rooms,
				clients,
				participants: o.participants,
				notes: before[0] ?? 0,
				...latencyFields(perClient),
				storm_ms: round1(storm),
				outage_ms: round1(allSynced - termAt),
				start_to_first_accept_ms: round1(firstOpen - server.spawnedAt),
				lost,
				server_rss_mb_max: round1(rss),
				server_cpu_pct: round1(cpu),
				background_cpu_pct: round1(backgroundPct)
			}
		};
	} finally {
		for (const s of samplers) s.stop();
		await pool.all('reset', {});
		await kyoso.dispose();
	}
}

function noteCounts(status: StormStatus[], rooms: number): number[] {
	return [...Array(rooms).keys()].map((r) => Math.min(...status.map((s) => s.displayNotes[r]).filter((n): n is number => n !== undefined)));
}
