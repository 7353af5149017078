import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import { addNote, getNote, initBoard, notesMap, readNotes, type AddNoteInput } from './board';
import {
	assignNotes,
	createTheme,
	dissolveTheme,
	getTheme,
	mergeThemes,
	moveTheme,
	readThemes,
	renameTheme,
	setThemeRanking,
	themesMap,
	CATCHPHRASE_MAX,
	THEME_TITLE_MAX
} from './themes';

const ALICE = 'participant-alice';

function freshBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}

let seq = 0;
function note(doc: Y.Doc, id: string, patch: Partial<AddNoteInput> = {}): void {
	seq++;
	const r = addNote(doc, {
		id,
		text: `付箋 ${seq}`,
		kind: 'concern',
		authorId: ALICE,
		authorRole: 'participant',
		nickname: null,
		now: 1_000 + seq,
		...patch
	});
	if (!r.ok) throw new Error(`could not add note ${id}: ${r.error}`);
}

function theme(doc: Y.Doc, id: string, title: string, now: number, noteIds?: string[]): void {
	const r = createTheme(doc, { id, title, x: 0, y: 0, now, noteIds });
	if (!r.ok) throw new Error(`could not create theme ${id}: ${r.error}`);
}

function themeOf(doc: Y.Doc, noteId: string): string | null | undefined {
	return getNote(doc, noteId)?.themeId;
}

/** Exchange full states both ways, as the sync server would eventually. */
function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('createTheme', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
		note(doc, 'note-aaa1');
		note(doc, 'note-bbb2');
		note(doc, 'note-ccc3');
	});

	it('creates an empty theme with defaults and rounded coordinates', () => {
		const r = createTheme(doc, { id: 'theme-1', title: '  移動の足  ', x: 10.4, y: 20.6, now: 500 });
		expect(r).toEqual({
			ok: true,
			value: {
				id: 'theme-1',
				title: '移動の足',
				catchphrase: '',
				tableId: 'main',
				x: 10,
				y: 21,
				createdAt: 500,
				priority: null,
				votes: null
			}
		});
		if (r.ok) expect(getTheme(doc, 'theme-1')).toEqual(r.value);
		expect(readNotes(doc).every((n) => n.themeId === null)).toBe(true);
	});

	it('keeps the table it was created on', () => {
		const r = createTheme(doc, { id: 'theme-east', title: '', tableId: 'east', x: 0, y: 0, now: 1 });
		expect(r.ok && r.value.tableId).toBe('east');
		expect(getTheme(doc, 'theme-east')?.tableId).toBe('east');
	});

	it('allows an empty or whitespace-only title (named later)', () => {
		expect(createTheme(doc, { id: 'theme-empty', title: '', x: 0, y: 0, now: 1 }).ok).toBe(true);
		expect(createTheme(doc, { id: 'theme-blank', title: ' \n ', x: 0, y: 0, now: 2 }).ok).toBe(true);
		expect(getTheme(doc, 'theme-empty')?.title).toBe('');
		expect(getTheme(doc, 'theme-blank')?.title).toBe('');
	});

	it('takes the given notes into the theme at once, skipping unknown ids, in a single update', () => {
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		const r = createTheme(doc, { id: 'theme-2', title: '居場所', x: 0, y: 0, now: 2, noteIds: ['note-aaa1', 'note-ccc3', 'no-such-note'] });
		expect(r.ok).toBe(true);
		expect(updates).toHaveLength(1);
		expect(themeOf(doc, 'note-aaa1')).toBe('theme-2');
		expect(themeOf(doc, 'note-bbb2')).toBeNull();
		expect(themeOf(doc, 'note-ccc3')).toBe('theme-2');
		expect(getNote(doc, 'no-such-note')).toBeNull();
	});

	it('takes notes away from the theme they were in', () => {
		theme(doc, 'theme-old', '古い', 1, ['note-aaa1', 'note-bbb2']);
		theme(doc, 'theme-new', '新しい', 2, ['note-bbb2']);
		expect(themeOf(doc, 'note-aaa1')).toBe('theme-old');
		expect(themeOf(doc, 'note-bbb2')).toBe('theme-new');
	});

	it('refuses a duplicate id and leaves the first theme and its notes untouched', () => {
		theme(doc, 'theme-dup', '最初', 1, ['note-aaa1']);
		expect(createTheme(doc, { id: 'theme-dup', title: '二回目', x: 5, y: 5, now: 2, noteIds: ['note-bbb2'] })).toEqual({
			ok: false,
			error: 'theme_exists'
		});
		expect(getTheme(doc, 'theme-dup')).toMatchObject({ title: '最初', x: 0, y: 0, createdAt: 1 });
		expect(themeOf(doc, 'note-bbb2')).toBeNull();
		expect(readThemes(doc)).toHaveLength(1);
	});

	it(`accepts a title of exactly ${THEME_TITLE_MAX} characters and refuses one more, creating nothing`, () => {
		expect(createTheme(doc, { id: 'theme-max', title: '題'.repeat(THEME_TITLE_MAX), x: 0, y: 0, now: 1 }).ok).toBe(true);
		expect(createTheme(doc, { id: 'theme-long', title: '題'.repeat(THEME_TITLE_MAX + 1), x: 0, y: 0, now: 2, noteIds: ['note-aaa1'] })).toEqual({
			ok: false,
			error: 'text_too_long'
		});
		expect(getTheme(doc, 'theme-long')).toBeNull();
		expect(themeOf(doc, 'note-aaa1')).toBeNull();
	});

	it('refuses control characters in the title', () => {
		expect(createTheme(doc, { id: 'theme-bell', title: 'a\u0007b', x: 0, y: 0, now: 1 })).toEqual({ ok: false, error: 'text_control_chars' });
		expect(createTheme(doc, { id: 'theme-bidi', title: 'abc\u202Edef', x: 0, y: 0, now: 1 })).toEqual({ ok: false, error: 'text_control_chars' });
		expect(readThemes(doc)).toEqual([]);
	});

	it('turns line breaks in the title into spaces', () => {
		theme(doc, 'theme-lines', '一行目\r\n二行目', 1);
		expect(getTheme(doc, 'theme-lines')?.title).toBe('一行目 二行目');
	});
});

