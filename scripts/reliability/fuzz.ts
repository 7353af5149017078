/**
 * Protocol fuzz: `npm run fuzz -- --frames N --seed S [--staff-share 0.3]`
 *
 * Starts the production server (DEMO=1, temporary data dir), puts a few notes on the demo board,
 * then sends N random and mutated frames over real websockets (see lib/fuzzFrames.ts), in two phases:
 *   A. participant and projector (display) sockets: the board must not change, except by operations
 *      that were valid (a mutation can yield one; those are decoded exactly as the server does and
 *      their effects, on the fuzzing participants' own notes and seats only, are allowed);
 *   B. staff sockets (signed in through the real /login form): staff may change the board, so here
 *      only the server's survival counts.
 * Closed sockets are reopened. After every batch each socket sends a marker operation and waits
 * for its reply, so the server has processed everything before the next batch (and a hang shows).
 * Checked: the process stays up and /healthz answers 200; the board (phase A); the server's RSS
 * (/proc/<pid>/status VmRSS, sampled every 200 ms) stays within --rss-limit-mb of its start; after
 * a kill -9 and restart the board still loads for a projector, a phone and a staff client.
 * With --keep-going a crash is recorded (signature, whether the board kills the server again on a
 * restart, the last frames sent) and fuzzing goes on against a fresh server, to find more than one bug.
 * Last line: one JSON object. Exit code 1 if a check failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createRng, defaultSeed, type Rng } from './lib/rng.ts';
import { demoInfo, health, joinWithCode, missingBuildMessage, rssMb, sleep, staffLogin, startServer, type ServerProcess } from './lib/server.ts';
import { docJson, notesOf, readLiveBoard, readLiveDoc, stableStringify, syncUrl, toBytes } from './lib/doc.ts';
import { FrameFactory, FUZZ_ROUND_ID, PROTOTYPE_NAMES, asValidOp, type Frame, type Role } from './lib/fuzzFrames.ts';
import * as syncProtocol from 'y-protocols/sync';
import { addNote } from '../../src/lib/domain/board.ts';
import { openVote } from '../../src/lib/domain/voting.ts';
import { SimPhone } from './lib/phone.ts';
import { decodeFrame, jsonFrame, syncFrame } from '../../src/lib/protocol/codec.ts';
import { CloseCode, MessageType, type ParticipantOp } from '../../src/lib/protocol/messages.ts';

type Options = { frames: number; seed: number; staffShare: number; batch: number; rssLimitMb: number; keepGoing: boolean; quiet: boolean };

function parseOptions(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			frames: { type: 'string', default: '10000' },
			seed: { type: 'string' },
			'staff-share': { type: 'string', default: '0.3' },
			batch: { type: 'string', default: '48' },
			'rss-limit-mb': { type: 'string', default: '300' },
			'keep-going': { type: 'boolean', default: false },
			quiet: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) {
		console.log('usage: npm run fuzz -- --frames N [--seed S] [--staff-share 0.3] [--batch 48] [--rss-limit-mb 300] [--keep-going] [--quiet]');
		process.exit(0);
	}
	const num = (name: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number => {
		const n = Number(v);
		if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got ${v}`);
		return n;
	};
	return {
		frames: Math.floor(num('frames', values.frames, 1)),
		seed: values.seed === undefined ? defaultSeed() : Math.floor(num('seed', values.seed, 0, 2 ** 32 - 1)),
		staffShare: num('staff-share', values['staff-share'], 0, 1),
		batch: Math.floor(num('batch', values.batch, 1, 10_000)),
		rssLimitMb: num('rss-limit-mb', values['rss-limit-mb'], 1),
		keepGoing: values['keep-going'] ?? false,
		quiet: values.quiet ?? false
	};
}

/* ------------------------------------------------------------------ sockets */

type Sent = { socket: string; family: string; text: boolean; hex: string };

class FuzzSocket {
	readonly role: Role;
	readonly name: string;
	readonly #url: string;
	readonly #cookie: string | undefined;
	ws: WebSocket | null = null;
	participantId: string | null = null;
	opens = 0;
	sent = 0;
	readonly closeCodes = new Map<number, number>();
	readonly replies = new Map<string, number>();
	readonly notices = new Map<string, number>();
	#waiters = new Map<string, (how: 'reply' | 'closed') => void>();

