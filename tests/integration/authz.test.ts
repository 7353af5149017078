/**
 * The authorisation matrix (issue 3), through the real server and real sockets: every role x every
 * action, with the expected outcome written in the tables below so that they read as the
 * specification. One server for the file; every test gets a fresh workshop (its own board,
 * projector link and join code) in the demo district, so that rows cannot influence each other.
 *
 * Roles: admin; facilitator assigned to the district; facilitator of another district; admin of
 * another council; editor assigned to the district; a disabled staff account; staff still on a
 * one-time password; participant of this workshop; participant of another workshop; muted
 * participant; projector (display) of this workshop; projector of another workshop; anonymous;
 * forged cookies.
 *
 * The facilitator's HTTP form actions (src/routes/staff/w/[id]/+page.server.ts) are thin: they
 * resolve the signed-in user from the session cookie (hooks.server.ts, `userForSession`) and call
 * WorkshopControl. The test server has no SvelteKit handler, so the HTTP side is covered by
 * (1) which credentials yield a StaffUser at all, and (2) WorkshopControl called with each StaffUser.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { addNote, getNote, readMeta, readNotes, setMeta, setNoteHidden } from '../../src/lib/domain/board/board';
import { createTheme } from '../../src/lib/domain/board/themes';
import { openVote } from '../../src/lib/domain/board/voting';
import { randomId } from '../../src/lib/domain/ids';
import { MessageType, type Notice, type OpErrorCode, type OpReply, type ParticipantOp, type ParticipantView } from '../../src/lib/protocol/messages';
import { SESSION_COOKIE, type StaffRole, type StaffUser } from '../../src/lib/server/auth/staff';
import { DEVICE_COOKIE } from '../../src/lib/server/participants';
import { newToken } from '../../src/lib/server/auth/tokens';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import type { KyosoApp } from '../../src/lib/server/app';
import {
	connect,
	demoWorkshop,
	joinParticipant,
	refusedUpgrade,
	startTestServer,
	userByLogin,
	waitFor,
	type ConnectOptions,
	type JoinedParticipant,
	type TestServer,
	type WireClient
} from '../helpers/testServer';

/* ================================================================== fixtures */

let server: TestServer;
let app: KyosoApp;

/** The demo district (where the demo facilitator and our editor are assigned) and its plan. */
let home: { districtId: string; planId: string };
/** A workshop in another district of the same council. */
let elsewhere: { workshop: Workshop; displayToken: string; planId: string };

type StaffKey = 'admin' | 'facilitator' | 'otherDistrictFacilitator' | 'otherCouncilAdmin' | 'editor' | 'disabledStaff' | 'oneTimePassword';
const staff = {} as Record<StaffKey, { user: StaffUser; cookie: string }>;

const PASSWORD = 'authz-matrix-password-2026';

async function createStaff(key: StaffKey, councilId: string, role: StaffRole, districtId: string | null, opts: { mustChangePassword?: boolean } = {}) {
	const user = await app.staff.createUser({ councilId, login: `authz-${key}`, name: key, role, password: PASSWORD, mustChangePassword: opts.mustChangePassword });
	if (districtId) await app.staff.assignDistrict(user.id, districtId);
	return user;
}

async function sessionCookie(user: StaffUser): Promise<string> {
	return `${SESSION_COOKIE}=${(await app.staff.createSession(user.id)).token}`;
}

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	const demo = await demoWorkshop(app);
	home = { districtId: demo.districtId, planId: demo.planId };

	const councilId = demo.councilId;
	const otherDistrict = await app.workshops.createDistrict(councilId, 'ひまわり地区');
	const otherPlan = await app.workshops.createPlan(otherDistrict, 'ひまわり地区 地域福祉活動計画', 2026, 2030);
	const created = await app.workshops.createWorkshop({ planId: otherPlan, title: '別地区のワークショップ' });
	elsewhere = { ...created, planId: otherPlan };

	const otherCouncil = await app.workshops.createCouncil('よその市社会福祉協議会');
	const otherCouncilDistrict = await app.workshops.createDistrict(otherCouncil, 'よその地区');

	const admin = await userByLogin(app, 'admin');
	const facilitator = await userByLogin(app, 'facilitator');
	const users: Record<StaffKey, StaffUser> = {
		admin,
		facilitator,
		otherDistrictFacilitator: await createStaff('otherDistrictFacilitator', councilId, 'facilitator', otherDistrict),
		otherCouncilAdmin: await createStaff('otherCouncilAdmin', otherCouncil, 'admin', otherCouncilDistrict),
		editor: await createStaff('editor', councilId, 'editor', home.districtId),
		disabledStaff: await createStaff('disabledStaff', councilId, 'facilitator', home.districtId),
		oneTimePassword: await createStaff('oneTimePassword', councilId, 'facilitator', home.districtId, { mustChangePassword: true })
	};
	for (const key of Object.keys(users) as StaffKey[]) staff[key] = { user: users[key], cookie: await sessionCookie(users[key]) };

	// Disabled after signing in: the session row stays, the account does not count any more.
	app.db.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(users.disabledStaff.id);
	const disabled = await app.staff.getUser(users.disabledStaff.id);
	if (!disabled?.disabled) throw new Error('could not disable the account');
	staff.disabledStaff.user = disabled;
});

afterAll(async () => {
	await server?.close();
});

const sockets: WireClient[] = [];
afterEach(async () => {
	for (const c of sockets.splice(0)) await c.close();
});

const OWNER_NOTE = 'owner-note-0001';
const OWNER_TEXT = '他の人の付箋（見えてはいけない）';
const THEME = 'theme-0001';
const VOTE_BUDGET = 2;

/** A fresh workshop in the home district with one participant's note and an open dot vote on one theme. */
type Board = { workshop: Workshop; docName: string; displayToken: string; owner: JoinedParticipant };

async function freshBoard(): Promise<Board> {
	const { workshop, displayToken } = await app.workshops.createWorkshop({ planId: home.planId, title: `authz ${randomId(6)}` });
	const docName = boardDocName(workshop.id);
	const owner = await joinParticipant(app, workshop.id, 'owner');
	await app.sync.change(docName, async (doc) => {
		const note = addNote(doc, { id: OWNER_NOTE, text: OWNER_TEXT, kind: 'concern', authorId: owner.participant.id, authorRole: 'participant', nickname: 'owner', now: 1 });
		if (!note.ok) throw new Error(note.error);
		const theme = createTheme(doc, { id: THEME, title: '夜道の安全', x: 0, y: 0, now: 2 });
		if (!theme.ok) throw new Error(theme.error);
		const vote = openVote(doc, { roundId: 'round-0001', target: 'themes', dotsPerPerson: VOTE_BUDGET, allowStacking: true, hideResults: false, now: 3 });
		if (!vote.ok) throw new Error(vote.error);
	});
	return { workshop, docName, displayToken, owner };
}

