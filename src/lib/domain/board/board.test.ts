import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	deleteOwnNote,
	editOwnNote,
	getNote,
	initBoard,
	moveNote,
	notesMap,
	readMeta,
	readNotes,
	setMeta,
	setNoteHidden,
	MAX_NOTES_PER_BOARD,
	type AddNoteInput
} from './board';
import { NOTE_TEXT_MAX } from '../text';
import { cellPosition } from './layout';

const ALICE = 'participant-alice';
const BOB = 'participant-bob';

function freshBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}

let seq = 0;
function input(patch: Partial<AddNoteInput> = {}): AddNoteInput {
	seq++;
	return {
		id: `note-${String(seq).padStart(4, '0')}`,
		text: 'バス停にベンチがほしい',
		kind: 'concern',
		authorId: ALICE,
		authorRole: 'participant',
		nickname: 'さくら',
		now: 1_000 + seq,
		...patch
	};
}

describe('board meta', () => {
	it('reads defaults from an empty document', () => {
		expect(readMeta(new Y.Doc())).toEqual({ step: 'issues', inputOpen: true, codeVersion: 0 });
	});

	it('ignores an unknown step stored in the document', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('step', 'no-such-step');
		expect(readMeta(doc).step).toBe('issues');
	});

	it('initBoard sets the meta once and does not overwrite it later', () => {
		const doc = new Y.Doc();
		initBoard(doc, { step: 'vision', inputOpen: false });
		expect(readMeta(doc)).toMatchObject({ step: 'vision', inputOpen: false });
		initBoard(doc, { step: 'issues', inputOpen: true });
		expect(readMeta(doc)).toMatchObject({ step: 'vision', inputOpen: false });
	});

	it('setMeta patches only the given fields', () => {
		const doc = freshBoard();
		setMeta(doc, { inputOpen: false });
		expect(readMeta(doc)).toEqual({ step: 'issues', inputOpen: false, codeVersion: 0 });
		setMeta(doc, { step: 'actions' });
		expect(readMeta(doc)).toEqual({ step: 'actions', inputOpen: false, codeVersion: 0 });
		setMeta(doc, { codeVersion: 3 });
		expect(readMeta(doc)).toEqual({ step: 'actions', inputOpen: false, codeVersion: 3 });
	});
});

