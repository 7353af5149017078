import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { openDatabase, type DB } from '../db/database';
import { SqliteDocStore, type DocStore } from './docStore';
import { AdaptiveUpdateLog, WorkerUpdateLog, InlineUpdateLog, type UpdateLog } from './updateLog';
import { addNote, readNotes } from '../../domain/board/board';

let dir: string;
let db: DB;
let store: SqliteDocStore;
let log: WorkerUpdateLog;

/** A board whose every change is captured as a separate update. */
function board(): { doc: Y.Doc; updates: Uint8Array[]; note: (id: string) => void } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const note = (id: string) => {
		const r = addNote(doc, { id, text: `text ${id}`, kind: 'concern', authorId: 'author-1', authorRole: 'participant', nickname: null, now: 1 });
		if (!r.ok) throw new Error(r.error);
	};
	return { doc, updates, note };
}

async function storedNoteIds(name: string): Promise<string[]> {
	const { update } = await store.load(name);
	const doc = new Y.Doc();
	if (update) Y.applyUpdate(doc, update);
	return readNotes(doc).map((n) => n.id).sort();
}

const rows = (name: string) => db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?').get(name)!.n;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-updatelog-'));
	db = openDatabase(dir);
	store = new SqliteDocStore(db);
	log = new WorkerUpdateLog(db.name, () => {});
});