describe('renameTheme', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
		theme(doc, 'theme-1', 'もとの題', 1);
	});

	it('changes the title and the catch-phrase independently', () => {
		const r = renameTheme(doc, 'theme-1', { title: '  新しい題 ' });
		expect(r.ok && r.value).toMatchObject({ title: '新しい題', catchphrase: '' });
		renameTheme(doc, 'theme-1', { catchphrase: ' みんなで歩ける町 ' });
		expect(getTheme(doc, 'theme-1')).toMatchObject({ title: '新しい題', catchphrase: 'みんなで歩ける町' });
		const both = renameTheme(doc, 'theme-1', { title: 'A', catchphrase: 'B' });
		expect(both.ok && both.value).toMatchObject({ title: 'A', catchphrase: 'B' });
		if (both.ok) expect(getTheme(doc, 'theme-1')).toEqual(both.value);
	});

	it('clears the title or the catch-phrase with an empty string', () => {
		renameTheme(doc, 'theme-1', { catchphrase: '合言葉' });
		expect(renameTheme(doc, 'theme-1', { title: '', catchphrase: '   ' }).ok).toBe(true);
		expect(getTheme(doc, 'theme-1')).toMatchObject({ title: '', catchphrase: '' });
	});

	it(`limits the title to ${THEME_TITLE_MAX} and the catch-phrase to ${CATCHPHRASE_MAX} characters`, () => {
		expect(renameTheme(doc, 'theme-1', { title: 'あ'.repeat(THEME_TITLE_MAX) }).ok).toBe(true);
		expect(renameTheme(doc, 'theme-1', { title: 'い'.repeat(THEME_TITLE_MAX + 1) })).toEqual({ ok: false, error: 'text_too_long' });
		expect(getTheme(doc, 'theme-1')?.title).toBe('あ'.repeat(THEME_TITLE_MAX));

		// the catch-phrase has its own, longer limit
		expect(renameTheme(doc, 'theme-1', { catchphrase: 'う'.repeat(CATCHPHRASE_MAX) }).ok).toBe(true);
		expect(renameTheme(doc, 'theme-1', { catchphrase: 'え'.repeat(CATCHPHRASE_MAX + 1) })).toEqual({ ok: false, error: 'text_too_long' });
		expect(getTheme(doc, 'theme-1')?.catchphrase).toBe('う'.repeat(CATCHPHRASE_MAX));
	});

	it('counts an astral emoji once against the limit', () => {
		expect(renameTheme(doc, 'theme-1', { title: '🌸'.repeat(THEME_TITLE_MAX) }).ok).toBe(true);
		expect(renameTheme(doc, 'theme-1', { title: '🌸'.repeat(THEME_TITLE_MAX + 1) })).toEqual({ ok: false, error: 'text_too_long' });
	});

	it.each([
		['a bell', 'a\u0007b'],
		['a tab', 'a\tb'],
		['DEL', 'a\u007fb'],
		['a paragraph separator', 'a\u2029b'],
		['a bidi override', 'abc\u202Edef']
	])('refuses %s in the title or the catch-phrase', (_name, text) => {
		expect(renameTheme(doc, 'theme-1', { title: text })).toEqual({ ok: false, error: 'text_control_chars' });
		expect(renameTheme(doc, 'theme-1', { catchphrase: text })).toEqual({ ok: false, error: 'text_control_chars' });
		expect(getTheme(doc, 'theme-1')).toMatchObject({ title: 'もとの題', catchphrase: '' });
	});

	it('changes nothing when one of the two fields is invalid', () => {
		expect(renameTheme(doc, 'theme-1', { title: '有効な題', catchphrase: 'x'.repeat(CATCHPHRASE_MAX + 1) })).toEqual({
			ok: false,
			error: 'text_too_long'
		});
		expect(renameTheme(doc, 'theme-1', { title: 'a\u0000', catchphrase: '有効' })).toEqual({ ok: false, error: 'text_control_chars' });
		expect(getTheme(doc, 'theme-1')).toMatchObject({ title: 'もとの題', catchphrase: '' });
	});

	it('turns line breaks into spaces in both fields', () => {
		renameTheme(doc, 'theme-1', { title: 'a\nb', catchphrase: 'c\r\nd' });
		expect(getTheme(doc, 'theme-1')).toMatchObject({ title: 'a b', catchphrase: 'c d' });
	});

	it('does not produce an update when nothing changes', () => {
		let updates = 0;
		doc.on('update', () => updates++);
		expect(renameTheme(doc, 'theme-1', { title: ' もとの題 ', catchphrase: '' }).ok).toBe(true);
		expect(renameTheme(doc, 'theme-1', {}).ok).toBe(true);
		expect(updates).toBe(0);
	});

	it('reports a missing theme', () => {
		expect(renameTheme(doc, 'no-such-theme', { title: 'x' })).toEqual({ ok: false, error: 'theme_not_found' });
	});
});

