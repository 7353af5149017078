/**
 * Bad input over real sockets (issue 3): over-long, empty and control-character text, HTML and
 * script payloads (stored as text), binary garbage from every kind of socket, malformed Yjs from a
 * staff socket, unknown message types, text frames, operations that are not what they claim,
 * oversized frames, and replayed, forged and expired credentials. Each case checks the error the
 * client gets, that the document is unchanged where that applies, and that the server still serves
 * a healthy client afterwards.
 *
 * One server for the file (so that "still up" means up after everything before it too); every test
 * gets a fresh workshop. Random input comes from a seeded PRNG, so every run sends the same bytes.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach, vi, type MockInstance } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, getNote, readNotes } from '../../src/lib/domain/board/board';
import { randomId } from '../../src/lib/domain/ids';
import { CloseCode, MessageType, type Notice, type OpErrorCode, type OpReply } from '../../src/lib/protocol/messages';
import { hashToken, newToken } from '../../src/lib/server/auth/tokens';
import { SESSION_COOKIE } from '../../src/lib/server/auth/staff';
import { DEVICE_COOKIE } from '../../src/lib/server/participants';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { createRng } from '../../scripts/reliability/lib/rng';
import type { KyosoApp } from '../../src/lib/server/app';
import {
	connect,
	demoWorkshop,
	joinParticipant,
	refusedUpgrade,
	staffCookie,
	startTestServer,
	waitFor,
	type ConnectOptions,
	type JoinedParticipant,
	type TestServer,
	type WireClient
} from '../helpers/testServer';

/* ================================================================== fixtures */

let server: TestServer;
let app: KyosoApp;
let planId: string;

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	planId = (await demoWorkshop(app)).planId;
});

afterAll(async () => {
	await server?.close();
});

const sockets: WireClient[] = [];
let serverErrors: MockInstance<typeof console.error>;

