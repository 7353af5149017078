/**
 * Moderation and vote anonymity on the projector's wire (issue 15, item 9). A projector is a laptop
 * anyone in the hall can touch: its socket must never carry a hidden note's text (hidden before it
 * connected, while it is connected, or before a restart, from the stored snapshot and update log), nor
 * anyone's ballot or participant id, while it still gets the visible board, themes and the vote's
 * counts (when they are shown) live.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { readNotes, setNoteHidden, editOwnNote, notesMap } from '../../src/lib/domain/board/board';
import { createTheme, readThemes } from '../../src/lib/domain/board/themes';
import { closeVote, openVote, tallyMap } from '../../src/lib/domain/board/voting';
import { setControl } from '../../src/lib/domain/board/controls';
import { randomId } from '../../src/lib/domain/ids';
import { MessageType } from '../../src/lib/protocol/messages';
import { openDatabase } from '../../src/lib/server/db/database';
import { SqliteDocStore } from '../../src/lib/server/sync/docStore';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { connect, demoWorkshop, joinParticipant, startTestServer, waitFor, type JoinedParticipant, type TestServer, type WireClient } from '../helpers/testServer';

let server: TestServer;
let workshop: Workshop;
let docName: string;
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
	vi.restoreAllMocks();
	for (const fn of cleanups.splice(0).reverse()) await fn();
	await server.close();
});

async function start(env: Record<string, string> = {}): Promise<void> {
	server = await startTestServer({ env });
	workshop = await demoWorkshop(server.app);
	docName = boardDocName(workshop.id);
}

type Phone = JoinedParticipant & { c: WireClient };

async function phone(nickname: string): Promise<Phone> {
	const joined = await joinParticipant(server.app, workshop.id, nickname);
	const c = await connect(server.port, { workshopId: workshop.id, as: 'participant', cookie: joined.cookie });
	cleanups.push(() => c.close());
	return { ...joined, c };
}

async function addNote(p: Phone, text: string): Promise<string> {
	const id = `n-${randomId(12)}`;
	expect(await p.c.request({ op: 'note.add', id, text, kind: 'concern' })).toMatchObject({ ok: true });
	return id;
}

async function vote(p: Phone, itemId: string, dots: number): Promise<void> {
	expect(await p.c.request({ op: 'vote.set', id: `v-${randomId(12)}`, itemId, dots })).toMatchObject({ ok: true });
}

/** A projector's socket as the page opens it (empty step 1), with everything it received kept. */
class Projector {
	readonly doc = new Y.Doc();
	#applied = 0;
	constructor(readonly c: WireClient) {}

	/** Every byte the socket received, as one buffer to search. */
	bytes(): Buffer {
		return Buffer.concat(this.c.frames.map((f) => Buffer.from(f.body)));
	}

	/** The projector's document: every sync step 2 and update received so far, applied. */
	sync(): Y.Doc {
		for (const f of this.c.frames.slice(this.#applied)) {
			if (f.type !== MessageType.Sync) continue;
			const d = decoding.createDecoder(f.body);
			const t = decoding.readVarUint(d);
			if (t === syncProtocol.messageYjsSyncStep2 || t === syncProtocol.messageYjsUpdate) Y.applyUpdate(this.doc, decoding.readVarUint8Array(d));
		}
		this.#applied = this.c.frames.length;
		return this.doc;
	}

	sees(text: string): boolean {
		return this.bytes().includes(Buffer.from(text, 'utf8'));
	}
}

async function projector(): Promise<Projector> {
	const c = await connect(server.port, { workshopId: workshop.id, as: 'display', displayToken: await server.app.workshops.displayToken(workshop.id) ?? '' });
	cleanups.push(() => c.close());
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, MessageType.Sync);
	syncProtocol.writeSyncStep1(enc, new Y.Doc());
	c.send(encoding.toUint8Array(enc));
	const p = new Projector(c);
	await waitFor(() => c.frames.some((f) => f.type === MessageType.Sync && f.body[0] === syncProtocol.messageYjsSyncStep2), 5_000, "the projector's sync step 2");
	return p;
}