describe('moveTheme', () => {
	it('moves a theme to rounded coordinates and leaves the rest alone', () => {
		const doc = freshBoard();
		theme(doc, 'theme-1', '題', 7);
		expect(moveTheme(doc, 'theme-1', -12.6, 300.5)).toEqual({ ok: true, value: null });
		expect(getTheme(doc, 'theme-1')).toMatchObject({ x: -13, y: 301, title: '題', createdAt: 7 });
	});

	it('reports a missing theme', () => {
		expect(moveTheme(freshBoard(), 'no-such-theme', 1, 2)).toEqual({ ok: false, error: 'theme_not_found' });
	});
});

describe('assignNotes', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
		note(doc, 'note-aaa1');
		note(doc, 'note-bbb2');
		note(doc, 'note-ccc3');
		theme(doc, 'theme-1', '一', 1);
		theme(doc, 'theme-2', '二', 2);
	});

	it('puts notes into a theme and counts only those that moved', () => {
		expect(assignNotes(doc, ['note-aaa1', 'note-bbb2'], 'theme-1')).toEqual({ ok: true, value: 2 });
		expect(assignNotes(doc, ['note-aaa1', 'note-bbb2', 'note-ccc3'], 'theme-1')).toEqual({ ok: true, value: 1 });
		expect(readNotes(doc).map((n) => n.themeId)).toEqual(['theme-1', 'theme-1', 'theme-1']);
	});

	it('moves notes from one theme to another', () => {
		assignNotes(doc, ['note-aaa1', 'note-bbb2'], 'theme-1');
		expect(assignNotes(doc, ['note-bbb2'], 'theme-2')).toEqual({ ok: true, value: 1 });
		expect(themeOf(doc, 'note-aaa1')).toBe('theme-1');
		expect(themeOf(doc, 'note-bbb2')).toBe('theme-2');
	});

	it('takes notes out with null', () => {
		assignNotes(doc, ['note-aaa1', 'note-bbb2'], 'theme-1');
		expect(assignNotes(doc, ['note-aaa1'], null)).toEqual({ ok: true, value: 1 });
		expect(themeOf(doc, 'note-aaa1')).toBeNull();
		expect(notesMap(doc).get('note-aaa1')!.has('themeId')).toBe(false); // the key goes: no value kept for "none"
		expect(themeOf(doc, 'note-bbb2')).toBe('theme-1');
		// already out (whether never grouped or taken out): nothing moves
		expect(assignNotes(doc, ['note-aaa1', 'note-ccc3'], null)).toEqual({ ok: true, value: 0 });
	});

	it('does not produce an update when nothing moves', () => {
		assignNotes(doc, ['note-aaa1'], 'theme-1');
		let updates = 0;
		doc.on('update', () => updates++);
		assignNotes(doc, ['note-aaa1'], 'theme-1');
		assignNotes(doc, ['note-bbb2'], null);
		assignNotes(doc, [], 'theme-2');
		expect(updates).toBe(0);
	});

	it('skips unknown note ids', () => {
		expect(assignNotes(doc, ['no-such-note', 'note-ccc3'], 'theme-2')).toEqual({ ok: true, value: 1 });
		expect(themeOf(doc, 'note-ccc3')).toBe('theme-2');
		expect(getNote(doc, 'no-such-note')).toBeNull();
	});

	it('refuses an unknown theme and moves nothing', () => {
		assignNotes(doc, ['note-aaa1'], 'theme-1');
		expect(assignNotes(doc, ['note-aaa1', 'note-bbb2'], 'no-such-theme')).toEqual({ ok: false, error: 'theme_not_found' });
		expect(themeOf(doc, 'note-aaa1')).toBe('theme-1');
		expect(themeOf(doc, 'note-bbb2')).toBeNull();
	});
});

