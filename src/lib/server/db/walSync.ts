/**
 * Makes the update log's commits durable after the fact. The log's connections commit with
 * synchronous=NORMAL: a commit is written to the WAL file (the operating system's cache) without an
 * fsync, so it survives a crash of our process but not yet a power cut. `sync()` resolves once an
 * fsync of the WAL that started after the call has finished, i.e. once everything committed before
 * the call is on stable storage.
 *
 * The fsync runs on libuv's thread pool (no thread of ours waits for the disk) and is shared: every
 * call made while one is in flight is served by the next one, so a burst of commits costs two.
 * The file is opened afresh for each fsync, so that the current WAL file is the one synced.
 */
import fs from 'node:fs/promises';

export interface Durability {
	/** Resolves when everything committed before the call is on stable storage; rejects if that failed. */
	sync(): Promise<void>;
}

/** For stores whose commits are already durable when they return (synchronous=FULL, or in memory). */
export const COMMITS_ARE_DURABLE: Durability = { sync: () => Promise.resolve() };

/** fsync (data) of the file at `path`; a file that does not exist has nothing to sync. */
export async function datasyncFile(path: string): Promise<void> {
	let handle: fs.FileHandle;
	try {
		handle = await fs.open(path, 'r+');
	} catch (e) {
		// No WAL file: SQLite removes it only after checkpointing it into the database, with an fsync.
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw e;
	}
	try {
		await handle.datasync();
	} finally {
		await handle.close();
	}
}

type Waiters = { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };

function waiters(): Waiters {
	let resolve!: () => void;
	let reject!: (e: Error) => void;
	const promise = new Promise<void>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

export class WalSync implements Durability {
	readonly path: string;
	#fsync: (path: string) => Promise<void>;
	/** Callers waiting for the next fsync (not started yet). */
	#next: Waiters | null = null;
	#running = false;
	#stats = { syncs: 0, msMax: 0 };

	/** `dbFile`: the SQLite database file; its WAL is `<dbFile>-wal`. */
	constructor(dbFile: string, fsync: (path: string) => Promise<void> = datasyncFile) {
		this.path = `${dbFile}-wal`;
		this.#fsync = fsync;
	}

	sync(): Promise<void> {
		this.#next ??= waiters();
		const { promise } = this.#next;
		if (!this.#running) void this.#run();
		return promise;
	}

	async #run(): Promise<void> {
		this.#running = true;
		while (this.#next) {
			const batch = this.#next;
			this.#next = null;
			const started = performance.now();
			try {
				await this.#fsync(this.path);
				batch.resolve();
			} catch (e) {
				batch.reject(new Error(`could not write the update log to disk (fsync of ${this.path}): ${e instanceof Error ? e.message : String(e)}`));
			}
			this.#stats.syncs++;
			this.#stats.msMax = Math.max(this.#stats.msMax, performance.now() - started);
		}
		this.#running = false;
	}

	/** fsyncs done so far, and the slowest (ms). */
	stats(): { syncs: number; msMax: number } {
		return { ...this.#stats };
	}
}
