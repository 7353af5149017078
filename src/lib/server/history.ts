/**
 * Board history (履歴): automatic snapshots on every step change and every few minutes while a
 * board is being edited, plus manual ones and one just before every restore (so a restore can be
 * undone). Kept in SQLite beside the update log; the oldest beyond `keep` are pruned.
 */
import * as Y from 'yjs';
import type { DB } from './db/database';
import { summariseBoard } from '../domain/board/restore';

export type HistoryReason = 'auto' | 'step' | 'manual' | 'before_restore' | 'unload';
export type HistoryEntry = { id: number; createdAt: number; reason: HistoryReason; summary: ReturnType<typeof summariseBoard> };

const SQL = {
	insert: 'INSERT INTO doc_history (doc, created_at, reason, summary, state) VALUES (?, ?, ?, ?, ?)',
	list: 'SELECT id, created_at AS createdAt, reason, summary FROM doc_history WHERE doc = ? ORDER BY id DESC LIMIT ?',
	get: 'SELECT state FROM doc_history WHERE doc = ? AND id = ?',
	prune: 'DELETE FROM doc_history WHERE doc = ? AND id NOT IN (SELECT id FROM doc_history WHERE doc = ? ORDER BY id DESC LIMIT ?)'
} as const;

type Tracked = { lastAt: number; lastStep: unknown; dirty: boolean };

export class History {
	#db: DB;
	#intervalMs: number;
	#keep: number;
	#tracked = new Map<string, Tracked>();

	constructor(db: DB, opts: { intervalMs?: number; keep?: number } = {}) {
		this.#db = db;
		this.#intervalMs = opts.intervalMs ?? 5 * 60_000;
		this.#keep = opts.keep ?? 300;
	}

	async record(docName: string, doc: Y.Doc, reason: HistoryReason, now = Date.now()): Promise<number> {
		const info = this.#db.prepare(SQL.insert).run(docName, now, reason, JSON.stringify(summariseBoard(doc)), Y.encodeStateAsUpdate(doc));
		this.#db.prepare(SQL.prune).run(docName, docName, this.#keep);
		this.#tracked.set(docName, { lastAt: now, lastStep: doc.getMap('meta').get('step'), dirty: false });
		return Number(info.lastInsertRowid);
	}

	/** Called after every stored change of a board: snapshot on a step change, or when due. */
	async changed(docName: string, doc: Y.Doc, now = Date.now()): Promise<void> {
		const step = doc.getMap('meta').get('step');
		let t = this.#tracked.get(docName);
		if (!t) {
			// First change since this process loaded the board: measure the interval from now.
			t = { lastAt: now, lastStep: step, dirty: true };
			this.#tracked.set(docName, t);
			return;
		}
		t.dirty = true;
		if (step !== t.lastStep) this.#safe(async () => await this.record(docName, doc, 'step', now));
		else if (now - t.lastAt >= this.#intervalMs) this.#safe(async () => await this.record(docName, doc, 'auto', now));
	}

	/** A board is being unloaded: keep its last state if it changed since the last snapshot. */
	async unloading(docName: string, doc: Y.Doc): Promise<void> {
		const t = this.#tracked.get(docName);
		if (t?.dirty) this.#safe(async () => await this.record(docName, doc, 'unload'));
		this.#tracked.delete(docName);
	}

	async list(docName: string, limit = 100): Promise<HistoryEntry[]> {
		return this.#db
			.prepare<[string, number], { id: number; createdAt: number; reason: HistoryReason; summary: string }>(SQL.list)
			.all(docName, limit)
			.map((r) => ({ ...r, summary: JSON.parse(r.summary) as HistoryEntry['summary'] }));
	}

	async state(docName: string, id: number): Promise<Uint8Array | null> {
		const r = this.#db.prepare<[string, number], { state: Buffer }>(SQL.get).get(docName, id);
		return r ? new Uint8Array(r.state) : null;
	}

	// History is a convenience on top of the durable update log: a failed snapshot is logged,
	// never allowed to fail the change that triggered it.
	#safe(fn: () => void): void {
		try {
			fn();
		} catch (e) {
			console.error('[history] snapshot failed', e);
		}
	}
}