	constructor(role: Role, name: string, url: string, cookie?: string) {
		this.role = role;
		this.name = name;
		this.#url = url;
		this.#cookie = cookie;
	}

	get isOpen(): boolean {
		return this.ws?.readyState === WebSocket.OPEN;
	}

	open(timeoutMs = 10_000): Promise<boolean> {
		return new Promise((resolve) => {
			const ws = new WebSocket(this.#url, { headers: this.#cookie ? { cookie: this.#cookie } : {}, perMessageDeflate: false, handshakeTimeout: timeoutMs });
			this.ws = ws;
			let settled = false;
			const done = (ok: boolean) => {
				if (!settled) {
					settled = true;
					resolve(ok);
				}
			};
			ws.on('open', () => {
				this.opens++;
				done(true);
			});
			ws.on('message', (data) => this.#onMessage(toBytes(data)));
			ws.on('close', (code) => {
				this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
				for (const w of this.#waiters.values()) w('closed');
				this.#waiters.clear();
				done(false);
			});
			ws.on('error', () => done(false));
		});
	}

	#onMessage(bytes: Uint8Array): void {
		const f = decodeFrame(bytes);
		if (f?.type === MessageType.Reply) {
			const reply = f.json;
			const key = reply.ok ? 'ok' : reply.error;
			const w = this.#waiters.get(reply.id);
			if (w) {
				this.#waiters.delete(reply.id);
				w('reply');
			} else this.replies.set(key, (this.replies.get(key) ?? 0) + 1);
		} else if (f?.type === MessageType.View) {
			this.participantId = f.json.me.participantId;
		} else if (f?.type === MessageType.Notice) {
			this.notices.set(f.json.code, (this.notices.get(f.json.code) ?? 0) + 1);
		}
		// anything else, or a malformed frame: the server's frames are not under test here
	}

	send(frame: Frame): boolean {
		if (!this.ws || !this.isOpen) return false;
		this.ws.send(frame.bytes, { binary: !frame.text });
		this.sent++;
		return true;
	}

	/** Send a marker operation and wait for its reply: everything sent before it has been handled. */
	barrier(id: string, timeoutMs: number): Promise<'reply' | 'closed' | 'timeout'> {
		if (!this.ws || !this.isOpen) return Promise.resolve('closed');
		const ws = this.ws;
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#waiters.delete(id);
				resolve('timeout');
			}, timeoutMs);
			this.#waiters.set(id, (how) => {
				clearTimeout(timer);
				resolve(how);
			});
			ws.send(jsonFrame(MessageType.Op, { id }));
		});
	}

	terminate(): void {
		this.ws?.terminate();
	}
}

/* ------------------------------------------------------------------ board comparison */

type ValidOp = { participantId: string | null; op: ParticipantOp };

/**
 * Phase A's check. Without any valid operation sent: the board must be byte-for-byte the same
 * state (state vectors) with the same content. With some: the same content once the fuzzing
 * participants' own notes, seats and ballots are set aside, and each of their new notes must come
 * from a valid note.add they sent.
 */
function compareBoards(before: Y.Doc, after: Y.Doc, fuzzPids: Set<string>, validOps: ValidOp[]): { unchanged: boolean; mode: 'strict' | 'attributed'; details: string[] } {
	const details: string[] = [];
	const strip = (doc: Y.Doc): string => {
		const json = docJson(doc);
		// the fuzzing participants' notes, by the board's own reader (whatever shape the note is stored in)
		const theirs = new Set(notesOf(doc).filter((n) => fuzzPids.has(n.authorId)).map((n) => n.id));
		const out: Record<string, unknown> = {};
		for (const [root, value] of Object.entries(json)) {
			if (typeof value !== 'object' || value === null) {
				out[root] = value;
				continue;
			}
			const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => {
				if ((root === 'seating' || root === 'ballots') && fuzzPids.has(k)) return false;
				if (root === 'notes' && theirs.has(k)) return false;
				return true;
			});
			if (entries.length) out[root] = Object.fromEntries(entries);
		}
		return stableStringify(out);
	};
	if (validOps.length === 0) {
		const sameState = Buffer.compare(Buffer.from(Y.encodeStateVector(before)), Buffer.from(Y.encodeStateVector(after))) === 0;
		const sameContent = stableStringify(docJson(before)) === stableStringify(docJson(after));
		if (!sameState) details.push('the document state vector changed');
		if (!sameContent) details.push('the document content changed');
		return { unchanged: sameState && sameContent, mode: 'strict', details };
	}
	const same = strip(before) === strip(after);
	if (!same) details.push('the board changed outside the fuzzing participants\' own notes and seats');
	const validAdds = new Set(validOps.filter((v) => v.op.op === 'note.add').map((v) => v.op.id));
	const beforeIds = new Set(notesOf(before).map((n) => n.id));
	let unexplained = 0;
	for (const n of notesOf(after)) {
		if (!beforeIds.has(n.id) && (!fuzzPids.has(n.authorId) || !validAdds.has(n.id))) unexplained++;
	}
	if (unexplained) details.push(`${unexplained} new note(s) not explained by a valid note.add`);
	return { unchanged: same && unexplained === 0, mode: 'attributed', details };
}