const serverDoc = async (b: Board) => (await app.sync.room(b.docName)).doc;
/** The document of a room that is loaded now (a socket is on it), read synchronously. */
const liveDoc = (name: string) => {
	const room = app.sync.rooms.get(name);
	if (!room) throw new Error(`${name} is not loaded`);
	return room.doc;
};
/** The whole board as bytes: equal bytes, unchanged document. */
const docState = async (b: Board) => Y.encodeStateAsUpdate(await serverDoc(b));
const newId = () => `n-${randomId(12)}`;

async function open(o: ConnectOptions): Promise<WireClient> {
	const c = await connect(server.port, o);
	sockets.push(c);
	return c;
}

/** Frames are handled in order: once the answer to an unknown message type arrives, everything before it was handled. */
async function barrier(c: WireClient): Promise<void> {
	const from = c.frames.length;
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, 42);
	c.send(encoding.toUint8Array(enc));
	await c.nextFrame((f) => f.type === MessageType.Notice && (f.json as Notice).message === 'unknown message type 42', from);
}

/** The Yjs update that `change` makes to a replica of the server's board. */
function updateOnReplica(b: Board, change: (doc: Y.Doc) => unknown): Uint8Array {
	const replica = new Y.Doc();
	Y.applyUpdate(replica, Y.encodeStateAsUpdate(liveDoc(b.docName)));
	const updates: Uint8Array[] = [];
	replica.on('update', (u: Uint8Array) => updates.push(u));
	change(replica);
	replica.destroy();
	if (updates.length === 0) throw new Error('the change made no update');
	return Y.mergeUpdates(updates);
}

/* ================================================================== socket matrix */

type SocketRole =
	| 'admin'
	| 'facilitator (assigned)'
	| 'facilitator (other district)'
	| 'admin (other council)'
	| 'editor (assigned)'
	| 'disabled staff'
	| 'staff on a one-time password'
	| 'participant'
	| 'participant (other workshop)'
	| 'muted participant'
	| 'display'
	| 'display (other workshop)'
	| 'anonymous'
	| 'forged cookies';

/** How each role connects to a board `b` (the workshop id is always b's). */
const CREDENTIALS: Record<SocketRole, (b: Board) => Omit<ConnectOptions, 'workshopId'> | Promise<Omit<ConnectOptions, 'workshopId'>>> = {
	admin: () => ({ as: 'staff', cookie: staff.admin.cookie }),
	'facilitator (assigned)': () => ({ as: 'staff', cookie: staff.facilitator.cookie }),
	'facilitator (other district)': () => ({ as: 'staff', cookie: staff.otherDistrictFacilitator.cookie }),
	'admin (other council)': () => ({ as: 'staff', cookie: staff.otherCouncilAdmin.cookie }),
	'editor (assigned)': () => ({ as: 'staff', cookie: staff.editor.cookie }),
	'disabled staff': () => ({ as: 'staff', cookie: staff.disabledStaff.cookie }),
	'staff on a one-time password': () => ({ as: 'staff', cookie: staff.oneTimePassword.cookie }),
	participant: async (b) => ({ as: 'participant', cookie: (await joinParticipant(app, b.workshop.id, 'me')).cookie }),
	'participant (other workshop)': async () => ({ as: 'participant', cookie: (await joinParticipant(app, elsewhere.workshop.id, 'me')).cookie }),
	'muted participant': async (b) => {
		const me = await joinParticipant(app, b.workshop.id, 'muted');
		await app.participants.setMuted(me.participant.id, true);
		return { as: 'participant', cookie: me.cookie };
	},
	display: (b) => ({ as: 'display', displayToken: b.displayToken }),
	'display (other workshop)': () => ({ as: 'display', displayToken: elsewhere.displayToken }),
	anonymous: () => ({ as: 'participant' }),
	'forged cookies': () => ({ as: 'staff', cookie: `${SESSION_COOKIE}=${newToken()}; ${DEVICE_COOKIE}=${newToken()}` })
};

type SocketAction =
	| 'open the board socket'
	| 'receive the board'
	| 'send a Yjs update'
	| 'send awareness'
	| 'note.add'
	| "note.edit of someone else's note"
	| "note.delete of someone else's note"
	| 'vote.set over the budget'
	| 'table.choose of a missing table';

type Outcome =
	/** the websocket upgrade succeeds */
	| { kind: 'accepted' }
	/** the upgrade is refused with this HTTP status; nothing else can be tried */
	| { kind: 'refused'; status: number }
	/** the first thing the server sends: the y-websocket sync step 1 (then the full state on request), or a participant View */
	| { kind: 'receives'; what: 'sync step 1' | 'participant view' }
	/** the update (or awareness state) is applied and no notice comes back */
	| { kind: 'applied' }
	/** a Notice with this code comes back; the document is unchanged */
	| { kind: 'notice'; code: Notice['code'] }
	/** silently dropped (participants and projectors publish no presence); the document is unchanged */
	| { kind: 'ignored' }
	/** the reply to the operation; anything but ok leaves the document unchanged */
	| { kind: 'reply'; result: 'ok' | OpErrorCode };

const accepted: Outcome = { kind: 'accepted' };
const refused = (status: 400 | 401 | 403 | 404): Outcome => ({ kind: 'refused', status });
const receives = (what: 'sync step 1' | 'participant view'): Outcome => ({ kind: 'receives', what });
const applied: Outcome = { kind: 'applied' };
const notice = (code: Notice['code']): Outcome => ({ kind: 'notice', code });
const ignored: Outcome = { kind: 'ignored' };
const reply = (result: 'ok' | OpErrorCode): Outcome => ({ kind: 'reply', result });

type Row = readonly [SocketRole, SocketAction, Outcome];

