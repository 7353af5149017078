import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { addNote, getNote, initBoard, readNotes, setMeta } from './board';
import {
	ACTION_GRID_RECORD,
	actionGridMap,
	cellKey,
	firstCell,
	markPromoted,
	moveToCell,
	neighbourCell,
	placeIdeas,
	readActionGrid,
	setActionGrid,
	setCurrentRow,
	validateGrid,
	type GridColumn,
	type GridRow
} from './actionGrid';
import { ACTOR_PRESETS } from '../council/settings';

const ROWS: GridRow[] = [
	{ id: 'watch', title: '見守りの輪を広げる' },
	{ id: 'salon', title: '気軽に集まれる場所' }
];
const COLUMNS: GridColumn[] = ACTOR_PRESETS.four_help;

function board(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'actions', inputOpen: true });
	setMeta(doc, { step: 'actions' });
	return doc;
}

function idea(doc: Y.Doc, id: string, cell?: { row: string; column: string }) {
	return addNote(doc, { id, text: `アイデア ${id}`, kind: 'action', authorId: 'p-1', authorRole: 'participant', nickname: null, now: Date.now(), cell });
}

describe('the grid definition', () => {
	it('is set, read back with the first row current, and keeps the current row when reloaded', () => {
		const doc = board();
		expect(readActionGrid(doc)).toBeNull();
		const r = setActionGrid(doc, ROWS, COLUMNS);
		expect(r.ok).toBe(true);
		expect(readActionGrid(doc)).toEqual({ rows: ROWS, columns: COLUMNS, currentRow: 'watch' });
		expect(setCurrentRow(doc, 'salon')).toEqual({ ok: true, value: null });
		setActionGrid(doc, [...ROWS, { id: 'move', title: '買い物と移動' }], COLUMNS);
		expect(readActionGrid(doc)?.currentRow).toBe('salon');
		// a reload without the current row falls back to the first
		setActionGrid(doc, [ROWS[0]!], COLUMNS);
		expect(readActionGrid(doc)?.currentRow).toBe('watch');
	});

	it('stores one versioned record', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		expect(actionGridMap(doc).get('def')).toMatchObject({ v: 1 });
		expect(ACTION_GRID_RECORD.parse({ v: 1, rows: [{ id: 'ok', title: 'a' }, { id: '__proto__', title: 'b' }, 'x'], columns: null })).toEqual({
			rows: [{ id: 'ok', title: 'a' }],
			columns: []
		});
	});

	it('refuses grids that break the rules, and changes nothing', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		const before = readActionGrid(doc);
		const cases: [GridRow[], GridColumn[], string][] = [
			[[], COLUMNS, 'no_rows'],
			[Array.from({ length: 13 }, (_, i) => ({ id: `r${i}`, title: `テーマ${i}` })), COLUMNS, 'too_many_rows'],
			[ROWS, COLUMNS.slice(0, 1), 'bad_columns'],
			[ROWS, [...COLUMNS, { id: 'fifth', label: '五つ目', help: '' }], 'bad_columns'],
			[[ROWS[0]!, { id: 'watch', title: '同じid' }], COLUMNS, 'duplicate_id'],
			[[{ id: 'constructor', title: 'だめなid' }], COLUMNS, 'bad_id'],
			[[{ id: 'r1', title: '   ' }], COLUMNS, 'text_empty'],
			[[{ id: 'r1', title: 'あ'.repeat(61) }], COLUMNS, 'text_too_long'],
			[ROWS, [{ id: 'a', label: 'ラベル', help: '' }, { id: 'b', label: 'x\u0007', help: '' }], 'text_control_chars']
		];
		for (const [rows, columns, error] of cases) {
			expect(setActionGrid(doc, rows, columns)).toEqual({ ok: false, error });
		}
		expect(readActionGrid(doc)).toEqual(before);
	});

	it('trims titles and turns line breaks into spaces', () => {
		expect(validateGrid([{ id: 'r1', title: '  見守り\nの輪 ' }], COLUMNS.slice(0, 2))).toEqual({
			ok: true,
			value: { rows: [{ id: 'r1', title: '見守り の輪' }], columns: COLUMNS.slice(0, 2) }
		});
	});

	it('current row must be a row of the grid', () => {
		const doc = board();
		expect(setCurrentRow(doc, 'watch')).toEqual({ ok: false, error: 'no_grid' });
		setActionGrid(doc, ROWS, COLUMNS);
		expect(setCurrentRow(doc, 'nowhere')).toEqual({ ok: false, error: 'row_not_found' });
	});
});

