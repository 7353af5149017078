import { describe, it, expect } from 'vitest';
import type { Note } from '../domain/board/board';
import { filterNotes, notePage, keyOf, searchable } from './noteList';

const note = (i: number, patch: Partial<Note> = {}): Note => ({
	id: `n${String(i).padStart(3, '0')}`,
	text: `note ${i}`,
	kind: 'concern',
	authorId: 'p1',
	authorRole: 'participant',
	nickname: null,
	x: 0,
	y: 0,
	createdAt: 1000 + i,
	hidden: false,
	themeId: null,
	tableId: 'main',
	cell: null,
	actionId: null,
	...patch
});
const board = (n: number) => Array.from({ length: n }, (_, i) => note(i));
const ids = (ns: readonly Note[]) => ns.map((n) => n.id);

describe('filterNotes', () => {
	it('lists newest first, keeping the objects', () => {
		const notes = board(3);
		const out = filterNotes(notes, '', false);
		expect(ids(out)).toEqual(['n002', 'n001', 'n000']);
		expect(out[0]).toBe(notes[2]);
	});

	it('finds text and nicknames regardless of width and case, and hidden notes only', () => {
		const notes = [note(0, { text: 'バス停にベンチがない' }), note(1, { text: 'ＷｉＦｉがほしい' }), note(2, { nickname: 'はなこ' }), note(3, { hidden: true, text: 'バス 広告' })];
		expect(ids(filterNotes(notes, ' wifi ', false))).toEqual(['n001']);
		expect(ids(filterNotes(notes, 'はな', false))).toEqual(['n002']);
		expect(ids(filterNotes(notes, 'バス', false))).toEqual(['n003', 'n000']);
		expect(ids(filterNotes(notes, 'バス', true))).toEqual(['n003']);
		expect(ids(filterNotes(notes, '', true))).toEqual(['n003']);
		expect(searchable('ＡＢＣ')).toBe('abc');
	});
});

describe('notePage', () => {
	it('pages through the list with older and newer anchors', () => {
		const list = filterNotes(board(60), '', false);
		const p1 = notePage(list, null, 25);
		expect(p1.start).toBe(0);
		expect(ids(p1.rows)).toHaveLength(25);
		expect(p1.rows[0]!.id).toBe('n059');
		expect(p1.newer).toBeUndefined();
		expect(p1.older).toEqual(keyOf(list[25]!));
		const p2 = notePage(list, p1.older, 25);
		expect(p2.start).toBe(25);
		expect(p2.newer).toBeNull(); // back to the live first page
		const p3 = notePage(list, p2.older, 25);
		expect(p3.start).toBe(50);
		expect(p3.rows).toHaveLength(10);
		expect(p3.older).toBeNull();
		expect(p3.newer).toEqual(keyOf(list[25]!));
	});

	it('keeps an older page in place while new notes arrive, and survives its anchor going away', () => {
		const notes = board(60);
		const anchor = notePage(filterNotes(notes, '', false), null, 25).older!;
		const before = notePage(filterNotes(notes, '', false), anchor, 25);
		const grown = [...notes, note(60), note(61)];
		const after = notePage(filterNotes(grown, '', false), anchor, 25);
		expect(ids(after.rows)).toEqual(ids(before.rows));
		expect(after.start).toBe(27);
		// the anchor note was deleted: the page starts at the next older one
		const without = grown.filter((n) => n.id !== anchor.id);
		const moved = notePage(filterNotes(without, '', false), anchor, 25);
		expect(moved.rows[0]!.id).toBe(before.rows[1]!.id);
		// every older note went away: the last page
		const few = notePage(filterNotes(board(10).map((n) => ({ ...n, createdAt: n.createdAt + 100 })), '', false), anchor, 25);
		expect(few.start).toBe(0);
		expect(few.rows).toHaveLength(10);
	});

	it('gives an empty page for an empty list', () => {
		const p = notePage([], null);
		expect(p).toEqual({ rows: [], start: 0, total: 0, older: null, newer: undefined });
	});
});