// prettier-ignore
const SOCKET_MATRIX: readonly Row[] = [
	// ---- staff who may open this workshop: read and write the Yjs document; operations are for phones
	['admin',                        'open the board socket',              accepted],
	['admin',                        'receive the board',                  receives('sync step 1')],
	['admin',                        'send a Yjs update',                  applied],
	['admin',                        'send awareness',                     applied],
	['admin',                        'note.add',                           reply('read_only')],
	['admin',                        "note.edit of someone else's note",   reply('read_only')],
	['admin',                        "note.delete of someone else's note", reply('read_only')],
	['admin',                        'vote.set over the budget',           reply('read_only')],
	['admin',                        'table.choose of a missing table',    reply('read_only')],

	['facilitator (assigned)',       'open the board socket',              accepted],
	['facilitator (assigned)',       'receive the board',                  receives('sync step 1')],
	['facilitator (assigned)',       'send a Yjs update',                  applied],
	['facilitator (assigned)',       'send awareness',                     applied],
	['facilitator (assigned)',       'note.add',                           reply('read_only')],
	['facilitator (assigned)',       "note.edit of someone else's note",   reply('read_only')],
	['facilitator (assigned)',       "note.delete of someone else's note", reply('read_only')],
	['facilitator (assigned)',       'vote.set over the budget',           reply('read_only')],
	['facilitator (assigned)',       'table.choose of a missing table',    reply('read_only')],

	// editors see boards read-only: moderation and workshop controls live in the board document
	['editor (assigned)',            'open the board socket',              accepted],
	['editor (assigned)',            'receive the board',                  receives('sync step 1')],
	['editor (assigned)',            'send a Yjs update',                  notice('read_only')],
	['editor (assigned)',            'send awareness',                     applied],
	['editor (assigned)',            'note.add',                           reply('read_only')],
	['editor (assigned)',            "note.edit of someone else's note",   reply('read_only')],
	['editor (assigned)',            "note.delete of someone else's note", reply('read_only')],
	['editor (assigned)',            'vote.set over the budget',           reply('read_only')],
	['editor (assigned)',            'table.choose of a missing table',    reply('read_only')],

	// ---- staff who may not open this workshop: 403 (signed in, not theirs) or 401 (not signed in any more)
	['facilitator (other district)', 'open the board socket',              refused(403)],
	['facilitator (other district)', 'receive the board',                  refused(403)],
	['facilitator (other district)', 'send a Yjs update',                  refused(403)],
	['facilitator (other district)', 'send awareness',                     refused(403)],
	['facilitator (other district)', 'note.add',                           refused(403)],
	['facilitator (other district)', "note.edit of someone else's note",   refused(403)],
	['facilitator (other district)', "note.delete of someone else's note", refused(403)],
	['facilitator (other district)', 'vote.set over the budget',           refused(403)],
	['facilitator (other district)', 'table.choose of a missing table',    refused(403)],

	['admin (other council)',        'open the board socket',              refused(403)],
	['admin (other council)',        'receive the board',                  refused(403)],
	['admin (other council)',        'send a Yjs update',                  refused(403)],
	['admin (other council)',        'send awareness',                     refused(403)],
	['admin (other council)',        'note.add',                           refused(403)],
	['admin (other council)',        "note.edit of someone else's note",   refused(403)],
	['admin (other council)',        "note.delete of someone else's note", refused(403)],
	['admin (other council)',        'vote.set over the budget',           refused(403)],
	['admin (other council)',        'table.choose of a missing table',    refused(403)],

	['disabled staff',               'open the board socket',              refused(401)],
	['disabled staff',               'receive the board',                  refused(401)],
	['disabled staff',               'send a Yjs update',                  refused(401)],
	['disabled staff',               'send awareness',                     refused(401)],
	['disabled staff',               'note.add',                           refused(401)],
	['disabled staff',               "note.edit of someone else's note",   refused(401)],
	['disabled staff',               "note.delete of someone else's note", refused(401)],
	['disabled staff',               'vote.set over the budget',           refused(401)],
	['disabled staff',               'table.choose of a missing table',    refused(401)],

	// signed in with the one-time password the admin saw: nothing opens until they choose their own
	['staff on a one-time password', 'open the board socket',              refused(403)],
	['staff on a one-time password', 'receive the board',                  refused(403)],
	['staff on a one-time password', 'send a Yjs update',                  refused(403)],
	['staff on a one-time password', 'send awareness',                     refused(403)],
	['staff on a one-time password', 'note.add',                           refused(403)],
	['staff on a one-time password', "note.edit of someone else's note",   refused(403)],
	['staff on a one-time password', "note.delete of someone else's note", refused(403)],
	['staff on a one-time password', 'vote.set over the budget',           refused(403)],
	['staff on a one-time password', 'table.choose of a missing table',    refused(403)],

	// ---- residents: a view instead of the document, typed operations checked by the server
	['participant',                  'open the board socket',              accepted],
	['participant',                  'receive the board',                  receives('participant view')],
	['participant',                  'send a Yjs update',                  notice('read_only')],
	['participant',                  'send awareness',                     ignored],
	['participant',                  'note.add',                           reply('ok')],
	['participant',                  "note.edit of someone else's note",   reply('not_owner')],
	['participant',                  "note.delete of someone else's note", reply('not_owner')],
	['participant',                  'vote.set over the budget',           reply('budget_exhausted')],
	['participant',                  'table.choose of a missing table',    reply('table_not_found')],

	['muted participant',            'open the board socket',              accepted],
	['muted participant',            'receive the board',                  receives('participant view')],
	['muted participant',            'send a Yjs update',                  notice('read_only')],
	['muted participant',            'send awareness',                     ignored],
	['muted participant',            'note.add',                           reply('muted')],
	['muted participant',            "note.edit of someone else's note",   reply('muted')],
	['muted participant',            "note.delete of someone else's note", reply('muted')],
	['muted participant',            'vote.set over the budget',           reply('muted')],
	['muted participant',            'table.choose of a missing table',    reply('muted')],

	// a device cookie joined to another workshop opens nothing here
	['participant (other workshop)', 'open the board socket',              refused(401)],
	['participant (other workshop)', 'receive the board',                  refused(401)],
	['participant (other workshop)', 'send a Yjs update',                  refused(401)],
	['participant (other workshop)', 'send awareness',                     refused(401)],
	['participant (other workshop)', 'note.add',                           refused(401)],
	['participant (other workshop)', "note.edit of someone else's note",   refused(401)],
	['participant (other workshop)', "note.delete of someone else's note", refused(401)],
	['participant (other workshop)', 'vote.set over the budget',           refused(401)],
	['participant (other workshop)', 'table.choose of a missing table',    refused(401)],

	// ---- projectors: read-only document, no operations
	['display',                      'open the board socket',              accepted],
	['display',                      'receive the board',                  receives('sync step 1')],
	['display',                      'send a Yjs update',                  notice('read_only')],
	['display',                      'send awareness',                     ignored],
	['display',                      'note.add',                           reply('read_only')],
	['display',                      "note.edit of someone else's note",   reply('read_only')],
	['display',                      "note.delete of someone else's note", reply('read_only')],
	['display',                      'vote.set over the budget',           reply('read_only')],
	['display',                      'table.choose of a missing table',    reply('read_only')],

	['display (other workshop)',     'open the board socket',              refused(403)],
	['display (other workshop)',     'receive the board',                  refused(403)],
	['display (other workshop)',     'send a Yjs update',                  refused(403)],
	['display (other workshop)',     'send awareness',                     refused(403)],
	['display (other workshop)',     'note.add',                           refused(403)],
	['display (other workshop)',     "note.edit of someone else's note",   refused(403)],
	['display (other workshop)',     "note.delete of someone else's note", refused(403)],
	['display (other workshop)',     'vote.set over the budget',           refused(403)],
	['display (other workshop)',     'table.choose of a missing table',    refused(403)],

	// ---- nobody: a phone that has not joined, and made-up session and device tokens
	['anonymous',                    'open the board socket',              refused(401)],
	['anonymous',                    'receive the board',                  refused(401)],
	['anonymous',                    'send a Yjs update',                  refused(401)],
	['anonymous',                    'send awareness',                     refused(401)],
	['anonymous',                    'note.add',                           refused(401)],
	['anonymous',                    "note.edit of someone else's note",   refused(401)],
	['anonymous',                    "note.delete of someone else's note", refused(401)],
	['anonymous',                    'vote.set over the budget',           refused(401)],
	['anonymous',                    'table.choose of a missing table',    refused(401)],

	['forged cookies',               'open the board socket',              refused(401)],
	['forged cookies',               'receive the board',                  refused(401)],
	['forged cookies',               'send a Yjs update',                  refused(401)],
	['forged cookies',               'send awareness',                     refused(401)],
	['forged cookies',               'note.add',                           refused(401)],
	['forged cookies',               "note.edit of someone else's note",   refused(401)],
	['forged cookies',               "note.delete of someone else's note", refused(401)],
	['forged cookies',               'vote.set over the budget',           refused(401)],
	['forged cookies',               'table.choose of a missing table',    refused(401)]
];

