/**
 * Starts the real production server (`node build/kyoso/index.mjs`, as `npm start`) as a child process,
 * so that tests can kill -9 it and start it again on the same port and data dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { SERVER_NODE_ARGS } from '../../scripts/productionServer.ts';

export type ServerProcess = {
	url: string;
	port: number;
	dataDir: string;
	output: () => string;
	/** kill -9, then wait for the process to be gone */
	crash(): Promise<void>;
	/** start again on the same port and data dir */
	restart(): Promise<void>;
	stop(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Extra environment for the server, e.g. `{ DEMO: '0' }` for a production-mode first start. */
export type ServerOptions = { env?: Record<string, string> };

function launch(port: number, dataDir: string, log: string[], opts: ServerOptions = {}): Promise<{ child: ChildProcess; port: number }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, SERVER_NODE_ARGS, {
			cwd: ROOT,
			env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1', ...opts.env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('')}`)), 30_000);
		const onData = (chunk: Buffer) => {
			const text = chunk.toString();
			log.push(text);
			const m = /listening on [^:]+:(\d+)/.exec(log.join(''));
			if (m) {
				clearTimeout(timer);
				resolve({ child, port: Number(m[1]) });
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${log.join('')}`));
		});
	});
}

function waitExit(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
	});
}

export async function startServer(opts: ServerOptions = {}): Promise<ServerProcess> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-e2e-'));
	const log: string[] = [];
	const first = await launch(0, dataDir, log, opts);
	const port = first.port;
	let child = first.child;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		port,
		dataDir,
		output: () => log.join(''),
		async crash() {
			child.kill('SIGKILL');
			await waitExit(child);
		},
		async restart() {
			({ child } = await launch(port, dataDir, log, opts));
		},
		async stop() {
			child.kill('SIGTERM');
			await waitExit(child);
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * One server for the tests of a spec file: started in its beforeAll, stopped in its afterAll. The
 * object returned stands for it (its fields read the running server) and may be used in the tests.
 */
export function serverForFile(opts: ServerOptions = {}): ServerProcess {
	let current: ServerProcess | undefined;
	test.beforeAll(async () => {
		current = await startServer(opts);
	});
	test.afterAll(async () => {
		await current?.stop();
	});
	const s = (): ServerProcess => {
		if (!current) throw new Error('the server starts in beforeAll');
		return current;
	};
	return {
		get url() {
			return s().url;
		},
		get port() {
			return s().port;
		},
		get dataDir() {
			return s().dataDir;
		},
		output: () => s().output(),
		crash: () => s().crash(),
		restart: () => s().restart(),
		stop: () => s().stop()
	};
}

/** The demo data printed at start: join code, join URL and projector URL. */
export function demoInfo(output: string): { joinCode: string; joinPath: string; displayPath: string } {
	const code = /join code:\s+(\S+)/.exec(output)?.[1];
	const join = /join URL:\s+https?:\/\/[^/]+(\S+)/.exec(output)?.[1];
	const display = /projector URL:\s+https?:\/\/[^/]+(\S+)/.exec(output)?.[1];
	if (!code || !join || !display) throw new Error(`demo info not printed:\n${output}`);
	return { joinCode: code, joinPath: join, displayPath: display };
}