describe('ideas in cells', () => {
	it('a posted idea lands in its cell; an unknown cell is refused and nothing is stored', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		expect(idea(doc, 'idea-0001', { row: 'watch', column: 'self' }).ok).toBe(true);
		expect(getNote(doc, 'idea-0001')?.cell).toEqual({ row: 'watch', column: 'self' });
		expect(idea(doc, 'idea-0002', { row: 'nowhere', column: 'self' })).toEqual({ ok: false, error: 'cell_not_found' });
		expect(idea(doc, 'idea-0003', { row: 'watch', column: 'city' })).toEqual({ ok: false, error: 'cell_not_found' });
		expect(readNotes(doc).map((n) => n.id)).toEqual(['idea-0001']);
	});

	it('without a grid, an idea aimed at a cell is refused', () => {
		const doc = board();
		expect(idea(doc, 'idea-0001', { row: 'watch', column: 'self' })).toEqual({ ok: false, error: 'cell_not_found' });
		expect(readNotes(doc)).toEqual([]);
	});

	it('staff move an idea between cells; a move to an unknown cell or of an unknown note changes nothing', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		idea(doc, 'idea-0001', { row: 'watch', column: 'self' });
		expect(moveToCell(doc, 'idea-0001', { row: 'salon', column: 'public' })).toEqual({ ok: true, value: null });
		expect(getNote(doc, 'idea-0001')?.cell).toEqual({ row: 'salon', column: 'public' });
		expect(moveToCell(doc, 'idea-0001', { row: 'salon', column: 'nowhere' })).toEqual({ ok: false, error: 'cell_not_found' });
		expect(moveToCell(doc, 'missing', { row: 'salon', column: 'self' })).toEqual({ ok: false, error: 'note_not_found' });
		expect(getNote(doc, 'idea-0001')?.cell).toEqual({ row: 'salon', column: 'public' });
	});

	it('a move into the cell it is in writes nothing', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		idea(doc, 'idea-0001', { row: 'watch', column: 'self' });
		let updates = 0;
		doc.on('update', () => updates++);
		moveToCell(doc, 'idea-0001', { row: 'watch', column: 'self' });
		expect(updates).toBe(0);
	});

	it('arrow keys go to the neighbouring cell and stop at the edges', () => {
		const grid = { rows: ROWS, columns: COLUMNS };
		const at = { row: 'watch', column: 'self' };
		expect(neighbourCell(grid, at, 'right')).toEqual({ row: 'watch', column: 'mutual' });
		expect(neighbourCell(grid, at, 'down')).toEqual({ row: 'salon', column: 'self' });
		expect(neighbourCell(grid, at, 'left')).toBeNull();
		expect(neighbourCell(grid, at, 'up')).toBeNull();
		expect(neighbourCell(grid, { row: 'salon', column: 'public' }, 'right')).toBeNull();
		expect(neighbourCell(grid, { row: 'gone', column: 'self' }, 'right')).toBeNull();
		expect(firstCell(grid, 'salon')).toEqual({ row: 'salon', column: 'self' });
		expect(firstCell(grid, 'gone')).toEqual({ row: 'watch', column: 'self' });
	});

	it('places ideas by cell; action notes without a cell and ideas in removed rows are unplaced', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		idea(doc, 'idea-0001', { row: 'watch', column: 'self' });
		idea(doc, 'idea-0002', { row: 'salon', column: 'self' });
		idea(doc, 'idea-0003');
		addNote(doc, { id: 'concern-1', text: '前の段階の付箋', kind: 'action', authorId: 's', authorRole: 'staff', nickname: null, now: 1 });
		setActionGrid(doc, [ROWS[0]!], COLUMNS);
		const { cells, unplaced } = placeIdeas(readNotes(doc), readActionGrid(doc));
		expect(cells.get(cellKey({ row: 'watch', column: 'self' }))?.map((n) => n.id)).toEqual(['idea-0001']);
		expect(unplaced.map((n) => n.id).sort()).toEqual(['concern-1', 'idea-0002', 'idea-0003']);
	});

	it('marks an idea as promoted to an action', () => {
		const doc = board();
		setActionGrid(doc, ROWS, COLUMNS);
		idea(doc, 'idea-0001', { row: 'watch', column: 'self' });
		expect(markPromoted(doc, 'idea-0001', 'act-1').ok).toBe(true);
		expect(getNote(doc, 'idea-0001')?.actionId).toBe('act-1');
		expect(markPromoted(doc, 'gone', 'act-1')).toEqual({ ok: false, error: 'note_not_found' });
	});
});
