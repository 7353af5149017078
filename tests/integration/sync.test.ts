/**
 * The sync server through real sockets: participants' operations, staff and projectors on
 * y-websocket, refusals at the upgrade, and durability across a restart.
 */
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, getNote, readMeta, readNotes, setMeta, type Note } from '../../src/lib/domain/board/board';
import { randomId } from '../../src/lib/domain/ids';
import { CloseCode, MessageType, type ParticipantView } from '../../src/lib/protocol/messages';
import { openDatabase } from '../../src/lib/server/db/database';
import { SqliteDocStore } from '../../src/lib/server/sync/docStore';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import {
	connect,
	demoWorkshop,
	joinParticipant,
	otherDistrictWorkshop,
	phoneClient,
	refusedUpgrade,
	staffCookie,
	startTestServer,
	waitFor,
	whenSynced,
	yClient,
	type ConnectOptions,
	type JoinedParticipant,
	type TestServer,
	type WireClient,
	type YClient,
	userByLogin
} from '../helpers/testServer';

let server: TestServer;
let workshop: Workshop;
let docName: string;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
	server = await startTestServer();
	workshop = await demoWorkshop(server.app);
	docName = boardDocName(workshop.id);
});

afterEach(async () => {
	const errors: unknown[] = [];
	for (const fn of cleanups.splice(0).reverse()) {
		try {
			await fn();
		} catch (e) {
			errors.push(e);
		}
	}
	await server.close();
	if (errors.length > 0) throw errors[0];
});

const newId = () => `n-${randomId(12)}`;

/** The board as the server holds it right now. */
const serverDoc = async () => (await server.app.sync.room(docName)).doc;
/** The document of a room that is loaded now (a socket is on it), read synchronously. */
const liveDoc = (name: string) => {
	const room = server.app.sync.rooms.get(name);
	if (!room) throw new Error(`${name} is not loaded`);
	return room.doc;
};

/** The board as it is stored in the database, read through a separate connection (as after a crash). */
function storedNotes(): Note[] {
	const db = openDatabase(server.dataDir);
	try {
		const { update } = new SqliteDocStore(db).loadSync(docName);
		const doc = new Y.Doc();
		if (update) Y.applyUpdate(doc, update);
		return readNotes(doc);
	} finally {
		db.close();
	}
}

/** Make every write of a document update fail, as a full disk would. */
function refuseDocWrites(): void {
	// the sync server logs the failure; keep the test output clean but check that it did
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
	cleanups.push(() => {
		expect(logged.mock.calls.some((args) => String(args[0]).includes('could not store an update'))).toBe(true);
		logged.mockRestore();
	});
	server.app.db.exec(`CREATE TRIGGER refuse_doc_writes BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`);
}
function allowDocWrites(): void {
	server.app.db.exec('DROP TRIGGER refuse_doc_writes');
}

/** Apply every Yjs update a raw client received to a fresh document. */
function replay(c: WireClient): Y.Doc {
	const doc = new Y.Doc();
	for (const f of c.frames) {
		if (f.type !== MessageType.Sync) continue;
		syncProtocol.readSyncMessage(decoding.createDecoder(f.body), encoding.createEncoder(), doc, null);
	}
	return doc;
}

/** The Yjs update that `change` makes to a replica of the server's board. */
function updateOnReplica(change: (doc: Y.Doc) => unknown): Uint8Array {
	const replica = new Y.Doc();
	Y.applyUpdate(replica, Y.encodeStateAsUpdate(liveDoc(docName)));
	const updates: Uint8Array[] = [];
	replica.on('update', (u: Uint8Array) => updates.push(u));
	change(replica);
	expect(updates.length).toBeGreaterThan(0);
	return Y.mergeUpdates(updates);
}

async function open(o: ConnectOptions): Promise<WireClient> {
	const c = await connect(server.port, o);
	cleanups.push(() => c.close());
	return c;
}

async function participant(nickname: string | null = null, joined?: JoinedParticipant): Promise<{ c: WireClient; me: JoinedParticipant }> {
	const me = await joined ?? await joinParticipant(server.app, workshop.id, nickname);
	const c = await open({ workshopId: workshop.id, as: 'participant', cookie: me.cookie });
	await waitFor(async () => c.lastView(), 5_000, 'the first view');
	return { c, me };
}