beforeEach(() => {
	// The sync server logs every malformed message it refuses; keep the output readable.
	serverErrors = vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(async () => {
	for (const c of sockets.splice(0)) await c.close();
	serverErrors.mockRestore();
});

type Board = { workshop: Workshop; docName: string; displayToken: string };

async function freshBoard(): Promise<Board> {
	const { workshop, displayToken } = await app.workshops.createWorkshop({ planId, title: `bad input ${randomId(6)}` });
	const docName = boardDocName(workshop.id);
	// one note already there, so that "unchanged" compares a non-empty board
	await app.sync.change(docName, (doc) => {
		const r = addNote(doc, { id: 'existing-note', text: '前からある付箋', kind: 'concern', authorId: 'someone', authorRole: 'participant', nickname: null, now: 1 });
		if (!r.ok) throw new Error(r.error);
	});
	return { workshop, docName, displayToken };
}

const serverDoc = async (b: Board) => (await app.sync.room(b.docName)).doc;
/** The document of a room that is loaded now (a socket is on it), read synchronously. */
const liveDoc = (name: string) => {
	const room = app.sync.rooms.get(name);
	if (!room) throw new Error(`${name} is not loaded`);
	return room.doc;
};
const docState = async (b: Board) => Y.encodeStateAsUpdate(await serverDoc(b));
const newId = () => `n-${randomId(12)}`;

async function open(o: ConnectOptions): Promise<WireClient> {
	const c = await connect(server.port, o);
	sockets.push(c);
	return c;
}

async function phone(b: Board, joined?: JoinedParticipant): Promise<{ c: WireClient; me: JoinedParticipant }> {
	const me = await joined ?? await joinParticipant(app, b.workshop.id, 'tester');
	const c = await open({ workshopId: b.workshop.id, as: 'participant', cookie: me.cookie });
	await waitFor(async () => c.lastView(), 5_000, 'the first view');
	return { c, me };
}

async function staffSocket(b: Board, cookie?: string): Promise<WireClient> {
	const c = await open({ workshopId: b.workshop.id, as: 'staff', cookie: cookie ?? (await staffCookie(app)) });
	await c.nextFrame((f) => f.type === MessageType.Sync);
	return c;
}

async function projector(b: Board): Promise<WireClient> {
	const c = await open({ workshopId: b.workshop.id, as: 'display', displayToken: b.displayToken });
	await c.nextFrame((f) => f.type === MessageType.Sync);
	return c;
}

type SocketKind = 'participant' | 'display' | 'staff';
const socketOf = async (kind: SocketKind, b: Board): Promise<WireClient> =>
	kind === 'participant' ? (await phone(b)).c : kind === 'display' ? projector(b) : staffSocket(b);

function frame(type: number, write?: (enc: encoding.Encoder) => void): Uint8Array {
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, type);
	write?.(enc);
	return encoding.toUint8Array(enc);
}

/** An Op frame carrying exactly this text (not necessarily JSON). */
const opFrame = (text: string) => frame(MessageType.Op, (enc) => encoding.writeVarString(enc, text));

/** Frames are handled in order: once the answer to an unknown message type arrives, everything sent before it was handled. */
async function barrier(c: WireClient): Promise<void> {
	const from = c.frames.length;
	c.send(frame(4242));
	await c.nextFrame((f) => f.type === MessageType.Notice && (f.json as Notice).message === 'unknown message type 4242', from);
}

/** The notices received since frame index `from`, without the barrier's. */
const noticesSince = (c: WireClient, from: number): Notice[] =>
	c.frames
		.slice(from)
		.filter((f) => f.type === MessageType.Notice)
		.map((f) => f.json as Notice)
		.filter((n) => n.message !== 'unknown message type 4242');

/** Ask for the whole board over a staff or projector socket (sync step 1 with an empty state vector). */
async function fetchBoard(c: WireClient): Promise<Y.Doc> {
	const from = c.frames.length;
	c.send(frame(MessageType.Sync, (e) => syncProtocol.writeSyncStep1(e, new Y.Doc())));
	const answer = await c.nextFrame((f) => f.type === MessageType.Sync, from);
	const doc = new Y.Doc();
	syncProtocol.readSyncMessage(decoding.createDecoder(answer.body), encoding.createEncoder(), doc, null);
	return doc;
}

/** Send a frame and wait for the first notice or reply that comes after it. */
async function answerTo(c: WireClient, bytes: Uint8Array): Promise<{ type: number; json: unknown }> {
	const from = c.frames.length;
	c.send(bytes);
	const f = await c.nextFrame((x) => x.type === MessageType.Notice || x.type === MessageType.Reply, from);
	return { type: f.type, json: f.json };
}

/** The server still works: a new phone joins this board and its note is accepted and stored. */
async function expectHealthy(b: Board): Promise<void> {
	const { c } = await phone(b);
	const id = newId();
	expect(await c.request({ op: 'note.add', id, text: 'まだ大丈夫', kind: 'concern' })).toEqual({ id, ok: true });
	expect(getNote(await serverDoc(b), id)?.text).toBe('まだ大丈夫');
}

/** The Yjs update that `change` makes to a replica of the server's board (fixed client id: same bytes every run). */
function updateOnReplica(b: Board, change: (doc: Y.Doc) => unknown): Uint8Array {
	const replica = new Y.Doc();
	replica.clientID = 424242;
	Y.applyUpdate(replica, Y.encodeStateAsUpdate(liveDoc(b.docName)));
	const updates: Uint8Array[] = [];
	replica.on('update', (u: Uint8Array) => updates.push(u));
	change(replica);
	replica.destroy();
	if (updates.length === 0) throw new Error('the change made no update');
	return Y.mergeUpdates(updates);
}

const staffNote = (id: string) => (doc: Y.Doc) =>
	addNote(doc, { id, text: 'スタッフの付箋', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: 5 });

/** A sync message (type 0) of sync type 2 (update) whose payload is exactly `payload`. */
const syncUpdateFrame = (payload: Uint8Array) =>
	frame(MessageType.Sync, (enc) => {
		encoding.writeVarUint(enc, syncProtocol.messageYjsUpdate);
		encoding.writeVarUint8Array(enc, payload);
	});

/* ================================================================== note text */

describe('note text', () => {
	// prettier-ignore
	const REFUSED: readonly (readonly [string, string, OpErrorCode])[] = [
		['empty',                                     '',                             'text_empty'],
		['spaces only',                               '    ',                         'text_empty'],
		['ideographic spaces, tabs and newlines only','\u3000\t\n \u3000\r\n',        'text_empty'],
		['141 characters',                            'あ'.repeat(141),               'text_too_long'],
		['141 emoji',                                 '🌸'.repeat(141),               'text_too_long'],
		['2001 characters (over the wire bound)',     'a'.repeat(2001),               'bad_message'],
		['NUL',                                       'a\u0000b',                     'text_control_chars'],
		['BEL',                                       'ベル\u0007',                   'text_control_chars'],
		['ANSI escape sequence',                      '\u001b[31m赤\u001b[0m',        'text_control_chars'],
		['tab inside the text',                       'a\tb',                         'text_control_chars'],
		['vertical tab',                              'a\u000bb',                     'text_control_chars'],
		['DEL',                                       'a\u007fb',                     'text_control_chars'],
		['C1 control (NEL)',                          'a\u0085b',                     'text_control_chars'],
		['line separator',                            'a\u2028b',                     'text_control_chars'],
		['right-to-left override',                    'abc\u202Egpj.exe',             'text_control_chars'],
		['bidi isolate',                              'a\u2066b\u2069',               'text_control_chars']
	];

	for (const [what, text, error] of REFUSED) {
		it(`refuses ${what} with ${error}, on add and on edit, and changes nothing`, async () => {
			const b = await freshBoard();
			const { c, me } = await phone(b);
			// the phone's own note, to try the same text as an edit
			const own = newId();
			expect(await c.request({ op: 'note.add', id: own, text: '自分の付箋', kind: 'concern' })).toEqual({ id: own, ok: true });
			const before = await docState(b);

			const add = newId();
			expect(await c.request({ op: 'note.add', id: add, text, kind: 'concern' })).toEqual({ id: add, ok: false, error } satisfies OpReply);
			const edit = newId();
			expect(await c.request({ op: 'note.edit', id: edit, noteId: own, text })).toEqual({ id: edit, ok: false, error } satisfies OpReply);

			expect(await docState(b)).toEqual(before);
			expect(getNote(await serverDoc(b), own)).toMatchObject({ text: '自分の付箋', authorId: me.participant.id });
			expect(c.closeEvent).toBeNull();
			await expectHealthy(b);
		});
	}

	// prettier-ignore
	const ACCEPTED: readonly (readonly [string, string, string])[] = [
		['140 emoji (an emoji counts once)',           '🌸'.repeat(140),               '🌸'.repeat(140)],
		['140 characters after trimming',              `  ${'あ'.repeat(140)}\n\u3000`, 'あ'.repeat(140)],
		['140 characters after NFC (decomposed が)',   'か\u3099'.repeat(140),         'が'.repeat(140)],
		['CR and CRLF line ends, as newlines',         'いち\r\nに\rさん',              'いち\nに\nさん']
	];

	for (const [what, text, stored] of ACCEPTED) {
		it(`accepts ${what}`, async () => {
			const b = await freshBoard();
			const { c } = await phone(b);
			const id = newId();
			expect(await c.request({ op: 'note.add', id, text, kind: 'concern' })).toEqual({ id, ok: true });
			expect(getNote(await serverDoc(b), id)?.text).toBe(stored);
			await waitFor(async () => c.lastView()?.mine.find((n) => n.id === id && n.text === stored), 5_000, 'the note in the view');
		});
	}

	// Markup is data: it is stored and sent exactly as typed. (That the pages show it as text and
	// never run it is checked end to end.)
	const PAYLOADS = [
		'<img src=x onerror=alert(1)><script>alert(1)</script>',
		'"><svg onload=alert(document.cookie)>',
		"'); DROP TABLE participants; --",
		"{{constructor.constructor('alert(1)')()}}",
		'${process.exit(1)}',
		'__proto__',
		'javascript:alert(1)'
	];

	for (const payload of PAYLOADS) {
		it(`stores ${JSON.stringify(payload)} verbatim as text and sends it back unchanged`, async () => {
			const b = await freshBoard();
			const { c } = await phone(b);
			const screen = await projector(b);
			const id = newId();
			expect(await c.request({ op: 'note.add', id, text: payload, kind: 'concern' })).toEqual({ id, ok: true });
			expect(getNote(await serverDoc(b), id)?.text).toBe(payload);
			await waitFor(async () => c.lastView()?.mine.find((n) => n.id === id), 5_000, 'the note in the view');
			expect(c.lastView()?.mine.find((n) => n.id === id)?.text).toBe(payload);
			// the projector's copy of the document carries the same string
			expect(getNote(await fetchBoard(screen), id)?.text).toBe(payload);
			// and nothing else on the board was touched by it
			expect(readNotes(await serverDoc(b)).map((n) => n.id).sort()).toEqual(['existing-note', id].sort());
			expect(app.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM participants').get()?.n).toBeGreaterThan(0);
		});
	}
});

/* ================================================================== garbage */

describe('binary garbage', () => {
	/**
	 * 200 frames: half plain random bytes, half a real message type (sync, awareness, query
	 * awareness, operation) followed by random bytes, so that the parsers behind the type are hit too.
	 */
	function garbageFrames(seed: number, count = 200): Uint8Array[] {
		const rnd = createRng(seed).next;
		const types = [MessageType.Sync, MessageType.Awareness, MessageType.QueryAwareness, MessageType.Op];
		const out: Uint8Array[] = [];
		for (let i = 0; i < count; i++) {
			const bytes = new Uint8Array(1 + Math.floor(rnd() * 400));
			for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rnd() * 256);
			// every type used here is below 128: a one-byte varuint
			if (i % 2 === 1) bytes[0] = types[Math.floor(rnd() * types.length)]!;
			out.push(bytes);
		}
		return out;
	}

	const SEEDS: Record<SocketKind, number> = { participant: 0x5eed0001, display: 0x5eed0002, staff: 0x5eed0003 };

	for (const kind of ['participant', 'display', 'staff'] as const) {
		it(`200 seeded garbage frames from a ${kind} socket change nothing and break nothing`, async () => {
			const b = await freshBoard();
			const c = await socketOf(kind, b);
			const before = await docState(b);
			for (const bytes of garbageFrames(SEEDS[kind])) c.send(bytes);
			await barrier(c);

			expect(c.closeEvent).toBeNull();
			expect(await docState(b)).toEqual(before);
			// whatever came back was a refusal, never an acknowledgement
			expect(c.replies().filter((r) => r.ok)).toEqual([]);
			for (const n of c.notices()) expect(['bad_message', 'read_only', 'update_refused']).toContain(n.code);
			// the socket itself still works
			if (kind === 'participant') {
				const id = newId();
				expect(await c.request({ op: 'note.add', id, text: 'ゴミの後', kind: 'concern' })).toEqual({ id, ok: true });
			} else if (kind === 'staff') {
				const id = newId();
				c.sendYjsUpdate(updateOnReplica(b, staffNote(id)));
				await waitFor(async () => getNote(await serverDoc(b), id), 5_000, 'the staff update after the garbage');
			} else {
				expect(await answerTo(c, frame(77))).toMatchObject({ json: { code: 'bad_message' } });
			}
			await expectHealthy(b);
		});
	}
});

describe('malformed Yjs from a staff socket', () => {
	/** Every prefix of an update that ends inside its structs (the last byte is the empty delete set). */
	function truncations(update: Uint8Array): Uint8Array[] {
		const out: Uint8Array[] = [];
		for (let len = 1; len < update.length - 1; len++) out.push(update.subarray(0, len));
		return out;
	}

	it('applies nothing of any truncation of an update that cuts into its structs, and the socket stays usable', async () => {
		const b = await freshBoard();
		const c = await staffSocket(b);
		const id = newId();
		const update = updateOnReplica(b, staffNote(id));
		const before = await docState(b);
		for (const prefix of truncations(update)) {
			c.send(syncUpdateFrame(prefix));
			await barrier(c);
			expect(await docState(b), `prefix of ${prefix.length} bytes`).toEqual(before);
		}
		expect(c.closeEvent).toBeNull();
		// the whole update still goes through on the same socket
		c.sendYjsUpdate(update);
		await waitFor(async () => getNote(await serverDoc(b), id), 5_000, 'the complete update');
		await expectHealthy(b);
	});

	// BUG: src/lib/server/sync/syncServer.ts #onMessage, case MessageType.Sync for staff, calls
	// syncProtocol.readSyncMessage(decoder, enc, room.doc, conn) without an error handler. y-protocols
	// (sync.js readSyncStep2/readUpdate) catches every error Y.applyUpdate throws, logs "Caught error
	// while handling a Yjs update" and returns normally, so the surrounding try/catch never sees it
	// and the staff client gets no 'update_refused' (nothing at all). Only framing errors before the
	// update (a missing or unknown sync type) are answered. Repro: send [0, 2, 1, 0] (a sync update
	// whose payload is the single byte 0) from a staff socket: no notice arrives.
	it('answers every truncated update with update_refused', async () => {
		const b = await freshBoard();
		const c = await staffSocket(b);
		const update = updateOnReplica(b, staffNote(newId()));
		for (const prefix of truncations(update)) {
			const from = c.frames.length;
			c.send(syncUpdateFrame(prefix));
			await barrier(c);
			expect(noticesSince(c, from), `prefix of ${prefix.length} bytes`).toContainEqual(expect.objectContaining({ code: 'update_refused' }));
		}
	});

	// BUG: Y.applyUpdate integrates an update's structs before it reads the delete set. When only the
	// delete set is missing it throws *after* the note is in the document; room.mutate
	// (src/lib/server/sync/room.ts) stores and broadcasts it in its `finally`, and (see above) the
	// client is not even told. A malformed update is half-applied, persisted and sent to everyone.
	// Repro: take any update from a staff replica (e.g. one adding a note), drop its last byte, send it
	// as a sync update from a staff socket: getNote(serverDoc, id) is the note, and it is in the
	// database. (Validating with Y.decodeUpdate before applying would refuse it.)
	it('applies nothing of an update that is missing only its delete set', async () => {
		const b = await freshBoard();
		const screen = await projector(b);
		const c = await staffSocket(b);
		const id = newId();
		const update = updateOnReplica(b, staffNote(id));
		const before = await docState(b);
		const from = screen.frames.length;
		c.send(syncUpdateFrame(update.subarray(0, update.length - 1)));
		await barrier(c);
		await barrier(screen);
		expect(getNote(await serverDoc(b), id)).toBeNull();
		expect(await docState(b)).toEqual(before);
		expect(screen.frames.slice(from).filter((f) => f.type === MessageType.Sync)).toEqual([]);
	});

	// Malformed around the update: refused with update_refused before anything is applied.
	// prettier-ignore
	const MALFORMED_FRAMING: readonly (readonly [string, Uint8Array])[] = [
		['a sync message with nothing after the type',     frame(MessageType.Sync)],
		['an unknown sync message type (7)',               frame(MessageType.Sync, (e) => encoding.writeVarUint(e, 7))],
		['a sync type that is not a varuint',              frame(MessageType.Sync, (e) => encoding.writeUint8Array(e, new Uint8Array(12).fill(0xff)))],
		['an awareness message whose state is not JSON',   frame(MessageType.Awareness, (e) => { const inner = encoding.createEncoder(); encoding.writeVarUint(inner, 1); encoding.writeVarUint(inner, 12345); encoding.writeVarUint(inner, 1); encoding.writeVarString(inner, '{not json'); encoding.writeVarUint8Array(e, encoding.toUint8Array(inner)); })],
		['an awareness message cut short',                 frame(MessageType.Awareness, (e) => encoding.writeVarUint(e, 50))]
	];

	for (const [what, bytes] of MALFORMED_FRAMING) {
		it(`answers ${what} with update_refused and changes nothing`, async () => {
			const b = await freshBoard();
			const c = await staffSocket(b);
			const before = await docState(b);
			expect(await answerTo(c, bytes)).toMatchObject({ type: MessageType.Notice, json: { code: 'update_refused' } });
			expect(await docState(b)).toEqual(before);
			expect((await app.sync.room(b.docName)).awareness.getStates().has(12345)).toBe(false);
			// still usable
			const id = newId();
			c.sendYjsUpdate(updateOnReplica(b, staffNote(id)));
			await waitFor(async () => getNote(await serverDoc(b), id), 5_000, 'a good update after the bad one');
			expect(c.closeEvent).toBeNull();
		});
	}

	// Malformed inside the update itself.
	// prettier-ignore
	const MALFORMED_UPDATES: readonly (readonly [string, Uint8Array])[] = [
		['an update whose length says more than follows',  frame(MessageType.Sync, (e) => { encoding.writeVarUint(e, syncProtocol.messageYjsUpdate); encoding.writeVarUint(e, 100); encoding.writeUint8Array(e, Uint8Array.from([1, 2, 3])); })],
		['an update of 0xff bytes',                        syncUpdateFrame(new Uint8Array(64).fill(0xff))],
		['an update with no clients and no delete set',    syncUpdateFrame(Uint8Array.from([0]))],
		['a step 2 of random bytes',                       frame(MessageType.Sync, (e) => { encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2); encoding.writeVarUint8Array(e, Uint8Array.from([5, 200, 7, 13, 99, 1])); })]
	];

	for (const [what, bytes] of MALFORMED_UPDATES) {
		it(`applies nothing of ${what}, and the socket stays usable`, async () => {
			const b = await freshBoard();
			const c = await staffSocket(b);
			const before = await docState(b);
			c.send(bytes);
			await barrier(c);
			expect(await docState(b)).toEqual(before);
			const id = newId();
			c.sendYjsUpdate(updateOnReplica(b, staffNote(id)));
			await waitFor(async () => getNote(await serverDoc(b), id), 5_000, 'a good update after the bad one');
			expect(c.closeEvent).toBeNull();
			await expectHealthy(b);
		});

		// BUG: the same swallowed error as above (y-protocols catches it; no notice is sent).
		it(`answers ${what} with update_refused`, async () => {
			const b = await freshBoard();
			const c = await staffSocket(b);
			const from = c.frames.length;
			c.send(bytes);
			await barrier(c);
			expect(noticesSince(c, from)).toContainEqual(expect.objectContaining({ code: 'update_refused' }));
		});
	}
});