describe('mergeThemes', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
		note(doc, 'note-aaa1');
		note(doc, 'note-bbb2');
		note(doc, 'note-ccc3');
		note(doc, 'note-ddd4');
		theme(doc, 'theme-from', '移る側', 1, ['note-aaa1', 'note-bbb2']);
		theme(doc, 'theme-into', '残る側', 2, ['note-ccc3']);
		renameTheme(doc, 'theme-into', { catchphrase: '残る合言葉' });
	});

	it('moves the notes into the surviving theme and removes the source', () => {
		expect(mergeThemes(doc, 'theme-from', 'theme-into')).toEqual({ ok: true, value: null });
		expect(getTheme(doc, 'theme-from')).toBeNull();
		expect(readThemes(doc).map((t) => t.id)).toEqual(['theme-into']);
		expect(readNotes(doc).map((n) => [n.id, n.themeId])).toEqual([
			['note-aaa1', 'theme-into'],
			['note-bbb2', 'theme-into'],
			['note-ccc3', 'theme-into'],
			['note-ddd4', null]
		]);
		// the surviving theme keeps its own title and catch-phrase
		expect(getTheme(doc, 'theme-into')).toMatchObject({ title: '残る側', catchphrase: '残る合言葉' });
	});

	it('applies as one update', () => {
		let updates = 0;
		doc.on('update', () => updates++);
		mergeThemes(doc, 'theme-from', 'theme-into');
		expect(updates).toBe(1);
	});

	it('refuses to merge a theme into itself', () => {
		expect(mergeThemes(doc, 'theme-from', 'theme-from')).toEqual({ ok: false, error: 'same_theme' });
		expect(getTheme(doc, 'theme-from')).not.toBeNull();
		expect(themeOf(doc, 'note-aaa1')).toBe('theme-from');
	});

	it('refuses an unknown source or target and changes nothing', () => {
		expect(mergeThemes(doc, 'no-such-theme', 'theme-into')).toEqual({ ok: false, error: 'theme_not_found' });
		expect(mergeThemes(doc, 'theme-from', 'no-such-theme')).toEqual({ ok: false, error: 'theme_not_found' });
		expect(readThemes(doc).map((t) => t.id)).toEqual(['theme-from', 'theme-into']);
		expect(themeOf(doc, 'note-aaa1')).toBe('theme-from');
		expect(themeOf(doc, 'note-bbb2')).toBe('theme-from');
	});
});

