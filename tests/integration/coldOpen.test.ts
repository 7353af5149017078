/**
 * Opening a board that is not loaded in memory (no preload, nobody on it since the restart): a
 * staff laptop with nothing cached is answered with the stored bytes (snapshot, then the log entries
 * after it) before the server loads the board, and stays in sync afterwards. Projectors never get
 * those bytes (they hold hidden notes and ballots), only the stored projector copy, and only when no
 * log entries follow the snapshot: see projectorPrivacy.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterEach, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { addNote, readNotes } from '../../src/lib/domain/board/board';
import { randomId } from '../../src/lib/domain/ids';
import { MessageType } from '../../src/lib/protocol/messages';
import { openDatabase } from '../../src/lib/server/db/database';
import { SqliteDocStore, type StoredState } from '../../src/lib/server/sync/docStore';
import { COMPACT_AFTER_UPDATES } from '../../src/lib/server/sync/room';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import {
	connect,
	demoWorkshop,
	joinParticipant,
	staffCookie,
	startTestServer,
	waitFor,
	whenSynced,
	yClient,
	type TestServer,
	type WireClient,
	type YClient
} from '../helpers/testServer';

let server: TestServer;
let workshop: Workshop;
let docName: string;
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
	vi.restoreAllMocks();
	for (const fn of cleanups.splice(0).reverse()) await fn();
	await server.close();
});

const note = (id: string, text: string) => ({ id, text, kind: 'concern', authorId: 'p-test', authorRole: 'participant' as const, nickname: null, now: Date.now() });

/** Run `fn` on the board as stored, through another connection, and append what it changed to the log. */
async function appendToStoredBoard(fn: (doc: Y.Doc) => void): Promise<void> {
	const db = openDatabase(server.dataDir);
	try {
		const store = new SqliteDocStore(db);
		const doc = new Y.Doc();
		await store.loadInto(docName, doc, 'load');
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		fn(doc);
		await store.append(docName, updates);
	} finally {
		db.close();
	}
}

function readStoredBoard(): StoredState {
	const db = openDatabase(server.dataDir);
	try {
		// plain Uint8Arrays (the store hands out Buffers), to compare with what the client received
		const { snapshot, log } = new SqliteDocStore(db).readStoredSync(docName)!;
		return { snapshot: snapshot && new Uint8Array(snapshot), log: log.map((u) => new Uint8Array(u)) };
	} finally {
		db.close();
	}
}

/**
 * A server that does not preload, with the demo board stored as a snapshot (written when the
 * previous process shut down) plus `logged` notes appended to the log after it, and not loaded.
 */
async function unloadedBoard(logged: number, env: Record<string, string> = {}, dataDir?: string): Promise<void> {
	server = await startTestServer({ env: { KYOSO_PRELOAD: '0', ...env }, dataDir });
	workshop = await demoWorkshop(server.app);
	docName = boardDocName(workshop.id);
	await server.app.sync.change(docName, (doc) => {
		for (let i = 0; i < 3; i++) addNote(doc, note(`n-snap-${i}`, `スナップショット${i}`));
	});
	await server.restart(); // the shutdown compacts the board into a snapshot
	for (let i = 0; i < logged; i++) await appendToStoredBoard((doc) => addNote(doc, note(`n-log-${i}`, `ログ${i}`)));
	expect(server.app.sync.rooms.has(docName)).toBe(false);
}

async function open(as: 'display' | 'staff'): Promise<WireClient> {
	const c = await connect(server.port, as === 'display'
		? { workshopId: workshop.id, as, displayToken: await server.app.workshops.displayToken(workshop.id) ?? '' }
		: { workshopId: workshop.id, as, cookie: await staffCookie(server.app) });
	cleanups.push(() => c.close());
	return c;
}

async function y(as: 'display' | 'staff'): Promise<YClient> {
	const c = yClient(server.port, as === 'display'
		? { workshopId: workshop.id, as, displayToken: await server.app.workshops.displayToken(workshop.id) ?? '' }
		: { workshopId: workshop.id, as, cookie: await staffCookie(server.app) });
	cleanups.push(() => c.destroy());
	return c;
}

function sendStep1(c: WireClient, doc = new Y.Doc()): void {
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, MessageType.Sync);
	syncProtocol.writeSyncStep1(enc, doc);
	c.send(encoding.toUint8Array(enc));
}

/** The sync messages a wire client received, as [sync type, payload]. */
function syncMessages(c: WireClient): Array<[number, Uint8Array]> {
	return c.frames
		.filter((f) => f.type === MessageType.Sync)
		.map((f) => {
			const d = decoding.createDecoder(f.body);
			return [decoding.readVarUint(d), decoding.readVarUint8Array(d)];
		});
}

const noteIds = (doc: Y.Doc) => readNotes(doc).map((n) => n.id).sort();