/* ================================================================== frames that are not our protocol */

describe('frames that are not part of the protocol', () => {
	const UNKNOWN_TYPES = [2, 4, 42, 99, MessageType.Reply, MessageType.View, MessageType.Presence, MessageType.Notice, MessageType.Shared, 2 ** 20];

	for (const kind of ['participant', 'display', 'staff'] as const) {
		it(`answers unknown message types from a ${kind} socket with bad_message`, async () => {
			const b = await freshBoard();
			const c = await socketOf(kind, b);
			const before = await docState(b);
			for (const type of UNKNOWN_TYPES) {
				expect(await answerTo(c, frame(type, (e) => encoding.writeVarString(e, '{"op":"note.add"}'))), `type ${type}`).toEqual({
					type: MessageType.Notice,
					json: { code: 'bad_message', message: `unknown message type ${type}` }
				});
			}
			expect(await docState(b)).toEqual(before);
			expect(c.closeEvent).toBeNull();
			await expectHealthy(b);
		});

		it(`answers text frames from a ${kind} socket with bad_message`, async () => {
			const b = await freshBoard();
			const c = await socketOf(kind, b);
			const before = await docState(b);
			for (const text of ['hello', '{"op":"note.add","id":"abcdefgh1","text":"x","kind":"concern"}', '\u0000', '']) {
				const from = c.frames.length;
				c.ws.send(text);
				expect((await c.nextFrame((f) => f.type === MessageType.Notice, from)).json, JSON.stringify(text)).toMatchObject({ code: 'bad_message' });
			}
			expect(await docState(b)).toEqual(before);
			expect(c.closeEvent).toBeNull();
		});
	}
});

