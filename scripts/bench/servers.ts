/**
 * The servers under test, each in its own process: ours (the production entry on a temporary data
 * dir, seeded with as many workshops as the run needs) and the two reference servers as shipped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { Workshops } from '../../src/lib/server/workshops.ts';
import { StaffAuth, SESSION_COOKIE } from '../../src/lib/server/auth/staff.ts';
import { DEMO_CREDENTIALS, seedDemo } from '../../src/lib/server/seed.ts';
import { DistrictProfiles } from '../../src/lib/server/districtProfile.ts';
import { Resources } from '../../src/lib/server/resources.ts';
import type { RoomRef } from './ipc.ts';
import { now } from './common.ts';
import { SERVER_ENTRY, SERVER_NODE_ARGS } from '../productionServer.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const HOST = '127.0.0.1';

/**
 * Where temporary data dirs go (--data-root; e.g. /dev/shm to take the disk's fsync out, as a
 * diagnosis), where our server writes a V8 CPU profile on exit (--cpu-prof DIR), and how long to
 * wait for a quiet machine before each measured window (--wait-quiet S).
 */
export const settings: { dataRoot: string; cpuProfDir: string | null; waitQuietMs: number; fanoutMinSockets: number | null } = {
	dataRoot: os.tmpdir(),
	cpuProfDir: null,
	waitQuietMs: 0,
	/** time fan-outs to at least this many sockets inside every server started (fanoutProbe.mjs); null: off */
	fanoutMinSockets: null
};

/** A fan-out timed inside a server process by fanoutProbe.mjs: start (epoch ms), duration (ms), sockets reached. */
export type Fanout = { at: number; ms: number; sockets: number };
/** The probe's event loop was blocked `ms` (beyond its 10 ms tick) after the instant `at`. */
export type Stall = { at: number; ms: number };
const FANOUT_PROBE = fileURLToPath(new URL('./fanoutProbe.mjs', import.meta.url));

export type ServerProcess = {
	readonly name: string;
	readonly child: ChildProcess;
	readonly pid: number;
	readonly port: number;
	/** now() when the process was spawned and when it said it was listening */
	readonly spawnedAt: number;
	readonly listeningAt: number;
	output(): string;
	/**
	 * What fanoutProbe.mjs recorded between two Date.now() instants: the fan-outs the process timed
	 * (settings.fanoutMinSockets; else none) and the times its event loop was blocked 40 ms or more.
	 */
	probe(from: number, to: number): { fanouts: Fanout[]; stalls: Stall[] };
	/** SIGTERM, then wait for the exit (SIGKILL after 5 s) */
	stop(): Promise<void>;
	exited(): Promise<void>;
};

function waitExit(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
	});
}

/** Spawn a server process and wait for a line matching `ready` (its first group: the port). */
/**
 * BENCH_SERVER_CPUS=0 (a taskset CPU list) pins every thread of the server under test to those CPUs;
 * run the bench itself with `taskset -c 1 ...` to keep the clients off them, as if on another machine.
 */
function pinToCpus(pid: number): void {
	const cpus = process.env.BENCH_SERVER_CPUS;
	if (!cpus) return;
	execFileSync('taskset', ['-a', '-pc', cpus, String(pid)], { stdio: 'ignore' });
}

