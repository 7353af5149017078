/**
 * Where rooms write their Yjs updates. `append` resolves once the write is committed: it survives a
 * crash of the process, and a room relays the change to other screens then. `durable` resolves once
 * everything committed before it is also on stable storage (fsynced): a room acknowledges a change
 * only after that. With a store that commits with synchronous=FULL both are the same moment; the
 * server's log connections commit with synchronous=NORMAL and a `WalSync` fsyncs after the commit,
 * so that the relay does not wait for the disk.
 *
 * `AdaptiveUpdateLog` (the default) commits on the main thread until a commit is slow, then on a
 * writer thread (below).
 * `WorkerUpdateLog` commits on a worker thread with its own SQLite connection, so a
 * slow fsync of one document no longer stalls the event loop that serves every socket, and every
 * write that arrives while a commit is in flight is committed with the next one (group commit).
 * `InlineUpdateLog` commits on the calling thread (unit tests, and KYOSO_LOG_WRITER=inline).
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../tsWorker';
import type { DocStore } from './docStore';
import { COMMITS_ARE_DURABLE, WalSync, type Durability } from '../db/walSync';
import type { WriterBatch, WriterReply, WriterRequest } from './updateLogProtocol';

export interface UpdateLog {
	/** Commit `updates` after everything queued before them. Rejects if they were not stored. */
	append(doc: string, updates: Uint8Array[]): Promise<void>;
	/** Resolves once everything committed so far is on stable storage; rejects if that failed. */
	durable(): Promise<void>;
	/** Make everything committed so far durable within about a second, without waiting (nobody is acknowledged). */
	durableSoon(): void;
	/**
	 * Replace the document's snapshot with `state`, covering every update appended before this call
	 * (the caller takes `state` from a document that already holds them). A failure loses nothing.
	 * `projector`: the projectors' copy of that same state, stored in the same transaction with the
	 * same `upto_seq` (DocStore.compact).
	 */
	compact(doc: string, state: Uint8Array, projector?: Uint8Array): Promise<void>;
	/** Resolves when everything queued so far has been written (or has failed). */
	flush(): Promise<void>;
	/** Writes for `doc` that are queued and not finished yet. */
	pending(doc: string): number;
	/** Write what is queued, then release the connection. */
	close(): Promise<void>;
	/** Transactions committed and requests written so far (requests / commits = the group-commit factor). */
	stats(): { commits: number; requests: number; commitMsMax: number };
}

/**
 * Commits on the calling thread, one transaction per call. `durability`: what makes the store's
 * commits durable (by default they are when they return: synchronous=FULL).
 */
