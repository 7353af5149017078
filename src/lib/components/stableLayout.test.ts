import { describe, it, expect } from 'vitest';
import { layoutBoard } from '../domain/board/layout';
import type { Note } from '../domain/board/board';
import type { Theme } from '../domain/board/themes';
import type { KindDef } from '../domain/board/kinds';
import { LayoutMemo, shallowEqual } from './stableLayout';

const note = (id: string, patch: Partial<Note> = {}): Note => ({
	id,
	text: `text ${id}`,
	kind: 'concern',
	authorId: 'p1',
	authorRole: 'participant',
	nickname: null,
	x: 10,
	y: 20,
	createdAt: 1,
	hidden: false,
	themeId: null,
	tableId: 'main',
	cell: null,
	actionId: null,
	...patch
});
const theme = (id: string): Theme => ({ id, title: 'T', catchphrase: '', tableId: 'main', x: 0, y: 500, createdAt: 1, priority: null, votes: null });

describe('LayoutMemo', () => {
	it('keeps the objects of unchanged notes and themes when the board is read again', () => {
		const memo = new LayoutMemo();
		const a = memo.layout(layoutBoard([note('a'), note('b', { themeId: 't' })], [theme('t')]));
		// a fresh read of the same board plus one new note: new objects everywhere
		const b = memo.layout(layoutBoard([note('a'), note('b', { themeId: 't' }), note('c', { x: 300 })], [theme('t')]));
		expect(b.notes[0]).toBe(a.notes[0]);
		expect(b.notes.find((p) => p.note.id === 'b')).toBe(a.notes.find((p) => p.note.id === 'b'));
		expect(b.themes[0]).toBe(a.themes[0]);
		expect(b.notes.find((p) => p.note.id === 'c')?.note.x).toBe(300);
	});

	it('gives a changed note, a moved note and a theme with new members new objects', () => {
		const memo = new LayoutMemo();
		const a = memo.layout(layoutBoard([note('a'), note('b')], [theme('t')]));
		const b = memo.layout(layoutBoard([note('a', { text: 'edited' }), note('b', { x: 99 })], [theme('t')]));
		expect(b.notes[0]).not.toBe(a.notes[0]);
		expect(b.notes[0]!.note.text).toBe('edited');
		expect(b.notes[1]).not.toBe(a.notes[1]);
		const c = memo.layout(layoutBoard([note('a', { text: 'edited', themeId: 't' }), note('b', { x: 99 })], [theme('t')]));
		expect(c.themes[0]).not.toBe(b.themes[0]);
		expect(c.themes[0]!.noteIds).toEqual(['a']);
	});

	it('keeps kind definitions and vote counts that did not change', () => {
		const memo = new LayoutMemo();
		const defs = (label: string) => new Map<string, KindDef>([['concern', { id: 'concern', label, colour: 'yellow' }]]);
		const k1 = memo.kinds(defs('課題'));
		expect(memo.kinds(defs('課題'))).toBe(k1);
		expect(memo.kinds(defs('困りごと'))).not.toBe(k1);
		const v1 = memo.votes(new Map([['t', 2]]));
		expect(memo.votes(new Map([['t', 2]]))).toBe(v1);
		expect(memo.votes(new Map([['t', 3]]))?.get('t')).toBe(3);
		expect(memo.votes(null)).toBeNull();
	});

	it('shallowEqual compares own primitive values and arrays element by element', () => {
		expect(shallowEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toBe(true);
		expect(shallowEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
		expect(shallowEqual({ a: { x: 1 } }, { a: { x: 1 } })).toBe(false);
	});
});