/** `--cpu-prof` for every server process of the run (ours and the references) when asked for. */
function cpuProfFlags(): string[] {
	return settings.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}`] : [];
}

let launches = 0;

function launch(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, log: string[]): Promise<ServerProcess> {
	return new Promise((resolve, reject) => {
		const spawnedAt = now();
		const fanoutFile = settings.fanoutMinSockets !== null ? path.join(os.tmpdir(), `kyoso-bench-fanout-${process.pid}-${++launches}.json`) : null;
		const probe = fanoutFile ? { args: [`--import=${pathToFileURL(FANOUT_PROBE).href}`], env: { KYOSO_BENCH_FANOUT: fanoutFile, KYOSO_BENCH_FANOUT_MIN: String(settings.fanoutMinSockets) } } : { args: [], env: {} };
		const child = spawn(process.execPath, [...probe.args, ...args], { cwd: ROOT, env: { ...process.env, ...env, ...probe.env }, stdio: ['ignore', 'pipe', 'pipe'] });
		const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${log.join('')}`)), 60_000);
		let done = false;
		const onData = (chunk: Buffer) => {
			log.push(chunk.toString());
			if (log.length > 2000) log.splice(0, log.length - 2000);
			if (done) return;
			const m = ready.exec(log.join(''));
			if (!m) return;
			done = true;
			clearTimeout(timer);
			pinToCpus(child.pid!);
			const listeningAt = now();
			const port = Number(m[1]);
			resolve({
				name,
				child,
				pid: child.pid!,
				port,
				spawnedAt,
				listeningAt,
				output: () => log.join(''),
				probe: (from, to) => {
					const p = readProbe(fanoutFile);
					const within = (x: { at: number }) => x.at >= from && x.at <= to;
					return { fanouts: p.bursts.filter(within), stalls: p.stalls.filter(within) };
				},
				exited: () => waitExit(child),
				async stop() {
					if (child.exitCode !== null || child.signalCode !== null) return;
					child.kill('SIGTERM');
					const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
					await waitExit(child);
					clearTimeout(killer);
					if (fanoutFile) fs.rmSync(fanoutFile, { force: true });
				}
			});
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (!done) reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${log.join('')}`));
		});
	});
}

function readProbe(file: string | null): { bursts: Fanout[]; stalls: Stall[] } {
	if (!file) return { bursts: [], stalls: [] };
	try {
		const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { bursts: [number, number, number][]; stalls: [number, number][] };
		return { bursts: p.bursts.map(([at, ms, sockets]) => ({ at, ms, sockets })), stalls: p.stalls.map(([at, ms]) => ({ at, ms })) };
	} catch {
		return { bursts: [], stalls: [] };
	}
}

/** A free TCP port on the loopback (for servers that cannot be told to pick one). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, HOST, () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

/* ------------------------------------------------------------------ ours */

export type Kyoso = {
	dataDir: string;
	rooms: RoomRef[];
	server: ServerProcess;
	log: string[];
	/** start again on the same port and data dir (after a stop) */
	restart(): Promise<ServerProcess>;
	/** stop and remove the data dir */
	dispose(): Promise<void>;
};

/**
 * The seeding step: the demo council, plan and staff (as a first start in demo mode creates them)
 * and `rooms` open workshops on the demo plan, written straight into the data dir's SQLite before
 * the server starts.
 */
export async function seedRooms(dataDir: string, rooms: number): Promise<RoomRef[]> {
	const db = openDatabase(dataDir);
	try {
		const workshops = new Workshops(db);
		if (await workshops.isEmpty()) await seedDemo(workshops, new StaffAuth(db), { profiles: new DistrictProfiles(db), resources: new Resources(db) });
		const plan = db.prepare<[], { id: string }>('SELECT id FROM plans ORDER BY created_at LIMIT 1').get();
		if (!plan) throw new Error('no plan after seeding');
		const ids = db.prepare<[], { id: string }>('SELECT id FROM workshops ORDER BY created_at').all().map((r) => r.id);
		for (let i = ids.length; i < rooms; i++) ids.push(await (await workshops.createWorkshop({ planId: plan.id, title: `ベンチ会場 ${i + 1}`, place: `公民館 ${i + 1}` })).workshop.id);
		// (awaited here: the database is closed below)
		return await Promise.all(ids.slice(0, rooms).map(async (id) => {
			const w = await workshops.get(id);
			const token = await workshops.displayToken(id);
			if (!w || !token || w.status !== 'open') throw new Error(`workshop ${id} is not usable`);
			return { workshopId: id, joinCode: w.joinCode, displayToken: token };
		}));
	} finally {
		db.close();
	}
}

export function launchKyoso(port: number, dataDir: string, log: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
	const prof = cpuProfFlags();
	return launch('kyoso', [...prof, ...SERVER_NODE_ARGS], { PORT: String(port), HOST, DATA_DIR: dataDir, DEMO: '1', KYOSO_CROWD_LIMITS: '0', ...env }, /listening on [^:\s]+:(\d+)/, log);
}

/** `env`: extra environment for the server (e.g. an A/B of a setting, `kyoso-alt` in the raw scenario). */
export async function startKyoso(rooms: number, env: Record<string, string> = {}): Promise<Kyoso> {
	if (!fs.existsSync(path.join(ROOT, SERVER_ENTRY))) throw new Error('the production build is missing: run `npm run build` first');
	const dataDir = fs.mkdtempSync(path.join(settings.dataRoot, 'kyoso-bench-'));
	const refs = await seedRooms(dataDir, rooms);
	const log: string[] = [];
	const first = await launchKyoso(0, dataDir, log, env);
	const k: Kyoso = {
		dataDir,
		rooms: refs,
		server: first,
		log,
		async restart() {
			log.length = 0;
			k.server = await launchKyoso(first.port, dataDir, log, env);
			return k.server;
		},
		async dispose() {
			await k.server.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
	return k;
}

/** Sign the demo facilitator in through the real form; returns the Cookie header value. */
export async function staffLogin(port: number): Promise<string> {
	const base = `http://${HOST}:${port}`;
	const { login, password } = DEMO_CREDENTIALS.facilitator;
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ login, password }).toString(),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (res.status !== 303 || !cookie) throw new Error(`staff sign-in failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
	return cookie.split(';')[0]!;
}

/* ------------------------------------------------------------------ reference servers */

export type ReferenceKind = 'y-websocket-server' | 'hocuspocus';

export function referenceVersion(kind: ReferenceKind): string {
	const pkg = kind === 'y-websocket-server' ? '@y/websocket-server' : '@hocuspocus/server';
	try {
		const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string };
		return `${pkg}@${json.version ?? '?'}`;
	} catch {
		return `${pkg} (not installed)`;
	}
}

/** Hocuspocus has no CLI: this is the smallest server, as its README starts one (plain JS, no loader). */
const HOCUSPOCUS_MAIN = `
import { Server } from '@hocuspocus/server';
const server = new Server({ port: Number(process.env.PORT), address: process.env.HOST, quiet: true, stopOnSignals: true });
await server.listen();
console.log('listening on ' + process.env.HOST + ':' + server.address.port);
`;

/** Start a reference server as shipped (the @y/websocket-server bin; Hocuspocus' Server). */
export async function startReference(kind: ReferenceKind): Promise<ServerProcess> {
	const port = await freePort();
	const log: string[] = [];
	if (kind === 'y-websocket-server') {
		const bin = path.join(ROOT, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');
		// Profiled: exit on SIGTERM, so that V8 writes the profile (the bin has no handler and would just die).
		const args = settings.cpuProfDir ? [...cpuProfFlags(), '--input-type=module', '-e', `process.on('SIGTERM', () => process.exit(0)); await import(${JSON.stringify(pathToFileURL(bin).href)});`] : [bin];
		return launch(kind, args, { HOST, PORT: String(port) }, /running at '[^']*' on port (\d+)/, log);
	}
	return launch(kind, [...cpuProfFlags(), '--input-type=module', '-e', HOCUSPOCUS_MAIN], { HOST, PORT: String(port) }, /listening on [^:\s]+:(\d+)/, log);
}

export function referenceInstalled(kind: ReferenceKind): boolean {
	const pkg = kind === 'y-websocket-server' ? ['@y', 'websocket-server'] : ['@hocuspocus', 'server'];
	return fs.existsSync(path.join(ROOT, 'node_modules', ...pkg, 'package.json'));
}