async function staffBoard(cookie?: string): Promise<YClient> {
	const y = yClient(server.port, { workshopId: workshop.id, as: 'staff', cookie: cookie ?? (await staffCookie(server.app)) });
	cleanups.push(() => y.destroy());
	return y;
}

async function projector(token?: string): Promise<YClient> {
	const y = yClient(server.port, { workshopId: workshop.id, as: 'display', displayToken: token ?? ((await server.app.workshops.displayToken(workshop.id)) ?? '') });
	cleanups.push(() => y.destroy());
	return y;
}

const viewWith = (c: WireClient, pred: (v: ParticipantView) => boolean) => waitFor(() => c.views().find(pred), 5_000, 'a matching view');

describe('participant operations', () => {
	it('acknowledges note.add and sends a view with the note in mine', async () => {
		const { c, me } = await participant('さくら');
		expect(c.lastView()).toMatchObject({
			meta: { step: 'issues', inputOpen: true },
			kinds: ['concern', 'strength'],
			me: { participantId: me.participant.id, nickname: 'さくら', muted: false },
			mine: []
		});

		const id = newId();
		expect(await c.request({ op: 'note.add', id, text: '  夜の公園が暗い  ', kind: 'concern' })).toEqual({ id, ok: true });

		const view = await viewWith(c, (v) => v.mine.length > 0);
		expect(view.mine).toEqual([{ id, text: '夜の公園が暗い', kind: 'concern' }]);
		expect(getNote(await serverDoc(), id)).toMatchObject({
			text: '夜の公園が暗い',
			authorId: me.participant.id,
			authorRole: 'participant',
			nickname: 'さくら'
		});
	});

	it("shows each phone only its own notes", async () => {
		const alice = await participant('alice');
		const bob = await participant('bob');
		const aliceNote = newId();
		const bobNote = newId();
		expect((await alice.c.request({ op: 'note.add', id: aliceNote, text: 'A', kind: 'concern' })).ok).toBe(true);
		expect((await bob.c.request({ op: 'note.add', id: bobNote, text: 'B', kind: 'strength' })).ok).toBe(true);

		await viewWith(alice.c, (v) => v.mine.length === 1);
		await viewWith(bob.c, (v) => v.mine.length === 1);
		expect(alice.c.lastView()?.mine.map((n) => n.id)).toEqual([aliceNote]);
		expect(bob.c.lastView()?.mine.map((n) => n.id)).toEqual([bobNote]);
		for (const v of alice.c.views()) expect(v.mine.map((n) => n.id)).not.toContain(bobNote);
		expect(readNotes(await serverDoc())).toHaveLength(2);
	});

	it('refuses editing or deleting the note of another participant with not_owner', async () => {
		const owner = await participant('owner');
		const other = await participant('other');
		const id = newId();
		expect((await owner.c.request({ op: 'note.add', id, text: 'わたしの付箋', kind: 'concern' })).ok).toBe(true);

		const edit = newId();
		expect(await other.c.request({ op: 'note.edit', id: edit, noteId: id, text: '書き換え' })).toEqual({ id: edit, ok: false, error: 'not_owner' });
		const del = newId();
		expect(await other.c.request({ op: 'note.delete', id: del, noteId: id })).toEqual({ id: del, ok: false, error: 'not_owner' });
		expect(getNote(await serverDoc(), id)?.text).toBe('わたしの付箋');

		// the owner can do both, and sees the result in the view
		expect((await owner.c.request({ op: 'note.edit', id: newId(), noteId: id, text: '直した' })).ok).toBe(true);
		await viewWith(owner.c, (v) => v.mine[0]?.text === '直した');
		expect((await owner.c.request({ op: 'note.delete', id: newId(), noteId: id })).ok).toBe(true);
		await waitFor(async () => owner.c.lastView()?.mine.length === 0, 5_000, 'the view without the deleted note');
		expect(getNote(await serverDoc(), id)).toBeNull();
	});

	it('treats a retried note.add with the same id as success and keeps one note', async () => {
		const { c } = await participant();
		const op = { op: 'note.add', id: newId(), text: '再送', kind: 'concern' } as const;
		expect(await c.request(op)).toEqual({ id: op.id, ok: true });
		expect(await c.request(op)).toEqual({ id: op.id, ok: true });
		expect(readNotes(await serverDoc()).filter((n) => n.id === op.id)).toHaveLength(1);
		expect(readNotes(await serverDoc())).toHaveLength(1);

		// the same id from another phone is a conflict, not a retry
		const other = await participant();
		expect(await other.c.request({ ...op, text: '横取り' })).toEqual({ id: op.id, ok: false, error: 'note_exists' });
		expect(getNote(await serverDoc(), op.id)?.text).toBe('再送');
	});

	it('treats a retried delete of a note that is gone as success', async () => {
		const { c } = await participant();
		const id = newId();
		await c.request({ op: 'note.add', id, text: '消す', kind: 'concern' });
		const del = { op: 'note.delete', id: newId(), noteId: id } as const;
		expect(await c.request(del)).toEqual({ id: del.id, ok: true });
		expect(await c.request(del)).toEqual({ id: del.id, ok: true });
		expect(readNotes(await serverDoc())).toHaveLength(0);
	});

	it('refuses 141 characters with text_too_long and accepts 140 (emoji count once)', async () => {
		const { c } = await participant();
		const long = newId();
		expect(await c.request({ op: 'note.add', id: long, text: 'あ'.repeat(141), kind: 'concern' })).toEqual({
			id: long,
			ok: false,
			error: 'text_too_long'
		});
		const emoji = newId();
		expect(await c.request({ op: 'note.add', id: emoji, text: '🌸'.repeat(140), kind: 'concern' })).toEqual({ id: emoji, ok: true });
		expect(readNotes(await serverDoc()).map((n) => n.id)).toEqual([emoji]);
	});

	it('refuses control characters, unknown kinds and empty text with their codes', async () => {
		const { c } = await participant();
		const cases = [
			[{ text: 'a\u202Eb', kind: 'concern' }, 'text_control_chars'],
			[{ text: 'ok', kind: 'vision' }, 'bad_kind'],
			[{ text: '   ', kind: 'concern' }, 'text_empty']
		] as const;
		for (const [fields, error] of cases) {
			const id = newId();
			expect(await c.request({ op: 'note.add', id, ...fields })).toEqual({ id, ok: false, error });
		}
		expect(readNotes(await serverDoc())).toHaveLength(0);
	});

	it('answers malformed operations with bad_message and keeps the socket open', async () => {
		const { c } = await participant();
		// not JSON
		let from = c.frames.length;
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, MessageType.Op);
		encoding.writeVarString(enc, '{not json');
		c.send(encoding.toUint8Array(enc));
		expect((await c.nextFrame((f) => f.type === MessageType.Reply, from)).json).toEqual({ id: '', ok: false, error: 'bad_message' });

		// an id that does not match the pattern
		const shortId = await c.request({ op: 'note.add', id: 'short', text: 'x', kind: 'concern' });
		expect(shortId).toEqual({ id: 'short', ok: false, error: 'bad_message' });

		// an unknown message type
		from = c.frames.length;
		const unknown = encoding.createEncoder();
		encoding.writeVarUint(unknown, 42);
		c.send(encoding.toUint8Array(unknown));
		expect((await c.nextFrame((f) => f.type === MessageType.Notice, from)).json).toMatchObject({ code: 'bad_message' });

		// a text frame
		from = c.frames.length;
		c.ws.send('hello');
		expect((await c.nextFrame((f) => f.type === MessageType.Notice, from)).json).toMatchObject({ code: 'bad_message' });

		// still usable
		const id = newId();
		expect(await c.request({ op: 'note.add', id, text: 'まだ使える', kind: 'concern' })).toEqual({ id, ok: true });
	});

	it('refuses a raw Yjs update from a participant with read_only and leaves the document unchanged', async () => {
		const { c } = await participant();
		const before = Y.encodeStateVector(await serverDoc());

		// a well-formed update that would add a staff note
		const update = updateOnReplica((doc) =>
			addNote(doc, { id: 'forged-note', text: '偽物', kind: 'concern', authorId: 'someone', authorRole: 'staff', nickname: null, now: 1 })
		);

		const from = c.frames.length;
		c.sendYjsUpdate(update);
		expect((await c.nextFrame((f) => f.type === MessageType.Notice, from)).json).toMatchObject({ code: 'read_only' });
		expect(getNote(await serverDoc(), 'forged-note')).toBeNull();
		expect(Y.encodeStateVector(await serverDoc())).toEqual(before);
		expect(storedNotes()).toEqual([]);
	});

	it('refuses operations from a participant muted by staff, at once and after reconnecting', async () => {
		const { c, me } = await participant();
		const facilitator = await userByLogin(server.app, 'facilitator');
		expect((await server.app.control.setMuted(facilitator, workshop, me.participant.id, true)).ok).toBe(true);
		await viewWith(c, (v) => v.me.muted);
		const id = newId();
		expect(await c.request({ op: 'note.add', id, text: '声', kind: 'concern' })).toEqual({ id, ok: false, error: 'muted' });

		const again = await participant(null, me);
		expect(again.c.lastView()?.me.muted).toBe(true);
		const retry = newId();
		expect(await again.c.request({ op: 'note.add', id: retry, text: '声', kind: 'concern' })).toEqual({ id: retry, ok: false, error: 'muted' });
		expect(readNotes(await serverDoc())).toHaveLength(0);

		expect((await server.app.control.setMuted(facilitator, workshop, me.participant.id, false)).ok).toBe(true);
		await viewWith(again.c, (v) => !v.me.muted);
		expect((await again.c.request({ op: 'note.add', id: newId(), text: '声', kind: 'concern' })).ok).toBe(true);
	});

	it('closes a participant socket that sends an oversized frame', async () => {
		const { c } = await participant();
		c.sendOp({ op: 'note.add', id: newId(), text: 'x'.repeat(9_000), kind: 'concern' });
		await waitFor(async () => c.closeEvent, 5_000, 'the socket to close');
		expect(c.closeEvent?.code).toBe(CloseCode.MessageTooBig);
	});

	it('counts one phone with two sockets once in presence', async () => {
		const me = await joinParticipant(server.app, workshop.id, null);
		const first = await participant(null, me);
		await participant(null, me);
		const board = await staffBoard();
		await whenSynced(board);
		await waitFor(
			() => first.c.presences().find((p) => p.participants === 1 && p.staff === 1 && p.displays === 0),
			5_000,
			'presence with one phone and one staff'
		);
	});
});

