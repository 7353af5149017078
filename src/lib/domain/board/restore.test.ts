import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { restoreBoard, summariseBoard } from './restore';
import { addNote, initBoard, readNotes, setMeta, setNoteHidden, moveNote } from './board';
import { createTheme, readThemes, renameTheme } from './themes';
import { moveToCell, readActionGrid, setActionGrid, setCurrentRow } from './actionGrid';
import { ACTOR_PRESETS } from '../council/settings';

function note(doc: Y.Doc, id: string, text: string) {
	const r = addNote(doc, { id, text, kind: 'concern', authorId: 'p1', authorRole: 'participant', nickname: null, now: Date.now() });
	if (!r.ok) throw new Error(r.error);
}

describe('restoreBoard', () => {
	it('brings back the action grid, its current row and the ideas’ cells', () => {
		const doc = new Y.Doc();
		initBoard(doc, { step: 'actions', inputOpen: true });
		setActionGrid(doc, [{ id: 'watch', title: '見守り' }, { id: 'salon', title: '居場所' }], ACTOR_PRESETS.me_us);
		const r = addNote(doc, { id: 'idea-aaaaaaaa', text: '声をかける', kind: 'action', authorId: 'p1', authorRole: 'participant', nickname: null, now: 1, cell: { row: 'watch', column: 'me' } });
		expect(r.ok).toBe(true);
		const before = Y.encodeStateAsUpdate(doc);
		const grid = readActionGrid(doc);
		setCurrentRow(doc, 'salon');
		moveToCell(doc, 'idea-aaaaaaaa', { row: 'salon', column: 'city' });
		setActionGrid(doc, [{ id: 'salon', title: '居場所' }], ACTOR_PRESETS.three_levels);
		restoreBoard(doc, before);
		expect(readActionGrid(doc)).toEqual(grid);
		expect(readNotes(doc)[0]?.cell).toEqual({ row: 'watch', column: 'me' });
	});

	it('brings back deleted notes, removes later ones and resets changed fields', () => {
		const doc = new Y.Doc();
		initBoard(doc, { step: 'issues', inputOpen: true });
		note(doc, 'note-aaaaaaaa', '街灯が少ない');
		note(doc, 'note-bbbbbbbb', '商店街がにぎやか');
		createTheme(doc, { id: 'theme-aaaaaa', title: '安全', x: 0, y: 0, now: 1, noteIds: ['note-aaaaaaaa'] });
		const before = Y.encodeStateAsUpdate(doc);

		doc.getMap('notes').delete('note-bbbbbbbb');
		note(doc, 'note-cccccccc', 'あとから書いた付箋');
		moveNote(doc, 'note-aaaaaaaa', 999, 999);
		setNoteHidden(doc, 'note-aaaaaaaa', true);
		renameTheme(doc, 'theme-aaaaaa', { title: '防犯' });
		setMeta(doc, { step: 'vision' });

		restoreBoard(doc, before);
		const notes = readNotes(doc);
		expect(notes.map((n) => n.id).sort()).toEqual(['note-aaaaaaaa', 'note-bbbbbbbb']);
		const a = notes.find((n) => n.id === 'note-aaaaaaaa')!;
		expect(a).toMatchObject({ hidden: false, themeId: 'theme-aaaaaa' });
		expect(a.x).not.toBe(999);
		expect(readThemes(doc)[0]?.title).toBe('安全');
		expect(doc.getMap('meta').get('step')).toBe('issues');
	});

	it('is an ordinary change that another replica receives, and can be undone by restoring again', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
		initBoard(a, { step: 'issues', inputOpen: true });
		note(a, 'note-aaaaaaaa', '一枚目');
		const v1 = Y.encodeStateAsUpdate(a);
		note(a, 'note-bbbbbbbb', '二枚目');
		const v2 = Y.encodeStateAsUpdate(a);
		restoreBoard(a, v1);
		expect(readNotes(b).map((n) => n.text)).toEqual(['一枚目']);
		restoreBoard(a, v2);
		expect(readNotes(b).map((n) => n.text)).toEqual(['一枚目', '二枚目']);
	});

	it('summarises a board', () => {
		const doc = new Y.Doc();
		initBoard(doc, { step: 'organise', inputOpen: true });
		note(doc, 'note-aaaaaaaa', 'a');
		note(doc, 'note-bbbbbbbb', 'b');
		setNoteHidden(doc, 'note-bbbbbbbb', true);
		expect(summariseBoard(doc)).toEqual({ notes: 2, hidden: 1, themes: 0, step: 'organise' });
	});
});