afterEach(async () => {
	await log.close();
	if (db.open) db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('WorkerUpdateLog (writer thread)', () => {
	it('has every write on disk, readable by another connection, when its promise resolves', async () => {
		const a = board();
		a.note('note-0001');
		await log.append('doc.a', a.updates.splice(0));
		expect(await storedNoteIds('doc.a')).toEqual(['note-0001']);
		a.note('note-0002');
		await log.append('doc.a', a.updates.splice(0));
		expect(await storedNoteIds('doc.a')).toEqual(['note-0001', 'note-0002']);
		expect(db.prepare('SELECT seq FROM doc_updates WHERE doc = ? ORDER BY seq').all('doc.a')).toEqual([{ seq: 1 }, { seq: 2 }]);
	});

	it('commits writes that arrive together in one transaction (group commit) and keeps their order', async () => {
		const docs = ['doc.a', 'doc.b', 'doc.c'];
		const boards = docs.map(() => board());
		const writes: Promise<void>[] = [];
		for (let i = 0; i < 100; i++) {
			const k = i % docs.length;
			boards[k]!.note(`note-${String(i).padStart(4, '0')}`);
			writes.push(log.append(docs[k]!, boards[k]!.updates.splice(0)));
		}
		const settled: number[] = [];
		await Promise.all(writes.map((w, i) => w.then(() => settled.push(i))));
		expect(settled).toEqual([...Array(100).keys()]);
		const stats = log.stats();
		expect(stats.requests).toBe(100);
		// 100 writes sent in one turn of the event loop: far fewer commits than writes.
		expect(stats.commits).toBeLessThanOrEqual(10);
		for (const [k, name] of docs.entries()) {
			expect(await storedNoteIds(name)).toEqual(readNotes(boards[k]!.doc).map((n) => n.id).sort());
			const seqs = db.prepare<[string], { seq: number }>('SELECT seq FROM doc_updates WHERE doc = ? ORDER BY seq').all(name).map((r) => r.seq);
			expect(seqs).toEqual([...Array(seqs.length).keys()].map((i) => i + 1));
		}
	});

	it('rejects writes that could not be committed, stores none of their batch, and continues the sequence afterwards', async () => {
		const a = board();
		a.note('note-0001');
		await log.append('doc.a', a.updates.splice(0));
		db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
		a.note('note-0002');
		const failed = a.updates.splice(0);
		await expect(log.append('doc.a', failed)).rejects.toThrow(/disk full/);
		expect(log.pending('doc.a')).toBe(0);
		expect(rows('doc.a')).toBe(1);

		db.exec('DROP TRIGGER refuse');
		await log.append('doc.a', failed);
		expect(await storedNoteIds('doc.a')).toEqual(['note-0001', 'note-0002']);
		expect(db.prepare('SELECT seq FROM doc_updates WHERE doc = ? ORDER BY seq').all('doc.a')).toEqual([{ seq: 1 }, { seq: 2 }]);
	});

	it('compaction covers exactly the writes queued before it; later ones stay in the log', async () => {
		const a = board();
		const writes: Promise<void>[] = [];
		for (const id of ['note-0001', 'note-0002', 'note-0003']) {
			a.note(id);
			writes.push(log.append('doc.a', a.updates.splice(0)));
		}
		// The state handed over already holds the three queued writes (none committed yet).
		const compacted = log.compact('doc.a', Y.encodeStateAsUpdate(a.doc));
		a.note('note-0004');
		writes.push(log.append('doc.a', a.updates.splice(0)));
		await Promise.all([...writes, compacted]);
		expect(db.prepare('SELECT seq FROM doc_updates WHERE doc = ?').all('doc.a')).toEqual([{ seq: 4 }]);
		expect(db.prepare('SELECT upto_seq AS upto FROM doc_snapshots WHERE doc = ?').get('doc.a')).toEqual({ upto: 3 });
		expect(await storedNoteIds('doc.a')).toEqual(['note-0001', 'note-0002', 'note-0003', 'note-0004']);
	});

	it('a failed compaction keeps the log and does not undo the writes committed with it', async () => {
		const a = board();
		a.note('note-0001');
		const write = log.append('doc.a', a.updates.splice(0));
		db.exec(`CREATE TRIGGER refuse_snapshot BEFORE INSERT ON doc_snapshots BEGIN SELECT RAISE(ABORT, 'no snapshot'); END`);
		const compacted = log.compact('doc.a', Y.encodeStateAsUpdate(a.doc));
		await write;
		await expect(compacted).rejects.toThrow(/no snapshot/);
		expect(rows('doc.a')).toBe(1);
		expect(await storedNoteIds('doc.a')).toEqual(['note-0001']);
	});

	it('close() commits everything queued before it', async () => {
		const a = board();
		const writes: Promise<void>[] = [];
		for (let i = 0; i < 20; i++) {
			a.note(`note-${String(i).padStart(4, '0')}`);
			writes.push(log.append('doc.a', a.updates.splice(0)));
		}
		await log.close();
		await Promise.all(writes);
		expect(rows('doc.a')).toBe(20);
		await expect(log.append('doc.a', [new Uint8Array([0, 0])])).rejects.toThrow(/closed/);
	});

	it('counts what is pending per document until it is written', async () => {
		const a = board();
		a.note('note-0001');
		const w = log.append('doc.a', a.updates.splice(0));
		expect(log.pending('doc.a')).toBe(1);
		expect(log.pending('doc.b')).toBe(0);
		await w;
		expect(log.pending('doc.a')).toBe(0);
	});
});

describe('WorkerUpdateLog when the writer thread cannot work', () => {
	it('rejects the writes it could not confirm instead of hanging, and tries a new thread for the next ones', async () => {
		const broken = new WorkerUpdateLog(path.join(dir, 'no-such-dir', 'kyoso.sqlite'), () => {});
		try {
			await expect(broken.append('doc.a', [new Uint8Array([0, 0])])).rejects.toThrow(/exited|could not/);
			expect(broken.pending('doc.a')).toBe(0);
			await expect(broken.append('doc.a', [new Uint8Array([0, 0])])).rejects.toThrow(/exited|could not/);
		} finally {
			await broken.close();
		}
	});
});

describe('InlineUpdateLog', () => {
	it('commits on the calling thread and reports failures as rejections', async () => {
		const inline: UpdateLog = new InlineUpdateLog(store);
		const a = board();
		a.note('note-0001');
		await inline.append('doc.a', a.updates.splice(0));
		expect(await storedNoteIds('doc.a')).toEqual(['note-0001']);
		db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
		a.note('note-0002');
		await expect(inline.append('doc.a', a.updates.splice(0))).rejects.toThrow(/disk full/);
		expect(inline.stats()).toMatchObject({ commits: 1, requests: 1 });
	});
});

describe('AdaptiveUpdateLog', () => {
	it('commits on the main thread until a commit is slow, then on the writer thread, with the log in order', async () => {
		const b = board();
		for (let i = 0; i < 6; i++) b.note(`note-${i}`);
		let slowNext = false;
		// a store whose next commit takes 40 ms, as on a busy disk
		const slowStore: DocStore = {
			load: (doc) => store.load(doc),
			loadInto: (doc, target, origin) => store.loadInto(doc, target, origin),
			readStored: (doc, maxLog) => store.readStored(doc, maxLog),
			compact: (doc, state, uptoSeq, projector) => store.compact(doc, state, uptoSeq, projector),
			readProjector: (doc) => store.readProjector(doc),
			lastSeq: (doc) => store.lastSeq(doc),
			writtenSince: (since) => store.writtenSince(since),
			append: (doc, updates) => {
				if (slowNext) {
					slowNext = false;
					const until = performance.now() + 40;
					while (performance.now() < until);
				}
				return store.append(doc, updates);
			}
		};
		const logged: string[] = [];
		let workers = 0;
		const adaptive = new AdaptiveUpdateLog(slowStore, () => (workers++, new WorkerUpdateLog(db.name, () => {})), { slowMs: 25, log: (m) => logged.push(m) });
		try {
			await adaptive.append('workshop.a', b.updates.slice(0, 2));
			expect(adaptive.onWorker).toBe(false);
			expect(rows('workshop.a')).toBe(2); // committed before append returned: no thread involved
			slowNext = true;
			await adaptive.append('workshop.a', b.updates.slice(2, 3));
			expect(adaptive.onWorker).toBe(true);
			expect(logged.join()).toMatch(/took \d+ ms/);
			await Promise.all([adaptive.append('workshop.a', b.updates.slice(3, 5)), adaptive.append('workshop.a', b.updates.slice(5))]);
			await adaptive.compact('workshop.a', Y.encodeStateAsUpdate(b.doc));
			await adaptive.flush();
			expect(workers).toBe(1);
			expect(await storedNoteIds('workshop.a')).toEqual(['note-0', 'note-1', 'note-2', 'note-3', 'note-4', 'note-5']);
			expect(adaptive.stats().requests).toBeGreaterThanOrEqual(5);
		} finally {
			await adaptive.close();
		}
	});
});

describe('durability of the update log', () => {
	/** counts syncs; a sync covers what was committed before it */
	const counting = () => {
		const seen: number[] = [];
		let soon = 0;
		const durability = {
			sync: () => (seen.push(rows('workshop.d')), Promise.resolve()),
			syncSoon: () => void soon++,
			close: () => durability.sync()
		};
		return { seen, durability, soon: () => soon };
	};

	it('inline and adaptive: durable() syncs after the commits, close() syncs what is left', async () => {
		const b = board();
		b.note('note-1');
		b.note('note-2');
		const c = counting();
		const inline = new InlineUpdateLog(store, c.durability);
		await inline.append('workshop.d', b.updates.slice(0, 1));
		await inline.durable();
		expect(c.seen).toEqual([1]);
		const adaptive = new AdaptiveUpdateLog(store, () => new WorkerUpdateLog(db.name, () => {}, c.durability), { durability: c.durability });
		await adaptive.append('workshop.d', b.updates.slice(1, 2));
		await adaptive.durable();
		adaptive.durableSoon();
		expect(c.soon()).toBe(1);
		await adaptive.close();
		expect(c.seen).toEqual([1, 2, 2]);
	});

	it('writer thread: durable() syncs with its durability once the commit is confirmed', async () => {
		const b = board();
		b.note('note-1');
		const c = counting();
		const worker = new WorkerUpdateLog(db.name, () => {}, c.durability);
		try {
			await worker.append('workshop.d', b.updates.splice(0));
			await worker.durable();
			expect(c.seen).toEqual([1]);
		} finally {
			await worker.close();
		}
		expect(c.seen).toEqual([1, 1]);
	});

	it('writer thread: by default fsyncs the WAL of its database', async () => {
		const b = board();
		b.note('note-1');
		const worker = new WorkerUpdateLog(db.name, () => {});
		try {
			await worker.append('workshop.d', b.updates.splice(0));
			await expect(worker.durable()).resolves.toBeUndefined();
			expect(rows('workshop.d')).toBe(1);
		} finally {
			await worker.close();
		}
	});
});