const noteTexts = (doc: Y.Doc) => readNotes(doc).map((n) => n.text).sort();

/** What no projector may ever receive about these phones: ids, device tokens, nicknames (names not shown). */
function expectNothingOf(screen: Projector, phones: Phone[]): void {
	for (const p of phones) {
		for (const secret of [p.participant.id, p.deviceToken, p.participant.nickname ?? '']) expect(screen.sees(secret), `projector received ${secret}`).toBe(false);
	}
}

describe("a projector's socket", () => {
	it('never carries notes hidden before it connected, ballots or participant ids, and gets the visible board and the counts', async () => {
		await start();
		const [sakura, kaede] = [await phone('さくら'), await phone('かえで')];
		const shown = await addNote(sakura, '公園のベンチが少ない');
		const hidden = await addNote(kaede, '隣の田中さんがうるさい');
		await server.app.sync.change(docName, (doc) => {
			setNoteHidden(doc, hidden, true);
			createTheme(doc, { id: 'theme-park', title: '公園', x: 10, y: 10, now: Date.now(), noteIds: [shown] });
			openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: Date.now() });
		});
		await vote(sakura, shown, 2);
		await vote(kaede, shown, 1);

		const screen = await projector();
		const doc = screen.sync();
		expect(noteTexts(doc)).toEqual(['公園のベンチが少ない']);
		expect(readThemes(doc).map((t) => t.title)).toEqual(['公園']);
		expect(tallyMap(doc).toJSON()).toEqual({ [shown]: 3 });
		expect(screen.sees('隣の田中さん')).toBe(false);
		expect(screen.sees(hidden)).toBe(false);
		expect(doc.share.has('ballots') || doc.share.has('seating')).toBe(false);
		expectNothingOf(screen, [sakura, kaede]);
		// the board itself still holds all of it, for staff
		expect(await server.app.sync.read(docName, (d) => readNotes(d).length)).toBe(2);
	});

	it('loses a note hidden while it is connected, never gets what is written to it while hidden, and follows the vote live', async () => {
		await start();
		const [sakura, kaede] = [await phone('さくら'), await phone('かえで')];
		const screen = await projector();
		const a = await addNote(sakura, '見守りの輪を広げたい');
		const b = await addNote(kaede, '最初は普通の付箋');
		await waitFor(() => noteTexts(screen.sync()).length === 2, 5_000, 'both notes on the projector');

		await server.app.sync.change(docName, (doc) => setNoteHidden(doc, b, true));
		await waitFor(() => noteTexts(screen.sync()).length === 1, 5_000, 'the hidden note gone from the projector');
		expect(notesMap(screen.doc).has(b)).toBe(false);
		// its author rewrites it while hidden (and staff move it): none of it reaches the projector
		expect(await kaede.c.request({ op: 'note.edit', id: `e-${randomId(12)}`, noteId: b, text: '隠されたあとの悪口' })).toMatchObject({ ok: true });
		await server.app.sync.change(docName, (doc) => editOwnNote(doc, { id: b, authorId: kaede.participant.id, text: '隠されたあとの悪口 その2' }));

		// a vote with its results hidden until closing: no counts on the wire until it closes
		await server.app.sync.change(docName, (doc) => openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 2, allowStacking: true, hideResults: true, now: Date.now() }));
		await vote(sakura, a, 2);
		await vote(kaede, a, 1);
		const beforeClose = screen.c.frames.length;
		await server.app.sync.change(docName, (doc) => setControl(doc, 'showAll', true)); // a later change, to know the votes were relayed (or not)
		await waitFor(() => screen.c.frames.slice(beforeClose).some((f) => f.type === MessageType.Sync), 5_000, 'the next change on the projector');
		expect(tallyMap(screen.sync()).size).toBe(0);
		await server.app.sync.change(docName, (doc) => closeVote(doc));
		await waitFor(() => tallyMap(screen.sync()).get(a) === 3, 5_000, 'the counts once the vote closed');

		// a new note still arrives live
		await addNote(sakura, 'あとから来た付箋');
		await waitFor(() => noteTexts(screen.sync()).includes('あとから来た付箋'), 5_000, 'the new note on the projector');

		for (const secret of ['隠されたあとの悪口']) expect(screen.sees(secret)).toBe(false);
		expectNothingOf(screen, [sakura, kaede]);

		// shown again: back, with its current text
		await server.app.sync.change(docName, (doc) => setNoteHidden(doc, b, false));
		await waitFor(() => noteTexts(screen.sync()).includes('隠されたあとの悪口 その2'), 5_000, 'the note shown again');
	});

	it('opening an unloaded board after a restart gets neither the stored snapshot nor the log: no hidden text, no ballots', async () => {
		await start({ KYOSO_PRELOAD: '0' });
		const [sakura, kaede] = [await phone('さくら'), await phone('かえで')];
		const shown = await addNote(sakura, '防災訓練に参加したい');
		const hidden = await addNote(kaede, '最初に書いた個人名入りの文');
		await server.app.sync.change(docName, (doc) =>
			openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: Date.now() })
		);
		await vote(sakura, shown, 1);
		await vote(kaede, hidden, 1);
		await server.restart(); // the shutdown folds the board into a snapshot
		// written after the snapshot, as update log entries: an edit, then the note is hidden
		const db = openDatabase(server.dataDir);
		try {
			const store = new SqliteDocStore(db);
			const doc = new Y.Doc();
			await store.loadInto(docName, doc, 'load');
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			editOwnNote(doc, { id: hidden, authorId: kaede.participant.id, text: '書き直した個人名入りの文' });
			setNoteHidden(doc, hidden, true);
			await store.append(docName, updates);
			expect((await store.readStored(docName))?.log.length).toBe(2);
		} finally {
			db.close();
		}
		expect(server.app.sync.rooms.has(docName)).toBe(false);

		const screen = await projector();
		const doc = screen.sync();
		expect(noteTexts(doc)).toEqual(['防災訓練に参加したい']);
		// the hidden note's dot is not counted on the projector: its id never reaches it
		expect(tallyMap(doc).toJSON()).toEqual({ [shown]: 1 });
		for (const secret of ['個人名入り', hidden]) expect(screen.sees(secret), secret).toBe(false);
		expectNothingOf(screen, [sakura, kaede]);
		// still live after the cold open
		const later = await phone('もみじ');
		await addNote(later, '再起動後の付箋');
		await waitFor(() => noteTexts(screen.sync()).includes('再起動後の付箋'), 5_000, 'a note after the restart on the projector');
		expectNothingOf(screen, [later]);
	});

	it("opening an unloaded board gets the stored projector copy before the board is loaded: the visible board and the counts, no hidden text, ballots or ids; then live changes apply on it", async () => {
		await start({ KYOSO_PRELOAD: '0' });
		const [sakura, kaede] = [await phone('さくら'), await phone('かえで')];
		const shown = await addNote(sakura, '公園のベンチが少ない');
		const hidden = await addNote(kaede, '隣の田中さんがうるさい');
		await server.app.sync.change(docName, (doc) =>
			openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: Date.now() })
		);
		await vote(sakura, shown, 2);
		await vote(kaede, hidden, 1);
		await server.app.sync.change(docName, (doc) => setNoteHidden(doc, hidden, true));
		await server.restart(); // the shutdown stores the board's snapshot and its projector copy
		expect(server.app.sync.rooms.has(docName)).toBe(false);
		const db = openDatabase(server.dataDir);
		let stored: Uint8Array;
		try {
			const copy = await new SqliteDocStore(db).readProjector(docName);
			expect(copy?.current).toBe(true);
			stored = new Uint8Array(copy!.snapshot);
		} finally {
			db.close();
		}
		const loads = vi.spyOn(SqliteDocStore.prototype, 'loadInto');

		const c = await connect(server.port, { workshopId: workshop.id, as: 'display', displayToken: await server.app.workshops.displayToken(workshop.id) ?? '' });
		cleanups.push(() => c.close());
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, MessageType.Sync);
		syncProtocol.writeSyncStep1(enc, new Y.Doc());
		c.send(encoding.toUint8Array(enc));
		await waitFor(() => c.frames.some((f) => f.type === MessageType.QueryAwareness), 5_000, 'the stored copy and a query');
		// the stored copy's bytes as they are, and the board not loaded for it
		expect(c.frames.map((f) => f.type)).toEqual([MessageType.Sync, MessageType.QueryAwareness]);
		const d = decoding.createDecoder(c.frames[0]!.body);
		expect(decoding.readVarUint(d)).toBe(syncProtocol.messageYjsSyncStep2);
		expect(decoding.readVarUint8Array(d)).toEqual(stored);
		expect(server.app.sync.rooms.has(docName)).toBe(false);
		expect(loads).not.toHaveBeenCalled();

		const screen = new Projector(c);
		const doc = screen.sync();
		expect(noteTexts(doc)).toEqual(['公園のベンチが少ない']);
		expect(tallyMap(doc).toJSON()).toEqual({ [shown]: 2 });
		expect(doc.share.has('ballots') || doc.share.has('seating')).toBe(false);

		// the projector answers the query (as y-websocket does): the board is loaded and the socket joins
		const answer = encoding.createEncoder();
		encoding.writeVarUint(answer, MessageType.Awareness);
		encoding.writeVarUint8Array(answer, awarenessProtocol.encodeAwarenessUpdate(new awarenessProtocol.Awareness(new Y.Doc()), []));
		c.send(encoding.toUint8Array(answer));
		await waitFor(() => server.app.sync.rooms.get(docName)?.conns.size === 1, 5_000, 'the projector to join the room');
		expect(loads).toHaveBeenCalledTimes(1);
		// the room's copy started from the stored one: nothing more to send
		await waitFor(() => c.frames.some((f) => f.type === MessageType.Sync && f.body[0] === syncProtocol.messageYjsSyncStep1), 5_000, 'the server step 1');
		expect(c.frames.filter((f) => f.type === MessageType.Sync).map((f) => f.body[0])).toEqual([syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsSyncStep1]);

		// live changes apply on it: a new note, a note hidden, a dot, the hidden one shown again
		const later = await phone('もみじ');
		const added = await addNote(later, '再起動後の付箋');
		await waitFor(() => noteTexts(screen.sync()).includes('再起動後の付箋'), 5_000, 'a new note on the projector');
		await vote(later, added, 1);
		await waitFor(() => tallyMap(screen.sync()).get(added) === 1, 5_000, 'the dot on the projector');
		await server.app.sync.change(docName, (d) => setNoteHidden(d, shown, true));
		await waitFor(() => !noteTexts(screen.sync()).includes('公園のベンチが少ない'), 5_000, 'the note hidden on the projector');
		await server.app.sync.change(docName, (d) => setNoteHidden(d, hidden, false));
		await waitFor(() => noteTexts(screen.sync()).includes('隣の田中さんがうるさい'), 5_000, 'the note shown again');
		const copy = server.app.sync.rooms.get(docName)!.projectorDoc();
		expect(readNotes(screen.doc)).toEqual(readNotes(copy));
		expect(tallyMap(screen.doc).toJSON()).toEqual(tallyMap(copy).toJSON());
		expect(tallyMap(screen.doc).toJSON()).toEqual({ [hidden]: 1, [added]: 1 });
		// no ids or ballots on the wire, and the projector was never told it tried to write
		expectNothingOf(screen, [sakura, kaede, later]);
		expect(c.notices()).toEqual([]);
	});
});
