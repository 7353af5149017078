/**
 * Tables (テーブル / グループ): several boards in one hall. A workshop with no tables defined has
 * one implicit table, 'main'. Participants choose their table; their notes land on it.
 */
import type * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { checkText } from '../text';
import { controlsMap } from './controls';

export type Table = { id: string; name: string; order: number };
export type TableError = 'table_not_found' | 'table_exists' | 'text_empty' | 'text_too_long' | 'text_control_chars';

export const MAIN_TABLE = 'main';
export const TABLE_NAME_MAX = 20;
export const MAX_TABLES = 20;

export function tablesMap(doc: Y.Doc): Y.Map<{ name: string; order: number }> {
	return doc.getMap('tables');
}

export function seatingMap(doc: Y.Doc): Y.Map<string> {
	return doc.getMap('seating');
}

export function readTables(doc: Y.Doc): Table[] {
	const out: Table[] = [];
	tablesMap(doc).forEach((v, id) => {
		if (typeof v === 'object' && v !== null && typeof v.name === 'string') out.push({ id, name: v.name, order: typeof v.order === 'number' ? v.order : 0 });
	});
	if (out.length === 0) return [{ id: MAIN_TABLE, name: '', order: 0 }];
	return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

export function hasTable(doc: Y.Doc, id: string): boolean {
	return readTables(doc).some((t) => t.id === id);
}

const oneLine = (s: string) => s.replace(/\n/g, ' ');

/**
 * Add a table. Adding the first one also stores the implicit 'main' table (unnamed, first), so
 * the notes and people already there stay put.
 */
export function addTable(doc: Y.Doc, id: string, name: string): Result<Table, TableError> {
	const t = checkText(name, TABLE_NAME_MAX);
	if (!t.ok) return err(t.error);
	const tables = tablesMap(doc);
	if (tables.has(id) || id === MAIN_TABLE) return err('table_exists');
	if (tables.size >= MAX_TABLES) return err('table_exists');
	const order = readTables(doc).reduce((m, x) => Math.max(m, x.order), 0) + 1;
	const table = { id, name: oneLine(t.text), order };
	doc.transact(() => {
		if (tables.size === 0) tables.set(MAIN_TABLE, { name: '', order: 0 });
		tables.set(id, { name: table.name, order });
	});
	return ok(table);
}

export function renameTable(doc: Y.Doc, id: string, name: string): Result<null, TableError> {
	const t = checkText(name, TABLE_NAME_MAX);
	if (!t.ok) return err(t.error);
	const tables = tablesMap(doc);
	const cur = tables.get(id);
	if (id === MAIN_TABLE && !cur) {
		tables.set(MAIN_TABLE, { name: oneLine(t.text), order: 0 });
		return ok(null);
	}
	if (!cur) return err('table_not_found');
	tables.set(id, { ...cur, name: oneLine(t.text) });
	return ok(null);
}

export function tableOf(doc: Y.Doc, participantId: string): string {
	const t = seatingMap(doc).get(participantId);
	return typeof t === 'string' && hasTable(doc, t) ? t : (readTables(doc)[0]?.id ?? MAIN_TABLE);
}

export function chooseTable(doc: Y.Doc, participantId: string, tableId: string): Result<null, TableError> {
	if (!hasTable(doc, tableId)) return err('table_not_found');
	if (seatingMap(doc).get(participantId) !== tableId) seatingMap(doc).set(participantId, tableId);
	return ok(null);
}

/** Which table the projector shows: one table's id, or 'all' for an overview. */
export function readProjectorTable(doc: Y.Doc): string {
	const v = controlsMap(doc).get('projectorTable');
	return v === 'all' || (typeof v === 'string' && hasTable(doc, v)) ? v : (readTables(doc)[0]?.id ?? MAIN_TABLE);
}

export function setProjectorTable(doc: Y.Doc, tableId: string): Result<null, TableError> {
	if (tableId !== 'all' && !hasTable(doc, tableId)) return err('table_not_found');
	controlsMap(doc).set('projectorTable', tableId);
	return ok(null);
}
