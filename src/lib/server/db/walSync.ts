/**
 * Makes the update log's commits durable after the fact. The log's connections commit with
 * synchronous=NORMAL: a commit is written to the WAL file (the operating system's cache) without an
 * fsync, so it survives a crash of our process but not yet a power cut.
 *
 * - `sync()` resolves once an fsync of the WAL that started after the call has finished, i.e. once
 *   everything committed before the call is on stable storage. For changes someone is told are
 *   stored (a phone's acknowledgement, an audited control).
 * - `syncSoon()` asks for such an fsync within `soonMs` (1 s) without waiting: for changes nobody is
 *   acknowledged for (staff laptops' document updates, which the laptop keeps and pushes back after
 *   a reconnect anyway), so that a facilitator dragging notes does not cost an fsync per movement.
 *
 * The fsync runs on libuv's thread pool (no thread of ours waits for the disk) and is shared: every
 * call made while one is in flight is served by the next one, so a burst of commits costs two.
 * SQLite keeps the WAL file (same inode) while any connection is open, and ours stay open while the
 * server runs, so the file is opened once and kept; after an error it is opened again.
 */
import fs from 'node:fs/promises';

export interface Durability {
	/** Resolves when everything committed before the call is on stable storage; rejects if that failed. */
	sync(): Promise<void>;
	/** Make what was committed so far durable soon (within about a second), without waiting. */
	syncSoon(): void;
	/** Sync what is left and release what is held open. */
	close(): Promise<void>;
}

/** For stores whose commits are already durable when they return (synchronous=FULL, or in memory). */
export const COMMITS_ARE_DURABLE: Durability = {
	sync: () => Promise.resolve(),
	syncSoon: () => {},
	close: () => Promise.resolve()
};

/** What WalSync needs of a file: fdatasync it; close. Opened with `openForSync`. */
export interface SyncTarget {
	datasync(): Promise<void>;
	close(): Promise<void>;
}

/** Open `path` for fsync; null if it does not exist (nothing to sync: SQLite removes a WAL only after checkpointing it, with an fsync). */
export async function openForSync(path: string): Promise<SyncTarget | null> {
	try {
		return await fs.open(path, 'r+');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
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
	// A syncSoon() has nobody waiting: its failure is reported by the log, not as an unhandled rejection.
	promise.catch(() => {});
	return { promise, resolve, reject };
}

export class WalSync implements Durability {
	readonly path: string;
	#open: (path: string) => Promise<SyncTarget | null>;
	#soonMs: number;
	#log: (msg: string, e: unknown) => void;
	#file: SyncTarget | null = null;
	/** Callers waiting for the next fsync (not started yet). */
	#next: Waiters | null = null;
	#running: Promise<void> | null = null;
	#soonTimer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;
	#syncs = 0;

	/**
	 * `dbFile`: the SQLite database file; its WAL is `<dbFile>-wal`. `opts.open` replaces the file
	 * access (tests); `opts.soonMs`: how soon `syncSoon` syncs.
	 */
	constructor(
		dbFile: string,
		opts: { open?: (path: string) => Promise<SyncTarget | null>; soonMs?: number; log?: (msg: string, e: unknown) => void } = {}
	) {
		this.path = `${dbFile}-wal`;
		this.#open = opts.open ?? openForSync;
		this.#soonMs = opts.soonMs ?? 1_000;
		this.#log = opts.log ?? ((m, e) => console.error(`[store] ${m}`, e));
	}

	sync(): Promise<void> {
		if (this.#soonTimer) {
			// This fsync covers what syncSoon was asked for.
			clearTimeout(this.#soonTimer);
			this.#soonTimer = null;
		}
		this.#next ??= waiters();
		const { promise } = this.#next;
		this.#running ??= this.#run();
		return promise;
	}

	syncSoon(): void {
		if (this.#soonTimer || this.#next || this.#closed) return;
		this.#soonTimer = setTimeout(() => {
			this.#soonTimer = null;
			this.sync().catch((e: unknown) => this.#log('could not write recent board changes to disk; the laptops that made them still hold them', e));
		}, this.#soonMs);
		this.#soonTimer.unref();
	}

	async #run(): Promise<void> {
		while (this.#next) {
			const batch = this.#next;
			this.#next = null;
			try {
				this.#file ??= await this.#open(this.path);
				await this.#file?.datasync();
				batch.resolve();
			} catch (e) {
				const file = this.#file;
				this.#file = null;
				await file?.close().catch(() => {});
				batch.reject(new Error(`could not write the update log to disk (fsync of ${this.path}): ${e instanceof Error ? e.message : String(e)}`));
			}
			this.#syncs++;
		}
		this.#running = null;
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		try {
			await this.sync();
		} finally {
			this.#closed = true;
			await this.#running;
			await this.#file?.close().catch(() => {});
			this.#file = null;
		}
	}

	/** fsyncs done so far. */
	stats(): { syncs: number } {
		return { syncs: this.#syncs };
	}
}
