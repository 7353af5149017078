import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { openDatabase, migrate, type DB } from '../db/database';
import { MIGRATIONS } from '../db/migrations';
import { SqliteDocStore, projectorDocName } from './docStore';
import { addNote, initBoard, readMeta, readNotes, setMeta } from '../../domain/board/board';

const DOC = 'workshop.abcdefgh12';

let dir: string;
let db: DB;
let store: SqliteDocStore;

function reopen(): void {
	db.close();
	db = openDatabase(dir);
	store = new SqliteDocStore(db);
}

/** A board document whose every change is captured as a separate update. */
function recordingBoard(): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return { doc, updates };
}

function note(doc: Y.Doc, id: string, text: string, now: number): void {
	const r = addNote(doc, { id, text, kind: 'concern', authorId: 'author-1', authorRole: 'participant', nickname: null, now });
	if (!r.ok) throw new Error(`addNote failed: ${r.error}`);
}

async function loadDoc(name = DOC): Promise<Y.Doc> {
	const { update } = await store.load(name);
	const doc = new Y.Doc();
	if (update) Y.applyUpdate(doc, update);
	return doc;
}

function expectSameState(actual: Y.Doc, expected: Y.Doc): void {
	expect(readNotes(actual)).toEqual(readNotes(expected));
	expect(readMeta(actual)).toEqual(readMeta(expected));
	expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
}

const count = (sql: string, ...args: unknown[]) => db.prepare<unknown[], { n: number }>(sql).get(...args)!.n;
const logRows = (name = DOC) => count('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?', name);

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-docstore-'));
	db = openDatabase(dir);
	store = new SqliteDocStore(db);
});