describe('operations that are not what they claim', () => {
	it('answers JSON that is not an operation object with bad_message', async () => {
		const b = await freshBoard();
		const { c } = await phone(b);
		const before = await docState(b);
		for (const json of ['null', '[]', '[{"op":"note.add"}]', '"note.add"', '42', 'true', '{}', '', '{"op":"note.add"', '\u0000']) {
			expect(await answerTo(c, opFrame(json)), JSON.stringify(json)).toEqual({ type: MessageType.Reply, json: { id: '', ok: false, error: 'bad_message' } });
		}
		expect(await docState(b)).toEqual(before);
		await expectHealthy(b);
	});

	const id = 'op-00000001';
	const add = { op: 'note.add', id, text: '付箋', kind: 'concern' };
	// prettier-ignore
	const INVALID: readonly (readonly [string, string])[] = [
		// extra fields (the schemas are strict)
		['note.add claiming an author',           JSON.stringify({ ...add, authorId: 'someone-else' })],
		['note.add claiming to be staff',         JSON.stringify({ ...add, authorRole: 'staff' })],
		['note.add placing itself',               JSON.stringify({ ...add, x: 0, y: 0, tableId: 'main' })],
		['note.add with a __proto__ key',         `{"op":"note.add","id":"${id}","text":"付箋","kind":"concern","__proto__":{"admin":true}}`],
		['note.edit unhiding',                    JSON.stringify({ op: 'note.edit', id, noteId: 'existing-note', text: 'x', hidden: false })],
		['note.delete with force',                JSON.stringify({ op: 'note.delete', id, noteId: 'existing-note', force: true })],
		['vote.set for someone else',             JSON.stringify({ op: 'vote.set', id, itemId: 'existing-note', dots: 1, participantId: 'someone-else' })],
		['table.choose for someone else',         JSON.stringify({ op: 'table.choose', id, tableId: 'main', participantId: 'someone-else' })],
		// wrong types and ranges
		['an unknown op',                         JSON.stringify({ op: 'note.hide', id, noteId: 'existing-note' })],
		['a missing op',                          JSON.stringify({ id, text: 'x', kind: 'concern' })],
		['text that is a number',                 JSON.stringify({ ...add, text: 42 })],
		['kind that is null',                     JSON.stringify({ ...add, kind: null })],
		['a kind of 41 characters',               JSON.stringify({ ...add, kind: 'k'.repeat(41) })],
		['fractional dots',                       JSON.stringify({ op: 'vote.set', id, itemId: 'existing-note', dots: 1.5 })],
		['negative dots',                         JSON.stringify({ op: 'vote.set', id, itemId: 'existing-note', dots: -1 })],
		['11 dots',                               JSON.stringify({ op: 'vote.set', id, itemId: 'existing-note', dots: 11 })],
		['dots as a string',                      JSON.stringify({ op: 'vote.set', id, itemId: 'existing-note', dots: '1' })],
		['a table id with a slash',               JSON.stringify({ op: 'table.choose', id, tableId: '../main' })],
		['a note id with a space',                JSON.stringify({ op: 'note.delete', id, noteId: 'existing note' })]
	];

	it('answers operations with extra fields or wrong types with bad_message, echoing the id', async () => {
		const b = await freshBoard();
		const { c } = await phone(b);
		const before = await docState(b);
		for (const [what, json] of INVALID) {
			expect(await answerTo(c, opFrame(json)), what).toEqual({ type: MessageType.Reply, json: { id, ok: false, error: 'bad_message' } });
		}
		expect(await docState(b)).toEqual(before);
		expect(getNote(await serverDoc(b), 'existing-note')?.hidden).toBe(false);
		await expectHealthy(b);
	});

	it('answers bad ids with bad_message and echoes at most 40 characters of them', async () => {
		const b = await freshBoard();
		const { c } = await phone(b);
		const before = await docState(b);
		// prettier-ignore
		const CASES: readonly (readonly [unknown, string])[] = [
			['short',        'short'],
			['x'.repeat(41), 'x'.repeat(40)],
			['x'.repeat(5000), 'x'.repeat(40)],
			['<script>',     '<script>'],
			[12345678,       ''],
			[null,           '']
		];
		for (const [bad, echoed] of CASES) {
			const json = JSON.stringify({ op: 'note.add', id: bad, text: '付箋', kind: 'concern' });
			expect(await answerTo(c, opFrame(json)), String(bad)).toEqual({ type: MessageType.Reply, json: { id: echoed, ok: false, error: 'bad_message' } });
		}
		expect(await docState(b)).toEqual(before);
	});

	it('answers each of a burst of malformed operations, and the phone can still write afterwards', async () => {
		const b = await freshBoard();
		const { c } = await phone(b);
		for (let i = 0; i < 10; i++) c.send(opFrame('{"op":"nope"}'));
		await barrier(c);
		expect(c.replies()).toEqual(Array.from({ length: 10 }, () => ({ id: '', ok: false, error: 'bad_message' })));
		const ok = newId();
		expect(await c.request({ op: 'note.add', id: ok, text: 'まだ書ける', kind: 'concern' })).toEqual({ id: ok, ok: true });
	});
});

