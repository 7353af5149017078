import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../protocol/messages';
import { Room, SERVER_ORIGIN, type Conn } from './room';
import { SqliteDocStore, type DocStore } from './docStore';
import { openDatabase, type DB } from '../db/database';
import { openVote, setVote, tallyMap } from '../../domain/board/voting';
import { InlineUpdateLog, WorkerUpdateLog, type UpdateLog } from './updateLog';
import { SyncServer } from './syncServer';
import { addNote, editOwnNote, initBoard, moveNote, readNotes, setNoteHidden } from '../../domain/board/board';
import { BOARD_ROOM } from './kinds/board';
import { testKinds } from '../testing/testKinds';

/**
 * An update log whose writes finish only when the test says so. Commits are durable at once unless
 * `manualDurable` is set: then `durable()` waits in `syncs` until the test settles it.
 */
class ManualLog implements UpdateLog {
	writes: { doc: string; updates: Uint8Array[]; resolve: () => void; reject: (e: Error) => void }[] = [];
	compactions: Uint8Array[] = [];
	syncs: { resolve: () => void; reject: (e: Error) => void }[] = [];
	soon = 0;
	constructor(readonly manualDurable = false) {}
	durableSoon(): void {
		this.soon++;
	}
	durable(): Promise<void> {
		if (!this.manualDurable) return Promise.resolve();
		return new Promise((resolve, reject) => this.syncs.push({ resolve, reject }));
	}
	/** Finish every write queued so far. */
	commitAll(): void {
		for (const w of this.writes.splice(0)) w.resolve();
	}
	append(doc: string, updates: Uint8Array[]): Promise<void> {
		return new Promise((resolve, reject) => this.writes.push({ doc, updates, resolve, reject }));
	}
	compact(_doc: string, state: Uint8Array): Promise<void> {
		this.compactions.push(state);
		return Promise.resolve();
	}
	flush(): Promise<void> {
		return Promise.resolve();
	}
	pending(): number {
		return this.writes.length;
	}
	close(): Promise<void> {
		return Promise.resolve();
	}
	stats() {
		return { commits: 0, requests: 0, commitMsMax: 0 };
	}
}

const emptyStore: DocStore = {
	load: async () => ({ update: null, logLength: 0 }),
	loadInto: async () => ({ logLength: 0, snapshot: null, seq: 0 }),
	readStored: async () => ({ snapshot: null, log: [] }),
	append: async () => {},
	compact: async () => {},
	lastSeq: async () => 0,
	readProjector: async () => null,
	writtenSince: async () => []
};

/** A stored state with one entry in the notes map. */
function noteA(): Uint8Array {
	const source = new Y.Doc();
	source.getMap('notes').set('a', 1);
	return Y.encodeStateAsUpdate(source);
}

/** A store whose load applies `stored` and reports `loaded`. */
function storeHolding(stored: Uint8Array, loaded: { logLength: number; snapshot: Uint8Array | null }): DocStore {
	return {
		...emptyStore,
		loadInto: async (_name, target, origin) => {
			Y.applyUpdate(target, stored, origin);
			return { ...loaded, seq: loaded.logLength };
		}
	};
}

function staffConn(id: number, received: Uint8Array[]): Conn {
	return {
		id,
		principal: { kind: 'staff', userId: `u${id}`, name: 'staff', role: 'facilitator' } as Conn['principal'],
		send: (d) => received.push(d),
		close: () => {}
	};
}

const addOne = (room: Room, id: string) =>
	room.mutate(SERVER_ORIGIN, () => addNote(room.doc, { id, text: id, kind: 'concern', authorId: 'a', authorRole: 'participant', nickname: null, now: 1 }));

const tick = () => new Promise((r) => setImmediate(r));
/** Until the relay of what was committed so far has gone out (it runs in the check phase after the commit's turn). */
const relayed = async () => {
	await tick();
	await tick();
};

/** The document updates among what a client received. */
const sync = (msgs: Uint8Array[]) => msgs.filter((m) => m[0] === MessageType.Sync);