describe('staff boards and projectors (y-websocket)', () => {
	it('see a participant note appear in their Y.Doc', async () => {
		const board = await staffBoard();
		const screen = await projector();
		await Promise.all([whenSynced(board), whenSynced(screen)]);
		expect(readMeta(board.doc)).toMatchObject({ step: 'issues', inputOpen: true });
		expect(readNotes(screen.doc)).toEqual([]);

		const { c, me } = await participant('ひまわり');
		const id = newId();
		expect((await c.request({ op: 'note.add', id, text: '子どもの居場所', kind: 'strength' })).ok).toBe(true);

		const onBoard = await waitFor(async () => getNote(board.doc, id), 5_000, 'the note on the staff board');
		expect(onBoard).toMatchObject({ text: '子どもの居場所', kind: 'strength', authorId: me.participant.id, nickname: 'ひまわり' });
		const onScreen = await waitFor(async () => getNote(screen.doc, id), 5_000, 'the note on the projector');
		// the projector's copy: no author id, and the nickname only while names are shown
		expect(onScreen).toEqual({ ...onBoard, authorId: '', nickname: null });
		expect(board.notices).toEqual([]);
		expect(screen.notices).toEqual([]);
	});

	it('staff changes reach other staff, projectors and phones', async () => {
		const board = await staffBoard();
		const other = await staffBoard(await staffCookie(server.app, 'admin'));
		const screen = await projector();
		const { c } = await participant();
		await Promise.all([whenSynced(board), whenSynced(other), whenSynced(screen)]);

		const id = newId();
		const added = addNote(board.doc, { id, text: 'スタッフの付箋', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: Date.now() });
		expect(added.ok).toBe(true);
		setMeta(board.doc, { inputOpen: false });

		await waitFor(async () => getNote(other.doc, id) && !readMeta(other.doc).inputOpen, 5_000, 'the change on the second board');
		await waitFor(async () => getNote(screen.doc, id) && !readMeta(screen.doc).inputOpen, 5_000, 'the change on the projector');
		await viewWith(c, (v) => !v.meta.inputOpen);
		expect(getNote(await serverDoc(), id)?.text).toBe('スタッフの付箋');

		// with input closed, phones are refused
		const refused = newId();
		expect(await c.request({ op: 'note.add', id: refused, text: '閉じている', kind: 'concern' })).toEqual({ id: refused, ok: false, error: 'input_closed' });
		expect(c.lastView()?.mine).toEqual([]);
	});

	it('refuses a non-empty update from a projector and leaves the document unchanged', async () => {
		const token = await server.app.workshops.displayToken(workshop.id) ?? '';
		const board = await staffBoard();
		await whenSynced(board);
		const raw = await open({ workshopId: workshop.id, as: 'display', displayToken: token });
		await raw.nextFrame((f) => f.type === MessageType.Sync);
		const before = Y.encodeStateVector(await serverDoc());

		// An empty answer to the server's step 1 is what a read-only client sends: no notice.
		const empty = encoding.createEncoder();
		encoding.writeVarUint(empty, MessageType.Sync);
		syncProtocol.writeSyncStep2(empty, new Y.Doc(), Y.encodeStateVector(new Y.Doc()));
		raw.send(encoding.toUint8Array(empty));
		// ...and asking for the state is allowed: the answer (step 2) proves the empty update was handled
		let from = raw.frames.length;
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, MessageType.Sync);
		syncProtocol.writeSyncStep1(step1, new Y.Doc());
		raw.send(encoding.toUint8Array(step1));
		const answer = await raw.nextFrame((f) => f.type === MessageType.Sync, from);
		const answered = new Y.Doc();
		const reply = encoding.createEncoder();
		syncProtocol.readSyncMessage(decoding.createDecoder(answer.body), reply, answered, null);
		expect(readMeta(answered)).toEqual(readMeta(await serverDoc()));
		expect(raw.notices()).toEqual([]);

		// A real update is refused.
		const update = updateOnReplica((doc) => setMeta(doc, { inputOpen: false, step: 'vision' }));
		from = raw.frames.length;
		raw.sendYjsUpdate(update);
		expect((await raw.nextFrame((f) => f.type === MessageType.Notice, from)).json).toMatchObject({ code: 'read_only' });
		expect(readMeta(await serverDoc())).toMatchObject({ step: 'issues', inputOpen: true });
		expect(Y.encodeStateVector(await serverDoc())).toEqual(before);
		expect(readMeta(board.doc)).toMatchObject({ step: 'issues', inputOpen: true });

		// Operations are not for projectors either.
		const op = newId();
		expect(await raw.request({ op: 'note.add', id: op, text: 'x', kind: 'concern' })).toEqual({ id: op, ok: false, error: 'read_only' });
	});

	it('a projector editing its own Y.Doc does not change the board', async () => {
		const board = await staffBoard();
		const screen = await projector();
		await Promise.all([whenSynced(board), whenSynced(screen)]);
		setMeta(screen.doc, { step: 'review' });
		await waitFor(async () => screen.notices.find((n) => n.code === 'read_only'), 5_000, 'a read_only notice');
		expect(readMeta(await serverDoc()).step).toBe('issues');
		expect(readMeta(board.doc).step).toBe('issues');
	});

	it('answers an operation sent on a staff socket with read_only', async () => {
		const raw = await open({ workshopId: workshop.id, as: 'staff', cookie: await staffCookie(server.app) });
		const id = newId();
		expect(await raw.request({ op: 'note.add', id, text: 'x', kind: 'concern' })).toEqual({ id, ok: false, error: 'read_only' });
		expect(readNotes(await serverDoc())).toHaveLength(0);
	});
});