/* ================================================================== oversized frames */

describe('oversized frames', () => {
	const MB = 1024 * 1024;

	// prettier-ignore
	const TOO_BIG: readonly (readonly [SocketKind, string, number])[] = [
		['staff',       '10 MB',                           10 * MB],
		['staff',       '2 MB + 1 byte (the staff cap)',   2 * MB + 1],
		['display',     '10 MB',                           10 * MB],
		['participant', '10 MB',                           10 * MB],
		['participant', '9 KB (over the 8 KB phone cap)',  9 * 1024],
		['participant', '8 KB + 1 byte',                   8 * 1024 + 1]
	];

	for (const [kind, what, size] of TOO_BIG) {
		it(`closes a ${kind} socket that sends ${what} with 1009, and nothing changes`, async () => {
			const b = await freshBoard();
			const c = await socketOf(kind, b);
			const before = await docState(b);
			// a sync update frame (it would be applied if a staff frame of this size were accepted)
			const bytes = new Uint8Array(size);
			bytes.set(syncUpdateFrame(new Uint8Array(0)).subarray(0, 2));
			c.send(bytes);
			await waitFor(async () => c.closeEvent, 10_000, 'the socket to be closed');
			expect(c.closeEvent?.code).toBe(CloseCode.MessageTooBig);
			expect(await docState(b)).toEqual(before);
			await expectHealthy(b);
		});
	}

	it('keeps a phone that sends exactly 8 KB (the cap) connected and answers it', async () => {
		const b = await freshBoard();
		const { c } = await phone(b);
		const before = await docState(b);
		const head = `{"op":"note.add","id":"${newId()}","kind":"concern","text":"`;
		const prefixLen = frame(MessageType.Op).length + 2; // the type (one byte) + the string's length (a two-byte varuint)
		const text = 'a'.repeat(8 * 1024 - prefixLen - head.length - 2);
		const bytes = opFrame(`${head}${text}"}`);
		expect(bytes.length).toBe(8 * 1024);
		expect(await answerTo(c, bytes)).toMatchObject({ type: MessageType.Reply, json: { ok: false, error: 'bad_message' } });
		expect(c.closeEvent).toBeNull();
		expect(await docState(b)).toEqual(before);
	});
});

