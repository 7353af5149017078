/**
 * The real production server (`node build/kyoso/index.mjs`, as `npm start`) as a child process, the same way
 * tests/e2e/serverProcess.ts starts it, so that the reliability scripts can kill -9 it, start it again
 * on the same port and data dir, and read its memory. Plus the HTTP steps a phone and a facilitator
 * take before they open a websocket: joining with a code (POST /j/<code>) and signing in (POST /login).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_ENTRY, SERVER_NODE_ARGS } from '../../productionServer.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const BUILD_HANDLER = path.join(ROOT, SERVER_ENTRY);

/** null when the production build exists; otherwise a message saying what to run. */
export function missingBuildMessage(): string | null {
	if (fs.existsSync(BUILD_HANDLER)) return null;
	return `The production build is missing (${path.relative(ROOT, BUILD_HANDLER)} not found). Run \`npm run build\` first.`;
}

export type ServerProcess = {
	readonly url: string;
	readonly port: number;
	readonly dataDir: string;
	/** pid of the running server process (it changes on restart) */
	pid(): number;
	/** is the current process still running? */
	alive(): boolean;
	/** what the server printed, all launches (the first 64 KB and the last 512 KB) */
	output(): string;
	/** how many bytes the server has printed in all */
	outputBytes(): number;
	/** what the current launch printed */
	currentOutput(): string;
	/** kill -9, then wait until the process is gone */
	crash(): Promise<void>;
	/** start again on the same port and data dir; resolves once it listens */
	restart(): Promise<void>;
	/** SIGTERM (graceful) or SIGKILL, wait for the exit; the data dir is kept */
	stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
	/** exit code / signal of the last process once it exited */
	exitInfo(): { code: number | null; signal: NodeJS.Signals | null } | null;
};

/**
 * The server's output, bounded: the start of each launch (the banner) and the most recent output.
 * A fuzz run makes the server log every refused frame, which would otherwise pile up here.
 */
export class LogBuffer {
	#head = '';
	#tail: string[] = [];
	#tailChars = 0;
	bytes = 0;
	constructor(
		readonly headChars = 64 * 1024,
		readonly tailChars = 256 * 1024
	) {}

