/**
 * Rooms open asynchronously: opens of a document that is loading share its one load, a failed load
 * is tried again by the next open, a socket's messages that arrive while its room loads are kept in
 * order, and every committed update is published on the fan-out under its sequence number in the log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { openDatabase, type DB } from '../db/database';
import { MessageType } from '../../protocol/messages';
import { useTmpDirs } from '../testing/tmpDirs';
import { waitFor } from '../testing/waitFor';
import { SqliteDocStore, type DocStore } from './docStore';
import { InlineUpdateLog } from './updateLog';
import { SyncServer } from './syncServer';
import { InProcessFanout } from './fanout';
import type { Principal } from './principal';
import { testKinds } from '../testing/testKinds';

const DOC = 'workshop.wasyncload01';
const tmp = useTmpDirs('kyoso-rooms-');

/** The SQLite store, with every `loadInto` counted and held until `release()` (a slow network store). */
class GatedStore extends SqliteDocStore {
	loads = 0;
	failNext = false;
	#gate: Promise<void> = Promise.resolve();
	#open: (() => void) | null = null;
	hold(): void {
		this.#gate = new Promise((resolve) => (this.#open = resolve));
	}
	release(): void {
		this.#open?.();
	}
	override async loadInto(doc: string, target: Y.Doc, origin: unknown) {
		this.loads++;
		await this.#gate;
		if (this.failNext) {
			this.failNext = false;
			throw new Error('the store is unreachable');
		}
		return super.loadInto(doc, target, origin);
	}
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0)) await c();
});

function setUp(): { db: DB; store: GatedStore; sync: SyncServer; fanout: InProcessFanout } {
	const db = openDatabase(tmp());
	const store = new GatedStore(db);
	const fanout = new InProcessFanout();
	const sync = new SyncServer({ kinds: testKinds(), store, writer: new InlineUpdateLog(store as DocStore), fanout, log: () => {} });
	cleanups.push(async () => {
		await sync.shutdown();
		db.close();
	});
	return { db, store, sync, fanout };
}

describe('RoomRegistry.open', () => {
	it('two opens of a document being loaded share one load (one store read) and get the same room', async () => {
		const { store, sync } = setUp();
		store.hold();
		const first = sync.room(DOC);
		const second = sync.room(DOC);
		expect(sync.rooms.loading(DOC)).toBe(true);
		expect(sync.rooms.has(DOC)).toBe(false);
		store.release();
		const [a, b] = await Promise.all([first, second]);
		expect(a).toBe(b);
		expect(store.loads).toBe(1);
		expect(sync.rooms.loading(DOC)).toBe(false);
		// and a loaded room is returned without reading the store again
		expect(await sync.room(DOC)).toBe(a);
		expect(store.loads).toBe(1);
	});

	it('a failed load rejects every open waiting for it; the next open reads the store again', async () => {
		const { store, sync } = setUp();
		store.hold();
		store.failNext = true;
		const opens = [sync.room(DOC), sync.read(DOC, () => 'read'), sync.change(DOC, () => 'changed')];
		store.release();
		for (const o of opens) await expect(o).rejects.toThrow(/unreachable/);
		expect(store.loads).toBe(1);
		expect(sync.rooms.has(DOC)).toBe(false);
		expect(await sync.change(DOC, (doc) => doc.getMap('meta').set('step', 'issues'))).toBe('issues');
		expect(store.loads).toBe(2);
		expect(await sync.read(DOC, (doc) => doc.getMap('meta').get('step'))).toBe('issues');
	});

	it("publishes each committed update on the fan-out under its sequence number, continuing the log's", async () => {
		const { store, sync, fanout } = setUp();
		const before = Y.encodeStateAsUpdate(docWith('before', 1));
		await store.append(DOC, [before]);
		const seen: { seq: number; update: Uint8Array }[] = [];
		fanout.subscribe(DOC, 0, (seq, update) => seen.push({ seq, update }));
		await sync.change(DOC, (doc) => doc.getMap('meta').set('a', 1));
		await sync.change(DOC, (doc) => doc.getMap('meta').set('b', 2));
		// (the board kind's init at load is a change too: seq 2)
		const last = await store.lastSeq(DOC);
		expect(last).toBe(4);
		expect(seen.map((s) => s.seq)).toEqual([2, 3, 4]);
		// a replica built from what the fan-out carried has the changes
		const replica = new Y.Doc();
		Y.applyUpdate(replica, before);
		for (const s of seen) Y.applyUpdate(replica, s.update);
		expect(replica.getMap('meta').toJSON()).toMatchObject({ before: 1, a: 1, b: 2 });
		expect(Y.encodeStateVector(replica)).toEqual(await sync.read(DOC, (doc) => Y.encodeStateVector(doc)));
	});
});

describe('a socket whose room is still loading', () => {
	it("keeps the messages it sends meanwhile and handles them in order once the room is loaded", async () => {
		const { store, sync, fanout } = setUp();
		const server = http.createServer();
		const wss = new WebSocketServer({ server });
		const principal: Principal = { kind: 'staff', userId: 'u-1', name: 'スタッフ', role: 'facilitator' } as Principal;
		wss.on('connection', (ws) => sync.handleConnection(ws, principal, DOC));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		cleanups.push(async () => {
			for (const c of wss.clients) c.terminate();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		});
		const published: number[] = [];
		const laptops = [101, 102, 103];
		fanout.subscribe(DOC, 0, (_seq, update) => {
			const client = firstClient(update);
			if (laptops.includes(client)) published.push(client);
		});

		store.hold();
		const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
		const received: Uint8Array[] = [];
		ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
		await new Promise((resolve) => ws.once('open', resolve));
		// A laptop's first messages: its sync step 1, then three edits made on three documents
		// (three client ids), sent before the server has read the board.
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, MessageType.Sync);
		syncProtocol.writeSyncStep1(enc, new Y.Doc());
		ws.send(encoding.toUint8Array(enc));
		const edits = [docWith('first', 1, 101), docWith('second', 2, 102), docWith('third', 3, 103)];
		for (const d of edits) ws.send(syncFrame(Y.encodeStateAsUpdate(d)));
		await waitFor(() => store.loads === 1, 5_000, 'the load to start');
		expect(sync.rooms.has(DOC)).toBe(false);
		store.release();

		await waitFor(() => published.length === 3, 5_000, 'the three edits to be stored');
		expect(published).toEqual([101, 102, 103]);
		expect(await sync.read(DOC, (doc) => doc.getMap('meta').toJSON())).toMatchObject({ first: 1, second: 2, third: 3 });
		// and the laptop was answered: the server's sync step 1 and step 2
		await waitFor(() => received.some((m) => m[0] === MessageType.Sync && m[1] === syncProtocol.messageYjsSyncStep2), 5_000, 'the sync step 2');
		ws.close();
	});
});

function docWith(key: string, value: number, clientID?: number): Y.Doc {
	const doc = new Y.Doc();
	if (clientID !== undefined) doc.clientID = clientID;
	doc.getMap('meta').set(key, value);
	return doc;
}

function syncFrame(update: Uint8Array): Uint8Array {
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, MessageType.Sync);
	syncProtocol.writeUpdate(enc, update);
	return encoding.toUint8Array(enc);
}

/** The client id of the first change in an update. */
function firstClient(update: Uint8Array): number {
	return Y.decodeUpdate(update).structs[0]!.id.client;
}