afterEach(() => {
	if (db.open) db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('SqliteDocStore', () => {
	it('loads nothing for an unknown document', async () => {
		expect(await store.load(DOC)).toEqual({ update: null, logLength: 0 });
		expect(await store.lastSeq(DOC)).toBe(0);
	});

	it('reproduces the document from appended updates', async () => {
		const { doc, updates } = recordingBoard();
		initBoard(doc, { step: 'issues', inputOpen: true });
		note(doc, 'note-0001', '公園が暗い', 1);
		note(doc, 'note-0002', '🌸 花壇がきれい', 2);
		setMeta(doc, { inputOpen: false });
		await store.append(DOC, updates.slice(0, 2));
		await store.append(DOC, updates.slice(2));

		const loaded = await store.load(DOC);
		expect(loaded.logLength).toBe(updates.length);
		expect(logRows()).toBe(updates.length);
		expect(await store.lastSeq(DOC)).toBe(updates.length);
		expectSameState(await loadDoc(), doc);
		expect(readNotes(await loadDoc()).map((n) => n.text)).toEqual(['公園が暗い', '🌸 花壇がきれい']);
	});

	it('ignores an empty append', async () => {
		await store.append(DOC, []);
		expect(await store.lastSeq(DOC)).toBe(0);
		expect(logRows()).toBe(0);
	});

	it('keeps documents apart', async () => {
		const a = recordingBoard();
		const b = recordingBoard();
		note(a.doc, 'note-in-a', 'A', 1);
		note(b.doc, 'note-in-b', 'B', 1);
		const other = 'workshop.zyxwvuts98';
		await store.append(DOC, a.updates);
		await store.append(other, b.updates);
		expect(readNotes(await loadDoc(DOC)).map((n) => n.id)).toEqual(['note-in-a']);
		expect(readNotes(await loadDoc(other)).map((n) => n.id)).toEqual(['note-in-b']);
		expect(await store.lastSeq(DOC)).toBe(1);
		expect(await store.lastSeq(other)).toBe(1);
	});

	it('compaction folds the log into a snapshot', async () => {
		const { doc, updates } = recordingBoard();
		initBoard(doc, { step: 'issues', inputOpen: true });
		for (let i = 0; i < 5; i++) note(doc, `note-000${i}`, `付箋 ${i}`, i);
		await store.append(DOC, updates);
		expect(logRows()).toBe(updates.length);

		await store.compact(DOC, Y.encodeStateAsUpdate(doc));

		expect(logRows()).toBe(0);
		expect(count('SELECT upto_seq AS n FROM doc_snapshots WHERE doc = ?', DOC)).toBe(updates.length);
		const loaded = await store.load(DOC);
		expect(loaded.logLength).toBe(0);
		expectSameState(await loadDoc(), doc);
	});

	it('keeps log entries after the compacted sequence number', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', '一', 1);
		note(doc, 'note-0002', '二', 2);
		const stateAfterTwo = Y.encodeStateAsUpdate(doc);
		note(doc, 'note-0003', '三', 3);
		await store.append(DOC, updates);

		await store.compact(DOC, stateAfterTwo, 2);

		expect(logRows()).toBe(1);
		expect((await store.load(DOC)).logLength).toBe(1);
		expectSameState(await loadDoc(), doc);
	});

	it('appends after compaction continue the sequence and are loaded on top of the snapshot', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'before', 1);
		note(doc, 'note-0002', 'before', 2);
		await store.append(DOC, updates.splice(0));
		await store.compact(DOC, Y.encodeStateAsUpdate(doc));

		note(doc, 'note-0003', 'after', 3);
		await store.append(DOC, updates.splice(0));

		expect(await store.lastSeq(DOC)).toBe(3);
		expect(db.prepare<[string], { seq: number }>('SELECT seq FROM doc_updates WHERE doc = ?').all(DOC)).toEqual([{ seq: 3 }]);
		expect((await store.load(DOC)).logLength).toBe(1);
		expectSameState(await loadDoc(), doc);

		// a second compaction replaces the first snapshot
		await store.compact(DOC, Y.encodeStateAsUpdate(doc));
		expect(logRows()).toBe(0);
		expect(count('SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc = ?', DOC)).toBe(1);
		expectSameState(await loadDoc(), doc);
	});

	it('gives the same state after the database file is closed and opened again', async () => {
		const { doc, updates } = recordingBoard();
		initBoard(doc, { step: 'organise', inputOpen: true });
		note(doc, 'note-0001', 'ずっと住み続けたい', 1);
		await store.append(DOC, updates.splice(0));
		await store.compact(DOC, Y.encodeStateAsUpdate(doc));
		setMeta(doc, { inputOpen: false });
		await store.append(DOC, updates.splice(0));

		reopen();

		expectSameState(await loadDoc(), doc);
		expect(readMeta(await loadDoc())).toMatchObject({ step: 'organise', inputOpen: false });
	});

	it('continues the sequence after reopening, from the log', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		note(doc, 'note-0002', 'b', 2);
		await store.append(DOC, updates.splice(0));
		reopen();

		expect(await store.lastSeq(DOC)).toBe(2);
		note(doc, 'note-0003', 'c', 3);
		await store.append(DOC, updates.splice(0));
		expect(db.prepare<[string], { seq: number }>('SELECT seq FROM doc_updates WHERE doc = ? ORDER BY seq').all(DOC).map((r) => r.seq)).toEqual([
			1, 2, 3
		]);
		expectSameState(await loadDoc(), doc);
	});

	it('continues the sequence after reopening a fully compacted document, from the snapshot', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		note(doc, 'note-0002', 'b', 2);
		note(doc, 'note-0003', 'c', 3);
		await store.append(DOC, updates.splice(0));
		await store.compact(DOC, Y.encodeStateAsUpdate(doc));
		expect(logRows()).toBe(0);
		reopen();

		// The log is empty, so the next number must come from the snapshot's upto_seq;
		// restarting at 1 would hide the new update behind the snapshot on load.
		expect(await store.lastSeq(DOC)).toBe(3);
		note(doc, 'note-0004', 'd', 4);
		await store.append(DOC, updates.splice(0));
		expect(db.prepare<[string], { seq: number }>('SELECT seq FROM doc_updates WHERE doc = ?').all(DOC)).toEqual([{ seq: 4 }]);

		reopen();
		expect(readNotes(await loadDoc()).map((n) => n.id)).toEqual(['note-0001', 'note-0002', 'note-0003', 'note-0004']);
		expectSameState(await loadDoc(), doc);
	});

	it('rejects when the write fails and does not advance the sequence', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		await store.append(DOC, updates.splice(0));
		note(doc, 'note-0002', 'b', 2);
		db.exec(`CREATE TRIGGER refuse_updates BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);

		await expect(store.append(DOC, updates)).rejects.toThrow(/disk full/);
		expect(await store.lastSeq(DOC)).toBe(1);

		db.exec('DROP TRIGGER refuse_updates');
		await store.append(DOC, updates);
		expect(await store.lastSeq(DOC)).toBe(2);
		expectSameState(await loadDoc(), doc);
	});

	it('writes several updates in one transaction: all or nothing', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		note(doc, 'note-0002', 'b', 2);
		note(doc, 'note-0003', 'c', 3);
		// refuse the third row only
		db.exec(`CREATE TRIGGER refuse_third BEFORE INSERT ON doc_updates WHEN NEW.seq = 3 BEGIN SELECT RAISE(ABORT, 'refused'); END`);
		await expect(store.append(DOC, updates)).rejects.toThrow(/refused/);
		expect(logRows()).toBe(0);
		expect((await store.load(DOC)).update).toBeNull();
	});

	it("stores the projectors' copy with the snapshot (same upto_seq), current until the board's log grows", async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		note(doc, 'note-0002', 'b', 2);
		await store.append(DOC, updates.splice(0));
		expect(await store.readProjector(DOC)).toBeNull();
		const copy = new Uint8Array([0, 0]);
		await store.compact(DOC, Y.encodeStateAsUpdate(doc), undefined, copy);
		expect(count('SELECT upto_seq AS n FROM doc_snapshots WHERE doc = ?', projectorDocName(DOC))).toBe(2);
		expect(await store.readProjector(DOC)).toEqual({ snapshot: Buffer.from(copy), current: true });
		// no log under the copy's name, and it is not a document of its own for preload
		expect(logRows(projectorDocName(DOC))).toBe(0);
		expect(await store.writtenSince(0)).toEqual([DOC]);
		// a later log entry: no longer the board as stored
		note(doc, 'note-0003', 'c', 3);
		await store.append(DOC, updates.splice(0));
		expect((await store.readProjector(DOC))?.current).toBe(false);
		// a compaction without a copy leaves the old one behind, not current
		await store.compact(DOC, Y.encodeStateAsUpdate(doc));
		expect(await store.readProjector(DOC)).toEqual({ snapshot: Buffer.from(copy), current: false });
		// and with one, current again
		await store.compact(DOC, Y.encodeStateAsUpdate(doc), undefined, new Uint8Array([0, 0, 0]));
		expect((await store.readProjector(DOC))?.current).toBe(true);
	});

	it("a compaction whose projectors' copy cannot be written writes nothing: the log and the old snapshots stay", async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		await store.append(DOC, updates.splice(0));
		await store.compact(DOC, Y.encodeStateAsUpdate(doc), undefined, new Uint8Array([0, 0]));
		note(doc, 'note-0002', 'b', 2);
		await store.append(DOC, updates.splice(0));
		db.exec(`CREATE TRIGGER refuse_copy BEFORE UPDATE ON doc_snapshots WHEN NEW.doc LIKE '%~projector' BEGIN SELECT RAISE(ABORT, 'no copy'); END`);
		await expect(store.compact(DOC, Y.encodeStateAsUpdate(doc), undefined, new Uint8Array([0, 0, 0]))).rejects.toThrow(/no copy/);
		expect(logRows()).toBe(1);
		expect(count('SELECT upto_seq AS n FROM doc_snapshots WHERE doc = ?', DOC)).toBe(1);
		expect(await store.readProjector(DOC)).toEqual({ snapshot: Buffer.from([0, 0]), current: false });
		expectSameState(await loadDoc(), doc);
	});
});

describe('migrations', () => {
	const userVersion = (d: DB) => d.pragma('user_version', { simple: true }) as number;
	const tables = (d: DB) =>
		d
			.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
			.all()
			.map((r) => r.name);

	it('set user_version to the number of migrations and create the tables', async () => {
		expect(userVersion(db)).toBe(MIGRATIONS.length);
		expect(tables(db)).toEqual(
			expect.arrayContaining(['councils', 'districts', 'plans', 'workshops', 'users', 'sessions', 'participants', 'doc_updates', 'doc_snapshots'])
		);
	});

	it('are idempotent when the database is opened again, and keep the data', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'kept', 1);
		await store.append(DOC, updates);
		const before = tables(db);

		reopen();
		expect(userVersion(db)).toBe(MIGRATIONS.length);
		expect(tables(db)).toEqual(before);
		migrate(db);
		expect(userVersion(db)).toBe(MIGRATIONS.length);
		expect(readNotes(await loadDoc()).map((n) => n.text)).toEqual(['kept']);
	});

	it('use WAL with full synchronous commits and enforce foreign keys', async () => {
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
	});

	it('refuse a database written by a newer build', async () => {
		db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
		db.close();
		expect(() => openDatabase(dir)).toThrow(/newer than this build/);
	});

	it('loadInto applies the snapshot and the log in one transaction, to the same state as load', async () => {
		const { doc, updates } = recordingBoard();
		for (let i = 1; i <= 30; i++) note(doc, `note-${String(i).padStart(4, '0')}`, `text ${i}`, i);
		await store.append(DOC, updates.splice(0, 10));
		await store.compact(DOC, Y.encodeStateAsUpdate(await loadDoc()));
		await store.append(DOC, updates.splice(0));
		const target = new Y.Doc();
		let transactions = 0;
		target.on('afterTransaction', () => transactions++);
		const origin = Symbol('load');
		const origins = new Set<unknown>();
		target.on('update', (_u: Uint8Array, o: unknown) => origins.add(o));
		expect(await store.loadInto(DOC, target, origin)).toMatchObject({ logLength: 20 });
		expect(transactions).toBe(1);
		expect([...origins]).toEqual([origin]);
		expectSameState(target, doc);
		expectSameState(target, await loadDoc());
		expect(await store.loadInto('workshop.nothing12', new Y.Doc(), origin)).toEqual({ logLength: 0, snapshot: null, seq: 0 });
		// a snapshot with nothing after it comes back as it is stored
		await store.compact(DOC, Y.encodeStateAsUpdate(target));
		const { logLength, snapshot } = await store.loadInto(DOC, new Y.Doc(), origin);
		expect(logLength).toBe(0);
		const fromSnapshot = new Y.Doc();
		Y.applyUpdate(fromSnapshot, snapshot!);
		expectSameState(fromSnapshot, doc);
	});

	it('lists the documents written since a time, through their log or their snapshot', async () => {
		const { doc, updates } = recordingBoard();
		note(doc, 'note-0001', 'a', 1);
		const before = Date.now();
		await store.append('workshop.logged0001', updates.splice(0));
		note(doc, 'note-0002', 'b', 2);
		await store.compact('workshop.snapshot001', Y.encodeStateAsUpdate(doc), 0);
		db.prepare('INSERT INTO doc_updates (doc, seq, data, created_at) VALUES (?, 1, ?, ?)').run('workshop.old0000001', Buffer.from([0, 0]), before - 3 * 3_600_000);
		expect((await store.writtenSince(before - 1)).sort()).toEqual(['workshop.logged0001', 'workshop.snapshot001']);
		expect(await store.writtenSince(before - 4 * 3_600_000)).toContain('workshop.old0000001');
	});
});