describe('addNote', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
	});

	it('adds a note with the author, kind, a grid position and the trimmed text', () => {
		const r = addNote(doc, input({ id: 'first-note', text: '  公園が暗い  ', now: 42 }));
		expect(r.ok).toBe(true);
		const stored = getNote(doc, 'first-note');
		expect(stored).toMatchObject({
			id: 'first-note',
			text: '公園が暗い',
			kind: 'concern',
			authorId: ALICE,
			authorRole: 'participant',
			nickname: 'さくら',
			...cellPosition(0, 0),
			createdAt: 42,
			hidden: false
		});
		if (r.ok) expect(r.value).toEqual(stored);
	});

	it('stores a missing nickname as null', () => {
		addNote(doc, input({ id: 'anonymous-note', nickname: null }));
		expect(getNote(doc, 'anonymous-note')?.nickname).toBeNull();
	});

	it('places successive notes in distinct grid cells', () => {
		for (let i = 0; i < 8; i++) expect(addNote(doc, input()).ok).toBe(true);
		const cells = new Set(readNotes(doc).map((n) => `${n.x},${n.y}`));
		expect(cells.size).toBe(8);
		// (where exactly: placement.test.ts)
	});

	it(`accepts exactly ${NOTE_TEXT_MAX} characters and refuses one more`, () => {
		expect(addNote(doc, input({ text: 'あ'.repeat(NOTE_TEXT_MAX) })).ok).toBe(true);
		expect(addNote(doc, input({ text: 'あ'.repeat(NOTE_TEXT_MAX + 1) }))).toEqual({ ok: false, error: 'text_too_long' });
	});

	it('counts an emoji outside the BMP as one character (code points, not UTF-16 units)', () => {
		const emoji = '🌸'; // two UTF-16 code units
		expect(emoji.length).toBe(2);
		const r = addNote(doc, input({ id: 'emoji-note', text: emoji.repeat(NOTE_TEXT_MAX) }));
		expect(r.ok).toBe(true);
		expect(getNote(doc, 'emoji-note')?.text).toBe(emoji.repeat(NOTE_TEXT_MAX));
		expect(addNote(doc, input({ text: emoji.repeat(NOTE_TEXT_MAX + 1) }))).toEqual({ ok: false, error: 'text_too_long' });
	});

	it('counts the length after NFC normalisation and stores the composed form', () => {
		const decomposed = 'e\u0301'; // e + combining acute: two code points, one after NFC
		const text = decomposed.repeat(NOTE_TEXT_MAX);
		expect([...text].length).toBe(NOTE_TEXT_MAX * 2);
		const r = addNote(doc, input({ id: 'nfc-note', text }));
		expect(r.ok).toBe(true);
		expect(getNote(doc, 'nfc-note')?.text).toBe('\u00e9'.repeat(NOTE_TEXT_MAX));
	});

	it('refuses empty and whitespace-only text', () => {
		expect(addNote(doc, input({ text: '' }))).toEqual({ ok: false, error: 'text_empty' });
		expect(addNote(doc, input({ text: ' \n\u3000 ' }))).toEqual({ ok: false, error: 'text_empty' });
		expect(readNotes(doc)).toHaveLength(0);
	});

	it.each([
		['a bell', 'a\u0007b'],
		['a tab', 'a\tb'],
		['DEL', 'a\u007fb'],
		['a C1 control', 'a\u0085b'],
		['a line separator', 'a\u2028b'],
		['a bidi override', 'abc\u202Edef'],
		['a bidi isolate', 'a\u2066b\u2069']
	])('refuses %s inside the text', (_name, text) => {
		expect(addNote(doc, input({ text }))).toEqual({ ok: false, error: 'text_control_chars' });
		expect(readNotes(doc)).toHaveLength(0);
	});

	it('keeps line feeds and turns CR LF into LF', () => {
		addNote(doc, input({ id: 'multi-line', text: '一行目\r\n二行目\r三行目' }));
		expect(getNote(doc, 'multi-line')?.text).toBe('一行目\n二行目\n三行目');
	});

	it('refuses participants while input is closed but still lets staff add', () => {
		setMeta(doc, { inputOpen: false });
		expect(addNote(doc, input({ authorRole: 'participant' }))).toEqual({ ok: false, error: 'input_closed' });
		const staff = addNote(doc, input({ id: 'staff-note', authorRole: 'staff', authorId: 'staff-user' }));
		expect(staff.ok).toBe(true);
		expect(readNotes(doc).map((n) => n.id)).toEqual(['staff-note']);
		expect(getNote(doc, 'staff-note')?.authorRole).toBe('staff');
	});

	it('refuses a kind that the current step does not offer', () => {
		expect(addNote(doc, input({ kind: 'vision' }))).toEqual({ ok: false, error: 'bad_kind' });
		expect(addNote(doc, input({ kind: 'no-such-kind' }))).toEqual({ ok: false, error: 'bad_kind' });
		setMeta(doc, { step: 'vision' });
		expect(addNote(doc, input({ kind: 'vision' })).ok).toBe(true);
		expect(addNote(doc, input({ kind: 'concern' }))).toEqual({ ok: false, error: 'bad_kind' });
		setMeta(doc, { step: 'compile' });
		expect(addNote(doc, input({ kind: 'concern' }))).toEqual({ ok: false, error: 'bad_kind' });
	});

	it('refuses a duplicate id and leaves the first note untouched', () => {
		expect(addNote(doc, input({ id: 'same-id-01', text: '最初' })).ok).toBe(true);
		expect(addNote(doc, input({ id: 'same-id-01', text: '二回目', authorId: BOB }))).toEqual({ ok: false, error: 'note_exists' });
		expect(readNotes(doc)).toHaveLength(1);
		expect(getNote(doc, 'same-id-01')).toMatchObject({ text: '最初', authorId: ALICE });
	});

	it(`refuses new notes once the board holds ${MAX_NOTES_PER_BOARD}`, () => {
		const notes = notesMap(doc);
		doc.transact(() => {
			for (let i = 0; i < MAX_NOTES_PER_BOARD; i++) {
				const m = new Y.Map<unknown>();
				m.set('text', 'x');
				notes.set(`filler-${i}`, m);
			}
		});
		expect(addNote(doc, input())).toEqual({ ok: false, error: 'board_full' });
	});

	it('produces one Yjs update per note that a replica can apply', () => {
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		addNote(doc, input({ id: 'replicated' }));
		expect(updates).toHaveLength(1);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		expect(readNotes(replica)).toEqual(readNotes(doc));
	});
});

