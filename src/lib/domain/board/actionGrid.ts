/**
 * The action grid (取り組みを考える): in the workshop step `actions` the board shows a matrix, rows =
 * the plan's priority themes (重点), columns = the council's actor columns (自助・互助・共助・公助 …).
 * Phones post ideas (notes of kind `action`) into a cell; staff move them between cells; the
 * facilitator picks the row the projector shows. Pure functions over the board's Y.Doc.
 *
 * Layout in the board document:
 *   actionGrid: Y.Map {
 *     def:        the grid's definition, one versioned record (ACTION_GRID_RECORD): { v, rows, columns }
 *                 written as one value by the server (fillActionGrid) when the facilitator loads the themes
 *     currentRow: the row the projector shows (a row id), written by staff
 *   }
 *   notes[id].cell   { row, column } where the idea sits (note.ts, version 3)
 *   notes[id].action the plan action the idea was promoted to (note.ts, version 3)
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { checkText, type TextError } from '../text';
import { ITEM_ID_PATTERN } from '../ids';
import { readRecord, type RawRecord, type RecordType } from '../records';
import { notesMap, type Cell, type Note } from './note';

export type { Cell } from './note';

/** A row: a priority theme (the plan's 課題 id, or the board's own theme id before the plan has one). */
export type GridRow = { id: string; title: string };
/** A column: an actor column of the council's settings (council/settings.ts ActorColumn). */
export type GridColumn = { id: string; label: string; help: string };
export type GridDef = { rows: GridRow[]; columns: GridColumn[] };
export type ActionGrid = GridDef & { currentRow: string | null };

export type GridError =
	| TextError
	| 'no_rows'
	| 'too_many_rows'
	| 'bad_columns'
	| 'bad_id'
	| 'duplicate_id'
	| 'no_grid'
	| 'row_not_found'
	| 'cell_not_found'
	| 'note_not_found';

export const MAX_GRID_ROWS = 12;
export const MIN_GRID_COLUMNS = 2;
export const MAX_GRID_COLUMNS = 4;
export const ROW_TITLE_MAX = 60;
export const COLUMN_LABEL_MAX = 30;
export const COLUMN_HELP_MAX = 60;

export const ACTION_GRID_VERSION = 1;

export function actionGridMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('actionGrid');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const plainList = (v: unknown): Record<string, unknown>[] =>
	Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];

/** The grid's definition as stored (`def`); tolerant: entries without a usable id are left out. */
export const ACTION_GRID_RECORD: RecordType<GridDef> = {
	name: 'actionGrid',
	version: ACTION_GRID_VERSION,
	versionOf: (raw) => (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1),
	migrations: {},
	parse(raw) {
		const rows = plainList(raw.rows)
			.map((r) => ({ id: str(r.id), title: str(r.title) }))
			.filter((r) => ITEM_ID_PATTERN.test(r.id));
		const columns = plainList(raw.columns)
			.map((c) => ({ id: str(c.id), label: str(c.label), help: str(c.help) }))
			.filter((c) => ITEM_ID_PATTERN.test(c.id));
		return { rows, columns };
	}
};

function checked(raw: string, max: number): Result<string, GridError> {
	const t = checkText(raw, max);
	return t.ok ? ok(t.text.replace(/\n/g, ' ')) : err(t.error);
}

function uniqueIds(items: readonly { id: string }[]): Result<null, GridError> {
	const seen = new Set<string>();
	for (const { id } of items) {
		if (!ITEM_ID_PATTERN.test(id)) return err('bad_id');
		if (seen.has(id)) return err('duplicate_id');
		seen.add(id);
	}
	return ok(null);
}

/** The rules of a grid: 1-12 rows with titles, 2-4 columns with labels (help may be empty), ids unique and safe. */
export function validateGrid(rows: readonly GridRow[], columns: readonly GridColumn[]): Result<GridDef, GridError> {
	if (rows.length === 0) return err('no_rows');
	if (rows.length > MAX_GRID_ROWS) return err('too_many_rows');
	if (columns.length < MIN_GRID_COLUMNS || columns.length > MAX_GRID_COLUMNS) return err('bad_columns');
	for (const list of [rows, columns]) {
		const u = uniqueIds(list);
		if (!u.ok) return u;
	}
	const outRows: GridRow[] = [];
	for (const r of rows) {
		const title = checked(r.title, ROW_TITLE_MAX);
		if (!title.ok) return title;
		outRows.push({ id: r.id, title: title.value });
	}
	const outColumns: GridColumn[] = [];
	for (const c of columns) {
		const label = checked(c.label, COLUMN_LABEL_MAX);
		if (!label.ok) return label;
		const help = c.help.trim() === '' ? ok('') : checked(c.help, COLUMN_HELP_MAX);
		if (!help.ok) return help;
		outColumns.push({ id: c.id, label: label.value, help: help.value });
	}
	return ok({ rows: outRows, columns: outColumns });
}