function describeOutcome(o: Outcome): string {
	switch (o.kind) {
		case 'accepted':
			return 'accepted';
		case 'refused':
			return `refused at the upgrade with ${o.status}`;
		case 'receives':
			return `receives the ${o.what}`;
		case 'applied':
			return 'applied';
		case 'notice':
			return `notice ${o.code}, document unchanged`;
		case 'ignored':
			return 'ignored, document unchanged';
		case 'reply':
			return o.result === 'ok' ? 'ok' : `refused with ${o.result}, document unchanged`;
	}
}

/** The operation each op action sends. */
function opFor(action: SocketAction): ParticipantOp | null {
	switch (action) {
		case 'note.add':
			return { op: 'note.add', id: newId(), text: '新しい付箋', kind: 'concern' };
		case "note.edit of someone else's note":
			return { op: 'note.edit', id: newId(), noteId: OWNER_NOTE, text: '書き換えた' };
		case "note.delete of someone else's note":
			return { op: 'note.delete', id: newId(), noteId: OWNER_NOTE };
		case 'vote.set over the budget':
			return { op: 'vote.set', id: newId(), itemId: THEME, dots: VOTE_BUDGET + 1 };
		case 'table.choose of a missing table':
			return { op: 'table.choose', id: newId(), tableId: 'no-such-table' };
		default:
			return null;
	}
}

async function runSocketCell(role: SocketRole, action: SocketAction, expected: Outcome): Promise<void> {
	const b = await freshBoard();
	const o: ConnectOptions = { workshopId: b.workshop.id, ...(await CREDENTIALS[role](b)) };
	const before = await docState(b);

	if (expected.kind === 'refused') {
		const r = await refusedUpgrade(server.port, o);
		expect(r.status, r.body).toBe(expected.status);
		expect(JSON.parse(r.body)).toMatchObject({ error: expect.any(String) });
		expect(await docState(b)).toEqual(before);
		return;
	}

	const c = await open(o);
	const unchanged = () => expect(Y.encodeStateAsUpdate(liveDoc(b.docName)), 'the document must be unchanged').toEqual(before);

	if (action === 'open the board socket') {
		expect(expected).toEqual(accepted);
		// the server talks to it and does not close it
		await c.nextFrame((f) => f.type === MessageType.Presence);
		await barrier(c);
		expect(c.closeEvent).toBeNull();
		unchanged();
		return;
	}

	if (action === 'receive the board') {
		if (expected.kind !== 'receives') throw new Error(`bad row: ${describeOutcome(expected)}`);
		await c.nextFrame((f) => f.type === MessageType.Sync || f.type === MessageType.View);
		if (expected.what === 'sync step 1') {
			expect(c.frames[0]?.type).toBe(MessageType.Sync);
			expect(decoding.readVarUint(decoding.createDecoder(c.frames[0]!.body))).toBe(syncProtocol.messageYjsSyncStep1);
			// asking for everything (an empty state vector) returns the whole board
			const from = c.frames.length;
			const ask = encoding.createEncoder();
			encoding.writeVarUint(ask, MessageType.Sync);
			syncProtocol.writeSyncStep1(ask, new Y.Doc());
			c.send(encoding.toUint8Array(ask));
			const answer = await c.nextFrame((f) => f.type === MessageType.Sync, from);
			const local = new Y.Doc();
			syncProtocol.readSyncMessage(decoding.createDecoder(answer.body), encoding.createEncoder(), local, null);
			expect(getNote(local, OWNER_NOTE)?.text).toBe(OWNER_TEXT);
			expect(c.views()).toEqual([]);
		} else {
			expect(c.frames[0]?.type).toBe(MessageType.View);
			const view = c.frames[0]!.json as ParticipantView;
			expect(view.mine).toEqual([]);
			expect(view.vote).toMatchObject({ dotsPerPerson: VOTE_BUDGET, dotsLeft: VOTE_BUDGET, status: 'open' });
			await barrier(c);
			// no Yjs, and nothing of the other participant's note
			expect(c.frames.filter((f) => f.type === MessageType.Sync)).toEqual([]);
			const everything = Buffer.concat(c.frames.map((f) => Buffer.from(f.body))).toString('utf8');
			expect(everything).not.toContain(OWNER_TEXT);
			expect(everything).not.toContain(OWNER_NOTE);
		}
		unchanged();
		return;
	}

	if (action === 'send a Yjs update') {
		const id = newId();
		const update = updateOnReplica(b, (doc) =>
			addNote(doc, { id, text: 'Yjsで書いた付箋', kind: 'concern', authorId: 'forger', authorRole: 'staff', nickname: null, now: 10 })
		);
		const from = c.frames.length;
		c.sendYjsUpdate(update);
		if (expected.kind === 'applied') {
			await waitFor(async () => getNote(await serverDoc(b), id), 5_000, 'the update to be applied');
			await barrier(c);
			expect(c.notices().filter((n) => n.code !== 'bad_message')).toEqual([]);
		} else if (expected.kind === 'notice') {
			const n = await c.nextFrame((f) => f.type === MessageType.Notice, from);
			expect(n.json).toMatchObject({ code: expected.code });
			await barrier(c);
			expect(getNote(await serverDoc(b), id)).toBeNull();
			unchanged();
		} else throw new Error(`bad row: ${describeOutcome(expected)}`);
		return;
	}

	if (action === 'send awareness') {
		const local = new Y.Doc();
		const presence = new awarenessProtocol.Awareness(local);
		try {
			presence.setLocalState({ user: { name: 'カーソル' } });
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, MessageType.Awareness);
			encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(presence, [local.clientID]));
			c.send(encoding.toUint8Array(enc));
			const room = await app.sync.room(b.docName);
			if (expected.kind === 'applied') {
				await waitFor(() => room.awareness.getStates().has(local.clientID), 5_000, 'the awareness state on the server');
			} else if (expected.kind === 'ignored') {
				await barrier(c);
				expect(room.awareness.getStates().has(local.clientID)).toBe(false);
				expect(c.notices().filter((n) => n.code !== 'bad_message')).toEqual([]);
			} else throw new Error(`bad row: ${describeOutcome(expected)}`);
		} finally {
			presence.destroy();
			local.destroy();
		}
		unchanged();
		return;
	}

	const op = opFor(action);
	if (!op || expected.kind !== 'reply') throw new Error(`bad row: ${action} ${describeOutcome(expected)}`);
	const answer = await c.request(op);
	if (expected.result === 'ok') {
		expect(answer).toEqual({ id: op.id, ok: true });
		if (op.op === 'note.add') expect(getNote(await serverDoc(b), op.id)).toMatchObject({ text: op.text, authorRole: 'participant' });
	} else {
		expect(answer).toEqual({ id: op.id, ok: false, error: expected.result } satisfies OpReply);
		unchanged();
	}
	expect(getNote(await serverDoc(b), OWNER_NOTE)?.text).toBe(OWNER_TEXT);
}

