/**
 * CompositionGate across a reconnect, with the real y-websocket provider over a fake socket and fake
 * timers (y-websocket reconnects on a timer): the handshake during a composition sends no half-converted
 * text and applies nothing into it; text typed while disconnected leaves with the converted text.
 */
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { CompositionGate } from './compositionGate';

/** A WebSocket the test opens, feeds and closes by hand; it keeps what the client sent. */
class FakeSocket {
	static all: FakeSocket[] = [];
	readonly OPEN = 1;
	readyState = 0;
	binaryType = 'blob';
	sent: Uint8Array[] = [];
	onopen: (() => void) | null = null;
	onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
	onclose: ((e: { code: number; reason: string }) => void) | null = null;
	onerror: (() => void) | null = null;
	constructor(readonly url: string) {
		FakeSocket.all.push(this);
	}
	send(bytes: Uint8Array): void {
		this.sent.push(bytes);
	}
	close(): void {
		this.readyState = 3;
	}
	open(): void {
		this.readyState = 1;
		this.onopen?.();
	}
	/** the server drops the connection (network drop, kill -9) */
	drop(): void {
		this.readyState = 3;
		this.onclose?.({ code: 1006, reason: '' });
	}
	deliver(bytes: Uint8Array): void {
		this.onmessage?.({ data: bytes.slice().buffer });
	}
}

/** A sync-protocol server for one document, as far as the handshake goes. */
function fakeServer() {
	const doc = new Y.Doc();
	const frame = (write: (e: encoding.Encoder) => void) => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		write(e);
		return encoding.toUint8Array(e);
	};
	return {
		doc,
		/** what a server sends on connect: its step 1, and its step 2 against the client's state vector */
		greet(socket: FakeSocket) {
			const clientStep1 = socket.sent.map(read).find((m) => m.sync === syncProtocol.messageYjsSyncStep1)!;
			socket.deliver(frame((e) => syncProtocol.writeSyncStep1(e, doc)));
			socket.deliver(frame((e) => syncProtocol.writeSyncStep2(e, doc, clientStep1.payload)));
		},
		/** apply what the client sent on `socket` (step 2 answers and updates), one message at a time */
		receive(socket: FakeSocket, from = 0, each?: () => void) {
			for (const m of socket.sent.slice(from).map(read)) {
				if (m.type === 0 && m.sync !== syncProtocol.messageYjsSyncStep1) {
					Y.applyUpdate(doc, m.payload);
					each?.();
				}
			}
		},
		update(socket: FakeSocket, update: Uint8Array) {
			socket.deliver(frame((e) => syncProtocol.writeUpdate(e, update)));
		}
	};
}

function read(bytes: Uint8Array): { type: number; sync: number; payload: Uint8Array } {
	const d = decoding.createDecoder(bytes);
	const type = decoding.readVarUint(d);
	if (type !== 0) return { type, sync: -1, payload: new Uint8Array() };
	const sync = decoding.readVarUint(d);
	return { type, sync, payload: decoding.readVarUint8Array(d) };
}

const answers = (socket: FakeSocket) => socket.sent.map(read).filter((m) => m.type === 0 && m.sync !== syncProtocol.messageYjsSyncStep1);

let provider: WebsocketProvider;
let gate: CompositionGate;
let doc: Y.Doc;
const server = { current: fakeServer() };

beforeEach(() => {
	vi.useFakeTimers();
	FakeSocket.all = [];
	server.current = fakeServer();
	doc = new Y.Doc();
	provider = new WebsocketProvider('ws://test', 'plan.p1', doc, { WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket, disableBc: true });
	gate = new CompositionGate(provider);
});
afterEach(() => {
	gate.destroy();
	provider.destroy();
	vi.useRealTimers();
});

/** The first connection, synced, with 「あ」 typed. */
function connected(): FakeSocket {
	const s = FakeSocket.all.at(-1)!;
	s.open();
	server.current.greet(s);
	expect(provider.synced).toBe(true);
	doc.getText('t').insert(0, 'あ');
	server.current.receive(s);
	expect(server.current.doc.getText('t').toString()).toBe('あ');
	return s;
}

/** The socket drops and y-websocket opens a new one on its backoff timer. */
function reconnect(old: FakeSocket): FakeSocket {
	old.drop();
	expect(provider.wsconnected).toBe(false);
	vi.advanceTimersByTime(5000);
	const s = FakeSocket.all.at(-1)!;
	expect(s).not.toBe(old);
	return s;
}

