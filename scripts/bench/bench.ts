/**
 * npm run bench -- --scenario hall|storm|raw [--rooms R] [--participants P] [--duration S]
 *                  [--workers W] [--awareness on|off|both] [--displays D] [--notes N]
 * npm run bench:smoke   (hall 1 x 20 for 5 s at ten times the note and vote rate, storm of 20 phones on 200 notes, raw with 20 clients for 5 s; exit 1 if
 *                       anything is lost; part of the test command: tests/e2e-node/benchSmoke.test.ts)
 *
 * Starts the production server (`node build/kyoso/index.mjs`, needs `npm run build`) on a
 * temporary data dir, and drives it with simulated clients in W forked worker processes over real
 * loopback sockets. Prints a table, and as the very last line one JSON object.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from './pool.ts';
import { runHall, type Outcome } from './hall.ts';
import { runStorm } from './storm.ts';
import { runRaw, SERVERS, SERVER_CHOICES, type ServerKind } from './raw.ts';
import { progress } from './report.ts';
import { settings } from './servers.ts';

type Args = {
	scenario: 'hall' | 'storm' | 'raw';
	rooms: number;
	participants: number;
	duration: number;
	workers: number;
	awareness: ('on' | 'off')[];
	displays: number;
	notes: number;
	dataRoot: string | null;
	cpuProf: string | null;
	waitQuiet: number;
	seed: number;
	servers: ServerKind[];
	/** raw: rounds per server in rotated order */
	rounds: number;
	/** raw: environment of the `kyoso-alt` server */
	altEnv: Record<string, string>;
	smoke: boolean;
};

const USAGE = `usage: npm run bench -- --scenario hall|storm|raw [--rooms R] [--participants P] [--duration S]
       [--workers W] [--awareness on|off|both] [--displays D] [--notes N] [--data-root DIR] [--cpu-prof DIR] [--wait-quiet S] [--seed N]
       [--servers kyoso,y-websocket-server,hocuspocus,kyoso-alt] [--alt-env KEY=VALUE[,KEY=VALUE]] [--rounds N] [--smoke]`;