describe('dissolveTheme', () => {
	it('removes the theme and leaves its notes on the board, ungrouped', () => {
		const doc = freshBoard();
		note(doc, 'note-aaa1');
		note(doc, 'note-bbb2');
		note(doc, 'note-ccc3');
		theme(doc, 'theme-gone', '解散', 1, ['note-aaa1', 'note-bbb2']);
		theme(doc, 'theme-stay', '残る', 2, ['note-ccc3']);
		const before = readNotes(doc);
		expect(dissolveTheme(doc, 'theme-gone')).toEqual({ ok: true, value: null });
		expect(getTheme(doc, 'theme-gone')).toBeNull();
		expect(readThemes(doc).map((t) => t.id)).toEqual(['theme-stay']);
		const after = readNotes(doc);
		expect(after.map((n) => n.id)).toEqual(before.map((n) => n.id));
		expect(after.map((n) => n.themeId)).toEqual([null, null, 'theme-stay']);
		// positions and texts are untouched
		expect(after.map((n) => [n.x, n.y, n.text])).toEqual(before.map((n) => [n.x, n.y, n.text]));
	});

	it('reports a missing theme', () => {
		expect(dissolveTheme(freshBoard(), 'no-such-theme')).toEqual({ ok: false, error: 'theme_not_found' });
	});
});

describe('readThemes and setThemeRanking', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = freshBoard();
		theme(doc, 'theme-c', 'C', 300);
		theme(doc, 'theme-a', 'A', 100);
		theme(doc, 'theme-z', 'Z', 200);
		theme(doc, 'theme-b', 'B', 200);
	});

	it('lists unranked themes oldest first, ties broken by id', () => {
		expect(readThemes(doc).map((t) => t.id)).toEqual(['theme-a', 'theme-b', 'theme-z', 'theme-c']);
		expect(readThemes(doc).every((t) => t.priority === null && t.votes === null)).toBe(true);
	});

	it('stores priority 1.. in the given order with the vote counts and lists by priority', () => {
		setThemeRanking(doc, [
			{ id: 'theme-c', votes: 9 },
			{ id: 'theme-z', votes: 4 },
			{ id: 'theme-a', votes: 4 }
		]);
		expect(readThemes(doc).map((t) => [t.id, t.priority, t.votes])).toEqual([
			['theme-c', 1, 9],
			['theme-z', 2, 4],
			['theme-a', 3, 4],
			// not ranked: after the ranked ones
			['theme-b', null, null]
		]);
	});

	it('replaces a previous ranking entirely', () => {
		setThemeRanking(doc, [
			{ id: 'theme-a', votes: 3 },
			{ id: 'theme-b', votes: 2 },
			{ id: 'theme-c', votes: 1 }
		]);
		setThemeRanking(doc, [{ id: 'theme-z', votes: 5 }]);
		expect(readThemes(doc).map((t) => [t.id, t.priority, t.votes])).toEqual([
			['theme-z', 1, 5],
			['theme-a', null, null],
			['theme-b', null, null],
			['theme-c', null, null]
		]);
		setThemeRanking(doc, []);
		expect(readThemes(doc).map((t) => t.id)).toEqual(['theme-a', 'theme-b', 'theme-z', 'theme-c']);
	});

	it('skips entries of the themes map that are not maps and defaults missing fields', () => {
		const raw = doc.getMap<unknown>('themes');
		raw.set('garbage', 'not a map');
		const partial = new Y.Map<unknown>();
		partial.set('title', 42);
		partial.set('priority', 'first');
		raw.set('partial', partial);
		expect(getTheme(doc, 'garbage')).toBeNull();
		expect(getTheme(doc, 'partial')).toEqual({
			id: 'partial',
			title: '',
			catchphrase: '',
			tableId: 'main',
			x: 0,
			y: 0,
			createdAt: 0,
			priority: null,
			votes: null
		});
		expect(readThemes(doc).map((t) => t.id)).toEqual(['partial', 'theme-a', 'theme-b', 'theme-z', 'theme-c']);
		expect(themesMap(doc).size).toBe(6);
	});
});

