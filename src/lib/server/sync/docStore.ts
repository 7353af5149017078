/**
 * Durable storage of Yjs documents: an append-only update log per document plus a snapshot.
 * `append` resolves only after the update is committed; compaction folds the log into the snapshot.
 *
 * The interface is asynchronous so that a store over the network (PostgreSQL) can implement it;
 * `SqliteDocStore` (the embedded default) does its work synchronously inside each call and returns a
 * settled promise, so the order of calls is the order of the writes.
 */
import * as Y from 'yjs';
import type { DB } from '../db/database';

export interface DocStore {
	/** The document's state as one update (snapshot merged with the log), and how many log entries it had. */
	load(doc: string): Promise<{ update: Uint8Array | null; logLength: number }>;
	/**
	 * Apply the stored state (snapshot, then every log entry) to `target` in one transaction with
	 * `origin`; resolves with how many log entries there were, the snapshot, and the sequence number
	 * of the last stored update (0 if none). Faster than `load` for long logs: merging thousands of
	 * updates first costs several times more than applying them one by one.
	 */
	loadInto(doc: string, target: Y.Doc, origin: unknown): Promise<LoadedState>;
	/**
	 * The stored state as it is on disk, without loading it: the snapshot and the log entries after it,
	 * in order. Null only with `maxLog`, if the log holds more entries than that (they are not read then).
	 */
	readStored(doc: string, maxLog?: number): Promise<StoredState | null>;
	/** Append updates in one transaction. Rejects if the write fails: the caller must not acknowledge. */
	append(doc: string, updates: Uint8Array[]): Promise<void>;
	/**
	 * Replace the snapshot with `state` and drop the log entries it covers. `projector`: the projectors'
	 * copy of the same state (domain/projectorMirror.ts), stored in the same transaction with the same
	 * `upto_seq` under `projectorDocName(doc)`.
	 */
	compact(doc: string, state: Uint8Array, uptoSeq?: number, projector?: Uint8Array): Promise<void>;
	lastSeq(doc: string): Promise<number>;
	/**
	 * The stored projectors' copy of a board, or null if none was stored. `current`: it is the copy of
	 * the board exactly as stored (the board's snapshot has the same `upto_seq` and no log entries
	 * follow it), so a projector may be answered with it before the board is loaded.
	 */
	readProjector(doc: string): Promise<{ snapshot: Uint8Array; current: boolean } | null>;
	/** Documents written since `since` (ms epoch): log entries or a snapshot (compaction at shutdown writes one). */
	writtenSince(since: number): Promise<string[]>;
}

/** What `loadInto` found: log entries applied, the snapshot (null if none), the last stored sequence number. */
export type LoadedState = { logLength: number; snapshot: Uint8Array | null; seq: number };

export type StoredState = { snapshot: Uint8Array | null; log: Uint8Array[] };

/**
 * Where a board's projector copy is stored (doc_snapshots only, never a log). Not a document name a
 * socket can open: `parseDocName` accepts no '~'.
 */
export const projectorDocName = (doc: string) => `${doc}~projector`;

const SQL = {
	snapshot: 'SELECT data, upto_seq AS uptoSeq FROM doc_snapshots WHERE doc = ?',
	updatesAfter: 'SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq',
	updatesAfterLimit: 'SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq LIMIT ?',
	lastSeq: 'SELECT COALESCE(MAX(seq), 0) AS seq FROM doc_updates WHERE doc = ?',
	anyAfter: 'SELECT 1 AS one FROM doc_updates WHERE doc = ? AND seq > ? LIMIT 1',
	insertUpdate: 'INSERT INTO doc_updates (doc, seq, data, created_at) VALUES (?, ?, ?, ?)',
	upsertSnapshot: `INSERT INTO doc_snapshots (doc, data, upto_seq, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, created_at = excluded.created_at`,
	deleteUpto: 'DELETE FROM doc_updates WHERE doc = ? AND seq <= ?',
	writtenSince: `SELECT doc FROM doc_updates WHERE created_at >= ? GROUP BY doc
		UNION SELECT doc FROM doc_snapshots WHERE created_at >= ? AND doc NOT LIKE '%~projector'`
} as const;

/**
 * Writes to the update log and the snapshot through one connection. Sequence numbers are cached
 * per document; after a failed transaction call `forgetSeqs` so they are read again.
 * Used on the main thread by SqliteDocStore and on the writer thread (updateLog.worker.ts).
 */
export class DocLogWriter {
	#db: DB;
	#stmts;
	#seq = new Map<string, number>();