describe('socket matrix: role x action on a workshop board', () => {
	it('covers every role x every action exactly once', async () => {
		const roles = Object.keys(CREDENTIALS) as SocketRole[];
		const actions = [...new Set(SOCKET_MATRIX.map(([, a]) => a))];
		expect(actions).toHaveLength(9);
		const cells = new Set(SOCKET_MATRIX.map(([r, a]) => `${r} / ${a}`));
		expect(cells.size).toBe(SOCKET_MATRIX.length);
		expect(SOCKET_MATRIX.length).toBe(roles.length * actions.length);
	});

	for (const [role, action, expected] of SOCKET_MATRIX) {
		it(`${role} | ${action} -> ${describeOutcome(expected)}`, () => runSocketCell(role, action, expected));
	}
});

/* ================================================================== cross-workshop and document kinds */

describe('cross-workshop: credentials for one workshop open nothing else', () => {
	type Target = 'another district' | 'same district' | 'its plan document';
	type Cred = 'participant of this workshop' | 'display of this workshop' | 'facilitator (assigned)' | 'editor (assigned)' | 'admin';

	/** Credentials valid for board `b`, used on another target. */
	const CRED: Record<Cred, (b: Board) => Omit<ConnectOptions, 'workshopId'> | Promise<Omit<ConnectOptions, 'workshopId'>>> = {
		'participant of this workshop': async (b) => ({ as: 'participant', cookie: (await joinParticipant(app, b.workshop.id)).cookie }),
		'display of this workshop': (b) => ({ as: 'display', displayToken: b.displayToken }),
		'facilitator (assigned)': () => ({ as: 'staff', cookie: staff.facilitator.cookie }),
		'editor (assigned)': () => ({ as: 'staff', cookie: staff.editor.cookie }),
		admin: () => ({ as: 'staff', cookie: staff.admin.cookie })
	};

	/** Where they try to go: another workshop's board, or the plan's document (staff; a projector gets its vision copy). */
	async function targetOf(t: Target, b: Board): Promise<{ workshopId: string; docName?: string }> {
		switch (t) {
			case 'another district':
				return { workshopId: elsewhere.workshop.id };
			case 'same district':
				return { workshopId: (await app.workshops.createWorkshop({ planId: home.planId, title: 'same district, other workshop' })).workshop.id };
			case 'its plan document':
				return { workshopId: b.workshop.id, docName: `plan.${b.workshop.planId}` };
		}
	}

	// prettier-ignore
	const CROSS: readonly (readonly [Cred, Target, Outcome])[] = [
		['participant of this workshop', 'another district',  refused(401)],
		['participant of this workshop', 'same district',     refused(401)],
		['participant of this workshop', 'its plan document', refused(403)],
		['display of this workshop',     'another district',  refused(403)],
		['display of this workshop',     'same district',     refused(403)],
		['display of this workshop',     'its plan document', accepted], // the plan's projector copy: the vision only (visionAccess.test.ts)
		['facilitator (assigned)',       'another district',  refused(403)],
		['facilitator (assigned)',       'same district',     accepted],
		['facilitator (assigned)',       'its plan document', accepted],
		['editor (assigned)',            'another district',  refused(403)],
		['editor (assigned)',            'same district',     accepted],
		['editor (assigned)',            'its plan document', accepted],
		['admin',                        'another district',  accepted],
		['admin',                        'same district',     accepted],
		['admin',                        'its plan document', accepted]
	];

	for (const [cred, target, expected] of CROSS) {
		it(`${cred} -> ${target}: ${describeOutcome(expected)}`, async () => {
			const b = await freshBoard();
			const o: ConnectOptions = { ...(await CRED[cred](b)), ...(await targetOf(target, b)) };
			if (expected.kind === 'refused') {
				const r = await refusedUpgrade(server.port, o);
				expect(r.status, r.body).toBe(expected.status);
			} else {
				const c = await open(o);
				await c.nextFrame((f) => f.type === MessageType.Sync);
			}
		});
	}

	// prettier-ignore
	const WRONG_ROLE: readonly (readonly [string, (b: Board) => Omit<ConnectOptions, 'workshopId'> | Promise<Omit<ConnectOptions, 'workshopId'>>, 400 | 401 | 403])[] = [
		['a staff session asking to be a participant',  () => ({ as: 'participant', cookie: staff.facilitator.cookie }),                         401],
		['a projector token asking to be staff',        (b) => ({ as: 'staff', displayToken: b.displayToken }),                                 401],
		['a projector token asking to be a participant', (b) => ({ as: 'participant', displayToken: b.displayToken }),                          401],
		['a device cookie asking to be a projector',    async (b) => ({ as: 'display', cookie: (await joinParticipant(app, b.workshop.id)).cookie }),         403],
		['a device cookie asking to be staff',          async (b) => ({ as: 'staff', cookie: (await joinParticipant(app, b.workshop.id)).cookie }),           401],
		['no credentials, as=staff',                    () => ({ as: 'staff' }),                                                                401],
		['no credentials, as=display',                  () => ({ as: 'display' }),                                                              403],
		['no credentials, no role',                     () => ({ as: null }),                                                                   400],
		['a staff session without a role',              () => ({ as: null, cookie: staff.admin.cookie }),                                       400]
	];

	for (const [what, cred, status] of WRONG_ROLE) {
		it(`${what}: refused at the upgrade with ${status}`, async () => {
			const b = await freshBoard();
			const before = await docState(b);
			const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, ...(await cred(b)) });
			expect(r.status, r.body).toBe(status);
			expect(await docState(b)).toEqual(before);
		});
	}
});