/* ================================================================== credentials */

describe('replayed, forged and expired credentials', () => {
	const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

	it('refuses a session cookie replayed after logout with 401; a new sign-in works', async () => {
		const b = await freshBoard();
		const cookie = await staffCookie(app);
		await staffSocket(b, cookie);
		await app.staff.endSession(tokenOf(cookie));
		const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, as: 'staff', cookie });
		expect(r.status, r.body).toBe(401);
		await staffSocket(b, await staffCookie(app));
		await expectHealthy(b);
	});

	it('refuses an expired session with 401', async () => {
		const b = await freshBoard();
		const cookie = await staffCookie(app);
		app.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(Date.now() - 1000, hashToken(tokenOf(cookie)));
		const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, as: 'staff', cookie });
		expect(r.status, r.body).toBe(401);
		await expectHealthy(b);
	});

	// prettier-ignore
	const FORGED: readonly (readonly [string, string, 'staff' | 'participant'])[] = [
		['a random session token',                     `${SESSION_COOKIE}=${newToken()}`,                         'staff'],
		['a session token that is a hash of nothing',  `${SESSION_COOKIE}=${hashToken('x')}`,                     'staff'],
		['a random device token',                      `${DEVICE_COOKIE}=${newToken()}`,                          'participant'],
		['a device token of the right shape, all A',   `${DEVICE_COOKIE}=${'A'.repeat(43)}`,                      'participant'],
		['a device cookie with SQL in it',             `${DEVICE_COOKIE}=${encodeURIComponent("' OR '1'='1")}`,   'participant'],
		['a device cookie of 10 000 characters',       `${DEVICE_COOKIE}=${'a'.repeat(10_000)}`,                  'participant'],
		['a device cookie with a broken escape',       `${DEVICE_COOKIE}=%E0%A4%A`,                               'participant'],
		['an empty device cookie',                     `${DEVICE_COOKIE}=`,                                       'participant']
	];

	for (const [what, cookie, as] of FORGED) {
		it(`refuses ${what} with 401`, async () => {
			const b = await freshBoard();
			const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, as, cookie });
			expect(r.status, r.body).toBe(401);
		});
	}

	it('the forged cookies above leave the server serving', async () => {
		await expectHealthy(await freshBoard());
	});

	it('refuses a device cookie whose phone joined, once the device token is changed by one character', async () => {
		const b = await freshBoard();
		const me = await joinParticipant(app, b.workshop.id);
		const last = me.deviceToken.at(-1) === 'A' ? 'B' : 'A';
		const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, as: 'participant', cookie: `${DEVICE_COOKIE}=${me.deviceToken.slice(0, -1)}${last}` });
		expect(r.status).toBe(401);
		await phone(b, me);
	});

	it('refuses a page with Origin "null" (sandboxed frame) with 403', async () => {
		const b = await freshBoard();
		const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, as: 'staff', cookie: await staffCookie(app), origin: 'null' });
		expect(r.status, r.body).toBe(403);
	});
});