describe('upgrade authorisation', () => {
	const expectStatus = async (o: ConnectOptions, status: number) => {
		const r = await refusedUpgrade(server.port, o);
		expect(r.status, r.body).toBe(status);
	};

	it('refuses an unknown workshop or document name with 404', async () => {
		const cookie = await staffCookie(server.app);
		await expectStatus({ workshopId: 'zzzzzzzzzzzz', as: 'staff', cookie }, 404);
		await expectStatus({ workshopId: workshop.id, docName: `plan.${workshop.id}`, as: 'staff', cookie }, 404);
		await expectStatus({ workshopId: workshop.id, docName: 'workshop.NOT-VALID', as: 'staff', cookie }, 404);
	});

	it('refuses a participant without a device cookie, or with one for another workshop, with 401', async () => {
		await expectStatus({ workshopId: workshop.id, as: 'participant' }, 401);
		await expectStatus({ workshopId: workshop.id, as: 'participant', cookie: 'kc_device=not-a-joined-device-token-xyz' }, 401);
		const other = await (await otherDistrictWorkshop(server.app)).workshop;
		const elsewhere = await joinParticipant(server.app, other.id);
		await expectStatus({ workshopId: workshop.id, as: 'participant', cookie: elsewhere.cookie }, 401);
		// the same cookie works where it joined
		await open({ workshopId: other.id, as: 'participant', cookie: elsewhere.cookie });
	});

	it('refuses staff without a valid session with 401', async () => {
		await expectStatus({ workshopId: workshop.id, as: 'staff' }, 401);
		await expectStatus({ workshopId: workshop.id, as: 'staff', cookie: 'kc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 401);
		// a participant's device cookie is not a staff session
		await expectStatus({ workshopId: workshop.id, as: 'staff', cookie: (await joinParticipant(server.app, workshop.id)).cookie }, 401);
		// a session that was ended
		const cookie = await staffCookie(server.app);
		await server.app.staff.endSession(cookie.split('=')[1]);
		await expectStatus({ workshopId: workshop.id, as: 'staff', cookie }, 401);
	});

	it("refuses a facilitator on another district's workshop with 403, but lets the admin in", async () => {
		const other = await (await otherDistrictWorkshop(server.app)).workshop;
		await expectStatus({ workshopId: other.id, as: 'staff', cookie: await staffCookie(server.app, 'facilitator') }, 403);
		await open({ workshopId: other.id, as: 'staff', cookie: await staffCookie(server.app, 'admin') });
	});

	it('refuses a bad, missing or foreign projector token with 403', async () => {
		await expectStatus({ workshopId: workshop.id, as: 'display', displayToken: 'x'.repeat(32) }, 403);
		await expectStatus({ workshopId: workshop.id, as: 'display', displayToken: 'short' }, 403);
		await expectStatus({ workshopId: workshop.id, as: 'display' }, 403);
		const other = await otherDistrictWorkshop(server.app);
		await expectStatus({ workshopId: workshop.id, as: 'display', displayToken: other.displayToken }, 403);
		// a staff cookie does not make a display connection valid
		await expectStatus({ workshopId: workshop.id, as: 'display', cookie: await staffCookie(server.app) }, 403);
	});

	it('stops accepting the old projector link once it is rotated', async () => {
		const old = await server.app.workshops.displayToken(workshop.id) ?? '';
		const fresh = await server.app.workshops.rotateDisplayToken(workshop.id);
		await expectStatus({ workshopId: workshop.id, as: 'display', displayToken: old }, 403);
		await open({ workshopId: workshop.id, as: 'display', displayToken: fresh });
	});

	it('refuses a missing role with 400 and a cross-origin page with 403', async () => {
		const cookie = await staffCookie(server.app);
		await expectStatus({ workshopId: workshop.id, as: null, cookie }, 400);
		await expectStatus({ workshopId: workshop.id, as: 'staff', cookie, origin: 'https://evil.example' }, 403);
		await open({ workshopId: workshop.id, as: 'staff', cookie, origin: `http://127.0.0.1:${server.port}` });
	});

	it('closing a workshop disconnects its phones and refuses them with 403, but still lets staff in', async () => {
		const { c, me } = await participant();
		expect((await server.app.control.setStatus(await userByLogin(server.app, 'facilitator'), workshop, 'closed')).ok).toBe(true);
		await waitFor(async () => c.closeEvent, 5_000, 'the phone to be disconnected');
		expect(c.closeEvent?.code).toBe(CloseCode.Forbidden);
		await expectStatus({ workshopId: workshop.id, as: 'participant', cookie: me.cookie }, 403);
		await open({ workshopId: workshop.id, as: 'staff', cookie: await staffCookie(server.app) });
	});
});

describe('durability', () => {
	it('stores an acknowledged operation before answering', async () => {
		const { c } = await participant();
		const id = newId();
		expect((await c.request({ op: 'note.add', id, text: '保存済み', kind: 'concern' })).ok).toBe(true);
		// read through another connection without closing the app, as after a crash
		expect(storedNotes().map((n) => [n.id, n.text])).toEqual([[id, '保存済み']]);
	});

	it('keeps notes across a restart on the same data dir', async () => {
		const me = await joinParticipant(server.app, workshop.id, 'もみじ');
		const { c } = await participant(null, me);
		const id = newId();
		expect((await c.request({ op: 'note.add', id, text: '再起動しても残る', kind: 'concern' })).ok).toBe(true);

		await server.restart();

		// the old socket was told to come back
		await waitFor(async () => c.closeEvent, 5_000, 'the old socket to close');
		expect(c.closeEvent?.code).toBe(CloseCode.Restarting);
		expect(readNotes(await serverDoc()).map((n) => [n.id, n.text, n.nickname])).toEqual([[id, '再起動しても残る', 'もみじ']]);
		// the same phone reconnects and sees its note
		const again = await participant(null, me);
		expect(again.c.lastView()?.mine).toEqual([{ id, text: '再起動しても残る', kind: 'concern' }]);
	});

	it('loads the boards written in the last hours right after a restart, before any client comes back', async () => {
		const { c } = await participant();
		expect((await c.request({ op: 'note.add', id: newId(), text: '戻る前に読み込む', kind: 'concern' })).ok).toBe(true);
		const app = await server.restart();
		await waitFor(async () => app.sync.rooms.has(docName), 5_000, 'the board to be preloaded');
		expect(app.sync.rooms.get(docName)!.conns.size).toBe(0);
		expect(readNotes(app.sync.rooms.get(docName)!.doc).map((n) => n.text)).toContain('戻る前に読み込む');
	});

	it("stores a phone's note before a projector or staff sees it", async () => {
		const board = await staffBoard();
		const screen = await projector();
		await Promise.all([whenSynced(board), whenSynced(screen)]);
		const { c } = await participant();

		// When the projector or the facilitator first sees the note, read the database through another connection.
		const id = newId();
		const storedWhenSeen = new Map<string, Note[]>();
		for (const [who, y] of [['projector', screen], ['staff', board]] as const) {
			y.doc.on('update', () => {
				if (!storedWhenSeen.has(who) && getNote(y.doc, id)) storedWhenSeen.set(who, storedNotes());
			});
		}
		expect((await c.request({ op: 'note.add', id, text: '先に保存', kind: 'concern' })).ok).toBe(true);
		await waitFor(async () => storedWhenSeen.size === 2 || null, 5_000, 'both to see the note');
		for (const seen of storedWhenSeen.values()) expect(seen.map((n) => n.id)).toEqual([id]);
	});

	it('stores a staff update before other clients receive it', async () => {
		const board = await staffBoard();
		const screen = await projector();
		await Promise.all([whenSynced(board), whenSynced(screen)]);

		// When the projector first sees the note, read the database through another connection.
		const id = newId();
		let storedWhenSeen: Note[] | null = null;
		screen.doc.on('update', () => {
			if (storedWhenSeen === null && getNote(screen.doc, id)) storedWhenSeen = storedNotes();
		});
		addNote(board.doc, { id, text: '先に保存', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: Date.now() });

		const seen = await waitFor(async () => storedWhenSeen, 5_000, 'the projector to see the note');
		expect(seen.map((n) => n.id)).toEqual([id]);

		// and after a restart the server loads it
		board.destroy();
		screen.destroy();
		await server.restart();
		expect(getNote(await serverDoc(), id)?.text).toBe('先に保存');
	});

	it('does not broadcast a staff update that could not be stored; the client resends it on reconnect', async () => {
		const board = await staffBoard();
		await whenSynced(board);
		const observer = await open({ workshopId: workshop.id, as: 'display', displayToken: await server.app.workshops.displayToken(workshop.id) ?? '' });
		await observer.nextFrame((f) => f.type === MessageType.Sync);

		refuseDocWrites();
		const id = newId();
		addNote(board.doc, { id, text: '保存できない', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: 1 });

		// the room is dropped and every socket closed; the observer never received the note
		await waitFor(async () => observer.closeEvent, 5_000, 'the observer to be disconnected');
		expect(observer.closeEvent?.code).toBe(CloseCode.InternalError);
		expect(getNote(replay(observer), id)).toBeNull();
		expect(storedNotes()).toEqual([]);

		// once storage works again, y-websocket reconnects and sends what the server lacks
		allowDocWrites();
		await waitFor(async () => storedNotes().some((n) => n.id === id), 10_000, 'the note to be stored after reconnecting');
		expect(getNote(await serverDoc(), id)?.text).toBe('保存できない');
	});

	it('does not acknowledge a participant operation that could not be stored', async () => {
		const me = await joinParticipant(server.app, workshop.id);
		const { c } = await participant(null, me);
		refuseDocWrites();
		const op = { op: 'note.add', id: newId(), text: '未保存', kind: 'concern' } as const;
		c.sendOp(op);
		await waitFor(async () => c.closeEvent, 5_000, 'the phone to be disconnected');
		expect(c.closeEvent?.code).toBe(CloseCode.InternalError);
		expect(c.replies()).toEqual([]);
		expect(storedNotes()).toEqual([]);

		// the phone reconnects and retries from its outbox
		allowDocWrites();
		const again = await participant(null, me);
		expect(await again.c.request(op)).toEqual({ id: op.id, ok: true });
		expect(storedNotes().map((n) => n.id)).toEqual([op.id]);
		await viewWith(again.c, (v) => v.mine.some((n) => n.id === op.id));
	});

	it("a phone's client keeps an unstored note in its outbox and stores it once after reconnecting", async () => {
		const me = await joinParticipant(server.app, workshop.id);
		const p = phoneClient(server.port, { workshopId: workshop.id, cookie: me.cookie });
		cleanups.push(() => p.stop());
		await waitFor(async () => p.lastView(), 5_000, 'the first view');
		refuseDocWrites();
		const id = p.conn.submit({ op: 'note.add', id: newId(), text: '書き込み失敗のあと', kind: 'concern' });
		await waitFor(async () => p.closes.includes(CloseCode.InternalError), 5_000, 'the phone to be disconnected');
		expect(p.replies).toEqual([]);
		expect(p.conn.outbox.map((e) => e.id)).toEqual([id]);

		allowDocWrites();
		await waitFor(async () => p.conn.outbox.length === 0, 10_000, 'the outbox to drain');
		expect(p.replies.filter((r) => r.id === id)).toEqual([{ id, ok: true }]);
		expect(storedNotes().filter((n) => n.id === id)).toHaveLength(1);
		await waitFor(async () => p.lastView()?.mine.some((n) => n.id === id), 5_000, 'the note in the view');
	});

	it("a phone's client resends what it wrote during a restart with the same ids, and nothing is doubled", async () => {
		const me = await joinParticipant(server.app, workshop.id);
		const p = phoneClient(server.port, { workshopId: workshop.id, cookie: me.cookie });
		cleanups.push(() => p.stop());
		await waitFor(async () => p.lastView(), 5_000, 'the first view');
		const before = p.conn.submit({ op: 'note.add', id: newId(), text: '再起動の前', kind: 'concern' });
		await waitFor(async () => p.conn.outbox.length === 0, 5_000, 'the first acknowledgement');

		const restarting = server.restart();
		const during = p.conn.submit({ op: 'note.add', id: newId(), text: '再起動の最中', kind: 'strength' });
		await restarting;
		await waitFor(async () => p.conn.outbox.length === 0 && p.conn.status === 'online', 10_000, 'the outbox to drain after the restart');
		expect(p.closes).toContain(CloseCode.Restarting);
		expect(storedNotes().map((n) => n.id).sort()).toEqual([before, during].sort());
		await waitFor(async () => p.lastView()?.mine.length === 2, 5_000, 'both notes in the view');
	});

	it('y-websocket clients reconnect after a restart and keep syncing', async () => {
		const board = await staffBoard();
		const screen = await projector();
		await Promise.all([whenSynced(board), whenSynced(screen)]);
		const before = newId();
		addNote(board.doc, { id: before, text: 'before', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: 1 });
		await waitFor(async () => getNote(screen.doc, before), 5_000, 'the first note on the projector');

		await server.restart();
		await waitFor(async () => board.provider.wsconnected && screen.provider.wsconnected && board.provider.synced, 10_000, 'reconnection');

		const after = newId();
		addNote(board.doc, { id: after, text: 'after', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: 2 });
		await waitFor(async () => getNote(screen.doc, after), 5_000, 'the second note on the projector');
		expect(readNotes(await serverDoc()).map((n) => n.id)).toEqual([before, after]);
		expect(readNotes(screen.doc).map((n) => n.id)).toEqual([before, after]);
	});
});