/* ================================================================== HTTP: who is signed in at all */

describe('the plan document (plan.<planId>, a second document kind)', () => {
	const planDoc = () => `plan.${home.planId}`;

	/** A Yjs update that puts `value` under `key` of the plan's `draft` map, made on a replica of the server's plan. */
	function planUpdate(key: string, value: string): Uint8Array {
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(liveDoc(planDoc())));
		const updates: Uint8Array[] = [];
		replica.on('update', (u: Uint8Array) => updates.push(u));
		replica.getMap('draft').set(key, value);
		return Y.mergeUpdates(updates);
	}

	it('is created with its schema and plan id on first open', async () => {
		const c = await open({ workshopId: '', docName: planDoc(), as: 'staff', cookie: staff.facilitator.cookie });
		await c.nextFrame((f) => f.type === MessageType.Sync);
		const meta = (await app.sync.room(planDoc())).doc.getMap('meta');
		expect(meta.get('planId')).toBe(home.planId);
		expect(meta.get('schema')).toBe(1);
	});

	for (const who of ['editor', 'facilitator', 'admin'] as const) {
		it(`is written by an assigned ${who} (editors write plans, but only read boards)`, async () => {
			const c = await open({ workshopId: '', docName: planDoc(), as: 'staff', cookie: staff[who].cookie });
			await c.nextFrame((f) => f.type === MessageType.Sync);
			const text = `${who}の下書き ${randomId(6)}`;
			c.sendYjsUpdate(planUpdate(who, text));
			await waitFor(async () => (await app.sync.room(planDoc())).doc.getMap('draft').get(who) === text, 5_000, `the ${who}'s change on the plan`);
			expect(c.notices()).toEqual([]);
		});
	}

	it('is refused to staff of another district or council (403), and to a stopped account or no session (401)', async () => {
		for (const [who, status] of [['otherDistrictFacilitator', 403], ['otherCouncilAdmin', 403], ['disabledStaff', 401], ['oneTimePassword', 403]] as const) {
			const r = await refusedUpgrade(server.port, { workshopId: '', docName: planDoc(), as: 'staff', cookie: staff[who].cookie });
			expect(r.status, `${who}: ${r.body}`).toBe(status);
		}
		expect((await refusedUpgrade(server.port, { workshopId: '', docName: planDoc(), as: 'staff' })).status).toBe(401);
		expect((await refusedUpgrade(server.port, { workshopId: '', docName: `plan.${randomId(16)}`, as: 'staff', cookie: staff.admin.cookie })).status).toBe(404);
	});
});

describe('HTTP identity: which credentials make a signed-in staff member (hooks.server.ts, userForSession)', () => {
	const token = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

	// prettier-ignore
	const IDENTITY: readonly (readonly [string, () => string | undefined | Promise<string>, StaffKey | null])[] = [
		['admin session',                         () => token(staff.admin.cookie),                           'admin'],
		['facilitator session',                   () => token(staff.facilitator.cookie),                     'facilitator'],
		['editor session',                        () => token(staff.editor.cookie),                          'editor'],
		['disabled staff session',                () => token(staff.disabledStaff.cookie),                   null],
		['no cookie',                             () => undefined,                                           null],
		['forged session token',                  () => newToken(),                                          null],
		["a participant's device token",          async () => (await joinParticipant(app, elsewhere.workshop.id)).deviceToken, null],
		['a projector token',                     () => elsewhere.displayToken,                              null],
		['not token-shaped (SQL)',                () => "' OR 1=1 --",                                       null]
	];

	for (const [what, value, who] of IDENTITY) {
		it(`${what} -> ${who ?? 'nobody (form actions answer 404)'}`, async () => {
			const user = await app.staff.userForSession(await value());
			if (who === null) expect(user).toBeNull();
			else expect(user?.id).toBe(staff[who].user.id);
		});
	}
});

/* ================================================================== HTTP: the facilitator's controls */