describe('document names', () => {
	// prettier-ignore
	const MALFORMED = ['%E0%A4%A', '%', '%zz', 'workshop.%', 'workshop.%C0'];

	for (const name of MALFORMED) {
		it(`refuses the malformed escape ${JSON.stringify(name)} with 400`, async () => {
			const b = await freshBoard();
			const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, docName: name, as: 'staff', cookie: await staffCookie(app) });
			expect(r.status, r.body).toBe(400);
			await expectHealthy(b);
		});
	}

	/** Other kinds of names, and disguises of a real one: none is a board that may be opened. */
	const OTHER_KINDS = (b: Board): string[] => [
		`plan.${b.workshop.planId}.x`,
		`plan.${b.workshop.planId.toUpperCase()}`,
		`district.${b.workshop.districtId}`,
		`council.${b.workshop.councilId}`,
		`workshop.${b.workshop.id}.snapshot`,
		`workshop.${b.workshop.id.toUpperCase()}`,
		`workshop.${b.workshop.id}%2F..`,
		`..%2Fworkshop.${b.workshop.id}`,
		`workshop.${b.workshop.id}%00`,
		`%20workshop.${b.workshop.id}`,
		'workshop.',
		'workshop.zzzzzzzzzzzz',
		''
	];

	it('refuses document names of another kind with 404, for staff, projector and phone alike', async () => {
		const b = await freshBoard();
		const staff = await staffCookie(app, 'admin');
		const joined = await joinParticipant(app, b.workshop.id);
		for (const docName of OTHER_KINDS(b)) {
			for (const o of [
				{ as: 'staff', cookie: staff },
				{ as: 'display', displayToken: b.displayToken },
				{ as: 'participant', cookie: joined.cookie }
			] as const) {
				const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, docName, ...o });
				expect(r.status, `${o.as} ${docName}: ${r.body}`).toBe(404);
			}
		}
		await expectHealthy(b);
	});
});