describe('editOwnNote and deleteOwnNote', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
		addNote(doc, input({ id: 'alice-note', authorId: ALICE, text: 'もとの文' }));
		addNote(doc, input({ id: 'bob-note-1', authorId: BOB, text: 'ボブの付箋' }));
	});

	it('lets the author edit their own note, normalising the text', () => {
		const r = editOwnNote(doc, { id: 'alice-note', authorId: ALICE, text: '  直した文 ' });
		expect(r.ok).toBe(true);
		expect(getNote(doc, 'alice-note')?.text).toBe('直した文');
	});

	it("refuses to edit someone else's note", () => {
		expect(editOwnNote(doc, { id: 'bob-note-1', authorId: ALICE, text: '乗っ取り' })).toEqual({ ok: false, error: 'not_owner' });
		expect(getNote(doc, 'bob-note-1')?.text).toBe('ボブの付箋');
	});

	it('refuses to edit a note that does not exist', () => {
		expect(editOwnNote(doc, { id: 'missing-note', authorId: ALICE, text: 'x' })).toEqual({ ok: false, error: 'note_not_found' });
	});

	it('validates the new text like a new note', () => {
		expect(editOwnNote(doc, { id: 'alice-note', authorId: ALICE, text: 'x'.repeat(NOTE_TEXT_MAX + 1) })).toEqual({
			ok: false,
			error: 'text_too_long'
		});
		expect(editOwnNote(doc, { id: 'alice-note', authorId: ALICE, text: '   ' })).toEqual({ ok: false, error: 'text_empty' });
		expect(getNote(doc, 'alice-note')?.text).toBe('もとの文');
	});

	it('refuses edits while input is closed', () => {
		setMeta(doc, { inputOpen: false });
		expect(editOwnNote(doc, { id: 'alice-note', authorId: ALICE, text: '変更' })).toEqual({ ok: false, error: 'input_closed' });
		expect(getNote(doc, 'alice-note')?.text).toBe('もとの文');
	});

	it('does not produce an update when the text is unchanged', () => {
		let updates = 0;
		doc.on('update', () => updates++);
		expect(editOwnNote(doc, { id: 'alice-note', authorId: ALICE, text: 'もとの文' }).ok).toBe(true);
		expect(updates).toBe(0);
	});

	it('lets the author delete their own note only', () => {
		expect(deleteOwnNote(doc, { id: 'bob-note-1', authorId: ALICE })).toEqual({ ok: false, error: 'not_owner' });
		expect(getNote(doc, 'bob-note-1')).not.toBeNull();
		expect(deleteOwnNote(doc, { id: 'alice-note', authorId: ALICE })).toEqual({ ok: true, value: { id: 'alice-note' } });
		expect(getNote(doc, 'alice-note')).toBeNull();
		expect(readNotes(doc).map((n) => n.id)).toEqual(['bob-note-1']);
	});

	it('reports a missing note on delete', () => {
		expect(deleteOwnNote(doc, { id: 'missing-note', authorId: ALICE })).toEqual({ ok: false, error: 'note_not_found' });
	});
});