/* ------------------------------------------------------------------ environment */

/** A server with a board that has a few notes, and the sockets under test. */
type Env = {
	server: ServerProcess;
	workshopId: string;
	displayToken: string;
	participantUrl: string;
	staffUrl: string;
	phoneCookie: string;
	staffCookie: string;
	participants: FuzzSocket[];
	displays: FuzzSocket[];
	staff: FuzzSocket[];
	all: FuzzSocket[];
	fuzzPids: Set<string>;
	before: Y.Doc;
	rssStart: number;
};

async function setupEnv(rng: Rng): Promise<Env> {
	const server = await startServer();
	liveServer = server;
	const info = demoInfo(server.output());

	// A board with something on it: two phones write three notes each.
	const seedPhones = await Promise.all([0, 1].map((i) => joinWithCode(server.url, info.joinCode, `seed${i}`)));
	const workshopId = seedPhones[0]!.workshopId;
	const participantUrl = syncUrl(server.port, workshopId, { as: 'participant' });
	const writers = seedPhones.map((j, i) => new SimPhone(i, participantUrl, j.cookie, rng.fork(900 + i)));
	for (const w of writers) w.start();
	writers.forEach((w, i) => {
		for (let n = 0; n < 3; n++) w.submit({ op: 'note.add', id: `seed${i}note${n}xx`, text: `最初の付箋 ${i}-${n}`, kind: 'concern' });
	});
	const deadline = Date.now() + 15_000;
	while (writers.some((w) => w.outbox.length > 0) && Date.now() < deadline) await sleep(50);
	for (const w of writers) w.stop();

	// The sockets under test: six phones, three projectors, three staff connections.
	const staffCookie = await staffLogin(server.url);
	const fuzzPhones = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => joinWithCode(server.url, info.joinCode, `fuzz${i}`)));
	const staffUrl = syncUrl(server.port, workshopId, { as: 'staff' });
	const participants = fuzzPhones.map((j, i) => new FuzzSocket('participant', `participant${i}`, participantUrl, j.cookie));
	const displays = [0, 1, 2].map((i) => new FuzzSocket('display', `display${i}`, syncUrl(server.port, workshopId, { as: 'display', t: info.displayToken })));
	const staff = [0, 1, 2].map((i) => new FuzzSocket('staff', `staff${i}`, staffUrl, staffCookie));
	const all = [...participants, ...displays, ...staff];
	const opened = await Promise.all(all.map((s) => s.open()));
	if (opened.some((ok) => !ok)) throw new Error(`could not open every socket: ${all.filter((_, i) => !opened[i]).map((s) => s.name).join(', ')}`);
	const until = Date.now() + 5_000;
	while (participants.some((p) => !p.participantId) && Date.now() < until) await sleep(20);
	const fuzzPids = new Set(participants.map((p) => p.participantId).filter((x): x is string => x !== null));
	await addPrototypeNotesAndVote(server.port, workshopId, staffCookie, staff[0]!);
	const before = await readLiveBoard(server.port, workshopId, staffCookie);
	return {
		server, workshopId, displayToken: info.displayToken, participantUrl, staffUrl, phoneCookie: fuzzPhones[0]!.cookie, staffCookie,
		participants, displays, staff, all, fuzzPids, before, rssStart: rssMb(server.pid()) ?? 0
	};
}