describe('WorkshopControl matrix: staff role x form action (src/routes/staff/w/[id]/+page.server.ts)', () => {
	type ControlRole = 'admin' | 'facilitator (assigned)' | 'editor (assigned)' | 'facilitator (other district)' | 'admin (other council)' | 'disabled staff';
	const USER: Record<ControlRole, () => StaffUser> = {
		admin: () => staff.admin.user,
		'facilitator (assigned)': () => staff.facilitator.user,
		'editor (assigned)': () => staff.editor.user,
		'facilitator (other district)': () => staff.otherDistrictFacilitator.user,
		'admin (other council)': () => staff.otherCouncilAdmin.user,
		'disabled staff': () => staff.disabledStaff.user
	};

	type ControlAction = 'hide' | 'restore' | 'mute' | 'unmute' | 'openInput' | 'closeInput' | 'rotateCode' | 'rotateDisplay' | 'close' | 'reopen';

	/** Everything a control can change: the board, the workshop row, the participant, the audit log. */
	async function observe(b: Board) {
		const w = (await app.workshops.get(b.workshop.id))!;
		return {
			doc: Y.encodeStateAsUpdate(liveDoc(b.docName)),
			status: w.status,
			joinCode: w.joinCode,
			displayToken: await app.workshops.displayToken(w.id),
			ownerMuted: (await app.participants.get(b.owner.participant.id))?.muted,
			audit: app.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM audit_log WHERE target = ?').get(`workshop:${w.id}`)?.n
		};
	}

	/** Bring the board into the state the action changes (restore needs a hidden note, etc.). */
	async function prepare(b: Board, action: ControlAction): Promise<void> {
		const pid = b.owner.participant.id;
		if (action === 'restore') await app.sync.change(b.docName, (doc) => setNoteHidden(doc, OWNER_NOTE, true));
		if (action === 'unmute') await app.participants.setMuted(pid, true);
		if (action === 'openInput') await app.sync.change(b.docName, (doc) => setMeta(doc, { inputOpen: false }));
		if (action === 'reopen') await app.workshops.setStatus(b.workshop.id, 'closed');
	}

	async function run(b: Board, user: StaffUser, action: ControlAction): Promise<{ ok: boolean; error?: string }> {
		const w = (await app.workshops.get(b.workshop.id))!;
		const pid = b.owner.participant.id;
		switch (action) {
			case 'hide':
				return app.control.setNoteHidden(user, w, OWNER_NOTE, true);
			case 'restore':
				return app.control.setNoteHidden(user, w, OWNER_NOTE, false);
			case 'mute':
				return app.control.setMuted(user, w, pid, true);
			case 'unmute':
				return app.control.setMuted(user, w, pid, false);
			case 'openInput':
				return app.control.setInputOpen(user, w, true);
			case 'closeInput':
				return app.control.setInputOpen(user, w, false);
			case 'rotateCode':
				return app.control.rotateJoinCode(user, w);
			case 'rotateDisplay':
				return app.control.rotateDisplayToken(user, w);
			case 'close':
				return app.control.setStatus(user, w, 'closed');
			case 'reopen':
				return app.control.setStatus(user, w, 'open');
		}
	}

	/** What an allowed action must have changed. */
	async function expectEffect(b: Board, action: ControlAction, before: Awaited<ReturnType<typeof observe>>): Promise<void> {
		const after = await observe(b);
		const note = getNote(liveDoc(b.docName), OWNER_NOTE);
		const meta = readMeta(liveDoc(b.docName));
		switch (action) {
			case 'hide':
				return expect(note?.hidden).toBe(true);
			case 'restore':
				return expect(note?.hidden).toBe(false);
			case 'mute':
				return expect(after.ownerMuted).toBe(true);
			case 'unmute':
				return expect(after.ownerMuted).toBe(false);
			case 'openInput':
				return expect(meta.inputOpen).toBe(true);
			case 'closeInput':
				return expect(meta.inputOpen).toBe(false);
			case 'rotateCode':
				expect(after.joinCode).not.toBe((await before).joinCode);
				return expect(await app.workshops.byJoinCode((await before).joinCode)).toBeNull();
			case 'rotateDisplay':
				expect(after.displayToken).not.toBe((await before).displayToken);
				return expect(await app.workshops.byDisplayToken((await before).displayToken)).toBeNull();
			case 'close':
				return expect(after.status).toBe('closed');
			case 'reopen':
				return expect(after.status).toBe('open');
		}
	}

	// prettier-ignore
	const CONTROL_MATRIX: readonly (readonly [ControlRole, ControlAction, 'ok' | 'forbidden'])[] = [
		['admin',                        'hide',          'ok'],
		['admin',                        'restore',       'ok'],
		['admin',                        'mute',          'ok'],
		['admin',                        'unmute',        'ok'],
		['admin',                        'openInput',     'ok'],
		['admin',                        'closeInput',    'ok'],
		['admin',                        'rotateCode',    'ok'],
		['admin',                        'rotateDisplay', 'ok'],
		['admin',                        'close',         'ok'],
		['admin',                        'reopen',        'ok'],

		['facilitator (assigned)',       'hide',          'ok'],
		['facilitator (assigned)',       'restore',       'ok'],
		['facilitator (assigned)',       'mute',          'ok'],
		['facilitator (assigned)',       'unmute',        'ok'],
		['facilitator (assigned)',       'openInput',     'ok'],
		['facilitator (assigned)',       'closeInput',    'ok'],
		['facilitator (assigned)',       'rotateCode',    'ok'],
		['facilitator (assigned)',       'rotateDisplay', 'ok'],
		['facilitator (assigned)',       'close',         'ok'],
		['facilitator (assigned)',       'reopen',        'ok'],

		// editors edit content; running the workshop (moderation, codes, closing) is not theirs
		['editor (assigned)',            'hide',          'forbidden'],
		['editor (assigned)',            'restore',       'forbidden'],
		['editor (assigned)',            'mute',          'forbidden'],
		['editor (assigned)',            'unmute',        'forbidden'],
		['editor (assigned)',            'openInput',     'forbidden'],
		['editor (assigned)',            'closeInput',    'forbidden'],
		['editor (assigned)',            'rotateCode',    'forbidden'],
		['editor (assigned)',            'rotateDisplay', 'forbidden'],
		['editor (assigned)',            'close',         'forbidden'],
		['editor (assigned)',            'reopen',        'forbidden'],

		['facilitator (other district)', 'hide',          'forbidden'],
		['facilitator (other district)', 'restore',       'forbidden'],
		['facilitator (other district)', 'mute',          'forbidden'],
		['facilitator (other district)', 'unmute',        'forbidden'],
		['facilitator (other district)', 'openInput',     'forbidden'],
		['facilitator (other district)', 'closeInput',    'forbidden'],
		['facilitator (other district)', 'rotateCode',    'forbidden'],
		['facilitator (other district)', 'rotateDisplay', 'forbidden'],
		['facilitator (other district)', 'close',         'forbidden'],
		['facilitator (other district)', 'reopen',        'forbidden'],

		['admin (other council)',        'hide',          'forbidden'],
		['admin (other council)',        'restore',       'forbidden'],
		['admin (other council)',        'mute',          'forbidden'],
		['admin (other council)',        'unmute',        'forbidden'],
		['admin (other council)',        'openInput',     'forbidden'],
		['admin (other council)',        'closeInput',    'forbidden'],
		['admin (other council)',        'rotateCode',    'forbidden'],
		['admin (other council)',        'rotateDisplay', 'forbidden'],
		['admin (other council)',        'close',         'forbidden'],
		['admin (other council)',        'reopen',        'forbidden'],

		// the account as read after it was disabled (the session no longer yields it at all: see above)
		['disabled staff',               'hide',          'forbidden'],
		['disabled staff',               'restore',       'forbidden'],
		['disabled staff',               'mute',          'forbidden'],
		['disabled staff',               'unmute',        'forbidden'],
		['disabled staff',               'openInput',     'forbidden'],
		['disabled staff',               'closeInput',    'forbidden'],
		['disabled staff',               'rotateCode',    'forbidden'],
		['disabled staff',               'rotateDisplay', 'forbidden'],
		['disabled staff',               'close',         'forbidden'],
		['disabled staff',               'reopen',        'forbidden']
	];

	it('covers every role x every action exactly once', async () => {
		const cells = new Set(CONTROL_MATRIX.map(([r, a]) => `${r} / ${a}`));
		expect(cells.size).toBe(CONTROL_MATRIX.length);
		expect(CONTROL_MATRIX.length).toBe(Object.keys(USER).length * 10);
	});

	for (const [role, action, expected] of CONTROL_MATRIX) {
		it(`${role} | ${action} -> ${expected}`, async () => {
			const b = await freshBoard();
			await prepare(b, action);
			const before = await observe(b);
			const user = USER[role]();
			const result = await run(b, user, action);
			if (expected === 'forbidden') {
				expect(result).toEqual({ ok: false, error: 'forbidden' });
				expect(await observe(b), 'nothing changed, nothing audited').toEqual(before);
			} else {
				expect(result.ok, String(result.error)).toBe(true);
				await expectEffect(b, action, before);
				const last = (await app.audit.list(b.workshop.councilId, 1))[0];
				expect(last).toMatchObject({ actorKind: 'staff', actorId: user.id, target: `workshop:${b.workshop.id}` });
				expect((await observe(b)).audit).toBe((before.audit ?? 0) + 1);
			}
		});
	}

	it('an allowed hide takes the note off phones that could see it, a refused one does not', async () => {
		const b = await freshBoard();
		const phone = await open({ workshopId: b.workshop.id, as: 'participant', cookie: b.owner.cookie });
		await waitFor(async () => phone.lastView()?.mine.some((n) => n.id === OWNER_NOTE), 5_000, 'the owner sees the note');
		expect(await app.control.setNoteHidden(staff.editor.user, (await app.workshops.get(b.workshop.id))!, OWNER_NOTE, true)).toEqual({ ok: false, error: 'forbidden' });
		await barrier(phone);
		expect(phone.lastView()?.mine.map((n) => n.id)).toEqual([OWNER_NOTE]);
		expect((await app.control.setNoteHidden(staff.facilitator.user, (await app.workshops.get(b.workshop.id))!, OWNER_NOTE, true)).ok).toBe(true);
		await waitFor(async () => phone.lastView()?.mine.length === 0, 5_000, 'the hidden note to leave the phone');
		expect(readNotes(await serverDoc(b)).find((n) => n.id === OWNER_NOTE)?.hidden).toBe(true);
	});

	it('a refused mute leaves the phone writing; an allowed one stops it at once', async () => {
		const b = await freshBoard();
		const phone = await open({ workshopId: b.workshop.id, as: 'participant', cookie: b.owner.cookie });
		await waitFor(async () => phone.lastView(), 5_000, 'the first view');
		const w = (await app.workshops.get(b.workshop.id))!;
		expect(await app.control.setMuted(staff.otherDistrictFacilitator.user, w, b.owner.participant.id, true)).toEqual({ ok: false, error: 'forbidden' });
		const first = newId();
		expect(await phone.request({ op: 'note.add', id: first, text: 'まだ書ける', kind: 'concern' })).toEqual({ id: first, ok: true });
		expect((await app.control.setMuted(staff.facilitator.user, w, b.owner.participant.id, true)).ok).toBe(true);
		await waitFor(async () => phone.lastView()?.me.muted, 5_000, 'the phone to show muted');
		const second = newId();
		expect(await phone.request({ op: 'note.add', id: second, text: 'もう書けない', kind: 'concern' })).toEqual({ id: second, ok: false, error: 'muted' });
		expect(getNote(await serverDoc(b), second)).toBeNull();
	});

	it('a refused projector-link rotation leaves the projector connected; an allowed one disconnects it', async () => {
		const b = await freshBoard();
		const screen = await open({ workshopId: b.workshop.id, as: 'display', displayToken: b.displayToken });
		await screen.nextFrame((f) => f.type === MessageType.Sync);
		const w = (await app.workshops.get(b.workshop.id))!;
		expect(await app.control.rotateDisplayToken(staff.editor.user, w)).toEqual({ ok: false, error: 'forbidden' });
		await barrier(screen);
		expect(screen.closeEvent).toBeNull();
		expect((await app.control.rotateDisplayToken(staff.admin.user, w)).ok).toBe(true);
		await waitFor(async () => screen.closeEvent, 5_000, 'the projector to be disconnected');
		expect(screen.closeEvent?.code).toBe(4403);
		const r = await refusedUpgrade(server.port, { workshopId: b.workshop.id, as: 'display', displayToken: b.displayToken });
		expect(r.status).toBe(403);
	});
});

/* ================================================================== gaps found by this suite */

describe('known gaps (expected to fail until fixed)', () => {
	// BUG (permission model): WorkshopControl refuses editors every moderation control ('forbidden',
	// canStaffModerate in src/lib/server/workshops.ts), but an editor's board socket may send any Yjs
	// update (src/lib/server/sync/syncServer.ts, MessageType.Sync for p.kind === 'staff'), and the
	// `hidden` flag and meta.inputOpen live in that document: the editor hides notes and closes input
	// anyway, without an audit entry.
	it("an editor cannot hide a note or close input through the board socket", async () => {
		const b = await freshBoard();
		const c = await open({ workshopId: b.workshop.id, as: 'staff', cookie: staff.editor.cookie });
		await c.nextFrame((f) => f.type === MessageType.Sync);
		const update = updateOnReplica(b, (doc) => {
			setNoteHidden(doc, OWNER_NOTE, true);
			setMeta(doc, { inputOpen: false });
		});
		c.sendYjsUpdate(update);
		await barrier(c);
		expect(getNote(await serverDoc(b), OWNER_NOTE)?.hidden).toBe(false);
		expect(readMeta(await serverDoc(b)).inputOpen).toBe(true);
	});
});