export class InlineUpdateLog implements UpdateLog {
	#store: DocStore;
	#durability: Durability;
	#stats = { commits: 0, requests: 0, commitMsMax: 0 };
	constructor(store: DocStore, durability: Durability = COMMITS_ARE_DURABLE) {
		this.#store = store;
		this.#durability = durability;
	}
	durable(): Promise<void> {
		return this.#durability.sync();
	}
	durableSoon(): void {
		this.#durability.syncSoon();
	}
	append(doc: string, updates: Uint8Array[]): Promise<void> {
		const started = performance.now();
		return settled(() => this.#store.append(doc, updates)).then(() => {
			this.#stats.commits++;
			this.#stats.requests++;
			this.#stats.commitMsMax = Math.max(this.#stats.commitMsMax, performance.now() - started);
		});
	}
	compact(doc: string, state: Uint8Array, projector?: Uint8Array): Promise<void> {
		return settled(() => this.#store.compact(doc, state, undefined, projector));
	}
	flush(): Promise<void> {
		return Promise.resolve();
	}
	pending(): number {
		return 0;
	}
	close(): Promise<void> {
		return this.#durability.close().catch((e: unknown) => console.error('[store] the last writes may not be on disk', e));
	}
	stats(): { commits: number; requests: number; commitMsMax: number } {
		return { ...this.#stats };
	}
}

/** Call `fn` now; its promise, or a rejected one if it threw before returning one. */
function settled(fn: () => Promise<void>): Promise<void> {
	try {
		return fn();
	} catch (e) {
		return Promise.reject(e instanceof Error ? e : new Error(String(e)));
	}
}

/**
 * Commits on the calling thread while commits are quick — no thread hand-overs, the lowest latency on
 * a healthy disk — and, after one commit that took longer than `slowMs` (a slow or busy disk), hands
 * every later write to a writer thread for the rest of the process, so that an fsync cannot stall
 * every socket again. For the SQLite store, whose calls do their work before they return (the time
 * measured here). The switch is safe at any time: inline commits finish before `append` returns,
 * so nothing is in flight, and the writer thread reads each document's last sequence number afresh.
 */
export class AdaptiveUpdateLog implements UpdateLog {
	#inline: InlineUpdateLog;
	#worker: UpdateLog | null = null;
	#startWorker: () => UpdateLog;
	#slowMs: number;
	#log: (msg: string) => void;

	/** `opts.durability`: what makes the inline store's commits durable (see InlineUpdateLog). */
	constructor(store: DocStore, startWorker: () => UpdateLog, opts: { slowMs?: number; log?: (msg: string) => void; durability?: Durability } = {}) {
		this.#inline = new InlineUpdateLog(store, opts.durability);
		this.#startWorker = startWorker;
		this.#slowMs = opts.slowMs ?? 25;
		this.#log = opts.log ?? ((m) => console.warn(`[store] ${m}`));
	}

	/** Whether writes now go to the writer thread. */
	get onWorker(): boolean {
		return this.#worker !== null;
	}

	#timed(fn: () => Promise<void>): Promise<void> {
		const started = performance.now();
		const result = fn();
		const ms = performance.now() - started;
		if (ms > this.#slowMs && !this.#worker) {
			this.#log(`a commit took ${Math.round(ms)} ms: committing on a writer thread from now on`);
			this.#worker = this.#startWorker();
		}
		return result;
	}

	append(doc: string, updates: Uint8Array[]): Promise<void> {
		return this.#worker ? this.#worker.append(doc, updates) : this.#timed(() => this.#inline.append(doc, updates));
	}
	durable(): Promise<void> {
		// After a switch the inline commits are covered too: both write the same WAL file.
		return this.#worker ? this.#worker.durable() : this.#inline.durable();
	}
	durableSoon(): void {
		if (this.#worker) this.#worker.durableSoon();
		else this.#inline.durableSoon();
	}
	compact(doc: string, state: Uint8Array, projector?: Uint8Array): Promise<void> {
		return this.#worker ? this.#worker.compact(doc, state, projector) : this.#timed(() => this.#inline.compact(doc, state, projector));
	}
	flush(): Promise<void> {
		return this.#worker ? this.#worker.flush() : Promise.resolve();
	}
	pending(doc: string): number {
		return this.#worker?.pending(doc) ?? 0;
	}
	close(): Promise<void> {
		return this.#worker ? this.#worker.close() : this.#inline.close();
	}
	stats(): { commits: number; requests: number; commitMsMax: number } {
		const a = this.#inline.stats();
		const b = this.#worker?.stats() ?? { commits: 0, requests: 0, commitMsMax: 0 };
		return { commits: a.commits + b.commits, requests: a.requests + b.requests, commitMsMax: Math.max(a.commitMsMax, b.commitMsMax) };
	}
}

type Waiter = { doc: string | null; resolve: () => void; reject: (e: Error) => void };

const WORKER_ENTRY = new URL('./updateLog.worker.ts', import.meta.url).href;

/**
 * Commits on the writer thread (updateLog.worker.ts) through a connection with synchronous=NORMAL;
 * `durable` fsyncs the WAL with `durability` (by default a WalSync of `file`).
 */
export class WorkerUpdateLog implements UpdateLog {
	#file: string;
	#durability: Durability;
	#worker: Worker | null = null;
	#nextId = 1;
	#waiting = new Map<number, Waiter>();
	#pendingByDoc = new Map<string, number>();
	#closed = false;
	#stats = { commits: 0, requests: 0, commitMsMax: 0 };
	#log: (msg: string, err?: unknown) => void;

	/** `file`: the SQLite database file (already migrated by the main connection). */
	constructor(
		file: string,
		log: (msg: string, err?: unknown) => void = (m, e) => console.error(`[store] ${m}`, e ?? ''),
		durability: Durability = new WalSync(file)
	) {
		this.#file = file;
		this.#log = log;
		this.#durability = durability;
		this.#spawn();
	}

	#spawn(): Worker {
		const worker = startTsWorker(WORKER_ENTRY, 'updateLog.worker.mjs', { file: this.#file });
		worker.on('message', (batch: WriterBatch) => {
			this.#stats.commits++;
			this.#stats.requests += batch.replies.length;
			this.#stats.commitMsMax = Math.max(this.#stats.commitMsMax, batch.commitMs);
			for (const reply of batch.replies) this.#onReply(reply);
		});
		worker.on('error', (e) => this.#log('the update writer failed', e));
		worker.on('exit', (code) => {
			if (this.#worker === worker) this.#worker = null;
			// Whatever it had not confirmed is not known to be stored: the rooms waiting for it are
			// closed by their callers and clients resend. A new worker takes the next writes.
			const lost = new Error(`update writer exited (${code}) before confirming the write`);
			for (const [id, w] of this.#waiting) {
				this.#waiting.delete(id);
				this.#settle(w, lost);
			}
		});
		// Do not keep the process alive for the writer alone.
		worker.unref();
		this.#worker = worker;
		return worker;
	}

	#send(request: WriterRequest, doc: string | null): Promise<void> {
		if (this.#closed) return Promise.reject(new Error('update log closed'));
		return new Promise<void>((resolve, reject) => {
			this.#waiting.set(request.id, { doc, resolve, reject });
			if (doc !== null) this.#pendingByDoc.set(doc, (this.#pendingByDoc.get(doc) ?? 0) + 1);
			const worker = this.#worker ?? this.#spawn();
			worker.ref();
			worker.postMessage(request);
		});
	}

	#settle(w: Waiter, error: Error | null): void {
		if (w.doc !== null) {
			const n = (this.#pendingByDoc.get(w.doc) ?? 1) - 1;
			if (n <= 0) this.#pendingByDoc.delete(w.doc);
			else this.#pendingByDoc.set(w.doc, n);
		}
		if (this.#waiting.size === 0) this.#worker?.unref();
		if (error) w.reject(error);
		else w.resolve();
	}

	#onReply(reply: WriterReply): void {
		const w = this.#waiting.get(reply.id);
		if (!w) return;
		this.#waiting.delete(reply.id);
		this.#settle(w, reply.ok ? null : new Error(reply.error));
	}

	append(doc: string, updates: Uint8Array[]): Promise<void> {
		if (updates.length === 0) return Promise.resolve();
		return this.#send({ t: 'append', id: this.#nextId++, doc, updates }, doc);
	}

	durable(): Promise<void> {
		return this.#durability.sync();
	}
	durableSoon(): void {
		this.#durability.syncSoon();
	}

	compact(doc: string, state: Uint8Array, projector?: Uint8Array): Promise<void> {
		return this.#send({ t: 'compact', id: this.#nextId++, doc, state, ...(projector ? { projector } : {}) }, doc);
	}

	flush(): Promise<void> {
		if (this.#waiting.size === 0) return Promise.resolve();
		return this.#send({ t: 'barrier', id: this.#nextId++ }, null).catch(() => {});
	}

	pending(doc: string): number {
		return this.#pendingByDoc.get(doc) ?? 0;
	}

	stats(): { commits: number; requests: number; commitMsMax: number } {
		return { ...this.#stats };
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		const worker = this.#worker;
		// Queued after every write so far: the worker writes them, closes its connection, answers.
		const closed = worker ? this.#send({ t: 'close', id: this.#nextId++ }, null).catch(() => {}) : Promise.resolve();
		this.#closed = true;
		await closed;
		this.#worker = null;
		if (worker) await worker.terminate();
		await this.#durability.close().catch((e: unknown) => this.#log('the last writes may not be on disk', e));
	}
}