	push(text: string): void {
		this.bytes += Buffer.byteLength(text);
		if (this.#head.length < this.headChars) {
			const room = this.headChars - this.#head.length;
			this.#head += text.slice(0, room);
			text = text.slice(room);
			if (!text) return;
		}
		this.#tail.push(text);
		this.#tailChars += text.length;
		while (this.#tailChars > this.tailChars && this.#tail.length > 1) this.#tailChars -= this.#tail.shift()!.length;
	}

	text(): string {
		return this.#tail.length ? `${this.#head}${this.#tail.join('')}` : this.#head;
	}

	tail(lines: number): string {
		return this.text().split('\n').slice(-lines).join('\n');
	}
}

type Launched = { child: ChildProcess; port: number; log: LogBuffer };

/**
 * While `npm run build` runs elsewhere, build/ is briefly missing. Wait for it (up to `ms`) rather
 * than report a server that could not start for that reason.
 */
async function waitForBuild(ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	let said = false;
	while (!fs.existsSync(BUILD_HANDLER) && Date.now() < deadline) {
		if (!said) console.error(`(waiting for ${path.relative(ROOT, BUILD_HANDLER)}: a build seems to be running)`);
		said = true;
		await sleep(500);
	}
	if (said) await sleep(2000); // let the build finish writing
}

async function launch(port: number, dataDir: string, all: LogBuffer, extraEnv: Record<string, string>): Promise<Launched> {
	await waitForBuild(180_000);
	return new Promise((resolve, reject) => {
		const log = new LogBuffer();
		const child = spawn(process.execPath, SERVER_NODE_ARGS, {
			cwd: ROOT,
			env: { ...process.env, KYOSO_CROWD_LIMITS: '0', ...extraEnv, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let started = false;
		const timer = setTimeout(() => {
			if (!started) {
				child.kill('SIGKILL');
				reject(new Error(`server did not start within 60 s:\n${log.text()}`));
			}
		}, 60_000);
		const push = (text: string) => {
			log.push(text);
			all.push(text);
		};
		child.stdout!.on('data', (chunk: Buffer) => {
			push(chunk.toString());
			if (started) return;
			const m = /listening on [^:\s]+:(\d+)/.exec(log.text());
			if (m) {
				started = true;
				clearTimeout(timer);
				resolve({ child, port: Number(m[1]), log });
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => push(chunk.toString()));
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (!started) reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${log.text()}`));
		});
	});
}

function waitExit(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
	});
}

/**
 * Start the server on a temporary (or the given) data dir. Port 0 picks a free port for the first
 * launch; restarts reuse it.
 */
export async function startServer(opts: { dataDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<ServerProcess> {
	const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-rel-'));
	const all = new LogBuffer(64 * 1024, 512 * 1024);
	const extraEnv = opts.env ?? {};
	let current = await launch(opts.port ?? 0, dataDir, all, extraEnv);
	const port = current.port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		dataDir,
		pid: () => current.child.pid ?? -1,
		alive: () => current.child.exitCode === null && current.child.signalCode === null,
		output: () => all.text(),
		outputBytes: () => all.bytes,
		currentOutput: () => current.log.text(),
		async crash() {
			current.child.kill('SIGKILL');
			await waitExit(current.child);
		},
		async restart() {
			current = await launch(port, dataDir, all, extraEnv);
		},
		async stop(signal = 'SIGTERM') {
			if (current.child.exitCode !== null || current.child.signalCode !== null) return;
			current.child.kill(signal);
			const killer = setTimeout(() => current.child.kill('SIGKILL'), 10_000);
			await waitExit(current.child);
			clearTimeout(killer);
		},
		exitInfo: () =>
			current.child.exitCode === null && current.child.signalCode === null ? null : { code: current.child.exitCode, signal: current.child.signalCode }
	};
}

export type DemoInfo = { joinCode: string; displayToken: string };

/** The demo workshop printed at start: its join code and the projector's token. */
export function demoInfo(output: string): DemoInfo {
	const joinCode = /join code:\s+(\S+)/.exec(output)?.[1];
	const displayToken = /projector URL:\s+\S*\/display\/(\S+)/.exec(output)?.[1];
	if (!joinCode || !displayToken) throw new Error(`demo workshop not printed at start:\n${output}`);
	return { joinCode, displayToken };
}

function cookieFrom(res: Response, name: string): string | null {
	for (const line of res.headers.getSetCookie()) {
		const m = new RegExp(`^${name}=([^;]*)`).exec(line);
		if (m && m[1]) return `${name}=${m[1]}`;
	}
	return null;
}

/** Where a SvelteKit form action redirects: a real 303, or its JSON form when not asked for HTML. */
async function redirectTarget(res: Response): Promise<string | null> {
	if (res.status === 303) return res.headers.get('location');
	if (res.status === 200 && (res.headers.get('content-type') ?? '').includes('application/json')) {
		const body = (await res.json()) as { type?: string; location?: string };
		return body.type === 'redirect' && body.location ? body.location : null;
	}
	return null;
}

function formPost(url: string, origin: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
	const headers: Record<string, string> = {
		origin,
		'content-type': 'application/x-www-form-urlencoded',
		accept: 'text/html'
	};
	if (cookie) headers.cookie = cookie;
	return fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
}

export type JoinedPhone = { cookie: string; workshopId: string };

/** Join the workshop as a new phone, exactly as the join page's form does. */
export async function joinWithCode(baseUrl: string, code: string, nickname: string): Promise<JoinedPhone> {
	for (let attempt = 0; ; attempt++) {
		try {
			const res = await formPost(`${baseUrl}/j/${encodeURIComponent(code)}`, baseUrl, { nickname });
			const location = await redirectTarget(res);
			const cookie = cookieFrom(res, 'kc_device');
			const workshopId = location ? /^\/p\/([a-z0-9]+)/.exec(location)?.[1] : undefined;
			if (!cookie || !workshopId) throw new Error(`join refused: HTTP ${res.status} ${location ?? ''}`);
			return { cookie, workshopId };
		} catch (e) {
			if (attempt >= 4) throw e;
			await sleep(200 * (attempt + 1));
		}
	}
}

/** Sign in as the demo facilitator; returns the Cookie header value (kc_session=…). */
export async function staffLogin(baseUrl: string, login = 'facilitator', password = 'demo-facilitator-2026'): Promise<string> {
	const res = await formPost(`${baseUrl}/login`, baseUrl, { login, password });
	const cookie = cookieFrom(res, 'kc_session');
	if (!cookie) throw new Error(`sign-in refused: HTTP ${res.status}`);
	return cookie;
}

export async function health(baseUrl: string): Promise<number> {
	try {
		const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 0;
	}
}

/** Resident set size of a process in MB (Linux /proc), or null if it cannot be read. */
export function rssMb(pid: number): number | null {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
		return m ? Number(m[1]) / 1024 : null;
	} catch {
		return null;
	}
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Run `fn` over `items` with at most `limit` at a time; results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i]!, i);
		}
	});
	await Promise.all(workers);
	return out;
}