/** The board's grid, or null before one was loaded. */
export function readActionGrid(doc: Y.Doc): ActionGrid | null {
	const m = actionGridMap(doc);
	const def = m.get('def');
	if (typeof def !== 'object' || def === null || Array.isArray(def) || def instanceof Y.AbstractType) return null;
	const grid = readRecord(ACTION_GRID_RECORD, def as RawRecord);
	const current = str(m.get('currentRow'));
	return { ...grid, currentRow: grid.rows.some((r) => r.id === current) ? current : (grid.rows[0]?.id ?? null) };
}

/**
 * Set the grid (server side: the facilitator entered the step or loaded the themes again). Ideas keep
 * their cells: an idea whose row or column is gone waits among the unplaced ones until staff move it.
 */
export function setActionGrid(doc: Y.Doc, rows: readonly GridRow[], columns: readonly GridColumn[]): Result<ActionGrid, GridError> {
	const valid = validateGrid(rows, columns);
	if (!valid.ok) return valid;
	const m = actionGridMap(doc);
	doc.transact(() => {
		m.set('def', { v: ACTION_GRID_VERSION, rows: valid.value.rows, columns: valid.value.columns });
		const current = str(m.get('currentRow'));
		if (!valid.value.rows.some((r) => r.id === current)) m.set('currentRow', valid.value.rows[0]!.id);
	});
	return ok(readActionGrid(doc)!);
}

/** The facilitator picks the theme the projector shows. */
export function setCurrentRow(doc: Y.Doc, rowId: string): Result<null, GridError> {
	const grid = readActionGrid(doc);
	if (!grid) return err('no_grid');
	if (!grid.rows.some((r) => r.id === rowId)) return err('row_not_found');
	const m = actionGridMap(doc);
	if (m.get('currentRow') !== rowId) m.set('currentRow', rowId);
	return ok(null);
}

export function hasCell(grid: GridDef | null, cell: Cell): boolean {
	return !!grid && grid.rows.some((r) => r.id === cell.row) && grid.columns.some((c) => c.id === cell.column);
}

/** Whether `cell` is a cell of the board's grid (a participant's idea must name one). */
export function checkCell(doc: Y.Doc, cell: Cell): Result<Cell, GridError> {
	return hasCell(readActionGrid(doc), cell) ? ok({ row: cell.row, column: cell.column }) : err('cell_not_found');
}

/** Staff move an idea into a cell of the grid (drag, keys or the move menu). */
export function moveToCell(doc: Y.Doc, noteId: string, cell: Cell): Result<null, GridError> {
	const m = notesMap(doc).get(noteId);
	if (!(m instanceof Y.Map)) return err('note_not_found');
	const c = checkCell(doc, cell);
	if (!c.ok) return c;
	const cur = m.get('cell') as Partial<Cell> | undefined;
	if (cur?.row !== cell.row || cur?.column !== cell.column) m.set('cell', c.value);
	return ok(null);
}

/** The idea became an action of the plan (取り組みにしました). */
export function markPromoted(doc: Y.Doc, noteId: string, actionId: string): Result<null, GridError> {
	const m = notesMap(doc).get(noteId);
	if (!(m instanceof Y.Map)) return err('note_not_found');
	if (m.get('action') !== actionId) m.set('action', actionId);
	return ok(null);
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The cell next to `cell` (arrow keys), or null at the grid's edge or for a cell not in the grid. */
export function neighbourCell(grid: GridDef, cell: Cell, dir: Direction): Cell | null {
	const r = grid.rows.findIndex((x) => x.id === cell.row);
	const c = grid.columns.findIndex((x) => x.id === cell.column);
	if (r < 0 || c < 0) return null;
	const [dr, dc] = ({ left: [0, -1], right: [0, 1], up: [-1, 0], down: [1, 0] } as const)[dir];
	const row = grid.rows[r + dr];
	const column = grid.columns[c + dc];
	return row && column ? { row: row.id, column: column.id } : null;
}

/** The first cell of a row (where an unplaced idea goes by the arrow keys). */
export function firstCell(grid: GridDef, rowId?: string | null): Cell | null {
	const row = grid.rows.find((r) => r.id === rowId) ?? grid.rows[0];
	const column = grid.columns[0];
	return row && column ? { row: row.id, column: column.id } : null;
}

export const cellKey = (cell: Cell): string => `${cell.row}/${cell.column}`;

/**
 * The ideas by cell (key `row/column`, oldest first) and those in no cell of the grid: action notes
 * without a cell, and ideas whose row or column the grid no longer has.
 */
export function placeIdeas(notes: readonly Note[], grid: GridDef | null): { cells: Map<string, Note[]>; unplaced: Note[] } {
	const cells = new Map<string, Note[]>();
	const unplaced: Note[] = [];
	for (const n of notes) {
		if (n.cell && hasCell(grid, n.cell)) {
			const k = cellKey(n.cell);
			let list = cells.get(k);
			if (!list) cells.set(k, (list = []));
			list.push(n);
		} else if (n.cell || n.kind === 'action') unplaced.push(n);
	}
	return { cells, unplaced };
}