/**
 * Notes whose ids are names every object has (a laptop of an earlier build could write them) and a
 * vote open on notes with stacking, written by a staff socket as a laptop does: the phones' fuzzed
 * votes and ids then meet them (issue 15: a vote on `constructor` once closed the whole workshop).
 */
async function addPrototypeNotesAndVote(port: number, workshopId: string, staffCookie: string, staff: FuzzSocket): Promise<void> {
	const fork = new Y.Doc();
	Y.applyUpdate(fork, Y.encodeStateAsUpdate(await readLiveBoard(port, workshopId, staffCookie)));
	const updates: Uint8Array[] = [];
	fork.on('update', (u: Uint8Array) => updates.push(u));
	const names = PROTOTYPE_NAMES.filter((n) => n !== '__proto__' && n !== 'prototype');
	fork.transact(() => {
		for (const [i, id] of names.entries()) addNote(fork, { id, text: `スタッフの付箋 ${id}`, kind: 'concern', authorId: 'fuzz-setup', authorRole: 'staff', nickname: null, now: Date.now() + i });
		const opened = openVote(fork, { roundId: FUZZ_ROUND_ID, target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: Date.now() });
		if (!opened.ok) throw new Error(`could not open the fuzz vote: ${opened.error}`);
	});
	staff.send({ bytes: syncFrame(syncProtocol.messageYjsUpdate, Y.mergeUpdates(updates)), text: false, family: 'setup' });
	const deadline = Date.now() + 10_000;
	for (;;) {
		const doc = await readLiveBoard(port, workshopId, staffCookie);
		if (names.every((id) => notesOf(doc).some((n) => n.id === id))) return;
		if (Date.now() > deadline) throw new Error('the staff socket\'s setup notes did not reach the board');
		await sleep(100);
	}
}

/**
 * Restart a server on its data dir and open the board as a projector, a phone and a staff client.
 * True when all of that works and the process is still up a second later.
 */
async function boardLoadsAfterRestart(env: Env): Promise<{ ok: boolean; reason: string }> {
	const { server } = env;
	const died = () => `the server died: ${crashSignature(server.currentOutput())}`;
	try {
		if (server.alive()) await server.crash();
		await server.restart();
		await readLiveDoc(server.port, env.workshopId, env.displayToken);
		const p = new FuzzSocket('participant', 'after-restart-phone', env.participantUrl, env.phoneCookie);
		const st = new FuzzSocket('staff', 'after-restart-staff', env.staffUrl, env.staffCookie);
		const phoneOpened = await p.open();
		const staffOpened = await st.open();
		await sleep(1000);
		const alive = server.alive();
		const status = alive ? await health(server.url) : 0;
		p.terminate();
		st.terminate();
		if (!alive) return { ok: false, reason: died() };
		if (!phoneOpened || !staffOpened) return { ok: false, reason: `a socket did not open (phone ${phoneOpened}, staff ${staffOpened})` };
		if (status !== 200) return { ok: false, reason: `/healthz answered ${status}` };
		if (p.participantId === null) return { ok: false, reason: 'the phone got no view' };
		return { ok: true, reason: '' };
	} catch (e) {
		return { ok: false, reason: server.alive() ? (e instanceof Error ? e.message : String(e)) : died() };
	}
}