/** The notes map keys in what a client received. */
function keys(msgs: Uint8Array[]): string[] {
	const doc = new Y.Doc();
	for (const m of sync(msgs)) {
		const d = decoding.createDecoder(m);
		decoding.readVarUint(d);
		expect(decoding.readVarUint(d)).toBe(syncProtocol.messageYjsUpdate);
		Y.applyUpdate(doc, decoding.readVarUint8Array(d));
	}
	return [...doc.getMap('notes').keys()].sort();
}

/** A change made on a laptop's own document (its own client id), as it arrives at the room. */
function onLaptop(room: Room, conn: Conn, key: string, value: number) {
	const own = new Y.Doc();
	own.getMap('notes').set(key, value);
	return room.mutate(conn, () => Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(own), conn));
}

describe('Room with an asynchronous update log', () => {
	it('broadcasts a change only after the log has committed it, in the order the changes were made', async () => {
		const log = new ManualLog();
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const received: Uint8Array[] = [];
		room.add(staffConn(1, received));
		const first = addOne(room, 'note-0001');
		const second = addOne(room, 'note-0002');
		expect(first.result.ok).toBe(true);
		await tick();
		expect(received).toEqual([]);
		expect(log.writes).toHaveLength(2);

		log.writes[0]!.resolve();
		await first.stored;
		await relayed();
		expect(received).toHaveLength(1);
		log.writes[1]!.resolve();
		await second.stored;
		await relayed();
		expect(received).toHaveLength(2);

		// What was broadcast, applied in order, gives both notes.
		const copy = new Y.Doc();
		for (const msg of received) {
			const d = decoding.createDecoder(msg);
			expect(decoding.readVarUint(d)).toBe(MessageType.Sync);
			expect(decoding.readVarUint(d)).toBe(syncProtocol.messageYjsUpdate);
			Y.applyUpdate(copy, decoding.readVarUint8Array(d));
		}
		expect(copy.getMap('notes').size).toBe(2);
		room.destroy();
	});

	it('relays a change once committed, and reports it stored only once it is durable (fsynced)', async () => {
		const log = new ManualLog(true);
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const received: Uint8Array[] = [];
		room.add(staffConn(1, received));
		const change = addOne(room, 'note-0001');
		let stored = false;
		void change.stored.then(() => (stored = true));
		log.commitAll();
		await relayed();
		// On the other screens already (it survives a crash of the process now), not acknowledged yet.
		expect(received.filter((m) => m[0] === MessageType.Sync)).toHaveLength(1);
		expect(log.syncs).toHaveLength(1);
		expect(stored).toBe(false);
		log.syncs[0]!.resolve();
		await change.stored;
		expect(stored).toBe(true);
		room.destroy();
	});

	it('a change nobody is acknowledged for (a laptop update) is stored at its commit and made durable soon, not waited for', async () => {
		const log = new ManualLog(true);
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const change = room.mutate(SERVER_ORIGIN, () => room.doc.getMap('notes').set('x', 1), { acknowledged: false });
		log.commitAll();
		await change.stored;
		expect(log.syncs).toHaveLength(0);
		expect(log.soon).toBe(1);
		room.destroy();
	});

	it('poisons the room when a committed change cannot be made durable: stored rejects, sockets are closed', async () => {
		const log = new ManualLog(true);
		const poisoned: unknown[] = [];
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, (_r, e) => poisoned.push(e));
		const change = addOne(room, 'note-0001');
		log.commitAll();
		await tick();
		log.syncs[0]!.reject(new Error('EIO'));
		await expect(change.stored).rejects.toThrow('EIO');
		expect(poisoned).toHaveLength(1);
		room.destroy();
	});

	it('relays the changes of one commit batch together: one message per recipient, none of it its own', async () => {
		const log = new ManualLog();
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const got = { a: [] as Uint8Array[], b: [] as Uint8Array[], screen: [] as Uint8Array[] };
		const laptopA = staffConn(1, got.a);
		const laptopB = staffConn(2, got.b);
		// a read-only laptop (an editor's): gets every change (projectors get their copy's: see below)
		const screen: Conn = { id: 3, principal: { kind: 'staff', userId: 'u3', name: 'editor', role: 'editor' }, send: (d) => got.screen.push(d), close: () => {} };
		for (const c of [laptopA, laptopB, screen]) room.add(c);
		const fromA = onLaptop(room, laptopA, 'from-a', 1);
		const fromB = onLaptop(room, laptopB, 'from-b', 2);
		const fromPhone = room.mutate(SERVER_ORIGIN, () => room.doc.getMap('notes').set('from-phone', 3));
		// the writer confirms all three in one batch
		log.commitAll();
		await Promise.all([fromA.stored, fromB.stored, fromPhone.stored]);
		await relayed();
		expect(sync(got.screen)).toHaveLength(1);
		expect(keys(got.screen)).toEqual(['from-a', 'from-b', 'from-phone']);
		expect(sync(got.a)).toHaveLength(1);
		expect(keys(got.a)).toEqual(['from-b', 'from-phone']);
		expect(sync(got.b)).toHaveLength(1);
		expect(keys(got.b)).toEqual(['from-a', 'from-phone']);

		// a batch of one laptop's change alone: not sent back to it
		const again = onLaptop(room, laptopA, 'from-a-2', 4);
		log.commitAll();
		await again.stored;
		await relayed();
		expect(sync(got.a)).toHaveLength(1);
		expect(sync(got.b)).toHaveLength(2);
		expect(sync(got.screen)).toHaveLength(2);
		room.destroy();
	});

	it('relays changes committed one by one in the same turn (a burst read in one poll of the event loop) together, and a later one on its own', async () => {
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, new InlineUpdateLog(emptyStore), () => {});
		const got = { a: [] as Uint8Array[], b: [] as Uint8Array[], screen: [] as Uint8Array[] };
		const laptopA = staffConn(1, got.a);
		const laptopB = staffConn(2, got.b);
		// a read-only laptop (an editor's): gets every change (projectors get their copy's: see below)
		const screen: Conn = { id: 3, principal: { kind: 'staff', userId: 'u3', name: 'editor', role: 'editor' }, send: (d) => got.screen.push(d), close: () => {} };
		for (const c of [laptopA, laptopB, screen]) room.add(c);
		// each is committed (inline) as it arrives, as updates from three sockets read in one poll are
		const burst = [onLaptop(room, laptopA, 'a-1', 1), onLaptop(room, laptopB, 'b-1', 2), onLaptop(room, laptopA, 'a-2', 3)];
		await Promise.all(burst.map((m) => m.stored));
		await relayed();
		expect(sync(got.screen), 'one message for the three changes').toHaveLength(1);
		expect(keys(got.screen)).toEqual(['a-1', 'a-2', 'b-1']);
		expect(keys(got.a), "A gets B's change only").toEqual(['b-1']);
		expect(keys(got.b)).toEqual(['a-1', 'a-2']);

		const later = onLaptop(room, laptopB, 'b-2', 4);
		await later.stored;
		await relayed();
		expect(sync(got.screen)).toHaveLength(2);
		expect(keys(got.screen)).toEqual(['a-1', 'a-2', 'b-1', 'b-2']);
		expect(sync(got.b), 'its own change is not sent back').toHaveLength(1);
		room.destroy();
	});

	it("relays to projectors their copy's changes only, once committed, one message per batch", async () => {
		const log = new ManualLog();
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const got: Uint8Array[] = [];
		const screen: Conn = { id: 3, principal: { kind: 'display', workshopId: 'w' }, send: (d) => got.push(d), close: () => {} };
		room.add(screen);
		const replica = new Y.Doc();
		const enc = encoding.createEncoder();
		room.writeProjectorSyncStep2(enc, Y.encodeStateVector(replica));
		const step2 = decoding.createDecoder(encoding.toUint8Array(enc));
		expect(decoding.readVarUint(step2)).toBe(syncProtocol.messageYjsSyncStep2);
		Y.applyUpdate(replica, decoding.readVarUint8Array(step2));

		const shown = addOne(room, 'n-shown');
		const hidden = room.mutate(SERVER_ORIGIN, () => {
			addNote(room.doc, { id: 'n-hidden', text: '見せない文', kind: 'concern', authorId: 'p-secret', authorRole: 'participant', nickname: null, now: 2 });
			setNoteHidden(room.doc, 'n-hidden', true);
		});
		await tick();
		expect(sync(got), 'nothing before the commit').toHaveLength(0);
		log.commitAll();
		await Promise.all([shown.stored, hidden.stored]);
		await relayed();
		expect(sync(got)).toHaveLength(1);
		for (const m of sync(got)) {
			expect(Buffer.from(m).includes(Buffer.from('見せない文'))).toBe(false);
			expect(Buffer.from(m).includes(Buffer.from('p-secret'))).toBe(false);
			const d = decoding.createDecoder(m);
			decoding.readVarUint(d);
			decoding.readVarUint(d);
			Y.applyUpdate(replica, decoding.readVarUint8Array(d));
		}
		expect(readNotes(replica).map((n) => n.id)).toEqual(['n-shown']);
		expect(readNotes(replica)[0]!.authorId).toBe('');

		// a change that the copy does not show (a participant's seat) sends projectors nothing
		const seat = room.mutate(SERVER_ORIGIN, () => room.doc.getMap('seating').set('p-secret', 'main'));
		log.commitAll();
		await seat.stored;
		await relayed();
		expect(sync(got)).toHaveLength(1);
		room.destroy();
	});

	it('poisons the room and rejects `stored` when the log refuses: nothing is broadcast', async () => {
		const log = new ManualLog();
		let poisoned: unknown = null;
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, (_r, e) => {
			poisoned = e;
			room.closeAll(1011, 'storage failure');
			room.destroy();
		});
		const received: Uint8Array[] = [];
		room.add(staffConn(1, received));
		const m = addOne(room, 'note-0001');
		log.writes[0]!.reject(new Error('disk full'));
		await expect(m.stored).rejects.toThrow(/disk full/);
		expect(String(poisoned)).toMatch(/disk full/);
		expect(received.filter((msg) => msg[0] === MessageType.Sync), 'no document update went out').toEqual([]);
		expect(room.destroyed).toBe(true);
	});

	it('a write that finishes after the room was closed is not reported as stored (a phone is not acknowledged and resends)', async () => {
		const log = new ManualLog();
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const m = addOne(room, 'note-0001');
		room.destroy();
		log.writes[0]!.resolve();
		await expect(m.stored).rejects.toThrow(/closed before the change was stored/);
	});

	it('answers an empty state vector with the whole state, encoded once per change; others with what they lack', async () => {
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, new ManualLog(), () => {});
		addOne(room, 'note-0001');
		const step2 = (sv: Uint8Array) => {
			const enc = encoding.createEncoder();
			room.writeSyncStep2(enc, sv);
			const d = decoding.createDecoder(encoding.toUint8Array(enc));
			expect(decoding.readVarUint(d)).toBe(syncProtocol.messageYjsSyncStep2);
			return decoding.readVarUint8Array(d);
		};
		const empty = Y.encodeStateVector(new Y.Doc());
		const first = step2(empty);
		expect(step2(empty)).toEqual(first);
		const client = new Y.Doc();
		Y.applyUpdate(client, first);
		expect(client.getMap('notes').size).toBe(1);

		addOne(room, 'note-0002');
		const wholeState = step2(empty);
		const whole = new Y.Doc();
		Y.applyUpdate(whole, wholeState);
		expect(whole.getMap('notes').size).toBe(2);
		// a client that has the first note gets only the second: less than the whole state
		const diff = step2(Y.encodeStateVector(client));
		expect(diff.length).toBeLessThan(wholeState.length);
		Y.applyUpdate(client, diff);
		expect(client.getMap('notes').size).toBe(2);
		room.destroy();
	});

	it('after a compaction, answers an empty client with the compacted state until the next change', async () => {
		const log = new ManualLog();
		const room = await Room.load('workshop.test', BOARD_ROOM, emptyStore, log, () => {});
		const m = room.mutate('staff', () => room.doc.getMap('notes').set('a', 1));
		log.commitAll();
		await m.stored;
		expect(room.changedSinceLoad).toBe(true);
		const fullState = () => {
			const enc = encoding.createEncoder();
			room.writeSyncStep2(enc, Y.encodeStateVector(new Y.Doc()));
			const d = decoding.createDecoder(encoding.toUint8Array(enc));
			decoding.readVarUint(d);
			return decoding.readVarUint8Array(d);
		};
		void room.compact();
		const compacted = log.compactions.at(-1)!;
		expect(fullState()).toEqual(compacted);
		room.mutate('staff', () => room.doc.getMap('notes').set('b', 2));
		const after = fullState();
		expect(after).not.toEqual(compacted);
		const client = new Y.Doc();
		Y.applyUpdate(client, after);
		expect(client.getMap('notes').toJSON()).toEqual({ a: 1, b: 2 });
		room.destroy();
	});

	it('counts a loaded document as unchanged until something other than the load changes it', async () => {
		const room = await Room.load('workshop.test', BOARD_ROOM, storeHolding(noteA(), { logLength: 1, snapshot: null }), new ManualLog(), () => {});
		expect(room.changedSinceLoad).toBe(false);
		room.mutate('staff', () => room.doc.getMap('notes').set('b', 2));
		expect(room.changedSinceLoad).toBe(true);
		room.destroy();
	});

	it('right after loading a snapshot with no log, answers an empty client with the stored bytes', async () => {
		const stored = noteA();
		const room = await Room.load('workshop.test', BOARD_ROOM, storeHolding(stored, { logLength: 0, snapshot: stored }), new ManualLog(), () => {});
		const enc = encoding.createEncoder();
		room.writeSyncStep2(enc, Y.encodeStateVector(new Y.Doc()));
		const d = decoding.createDecoder(encoding.toUint8Array(enc));
		decoding.readVarUint(d);
		expect(decoding.readVarUint8Array(d)).toEqual(stored);
		room.destroy();
	});
});