describe('opening a board that is not loaded', () => {
	it('answers a staff laptop with nothing cached with the stored snapshot and log, before the server step 1', async () => {
		await unloadedBoard(2);
		const stored = readStoredBoard();
		expect(stored.snapshot).not.toBeNull();
		expect(stored.log).toHaveLength(2);
		const loads = vi.spyOn(SqliteDocStore.prototype, 'loadInto');

		const c = await open('staff');
		sendStep1(c);
		await waitFor(() => c.frames.some((f) => f.type === MessageType.QueryAwareness), 5_000, 'the stored state and a query');
		expect(c.frames.map((f) => f.type)).toEqual([MessageType.Sync, MessageType.Sync, MessageType.Sync, MessageType.QueryAwareness]);
		const [first, second, third] = syncMessages(c);
		expect(first).toEqual([syncProtocol.messageYjsSyncStep2, stored.snapshot]);
		expect(second).toEqual([syncProtocol.messageYjsUpdate, stored.log[0]]);
		expect(third).toEqual([syncProtocol.messageYjsUpdate, stored.log[1]]);
		// the board is loaded only once the client answers the query (it has applied the state by then)
		await new Promise((r) => setTimeout(r, 100));
		expect(server.app.sync.rooms.has(docName)).toBe(false);
		expect(loads).not.toHaveBeenCalled();
		const answer = encoding.createEncoder();
		encoding.writeVarUint(answer, MessageType.Awareness);
		encoding.writeVarUint8Array(answer, awarenessProtocol.encodeAwarenessUpdate(new awarenessProtocol.Awareness(new Y.Doc()), []));
		c.send(encoding.toUint8Array(answer));
		await waitFor(() => server.app.sync.rooms.get(docName)?.conns.size === 1, 5_000, 'the laptop to join the room');
		expect(loads).toHaveBeenCalledTimes(1);
		await waitFor(() => syncMessages(c).length >= 4, 5_000, 'the server step 1');
		expect(syncMessages(c)[3]![0]).toBe(syncProtocol.messageYjsSyncStep1);

		// what the laptop applied is the whole board
		const replica = new Y.Doc();
		for (const [, update] of [first!, second!, third!]) Y.applyUpdate(replica, update);
		expect(noteIds(replica)).toEqual(noteIds(server.app.sync.rooms.get(docName)!.doc));
		expect(noteIds(replica)).toHaveLength(5);
	});

	it('keeps staff laptops answered this way in sync both ways, and projectors with them', async () => {
		await unloadedBoard(2);
		const first = await y('staff');
		const screen = await y('display'); // not answered from the store: it waits for the load
		await whenSynced(first);
		await whenSynced(screen);
		await waitFor(async () => readNotes(screen.doc).length === 5, 5_000, 'all five notes on the projector');

		// a phone's note reaches the projector
		const phone = await joinParticipant(server.app, workshop.id, 'さくら');
		const phoneNoteId = `n-${randomId(12)}`;
		const pc = await connect(server.port, { workshopId: workshop.id, as: 'participant', cookie: phone.cookie });
		cleanups.push(() => pc.close());
		expect((await pc.request({ op: 'note.add', id: phoneNoteId, text: '電話から', kind: 'concern' })).ok).toBe(true);
		await waitFor(async () => readNotes(screen.doc).some((n) => n.id === phoneNoteId), 5_000, "the phone's note on the projector");
		await waitFor(async () => readNotes(first.doc).some((n) => n.id === phoneNoteId), 5_000, "the phone's note on the first laptop");

		// a staff laptop that opens the board now (loaded) and one that edits it
		const laptop = await y('staff');
		await whenSynced(laptop);
		addNote(laptop.doc, note('n-laptop', 'ノートPCから'));
		await waitFor(async () => readNotes(screen.doc).some((n) => n.id === 'n-laptop'), 5_000, "the laptop's note on the projector");
		await waitFor(async () => readNotes(first.doc).some((n) => n.id === 'n-laptop'), 5_000, "the other laptop's note on the first");
		expect(noteIds(first.doc)).toEqual(noteIds(server.app.sync.rooms.get(docName)!.doc));
		expect(noteIds(screen.doc)).toEqual(noteIds(server.app.sync.rooms.get(docName)!.doc));
	});

	it('a staff laptop answered from the store can edit at once; its edit is stored', async () => {
		await unloadedBoard(1);
		const laptop = await y('staff');
		await whenSynced(laptop);
		addNote(laptop.doc, note('n-first-edit', '最初の編集'));
		await waitFor(() => readNotes(server.app.sync.rooms.get(docName)?.doc ?? new Y.Doc()).some((n) => n.id === 'n-first-edit'), 5_000, 'the edit on the server');
		await server.app.sync.writer.flush();
		const stored = new Y.Doc();
		const { snapshot, log } = readStoredBoard();
		for (const u of [snapshot!, ...log]) Y.applyUpdate(stored, u);
		expect(noteIds(stored)).toContain('n-first-edit');
	});

	it('sends the state again when the board was loaded and changed while the stored bytes were on their way', async () => {
		// Commits on the main thread, so the change below is stored and broadcast before the laptop joins the room.
		await unloadedBoard(1, { KYOSO_LOG_WRITER: 'inline' });
		const read = SqliteDocStore.prototype.readStored;
		let raced = false;
		vi.spyOn(SqliteDocStore.prototype, 'readStored').mockImplementation(function (this: SqliteDocStore, name: string, maxLog?: number) {
			const stale = read.call(this, name, maxLog);
			if (!raced) {
				raced = true;
				// someone else loads the board and changes it right after the laptop's answer was read
				void server.app.sync.change(docName, (doc) => addNote(doc, note('n-late', '途中の変更')));
			}
			return stale;
		});
		const screen = await y('staff');
		await whenSynced(screen);
		expect(raced).toBe(true);
		await waitFor(async () => readNotes(screen.doc).some((n) => n.id === 'n-late'), 5_000, 'the late note on the laptop');
		expect(noteIds(screen.doc)).toEqual(noteIds(server.app.sync.rooms.get(docName)!.doc));
	});

	it('loads first for a laptop that comes back with its cached copy (non-empty step 1)', async () => {
		await unloadedBoard(0);
		// the normal order: server step 1 first, then the answer to the laptop's step 1
		const cached = new Y.Doc();
		const { snapshot } = readStoredBoard();
		Y.applyUpdate(cached, snapshot!);
		const back = await open('staff');
		sendStep1(back, cached);
		await waitFor(() => syncMessages(back).length >= 2, 5_000, 'the sync answer');
		expect(syncMessages(back).map(([t]) => t)).toEqual([syncProtocol.messageYjsSyncStep1, syncProtocol.messageYjsSyncStep2]);
		await back.close();
	});

	it('loads first when the log after the snapshot is long', async () => {
		await unloadedBoard(0);
		await appendToStoredBoard((doc) => {
			for (let i = 0; i <= COMPACT_AFTER_UPDATES; i++) doc.getMap('meta').set('probe', i);
		});
		expect(readStoredBoard().log).toHaveLength(COMPACT_AFTER_UPDATES + 1);
		const c = await open('staff');
		sendStep1(c);
		await waitFor(() => syncMessages(c).length >= 2, 5_000, 'the sync answer');
		expect(syncMessages(c).map(([t]) => t)).toEqual([syncProtocol.messageYjsSyncStep1, syncProtocol.messageYjsSyncStep2]);
	});

	it('a board preloaded at start has its log folded, and the first laptop gets that one snapshot', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-it-'));
		cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
		await unloadedBoard(2, {}, dataDir);
		// stop with the board not loaded (its log stays as it is), then start as deployed: preloading
		await server.close();
		server = await startTestServer({ dataDir });
		await waitFor(() => server.app.sync.rooms.get(docName)?.logLength === 0, 5_000, 'the board to be preloaded and folded');
		await server.app.sync.writer.flush();
		const stored = readStoredBoard();
		expect(stored.log).toEqual([]);
		const c = await open('staff');
		sendStep1(c);
		await waitFor(() => syncMessages(c).length >= 2, 5_000, 'the sync answer');
		const [, answer] = syncMessages(c).find(([t]) => t === syncProtocol.messageYjsSyncStep2)!;
		expect(answer).toEqual(stored.snapshot);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, answer);
		expect(noteIds(replica)).toHaveLength(5);
	});

	it('attaches a client that never answers the query after a second, and keeps it in sync', async () => {
		await unloadedBoard(1);
		const c = await open('staff');
		sendStep1(c);
		await waitFor(() => c.frames.some((f) => f.type === MessageType.QueryAwareness), 5_000, 'the query');
		const asked = Date.now();
		await waitFor(() => server.app.sync.rooms.get(docName)?.conns.size === 1, 5_000, 'the laptop to join the room');
		expect(Date.now() - asked).toBeGreaterThanOrEqual(900);
		const before = c.frames.length;
		await server.app.sync.change(docName, (doc) => addNote(doc, note('n-after', '後から')));
		await c.nextFrame((f) => f.type === MessageType.Sync, before);
	});

	it('attaches a socket that sends nothing after a short wait', async () => {
		await unloadedBoard(0);
		const c = await open('staff');
		await waitFor(() => syncMessages(c).length >= 1, 3_000, 'the server step 1');
		expect(syncMessages(c)[0]![0]).toBe(syncProtocol.messageYjsSyncStep1);
		expect(server.app.sync.rooms.get(docName)?.conns.size).toBe(1);
	});
});