	constructor(db: DB) {
		this.#db = db;
		this.#stmts = {
			snapshot: db.prepare<[string], { uptoSeq: number }>('SELECT upto_seq AS uptoSeq FROM doc_snapshots WHERE doc = ?'),
			lastSeq: db.prepare<[string], { seq: number }>(SQL.lastSeq),
			insertUpdate: db.prepare(SQL.insertUpdate),
			upsertSnapshot: db.prepare(SQL.upsertSnapshot),
			deleteUpto: db.prepare(SQL.deleteUpto)
		};
	}

	/** Run `fn` in a transaction (a savepoint when nested). */
	transaction(fn: () => void): void {
		this.#db.transaction(fn).immediate();
	}

	lastSeq(doc: string): number {
		let seq = this.#seq.get(doc);
		if (seq === undefined) {
			const snap = this.#stmts.snapshot.get(doc);
			seq = Math.max(this.#stmts.lastSeq.get(doc)?.seq ?? 0, snap?.uptoSeq ?? 0);
			this.#seq.set(doc, seq);
		}
		return seq;
	}

	/** Append inside the caller's transaction. */
	append(doc: string, updates: Uint8Array[]): void {
		if (updates.length === 0) return;
		const first = this.lastSeq(doc) + 1;
		const now = Date.now();
		updates.forEach((u, i) => this.#stmts.insertUpdate.run(doc, first + i, u, now));
		this.#seq.set(doc, first + updates.length - 1);
	}

	/**
	 * Replace the snapshot (and the projectors' copy's, when given, with the same `upto_seq`) in its
	 * own (nested) transaction: all or nothing.
	 */
	compact(doc: string, state: Uint8Array, uptoSeq = this.lastSeq(doc), projector?: Uint8Array): void {
		this.transaction(() => {
			const now = Date.now();
			this.#stmts.upsertSnapshot.run(doc, state, uptoSeq, now);
			if (projector) this.#stmts.upsertSnapshot.run(projectorDocName(doc), projector, uptoSeq, now);
			this.#stmts.deleteUpto.run(doc, uptoSeq);
		});
	}

	forgetSeqs(): void {
		this.#seq.clear();
	}
}

/** The store on one connection: reads for loading rooms, and writes done within the call. */
export class SqliteDocStore implements DocStore {
	#stmts;
	#writer: DocLogWriter;

	constructor(db: DB) {
		this.#writer = new DocLogWriter(db);
		this.#stmts = {
			snapshot: db.prepare<[string], { data: Buffer; uptoSeq: number }>(SQL.snapshot),
			updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(SQL.updatesAfter),
			updatesAfterLimit: db.prepare<[string, number, number], { seq: number; data: Buffer }>(SQL.updatesAfterLimit),
			anyAfter: db.prepare<[string, number], { one: number }>(SQL.anyAfter),
			writtenSince: db.prepare<[number, number], { doc: string }>(SQL.writtenSince)
		};
	}

	async lastSeq(doc: string): Promise<number> {
		return this.#writer.lastSeq(doc);
	}

	async load(doc: string): Promise<{ update: Uint8Array | null; logLength: number }> {
		return this.loadSync(doc);
	}

	/**
	 * `load`, synchronously: for tools and tests that read a database file directly (e.g. at one
	 * instant of a crash test). The sync core uses the asynchronous interface.
	 */
	loadSync(doc: string): { update: Uint8Array | null; logLength: number } {
		const { snapshot, log } = this.#readStored(doc)!;
		const parts = snapshot ? [snapshot, ...log] : log;
		if (parts.length === 0) return { update: null, logLength: 0 };
		return { update: parts.length === 1 ? new Uint8Array(parts[0]!) : Y.mergeUpdates(parts), logLength: log.length };
	}

	async readStored(doc: string, maxLog?: number): Promise<StoredState | null> {
		return this.readStoredSync(doc, maxLog);
	}

	/** `readStored`, synchronously (see `loadSync`). */
	readStoredSync(doc: string, maxLog?: number): StoredState | null {
		const stored = this.#readStored(doc, maxLog);
		return stored && { snapshot: stored.snapshot, log: stored.log };
	}

	#readStored(doc: string, maxLog?: number): (StoredState & { seq: number }) | null {
		const snap = this.#stmts.snapshot.get(doc);
		const after = snap?.uptoSeq ?? 0;
		// (Buffers are Uint8Arrays: no copies of a big snapshot or of thousands of rows.)
		const rows = maxLog === undefined ? this.#stmts.updatesAfter.all(doc, after) : this.#stmts.updatesAfterLimit.all(doc, after, maxLog + 1);
		if (maxLog !== undefined && rows.length > maxLog) return null;
		const seq = rows.length > 0 ? rows[rows.length - 1]!.seq : after;
		return { snapshot: snap?.data ?? null, log: rows.map((r) => r.data), seq };
	}

	async loadInto(doc: string, target: Y.Doc, origin: unknown): Promise<LoadedState> {
		const { snapshot, log, seq } = this.#readStored(doc)!;
		if (!snapshot && log.length === 0) return { logLength: 0, snapshot: null, seq };
		target.transact(() => {
			if (snapshot) Y.applyUpdate(target, snapshot, origin);
			for (const u of log) Y.applyUpdate(target, u, origin);
		}, origin);
		return { logLength: log.length, snapshot, seq };
	}

	async writtenSince(since: number): Promise<string[]> {
		return this.#stmts.writtenSince.all(since, since).map((r) => r.doc);
	}

	async append(doc: string, updates: Uint8Array[]): Promise<void> {
		if (updates.length === 0) return;
		try {
			this.#writer.transaction(() => this.#writer.append(doc, updates));
		} catch (e) {
			// Only advance the counter once the commit succeeded.
			this.#writer.forgetSeqs();
			throw e;
		}
	}

	async compact(doc: string, state: Uint8Array, uptoSeq?: number, projector?: Uint8Array): Promise<void> {
		this.#writer.compact(doc, state, uptoSeq, projector);
	}

	async readProjector(doc: string): Promise<{ snapshot: Uint8Array; current: boolean } | null> {
		const copy = this.#stmts.snapshot.get(projectorDocName(doc));
		if (!copy) return null;
		const board = this.#stmts.snapshot.get(doc);
		const current = board !== undefined && board.uptoSeq === copy.uptoSeq && this.#stmts.anyAfter.get(doc, board.uptoSeq) === undefined;
		return { snapshot: copy.data, current };
	}
}