/** The error line and the first frames of our own code in a crash's output: a short signature. */
function crashSignature(output: string): string {
	const lines = output.split('\n');
	const errorAt = lines.findLastIndex((l) => /^\w*Error\b|^\w+Error:/.test(l.trim()));
	if (errorAt < 0) return lines.filter((l) => l.trim()).slice(-3).join(' | ');
	const ours = lines.slice(errorAt + 1).filter((l) => /\/(src|server)\//.test(l)).slice(0, 2).map((l) => l.trim().replace(/^at /, '').replace(/\(?\/work\/main\//, '').replace(/\)$/, ''));
	return [lines[errorAt]!.trim(), ...ours].join(' <- ');
}

/* ------------------------------------------------------------------ main */

let liveServer: ServerProcess | null = null;
process.on('exit', () => {
	if (liveServer?.alive()) process.kill(liveServer.pid(), 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.on(sig, () => {
		if (liveServer?.alive()) process.kill(liveServer.pid(), 'SIGKILL');
		process.exit(130);
	});
}

type Crash = { phase: string; afterFrames: number; signature: string; crashLoopsOnRestart: boolean; restartProblem: string; reproFile: string };

async function main(): Promise<void> {
	const opts = parseOptions(process.argv.slice(2));
	const missing = missingBuildMessage();
	if (missing) {
		console.error(missing);
		console.log(JSON.stringify({ frames: 0, seed: opts.seed, serverAlive: false, docUnchanged: false, rssStartMb: 0, rssMaxMb: 0, error: 'build missing' }));
		process.exit(2);
	}
	const log = (s: string) => {
		if (!opts.quiet) console.log(s);
	};
	const t0 = Date.now();
	const rng = createRng(opts.seed);
	console.log(`fuzz: ${opts.frames} frames, seed ${opts.seed} (staff share ${opts.staffShare}${opts.keepGoing ? ', keep going after a crash' : ''})`);

	let env = await setupEnv(rng.fork(2));
	const firstRssStart = env.rssStart;
	log(`  server pid ${env.server.pid()} on port ${env.server.port}; board has ${notesOf(env.before).length} notes; ${env.all.length} sockets open`);
	const factory = new FrameFactory(rng.fork(1), Y.encodeStateAsUpdate(env.before), notesOf(env.before).map((n) => n.id));

	// Memory: sampled every 200 ms; growth is measured from each server's own start.
	let rssMax = env.rssStart;
	let rssLast = env.rssStart;
	let rssGrowthMax = 0;
	const sampler = setInterval(() => {
		if (!env.server.alive()) return;
		const mb = rssMb(env.server.pid());
		if (mb === null) return;
		rssLast = mb;
		rssMax = Math.max(rssMax, mb);
		rssGrowthMax = Math.max(rssGrowthMax, mb - env.rssStart);
	}, 200);

	const recent: Sent[] = [];
	const crashes: Crash[] = [];
	const retired: FuzzSocket[] = [];
	let hangs = 0;
	let maxBarrierMs = 0;
	let framesSent = 0;
	let validOps: ValidOp[] = [];
	let validOpsTotal = 0;

	async function onCrash(phase: string): Promise<boolean> {
		const output = env.server.currentOutput();
		const signature = crashSignature(output);
		const reproFile = path.join(os.tmpdir(), `kyoso-fuzz-crash-seed${opts.seed}-${crashes.length + 1}.json`);
		fs.writeFileSync(reproFile, JSON.stringify({ seed: opts.seed, phase, afterFrames: framesSent, exit: env.server.exitInfo(), signature, lastFrames: recent }, null, 1));
		console.log(`SERVER DIED in the ${phase} phase after ${framesSent} frames (exit ${JSON.stringify(env.server.exitInfo())}):`);
		console.log(output.split('\n').filter((l) => l.trim()).slice(-16).map((l) => `    ${l}`).join('\n'));
		console.log(`  the last ${recent.length} frames sent are in ${reproFile}`);
		for (const s of env.all) s.terminate();
		const again = await boardLoadsAfterRestart(env);
		console.log(again.ok ? '  after a restart on the same data dir the board loads again' : `  after a restart on the same data dir (${env.server.dataDir}) the board does not load: ${again.reason}`);
		crashes.push({ phase, afterFrames: framesSent, signature, crashLoopsOnRestart: !again.ok, restartProblem: again.reason, reproFile });
		await env.server.stop('SIGKILL');
		if (!opts.keepGoing) return false;
		retired.push(...env.all);
		env = await setupEnv(rng.fork(100 + crashes.length));
		validOps = [];
		log(`  continuing on a fresh server (pid ${env.server.pid()}, port ${env.server.port})`);
		return true;
	}

	async function runPhase(label: string, pick: (e: Env) => FuzzSocket[], weights: Partial<Record<Role, number>>, count: number): Promise<boolean> {
		const phaseStart = Date.now();
		const roles = (Object.keys(weights) as Role[]).filter((r) => (weights[r] ?? 0) > 0);
		const total = roles.reduce((n, r) => n + (weights[r] ?? 0), 0);
		let sent = 0;
		let round = 0;
		let nextReport = 0.1;
		const logBytes0 = env.server.outputBytes();
		while (sent < count) {
			const sockets = pick(env);
			for (let i = 0; i < opts.batch && sent < count; i++) {
				let x = rng.next() * total;
				const role = roles.find((r) => (x -= weights[r] ?? 0) < 0) ?? roles[0]!;
				const candidates = sockets.filter((s) => s.role === role && s.isOpen);
				if (candidates.length === 0) break;
				const s = rng.pick(candidates);
				const frame = factory.next(role);
				if (role === 'participant' && !frame.text) {
					const op = asValidOp(frame.bytes);
					if (op) {
						validOps.push({ participantId: s.participantId, op });
						validOpsTotal++;
					}
				}
				if (s.send(frame)) {
					sent++;
					framesSent++;
					recent.push({ socket: s.name, family: frame.family, text: frame.text, hex: Buffer.from(frame.bytes.subarray(0, 64 * 1024)).toString('hex') });
					if (recent.length > opts.batch * 2) recent.shift();
				}
			}
			const b0 = Date.now();
			const results = await Promise.all(sockets.map((s) => s.barrier(`barrier${round}x${s.name}`.slice(0, 40), 20_000)));
			maxBarrierMs = Math.max(maxBarrierMs, Date.now() - b0);
			hangs += results.filter((r) => r === 'timeout').length;
			results.forEach((r, i) => {
				if (r === 'timeout') sockets[i]!.terminate();
			});
			if (!env.server.alive() || results.every((r) => r === 'closed')) {
				await sleep(300);
				if (!env.server.alive() || (await health(env.server.url)) !== 200) {
					if (env.server.alive()) await env.server.crash(); // unresponsive: treat as dead
					if (!(await onCrash(label))) return false;
					continue;
				}
			}
			for (const s of sockets) if (!s.isOpen) await s.open();
			round++;
			if (sent / count >= nextReport) {
				log(`  ${label}: ${sent}/${count} frames, RSS ${rssLast.toFixed(0)} MB, ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
				while (sent / count >= nextReport) nextReport += 0.1;
			}
		}
		log(`  ${label}: done, ${sent} frames in ${((Date.now() - phaseStart) / 1000).toFixed(1)} s; the server printed ${((env.server.outputBytes() - logBytes0) / 1024).toFixed(0)} KB meanwhile`);
		return true;
	}

	// Phase A: phones and projectors. The board must not change.
	const staffFrames = Math.round(opts.frames * opts.staffShare);
	const phaseAFrames = opts.frames - staffFrames;
	let boardCheck: ReturnType<typeof compareBoards> = { unchanged: false, mode: 'strict', details: ['not checked: the server died'] };
	let going = await runPhase('participant/display', (e) => [...e.participants, ...e.displays], { participant: 0.65, display: 0.35 }, phaseAFrames);
	if (going) {
		await sleep(1500); // valid operations wait for the rate limiter
		const after = await readLiveBoard(env.server.port, env.workshopId, env.staffCookie);
		boardCheck = compareBoards(env.before, after, env.fuzzPids, validOps);
		log(`  board after the participant/display phase: ${boardCheck.unchanged ? 'unchanged' : 'CHANGED'} (${boardCheck.mode} check, ${validOps.length} valid operations among the frames) ${boardCheck.details.join('; ')}`);
	}

	// A phone or projector must never close the workshop for everyone: the room closes its sockets with
	// 1011 only when storing fails (issue 15). Counted over every socket, staff included, after phase A.
	const internalErrorClosesA = env.all.concat(retired).reduce((n, s) => n + (s.closeCodes.get(CloseCode.InternalError) ?? 0), 0);
	log(`  sockets closed with 1011 (room closed) by participant/display frames: ${internalErrorClosesA}`);

	// Phase B: staff (may change the board; the server must stay up). Phones and projectors stay connected.
	if (going && staffFrames > 0) going = await runPhase('staff', (e) => e.staff, { staff: 1 }, staffFrames);
	clearInterval(sampler);
	const aliveAtEnd = going && env.server.alive() && (await health(env.server.url)) === 200;
	const serverAlive = aliveAtEnd && crashes.length === 0;
	const rssEnd = env.server.alive() ? (rssMb(env.server.pid()) ?? rssLast) : rssLast;

	// The board still loads after a kill -9 and a restart.
	let docLoadsAfterRestart = false;
	if (aliveAtEnd) {
		for (const s of env.all) s.terminate();
		const r = await boardLoadsAfterRestart(env);
		docLoadsAfterRestart = r.ok;
		if (!r.ok) console.log(`the board does not load after a restart: ${r.reason}`);
	}
	if (crashes.length > 0) docLoadsAfterRestart = docLoadsAfterRestart && !crashes.some((c) => c.crashLoopsOnRestart);
	await env.server.stop('SIGKILL');
	liveServer = null;

	// Report.
	const sockets = [...retired, ...env.all];
	const sum = (f: (s: FuzzSocket) => Map<string | number, number>, role: Role) => {
		const out: Record<string, number> = {};
		for (const s of sockets.filter((x) => x.role === role)) for (const [k, v] of f(s)) out[String(k)] = (out[String(k)] ?? 0) + v;
		return out;
	};
	console.log('');
	console.log(`summary: ${framesSent} fuzz frames sent (seed ${opts.seed}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	for (const role of ['participant', 'display', 'staff'] as const) {
		const socks = sockets.filter((s) => s.role === role);
		console.log(
			`  ${role}: ${socks.reduce((n, s) => n + s.sent, 0)} frames, ${socks.reduce((n, s) => n + s.opens, 0)} socket opens; closes ${JSON.stringify(sum((s) => s.closeCodes, role))}; replies ${JSON.stringify(sum((s) => s.replies, role))}; notices ${JSON.stringify(sum((s) => s.notices, role))}`
		);
	}
	const families = [...factory.families.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
	console.log(`  frame kinds (before mutation): ${families}`);
	console.log(`  valid operations among participant frames: ${validOpsTotal}; slowest batch ${maxBarrierMs} ms; unanswered markers ${hangs}`);
	console.log(`  board unchanged by participant/display frames: ${boardCheck.unchanged} (${boardCheck.mode})${boardCheck.details.length ? ` - ${boardCheck.details.join('; ')}` : ''}`);
	console.log(`  RSS: start ${firstRssStart.toFixed(1)} MB, end ${rssEnd.toFixed(1)} MB, max ${rssMax.toFixed(1)} MB; largest growth over a server's start ${rssGrowthMax.toFixed(1)} MB (limit ${opts.rssLimitMb} MB)`);
	console.log(`  crashes: ${crashes.length}${crashes.map((c) => `\n    - ${c.phase} phase after ${c.afterFrames} frames${c.crashLoopsOnRestart ? ` (after a restart: ${c.restartProblem})` : ''}: ${c.signature}\n      frames: ${c.reproFile}`).join('')}`);
	console.log(`  server alive: ${serverAlive}; board loads after kill -9 and restart: ${docLoadsAfterRestart}`);
	const rssBounded = rssGrowthMax <= opts.rssLimitMb;
	console.log(`  rooms closed for everyone (1011) by participant/display frames: ${internalErrorClosesA}`);
	const ok = serverAlive && boardCheck.unchanged && rssBounded && docLoadsAfterRestart && hangs === 0 && internalErrorClosesA === 0;
	console.log(ok ? 'PASS' : 'FAIL');
	const round1 = (n: number) => Math.round(n * 10) / 10;
	console.log(
		JSON.stringify({
			frames: framesSent,
			seed: opts.seed,
			serverAlive,
			docUnchanged: boardCheck.unchanged,
			rssStartMb: round1(firstRssStart),
			rssMaxMb: round1(rssMax),
			rssEndMb: round1(rssEnd),
			rssBounded,
			docLoadsAfterRestart,
			hangs,
			internalErrorClosesA,
			validOps: validOpsTotal,
			crashes: crashes.length,
			crashSignatures: [...new Set(crashes.map((c) => c.signature))],
			seconds: round1((Date.now() - t0) / 1000)
		})
	);
	process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
	console.error(e);
	console.log(JSON.stringify({ frames: 0, seed: null, serverAlive: false, docUnchanged: false, rssStartMb: 0, rssMaxMb: 0, error: e instanceof Error ? e.message : String(e) }));
	process.exitCode = 1;
});