/** Another editor's text, already on the server. */
function othersType(text: string): Uint8Array {
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(server.current.doc));
	let update: Uint8Array = new Uint8Array();
	other.on('update', (u: Uint8Array) => (update = u));
	other.getText('t').insert(other.getText('t').length, text);
	Y.applyUpdate(server.current.doc, update);
	return update;
}

describe('CompositionGate across a reconnect', () => {
	it('answers the handshake after the composition: the server (and so the others) never hold the kana, and theirs waits', () => {
		const text = doc.getText('t');
		connected();
		gate.hold();
		text.insert(1, 'みま');
		const old = FakeSocket.all.at(-1)!;
		othersType('笑顔');
		const s = reconnect(old);
		s.open();
		server.current.greet(s);
		expect(answers(s)).toEqual([]); // the server's step 1 is not answered while composing
		expect(text.toString()).toBe('あみま'); // its step 2 (with 「笑顔」) is not applied into the composition
		expect(provider.synced).toBe(false);

		text.delete(1, 2);
		text.insert(1, '見守り');
		gate.release();
		const seen: string[] = [];
		server.current.receive(s, 0, () => seen.push(server.current.doc.getText('t').toString()));
		expect(seen.length).toBeGreaterThan(0);
		for (const t of seen) expect(t).not.toMatch(/[みま]/);
		// 「笑顔」 and 「見守り」 were inserted at the same place concurrently: Yjs orders them, once each
		expect([...server.current.doc.getText('t').toString()].sort()).toEqual([...'あ見守り笑顔'].sort());
		expect(text.toString()).toContain('笑顔');
		expect(provider.synced).toBe(true);
		expect(server.current.doc.getText('t').toString()).toBe(text.toString());
	});

	it('text typed while disconnected leaves with the converted text when the composition open across the reconnect ends', () => {
		const text = doc.getText('t');
		const first = connected();
		first.drop();
		text.insert(1, ' offline'); // typed with no connection: sent nowhere yet
		gate.hold();
		text.insert(text.length, 'ささ');
		vi.advanceTimersByTime(5000);
		const s = FakeSocket.all.at(-1)!;
		s.open();
		server.current.greet(s);
		expect(answers(s)).toEqual([]);
		text.delete(text.length - 2, 2);
		text.insert(text.length, '支え');
		gate.release();
		const seen: string[] = [];
		server.current.receive(s, 0, () => seen.push(server.current.doc.getText('t').toString()));
		for (const t of seen) expect(t).not.toContain('ささ');
		expect(server.current.doc.getText('t').toString()).toBe('あ offline支え');
	});

	it('a request from a connection that closed meanwhile is dropped; the next connection asks again and is answered at once', () => {
		const text = doc.getText('t');
		connected();
		const old = FakeSocket.all.at(-1)!;
		const before = old.sent.length;
		gate.hold();
		text.insert(1, 'かな');
		const s1 = reconnect(old);
		s1.open();
		server.current.greet(s1);
		text.delete(1, 2);
		text.insert(1, '仮名');
		const s2 = reconnect(s1);
		const s1Sent = s1.sent.length;
		gate.release(); // s1 is gone: nothing goes to it, nothing to the old one
		expect(s1.sent.length).toBe(s1Sent);
		expect(old.sent.length).toBe(before);
		s2.open();
		server.current.greet(s2);
		expect(answers(s2).length).toBeGreaterThan(0);
		server.current.receive(s2);
		expect(server.current.doc.getText('t').toString()).toBe('あ仮名');
	});

	it('makes a composition one undo step, however long it lasts: undo takes the converted word away, no kana left', () => {
		const text = doc.getText('t');
		const undo = new Y.UndoManager(text, { captureTimeout: 500 });
		gate.trackUndo(undo);
		text.insert(0, '地域の');
		vi.advanceTimersByTime(100);
		gate.hold(); // right after typing: still its own step
		text.insert(3, 'さ');
		vi.advanceTimersByTime(2000);
		text.insert(4, 'さ');
		vi.advanceTimersByTime(8000); // e.g. a reconnect
		text.delete(3, 2);
		text.insert(3, '支え');
		gate.release();
		expect(undo.captureTimeout).toBe(500);
		undo.undo();
		expect(text.toString()).toBe('地域の');
		undo.undo();
		expect(text.toString()).toBe('');
		// typing after the composition is a step of its own again
		text.insert(0, '見守り');
		vi.advanceTimersByTime(100);
		text.insert(3, '活動');
		undo.undo();
		expect(text.toString()).toBe('');
		undo.destroy();
	});
});