describe('readNotes', () => {
	it('lists notes oldest first, ties broken by id, whatever the insertion order', () => {
		const doc = freshBoard();
		addNote(doc, input({ id: 'note-c', now: 300 }));
		addNote(doc, input({ id: 'note-b', now: 100 }));
		addNote(doc, input({ id: 'note-z', now: 200 }));
		addNote(doc, input({ id: 'note-a', now: 200 }));
		expect(readNotes(doc).map((n) => n.id)).toEqual(['note-b', 'note-a', 'note-z', 'note-c']);
	});

	it('skips entries of the notes map that are not maps and defaults missing fields', () => {
		const doc = freshBoard();
		const notes = doc.getMap<unknown>('notes');
		notes.set('garbage', 'not a map');
		const partial = new Y.Map<unknown>();
		partial.set('text', 42);
		partial.set('authorRole', 'admin');
		notes.set('partial', partial);
		const listed = readNotes(doc);
		expect(listed.map((n) => n.id)).toEqual(['partial']);
		expect(listed[0]).toMatchObject({
			text: '',
			kind: 'concern',
			authorId: '',
			authorRole: 'participant',
			nickname: null,
			x: 0,
			y: 0,
			createdAt: 0,
			hidden: false
		});
		expect(getNote(doc, 'garbage')).toBeNull();
	});
});

describe('moveNote', () => {
	it('moves a note to rounded coordinates', () => {
		const doc = freshBoard();
		addNote(doc, input({ id: 'movable-1' }));
		expect(moveNote(doc, 'movable-1', 100.4, 250.6).ok).toBe(true);
		expect(getNote(doc, 'movable-1')).toMatchObject({ x: 100, y: 251 });
	});

	it('reports a missing note', () => {
		expect(moveNote(freshBoard(), 'missing-note', 1, 2)).toEqual({ ok: false, error: 'note_not_found' });
	});
});

describe('setNoteHidden', () => {
	it('hides and restores a note without removing it', () => {
		const doc = freshBoard();
		addNote(doc, input({ id: 'moderated' }));
		expect(setNoteHidden(doc, 'moderated', true).ok).toBe(true);
		expect(getNote(doc, 'moderated')?.hidden).toBe(true);
		expect(readNotes(doc)).toHaveLength(1);
		expect(setNoteHidden(doc, 'moderated', false).ok).toBe(true);
		expect(getNote(doc, 'moderated')?.hidden).toBe(false);
	});

	it('does not produce an update when nothing changes, and reports a missing note', () => {
		const doc = freshBoard();
		addNote(doc, input({ id: 'visible-1' }));
		let updates = 0;
		doc.on('update', () => updates++);
		expect(setNoteHidden(doc, 'visible-1', false).ok).toBe(true);
		expect(updates).toBe(0);
		expect(setNoteHidden(doc, 'missing-note', true)).toEqual({ ok: false, error: 'note_not_found' });
	});
});

/** Items in a document's state as a new client receives it (live values, overwritten ones, types). */
function structCount(doc: Y.Doc): number {
	const decoded = Y.decodeUpdate(Y.encodeStateAsUpdate(doc));
	return decoded.structs.length;
}

