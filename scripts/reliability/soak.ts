/**
 * Soak: a long simulated workshop against the production build, measuring the server's memory.
 *   npm run soak -- --minutes 60 --phones 80 [--seed S]
 * Residents write notes (Poisson, one per 40 s each on average), phones lock and come back (each
 * phone drops its connection about every 10 minutes and returns 5-60 s later), a projector stays
 * connected and a staff client moves notes, changes steps and runs a dot vote now and then. The
 * server's RSS is sampled every 10 s. At the end every acknowledged note must be on the board once.
 * Last line: one JSON object {minutes, phones, notes, reconnects, rss_start_mb, rss_max_mb,
 * rss_end_mb, rss_last_third_growth_mb, lost, duplicated}.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { startServer, demoInfo, joinWithCode, staffLogin, rssMb, sleep, mapLimit, missingBuildMessage } from './lib/server.ts';
import { SimPhone } from './lib/phone.ts';
import { createRng, defaultSeed } from './lib/rng.ts';
import { syncUrl, readLiveDoc, notesOf } from './lib/doc.ts';
import { moveNote, setMeta, readNotes } from '../../src/lib/domain/board/board.ts';
import { createTheme } from '../../src/lib/domain/board/themes.ts';
import { openVote, closeVote } from '../../src/lib/domain/board/voting.ts';
import { randomId } from '../../src/lib/domain/ids.ts';
import { STEP_IDS } from '../../src/lib/domain/board/steps.ts';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
	return Number.isFinite(v) ? v : fallback;
}

const minutes = arg('minutes', 60);
const phonesN = arg('phones', 80);
const seed = arg('seed', defaultSeed());
const rng = createRng(seed);

const missing = missingBuildMessage();
if (missing) {
	console.error(missing);
	process.exit(2);
}

const server = await startServer();
const info = demoInfo(server.output());
console.log(`soak: ${minutes} min, ${phonesN} phones, seed ${seed}, server pid ${server.pid()} on ${server.url}`);

const joined = await mapLimit(Array.from({ length: phonesN }, (_, i) => i), 16, (i) => joinWithCode(server.url, info.joinCode, `soak${i}`));
const workshopId = joined[0]!.workshopId;
const phones = joined.map((j, i) => new SimPhone(i, syncUrl(server.port, workshopId, { as: 'participant' }), j.cookie.split(';')[0]!, rng.fork(i)));
for (const p of phones) p.start();

// A staff client over y-websocket with the facilitator's session cookie.
const cookie = await staffLogin(server.url);
class CookieWS extends WebSocket {
	constructor(url: string | URL, protocols?: string | string[]) {
		super(url, protocols, { headers: { cookie } });
	}
}
const staffDoc = new Y.Doc();
const staff = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, `workshop.${workshopId}`, staffDoc, {
	params: { as: 'staff' },
	WebSocketPolyfill: CookieWS as unknown as typeof globalThis.WebSocket,
	disableBc: true
});
staff.awareness.setLocalStateField('user', { name: 'soak' });
// Our JSON message types (presence, notices): a plain provider has no handlers for them.
for (const t of [100, 101, 102, 103, 104, 105]) staff.messageHandlers[t] = () => {};

const samples: { t: number; rss: number }[] = [];
const t0 = Date.now();
const end = t0 + minutes * 60_000;
let reconnects = 0;
let written = 0;
let stepIndex = 1;

const sampler = setInterval(() => {
	const rss = rssMb(server.pid());
	if (rss !== null) samples.push({ t: (Date.now() - t0) / 60_000, rss });
}, 10_000);
const progress = setInterval(() => {
	const last = samples.at(-1);
	console.log(`  ${((Date.now() - t0) / 60_000).toFixed(1)} min: ${written} notes written, ${reconnects} phone reconnects, RSS ${last?.rss.toFixed(1) ?? '?'} MB`);
}, 60_000);

// Each second: Poisson note writing, phone locks, staff activity.
while (Date.now() < end) {
	for (const p of phones) {
		if (p.online && rng.chance(1 / 40)) {
			p.submit({ op: 'note.add', id: `n-${randomId(16)}`, text: `soak ${p.index} ${written}`, kind: 'concern' });
			written++;
		}
		if (p.online && rng.chance(1 / 600)) {
			// the phone locks: its socket goes away, it comes back later with its outbox
			p.stop();
			reconnects++;
			setTimeout(() => p.start(), rng.int(5_000, 60_000));
		}
	}
	if (staff.synced && rng.chance(1 / 20)) {
		const notes = readNotes(staffDoc);
		const n = notes[rng.int(0, Math.max(0, notes.length - 1))];
		if (n) staffDoc.transact(() => moveNote(staffDoc, n.id, rng.int(0, 3000), rng.int(0, 2000)), 'user');
	}
	if (staff.synced && rng.chance(1 / 300)) {
		stepIndex = (stepIndex + 1) % 3 === 0 ? 1 : stepIndex + 1;
		staffDoc.transact(() => {
			setMeta(staffDoc, { step: STEP_IDS[stepIndex === 2 ? 2 : 1]! });
			createTheme(staffDoc, { id: `t-${randomId(12)}`, title: `テーマ${stepIndex}`, x: 0, y: 0, now: Date.now() });
			openVote(staffDoc, { roundId: randomId(10), target: 'themes', dotsPerPerson: 3, allowStacking: false, hideResults: false, now: Date.now() });
		}, 'user');
		setTimeout(() => staffDoc.transact(() => closeVote(staffDoc), 'user'), 60_000);
		// back to writing
		setTimeout(() => staffDoc.transact(() => setMeta(staffDoc, { step: 'issues', inputOpen: true }), 'user'), 90_000);
	}
	await sleep(1000);
}
clearInterval(progress);

// Let every phone come back and empty its outbox.
for (const p of phones) if (p.status !== 'online') p.start();
const drainUntil = Date.now() + 120_000;
while (Date.now() < drainUntil && phones.some((p) => p.outbox.length > 0 || !p.online)) await sleep(500);
clearInterval(sampler);

const acked = phones.flatMap((p) => [...p.ops.values()].filter((o) => o.ackedAt !== null && o.op.op === 'note.add').map((o) => o.op.id));
const board = notesOf(await readLiveDoc(server.port, workshopId, info.displayToken));
const counts = new Map<string, number>();
for (const n of board) counts.set(n.id, (counts.get(n.id) ?? 0) + 1);
const lost = acked.filter((id) => !counts.has(id)).length;
const texts = new Map<string, number>();
for (const n of board) texts.set(n.text, (texts.get(n.text) ?? 0) + 1);
const duplicated = [...texts.values()].filter((c) => c > 1).length;

for (const p of phones) p.stop();
staff.destroy();
await server.stop('SIGTERM');

const rss = samples.map((s) => s.rss);
const third = samples.filter((s) => s.t >= (minutes * 2) / 3);
const growth = third.length > 1 ? third.at(-1)!.rss - third[0]!.rss : 0;
console.log('\nRSS over time (MB), one sample per 5 minutes:');
for (const s of samples.filter((_, i) => i % 30 === 0)) console.log(`  ${s.t.toFixed(1).padStart(5)} min  ${s.rss.toFixed(1)}`);
const result = {
	minutes,
	phones: phonesN,
	seed,
	notes: board.length,
	acked: acked.length,
	reconnects,
	rss_start_mb: rss[0] ?? null,
	rss_max_mb: rss.length ? Math.max(...rss) : null,
	rss_end_mb: rss.at(-1) ?? null,
	rss_last_third_growth_mb: Math.round(growth * 10) / 10,
	lost,
	duplicated
};
console.log(JSON.stringify(result));
process.exit(lost > 0 || duplicated > 0 ? 1 : 0);
