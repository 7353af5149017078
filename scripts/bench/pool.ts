/** The orchestrator's side of the workers: fork them, and call them with typed requests. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Api, Command, Request, Response } from './ipc.ts';

export class Worker {
	readonly index: number;
	readonly child: ChildProcess;
	#nextId = 1;
	#pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	#ready: Promise<void>;

	constructor(index: number) {
		this.index = index;
		this.child = fork(path.join(import.meta.dirname, 'worker.ts'), [], {
			execArgv: ['--import', 'tsx', ...(process.env.KYOSO_BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean)],
			serialization: 'advanced',
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		let markReady!: () => void;
		this.#ready = new Promise((resolve) => (markReady = resolve));
		this.child.on('message', (raw: unknown) => {
			const msg = raw as Response;
			if (msg.id === 0) return markReady();
			const p = this.#pending.get(msg.id);
			if (!p) return;
			this.#pending.delete(msg.id);
			if (msg.ok) p.resolve(msg.res);
			else p.reject(new Error(`worker ${this.index}: ${msg.error}`));
		});
		this.child.on('exit', (code) => {
			for (const p of this.#pending.values()) p.reject(new Error(`worker ${this.index} exited (${code})`));
			this.#pending.clear();
		});
	}

	ready(): Promise<void> {
		return this.#ready;
	}

	call<K extends Command>(cmd: K, req: Api[K]['req']): Promise<Api[K]['res']> {
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.child.send({ id, cmd, req } satisfies Request<K>);
		});
	}
}

export class Pool {
	readonly workers: Worker[];

	constructor(size: number) {
		this.workers = Array.from({ length: size }, (_, i) => new Worker(i));
	}

	/** The bench's own processes: this one and the workers. */
	pids(): number[] {
		return [process.pid, ...this.workers.map((w) => w.child.pid).filter((p): p is number => p !== undefined)];
	}

	async ready(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.ready()));
	}

	/** The same request to every worker. */
	all<K extends Command>(cmd: K, req: Api[K]['req']): Promise<Api[K]['res'][]> {
		return Promise.all(this.workers.map((w) => w.call(cmd, req)));
	}

	/** A request per worker (`reqFor` may skip a worker by returning null). */
	each<K extends Command>(cmd: K, reqFor: (w: Worker) => Api[K]['req'] | null): Promise<Api[K]['res'][]> {
		const calls: Promise<Api[K]['res']>[] = [];
		for (const w of this.workers) {
			const req = reqFor(w);
			if (req !== null) calls.push(w.call(cmd, req));
		}
		return Promise.all(calls);
	}

	/**
	 * Replace every worker by a fresh process: the raw scenario runs each server against new clients,
	 * so that no run inherits the heap an earlier run left behind (its garbage collection then stalls
	 * the clients) and no server is the one that warms the clients' code up.
	 */
	async renew(): Promise<void> {
		await this.close();
		this.workers.splice(0, this.workers.length, ...this.workers.map((w) => new Worker(w.index)));
		await this.ready();
	}

	async close(): Promise<void> {
		await Promise.all(
			this.workers.map(
				(w) =>
					new Promise<void>((resolve) => {
						if (w.child.exitCode !== null) return resolve();
						w.child.once('exit', () => resolve());
						w.child.disconnect();
						setTimeout(() => w.child.kill('SIGKILL'), 5_000).unref();
					})
			)
		);
	}
}