describe('note shape', () => {
	it('stores a new note as text, by and pos (a hidden flag and theme only when set)', () => {
		const doc = freshBoard();
		addNote(doc, input({ id: 'shape-1', tableId: 't2' }));
		const m = notesMap(doc).get('shape-1')!;
		expect([...m.keys()].sort()).toEqual(['by', 'pos', 'text']);
		expect(m.get('by')).toEqual({ v: 3, kind: 'concern', authorId: ALICE, authorRole: 'participant', nickname: 'さくら', createdAt: expect.any(Number), tableId: 't2' });
		setNoteHidden(doc, 'shape-1', true);
		expect(m.get('hidden')).toBe(true);
		setNoteHidden(doc, 'shape-1', false);
		expect(m.has('hidden')).toBe(false);
		expect(getNote(doc, 'shape-1')).toMatchObject({ hidden: false, tableId: 't2', themeId: null });
	});

	it('leaves one overwritten item per move, and new notes cost 4 items each', () => {
		const doc = freshBoard();
		const before = structCount(doc);
		for (let i = 0; i < 10; i++) addNote(doc, input({ id: `cost-${i}` }));
		const added = structCount(doc) - before;
		expect(added).toBe(40); // the note's Y.Map, text, by, pos
		for (let i = 0; i < 10; i++) moveNote(doc, `cost-${i}`, i * 10, i * 20);
		expect(structCount(doc) - before - added).toBe(10);
	});

	it('moves of one note from two laptops at once end at one laptop position on every replica, never mixed', () => {
		const a = freshBoard();
		addNote(a, input({ id: 'contested' }));
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		moveNote(a, 'contested', 100, 200);
		moveNote(b, 'contested', 900, 800);
		const ua = Y.encodeStateAsUpdate(a);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, ua);
		const pa = getNote(a, 'contested')!;
		expect({ x: pa.x, y: pa.y }).toEqual({ x: getNote(b, 'contested')!.x, y: getNote(b, 'contested')!.y });
		expect([{ x: 100, y: 200 }, { x: 900, y: 800 }]).toContainEqual({ x: pa.x, y: pa.y });
	});

	/** A note as boards written before the `by`/`pos` shape hold it. */
	function earlierShapeNote(doc: Y.Doc, id: string): Y.Map<unknown> {
		const m = new Y.Map<unknown>();
		doc.transact(() => {
			m.set('text', '古い形の付箋');
			m.set('kind', 'strength');
			m.set('authorId', BOB);
			m.set('authorRole', 'staff');
			m.set('nickname', '');
			m.set('x', 300);
			m.set('y', 400);
			m.set('createdAt', 42);
			m.set('hidden', false);
			m.set('tableId', 'main');
			m.set('themeId', '');
			notesMap(doc).set(id, m);
		});
		return m;
	}

	it('reads notes of the earlier shape, and their authors can still edit and delete them', () => {
		const doc = freshBoard();
		earlierShapeNote(doc, 'old-1');
		expect(getNote(doc, 'old-1')).toEqual({
			id: 'old-1',
			text: '古い形の付箋',
			kind: 'strength',
			authorId: BOB,
			authorRole: 'staff',
			nickname: null,
			x: 300,
			y: 400,
			createdAt: 42,
			hidden: false,
			themeId: null,
			tableId: 'main',
			cell: null,
			actionId: null
		});
		expect(editOwnNote(doc, { id: 'old-1', authorId: ALICE, text: 'x' })).toEqual({ ok: false, error: 'not_owner' });
		expect(editOwnNote(doc, { id: 'old-1', authorId: BOB, text: '直した' }).ok).toBe(true);
		expect(deleteOwnNote(doc, { id: 'old-1', authorId: BOB }).ok).toBe(true);
	});

	it('moves an earlier-shape note to pos and drops its x/y; x/y written later by a page of the earlier build win', () => {
		const doc = freshBoard();
		const m = earlierShapeNote(doc, 'old-2');
		moveNote(doc, 'old-2', 10, 20);
		expect(m.has('x') || m.has('y')).toBe(false);
		expect(getNote(doc, 'old-2')).toMatchObject({ x: 10, y: 20 });
		// a laptop still running the earlier page moves it (or a note of the new shape) its way
		doc.transact(() => {
			m.set('x', 555);
			m.set('y', 666);
		});
		expect(getNote(doc, 'old-2')).toMatchObject({ x: 555, y: 666 });
		addNote(doc, input({ id: 'new-1' }));
		const n = notesMap(doc).get('new-1')!;
		doc.transact(() => {
			n.set('x', 7);
			n.set('y', 8);
		});
		expect(getNote(doc, 'new-1')).toMatchObject({ x: 7, y: 8 });
		moveNote(doc, 'new-1', 70, 80);
		expect(getNote(doc, 'new-1')).toMatchObject({ x: 70, y: 80 });
		expect([...n.keys()].sort()).toEqual(['by', 'pos', 'text']);
	});
});