describe('concurrent theme edits on two replicas', () => {
	let a: Y.Doc;
	let b: Y.Doc;
	beforeEach(() => {
		a = freshBoard();
		note(a, 'note-aaa1');
		note(a, 'note-bbb2');
		note(a, 'note-ccc3');
		theme(a, 'theme-1', 'もとの題', 1, ['note-aaa1']);
		b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readThemes(b)).toEqual(readThemes(a));
	});

	it('keeps a rename on one replica and a note assignment on the other', () => {
		expect(renameTheme(a, 'theme-1', { title: '新しい題' }).ok).toBe(true);
		expect(assignNotes(b, ['note-bbb2', 'note-ccc3'], 'theme-1')).toEqual({ ok: true, value: 2 });
		// before syncing each replica sees only its own change
		expect(getTheme(b, 'theme-1')?.title).toBe('もとの題');
		expect(themeOf(a, 'note-bbb2')).toBeNull();

		sync(a, b);
		for (const doc of [a, b]) {
			expect(getTheme(doc, 'theme-1')?.title).toBe('新しい題');
			expect(readNotes(doc).map((n) => n.themeId)).toEqual(['theme-1', 'theme-1', 'theme-1']);
		}
		expect(readThemes(a)).toEqual(readThemes(b));
		expect(readNotes(a)).toEqual(readNotes(b));
	});

	it('keeps concurrent edits of different fields of the same theme', () => {
		renameTheme(a, 'theme-1', { title: 'Aの題' });
		renameTheme(b, 'theme-1', { catchphrase: 'Bの合言葉' });
		moveTheme(b, 'theme-1', 400, 500);
		sync(a, b);
		for (const doc of [a, b]) expect(getTheme(doc, 'theme-1')).toMatchObject({ title: 'Aの題', catchphrase: 'Bの合言葉', x: 400, y: 500 });
	});

	it('converges on one title when both replicas rename the same field', () => {
		renameTheme(a, 'theme-1', { title: 'Aの題' });
		renameTheme(b, 'theme-1', { title: 'Bの題' });
		sync(a, b);
		const title = getTheme(a, 'theme-1')?.title;
		expect(['Aの題', 'Bの題']).toContain(title);
		expect(getTheme(b, 'theme-1')?.title).toBe(title);
	});

	it('keeps themes created concurrently on both replicas', () => {
		theme(a, 'theme-a', 'A側', 10, ['note-bbb2']);
		theme(b, 'theme-b', 'B側', 20, ['note-ccc3']);
		sync(a, b);
		for (const doc of [a, b]) {
			expect(readThemes(doc).map((t) => t.id)).toEqual(['theme-1', 'theme-a', 'theme-b']);
			expect(readNotes(doc).map((n) => n.themeId)).toEqual(['theme-1', 'theme-a', 'theme-b']);
		}
	});
});