function parseArgs(argv: string[]): Args {
	const a: Args = { scenario: 'hall', rooms: 1, participants: 300, duration: 30, workers: 2, awareness: ['on', 'off'], displays: 3, notes: 2000, dataRoot: null, cpuProf: null, waitQuiet: 0, seed: Math.floor(Math.random() * 2 ** 31), servers: SERVERS, smoke: false, rounds: 1, altEnv: {} };
	const int = (name: string, v: string | undefined, min: number): number => {
		const n = Number(v);
		if (!Number.isInteger(n) || n < min) throw new Error(`--${name} wants an integer >= ${min}, got ${v}\n${USAGE}`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i]!;
		const [name, inline] = flag.startsWith('--') ? (flag.slice(2).split('=', 2) as [string, string | undefined]) : [flag, undefined];
		const value = (): string | undefined => inline ?? argv[++i];
		switch (name) {
			case 'scenario': {
				const v = value();
				if (v !== 'hall' && v !== 'storm' && v !== 'raw') throw new Error(`unknown scenario ${v}\n${USAGE}`);
				a.scenario = v;
				break;
			}
			case 'rooms':
				a.rooms = int(name, value(), 1);
				break;
			case 'participants':
			case 'clients':
				a.participants = int(name, value(), 2);
				break;
			case 'duration':
				a.duration = int(name, value(), 1);
				break;
			case 'workers':
				a.workers = int(name, value(), 1);
				break;
			case 'displays':
				a.displays = int(name, value(), 1);
				break;
			case 'notes':
				a.notes = int(name, value(), 0);
				break;
			case 'awareness': {
				const v = value();
				if (v === 'both') a.awareness = ['on', 'off'];
				else if (v === 'on' || v === 'off') a.awareness = [v];
				else throw new Error(`--awareness wants on, off or both\n${USAGE}`);
				break;
			}
			case 'data-root': {
				const v = value();
				if (!v || !fs.existsSync(v)) throw new Error(`--data-root wants an existing directory, got ${v}`);
				a.dataRoot = v;
				break;
			}
			case 'seed':
				a.seed = int(name, value(), 0);
				break;
			case 'rounds':
				a.rounds = int(name, value(), 1);
				break;
			case 'wait-quiet':
				a.waitQuiet = int(name, value(), 0);
				break;
			case 'cpu-prof': {
				const v = value();
				if (!v) throw new Error('--cpu-prof wants a directory');
				fs.mkdirSync(v, { recursive: true });
				a.cpuProf = path.resolve(v);
				break;
			}
			case 'servers': {
				const list = (value() ?? '').split(',').filter(Boolean);
				const bad = list.filter((k) => !(SERVER_CHOICES as string[]).includes(k));
				if (list.length === 0 || bad.length) throw new Error(`--servers wants a comma-separated subset of ${SERVER_CHOICES.join(',')}`);
				a.servers = list as ServerKind[];
				break;
			}
			case 'alt-env': {
				// KEY=VALUE[,KEY=VALUE]: the environment of the `kyoso-alt` server
				const pairs = (value() ?? '').split(',').filter(Boolean).map((kv) => kv.split('='));
				if (pairs.length === 0 || pairs.some((p) => p.length !== 2 || !p[0])) throw new Error('--alt-env wants KEY=VALUE[,KEY=VALUE]');
				a.altEnv = Object.fromEntries(pairs);
				break;
			}
			case 'smoke':
				a.smoke = true;
				break;
			case 'help':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown argument ${flag}\n${USAGE}`);
		}
	}
	return a;
}

function machine(): Record<string, unknown> {
	return {
		nproc: os.availableParallelism(),
		ram_gb: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		cpu: os.cpus()[0]?.model ?? '?',
		loadavg_1m: Math.round(os.loadavg()[0]! * 100) / 100,
		data_root: settings.dataRoot
	};
}

const RATE = 1 / 20; // one note (and one vote tap) per 20 s per client

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	if (args.dataRoot) settings.dataRoot = args.dataRoot;
	settings.cpuProfDir = args.cpuProf;
	settings.waitQuietMs = args.waitQuiet * 1000;
	const pool = new Pool(args.workers);
	const started = Date.now();
	try {
		await pool.ready();
		const m = machine();
		progress(`machine: ${m.nproc} cpus (${String(m.cpu)}), ${String(m.ram_gb)} GB RAM, node ${process.version}; ${args.workers} worker processes; data in ${settings.dataRoot}`);
		if (os.loadavg()[0]! > 1) progress(`warning: load average ${os.loadavg()[0]!.toFixed(2)}: other processes compete for the CPUs, latencies will be noisy`);
		if (args.smoke) {
			// Ten times the realistic rate: at 1 per 20 s, 20 phones send no vote at all in 5 s in 0.7 % of
			// runs (Poisson, mean 5), and the smoke run checks that notes and votes go through.
			const hall = await runHall(pool, { rooms: 1, participants: 20, durationS: 5, noteRatePerSec: RATE * 10, voteRatePerSec: RATE * 10 });
			console.log(`\n${hall.text}\n`);
			const storm = await runStorm(pool, { rooms: 1, participants: 20, displays: 1, notes: 200 });
			console.log(`${storm.text}\n`);
			const raw = await runRaw(pool, { clients: 20, durationS: 5, ratePerSec: RATE, awareness: ['on'], settleMs: 500, warmupS: 0, seed: args.seed });
			console.log(`${raw.text}\n`);
			const lost = hall.lost + storm.lost + raw.lost;
			const ok = hall.ok && storm.ok && raw.ok && lost === 0;
			console.log(`smoke ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s${lost > 0 ? `: ${lost} lost` : ''}`);
			console.log(JSON.stringify({ scenario: 'smoke', lost, ok, hall: hall.json, storm: storm.json, raw: raw.json, machine: m }));
			return ok ? 0 : 1;
		}
		let outcome: Outcome;
		if (args.scenario === 'hall') {
			outcome = await runHall(pool, { rooms: args.rooms, participants: args.participants, durationS: args.duration, noteRatePerSec: RATE, voteRatePerSec: RATE });
		} else if (args.scenario === 'storm') {
			outcome = await runStorm(pool, { rooms: args.rooms, participants: args.participants, displays: args.displays, notes: args.notes });
		} else {
			outcome = await runRaw(pool, { clients: args.participants, durationS: args.duration, ratePerSec: RATE, awareness: args.awareness, settleMs: 2000, warmupS: 5, seed: args.seed, servers: args.servers, rounds: args.rounds, altEnv: args.altEnv });
		}
		console.log(`\n${outcome.text}\n`);
		console.log(JSON.stringify({ ...outcome.json, machine: m }));
		return outcome.ok ? 0 : 1;
	} finally {
		await pool.close();
	}
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		console.error(e instanceof Error ? e.message : e);
		process.exit(2);
	}
);