describe("Room: the projectors' copy in the store", () => {
	let dir: string;
	let db: DB;
	let store: SqliteDocStore;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-room-'));
		db = openDatabase(dir);
		store = new SqliteDocStore(db);
	});
	afterEach(() => {
		db.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	/** An update log on `store` that counts its compactions. */
	class CountingLog extends InlineUpdateLog {
		compactions = 0;
		override compact(doc: string, state: Uint8Array, projector?: Uint8Array): Promise<void> {
			this.compactions++;
			return super.compact(doc, state, projector);
		}
	}

	const DOC = 'workshop.copytest01';
	const screen = (got: Uint8Array[] = []): Conn => ({ id: 9, principal: { kind: 'display', workshopId: 'w' }, send: (d) => got.push(d), close: () => {} });
	const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));
	const sv0 = Y.encodeStateVector(new Y.Doc());

	/** A board with a visible note, a hidden one, and two ballots on a vote with results shown. */
	async function workshopRoom(log: UpdateLog): Promise<Room> {
		const room = await Room.load(DOC, BOARD_ROOM, store, log, () => {});
		await room.mutate(SERVER_ORIGIN, () => {
			initBoard(room.doc, { step: 'issues', inputOpen: true });
			addNote(room.doc, { id: 'n-shown', text: '公園のベンチ', kind: 'concern', authorId: 'p-alice-secret', authorRole: 'participant', nickname: 'さくら', now: 1 });
			addNote(room.doc, { id: 'n-hidden', text: '隣人の悪口', kind: 'concern', authorId: 'p-bob-secret', authorRole: 'participant', nickname: 'かえで', now: 2 });
			openVote(room.doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: 3 });
			expect(setVote(room.doc, 'p-alice-secret', 'n-shown', 2).ok).toBe(true);
			expect(setVote(room.doc, 'p-bob-secret', 'n-hidden', 1).ok).toBe(true);
			setNoteHidden(room.doc, 'n-hidden', true); // hidden after it got a dot
		}).stored;
		return room;
	}

	it('the copy stored at unload holds no hidden text, ballots or participant ids, and is current', async () => {
		const log = new CountingLog(store);
		const room = await workshopRoom(log);
		await room.compact({ projector: true }); // as at unload: builds the copy although no projector came
		room.destroy();
		const copy = await store.readProjector(DOC);
		expect(copy?.current).toBe(true);
		for (const secret of ['隣人の悪口', 'n-hidden', 'p-alice-secret', 'p-bob-secret', 'さくら', 'かえで', 'ballots']) expect(contains(copy!.snapshot, secret), secret).toBe(false);
		const seen = new Y.Doc();
		Y.applyUpdate(seen, copy!.snapshot);
		expect(readNotes(seen).map((n) => n.text)).toEqual(['公園のベンチ']);
		expect(tallyMap(seen).toJSON()).toEqual({ 'n-shown': 2 });
		// the board's own snapshot still holds everything, for staff
		expect(contains((await store.readStored(DOC))!.snapshot!, '隣人の悪口')).toBe(true);
	});

	it("a room loaded later starts its copy from the stored one: projectors answered with it need nothing more until the board changes, then only the changes", async () => {
		const first = await workshopRoom(new CountingLog(store));
		await first.compact({ projector: true });
		first.destroy();
		const stored = (await store.readProjector(DOC))!.snapshot;

		const log = new CountingLog(store);
		const room = await Room.load(DOC, BOARD_ROOM, store, log, () => {});
		const got: Uint8Array[] = [];
		room.add(screen(got));
		expect(room.projectorCatchUp(stored)).toBeNull();
		// an empty projector on the loaded room gets those same bytes, without an encode
		const enc = encoding.createEncoder();
		room.writeProjectorSyncStep2(enc, sv0);
		const d = decoding.createDecoder(encoding.toUint8Array(enc));
		decoding.readVarUint(d);
		expect(Buffer.from(decoding.readVarUint8Array(d)).equals(Buffer.from(stored))).toBe(true);
		// nothing changed: unloading writes nothing
		await room.compact({ projector: true });
		expect(log.compactions).toBe(0);

		// the projector that holds the stored copy, then the room's changes
		const replica = new Y.Doc();
		Y.applyUpdate(replica, stored);
		await room.mutate(SERVER_ORIGIN, () => {
			moveNote(room.doc, 'n-shown', 300, 400);
			setNoteHidden(room.doc, 'n-shown', true);
			setNoteHidden(room.doc, 'n-hidden', false);
		}).stored;
		const catchUp = room.projectorCatchUp(stored)!;
		expect(catchUp).not.toBeNull();
		expect(contains(catchUp, '公園のベンチ')).toBe(false);
		const cd = decoding.createDecoder(catchUp);
		expect(decoding.readVarUint(cd)).toBe(MessageType.Sync);
		expect(decoding.readVarUint(cd)).toBe(syncProtocol.messageYjsSyncStep2);
		Y.applyUpdate(replica, decoding.readVarUint8Array(cd));
		expect(readNotes(replica).map((n) => n.text)).toEqual(['隣人の悪口']);
		expect(tallyMap(replica).toJSON()).toEqual({ 'n-hidden': 1 });
		// the copy's later changes apply on it as on a projector that synced with the room
		const later = room.projectorDoc();
		expect(readNotes(replica)).toEqual(readNotes(later));
		room.destroy();
	});

	it('a board changed after its copy was stored (log entries after the snapshot) builds its copy afresh; the copy stored at unload is built afresh too, without the ids of notes the live copy deleted', async () => {
		const first = await workshopRoom(new CountingLog(store));
		await first.compact({ projector: true });
		first.destroy();
		// a staff-only session: changes stored as log entries after the snapshot, then a crash (no unload)
		const staffOnly = await Room.load(DOC, BOARD_ROOM, store, new CountingLog(store), () => {});
		await staffOnly.mutate(SERVER_ORIGIN, () => {
			editOwnNote(staffOnly.doc, { id: 'n-shown', authorId: 'p-alice-secret', text: '書き直した文' });
			setNoteHidden(staffOnly.doc, 'n-shown', true);
			addNote(staffOnly.doc, { id: 'n-new', text: '新しい付箋', kind: 'concern', authorId: 'p-carol', authorRole: 'participant', nickname: null, now: 5 });
		}).stored;
		staffOnly.destroy();
		expect((await store.readProjector(DOC))?.current).toBe(false);

		const log = new CountingLog(store);
		const room = await Room.load(DOC, BOARD_ROOM, store, log, () => {});
		const copy = Y.encodeStateAsUpdate(room.projectorDoc());
		// afresh: nothing of the stale copy, not even the id of the note hidden since
		for (const secret of ['公園のベンチ', '書き直した文', 'n-shown', 'p-carol']) expect(contains(copy, secret), secret).toBe(false);
		const seen = new Y.Doc();
		Y.applyUpdate(seen, copy);
		expect(readNotes(seen).map((n) => n.text)).toEqual(['新しい付箋']);

		// the live copy deletes a note it showed: Yjs keeps the deleted key (the note's id) in its state
		await room.mutate(SERVER_ORIGIN, () => setNoteHidden(room.doc, 'n-new', true)).stored;
		expect(contains(Y.encodeStateAsUpdate(room.projectorDoc()), 'n-new')).toBe(true);
		// the copy stored at unload is built afresh: current, without it
		await room.compact({ projector: true });
		expect(log.compactions).toBe(1);
		const stored = (await store.readProjector(DOC))!;
		expect(stored.current).toBe(true);
		for (const secret of ['n-new', '新しい付箋', 'n-shown']) expect(contains(stored.snapshot, secret), secret).toBe(false);
		// unloading again without changes writes nothing
		await room.compact({ projector: true });
		expect(log.compactions).toBe(1);
		room.destroy();
	});

	it('an idle board unloaded by the sync server stores its projector copy through the writer thread, without hidden text or ballots', async () => {
		const writer = new WorkerUpdateLog(db.name, () => {});
		const sync = new SyncServer({ kinds: testKinds(), store, writer, unloadAfterMs: 20, log: () => {} });
		try {
			await sync.change(DOC, (doc) => {
				initBoard(doc, { step: 'issues', inputOpen: true });
				addNote(doc, { id: 'n-shown', text: '見守りの輪', kind: 'concern', authorId: 'p-alice-secret', authorRole: 'participant', nickname: 'さくら', now: 1 });
				addNote(doc, { id: 'n-hidden', text: '個人名入りの苦情', kind: 'concern', authorId: 'p-bob-secret', authorRole: 'participant', nickname: 'かえで', now: 2 });
				openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: 3 });
				setVote(doc, 'p-alice-secret', 'n-shown', 1);
				setVote(doc, 'p-bob-secret', 'n-hidden', 2);
				setNoteHidden(doc, 'n-hidden', true);
			});
			const until = Date.now() + 5_000;
			while (sync.rooms.has(DOC) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
			expect(sync.rooms.has(DOC)).toBe(false);
			const copy = await store.readProjector(DOC);
			expect(copy?.current).toBe(true);
			for (const secret of ['個人名入りの苦情', 'n-hidden', 'p-alice-secret', 'p-bob-secret', 'さくら', 'かえで']) expect(contains(copy!.snapshot, secret), secret).toBe(false);
			expect(contains(copy!.snapshot, '見守りの輪')).toBe(true);
		} finally {
			await sync.shutdown();
		}
	});
});
