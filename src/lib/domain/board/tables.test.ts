import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import {
	addTable,
	chooseTable,
	hasTable,
	readTables,
	renameTable,
	seatingMap,
	tableOf,
	tablesMap,
	MAIN_TABLE,
	MAX_TABLES,
	TABLE_NAME_MAX
} from './tables';

const ALICE = 'participant-alice';
const BOB = 'participant-bob';

describe('the implicit main table', () => {
	it('is the only table of a workshop with no tables defined', () => {
		const doc = new Y.Doc();
		expect(MAIN_TABLE).toBe('main');
		expect(readTables(doc)).toEqual([{ id: 'main', name: '', order: 0 }]);
		expect(hasTable(doc, 'main')).toBe(true);
		expect(hasTable(doc, 'east')).toBe(false);
		expect(tablesMap(doc).size).toBe(0);
	});

	it('seats everyone at main by default', () => {
		const doc = new Y.Doc();
		expect(tableOf(doc, ALICE)).toBe('main');
		expect(chooseTable(doc, ALICE, 'main')).toEqual({ ok: true, value: null });
		expect(tableOf(doc, ALICE)).toBe('main');
	});

	// Regression test for a bug found by this suite (now fixed).
	it('stays when the first table is added, so existing notes and seats stay put', () => {
		const doc = new Y.Doc();
		chooseTable(doc, ALICE, 'main');
		expect(addTable(doc, 'east', '東').ok).toBe(true);
		expect(hasTable(doc, 'main')).toBe(true);
		expect(readTables(doc).map((t) => t.id)).toEqual(['main', 'east']);
		expect(tableOf(doc, ALICE)).toBe('main');
	});
});

describe('addTable', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = new Y.Doc();
	});

	it('adds tables in order after main, with trimmed names', () => {
		expect(addTable(doc, 'east', '  東テーブル ')).toEqual({ ok: true, value: { id: 'east', name: '東テーブル', order: 1 } });
		expect(addTable(doc, 'west', '西')).toEqual({ ok: true, value: { id: 'west', name: '西', order: 2 } });
		expect(addTable(doc, 'north', '北')).toEqual({ ok: true, value: { id: 'north', name: '北', order: 3 } });
		const listed = readTables(doc).filter((t) => t.id !== MAIN_TABLE);
		expect(listed).toEqual([
			{ id: 'east', name: '東テーブル', order: 1 },
			{ id: 'west', name: '西', order: 2 },
			{ id: 'north', name: '北', order: 3 }
		]);
		expect(hasTable(doc, 'west')).toBe(true);
	});

	it('lists tables by order whatever their ids', () => {
		addTable(doc, 'zz-table', 'Z');
		addTable(doc, 'aa-table', 'A');
		expect(readTables(doc).filter((t) => t.id !== MAIN_TABLE).map((t) => t.id)).toEqual(['zz-table', 'aa-table']);
	});

	it(`accepts a name of exactly ${TABLE_NAME_MAX} characters and refuses one more`, () => {
		expect(addTable(doc, 'long-ok', '卓'.repeat(TABLE_NAME_MAX)).ok).toBe(true);
		expect(addTable(doc, 'too-long', '卓'.repeat(TABLE_NAME_MAX + 1))).toEqual({ ok: false, error: 'text_too_long' });
		expect(hasTable(doc, 'too-long')).toBe(false);
	});

	it('refuses an empty name or control characters', () => {
		expect(addTable(doc, 'empty', '')).toEqual({ ok: false, error: 'text_empty' });
		expect(addTable(doc, 'blank', ' \u3000 ')).toEqual({ ok: false, error: 'text_empty' });
		expect(addTable(doc, 'bell', 'a\u0007b')).toEqual({ ok: false, error: 'text_control_chars' });
		expect(addTable(doc, 'bidi', 'a\u202Eb')).toEqual({ ok: false, error: 'text_control_chars' });
		expect(tablesMap(doc).size).toBe(0);
	});

	it('stores a line break in the name as a space', () => {
		expect(addTable(doc, 'two-lines', '一\n二').ok).toBe(true);
		expect(readTables(doc).find((t) => t.id === 'two-lines')?.name).toBe('一 二');
	});

	// Regression test for a bug found by this suite (now fixed).
	it('returns the name as stored', () => {
		const r = addTable(doc, 'two-lines', '一\n二');
		expect(r.ok && r.value).toEqual(readTables(doc).find((t) => t.id === 'two-lines'));
	});

	it('refuses a duplicate id and keeps the first name', () => {
		addTable(doc, 'east', '東');
		expect(addTable(doc, 'east', '別の東')).toEqual({ ok: false, error: 'table_exists' });
		expect(readTables(doc).find((t) => t.id === 'east')).toEqual({ id: 'east', name: '東', order: 1 });
	});

	it('refuses the id of the main table, named or not', () => {
		expect(addTable(doc, MAIN_TABLE, 'メイン')).toEqual({ ok: false, error: 'table_exists' });
		renameTable(doc, MAIN_TABLE, '本部');
		expect(addTable(doc, MAIN_TABLE, 'メイン')).toEqual({ ok: false, error: 'table_exists' });
		expect(readTables(doc)).toEqual([{ id: 'main', name: '本部', order: 0 }]);
	});

	it(`holds at most ${MAX_TABLES} tables`, () => {
		let added = 0;
		let refusal: ReturnType<typeof addTable> | null = null;
		for (let i = 0; i < MAX_TABLES + 5 && !refusal; i++) {
			const r = addTable(doc, `table-${i}`, `卓${i}`);
			if (r.ok) added++;
			else refusal = r;
		}
		// there is no dedicated error code for a full hall: it reports 'table_exists'
		expect(refusal).toEqual({ ok: false, error: 'table_exists' });
		expect(added).toBeGreaterThan(0);
		expect(readTables(doc)).toHaveLength(MAX_TABLES);
		expect(addTable(doc, 'one-more', 'もう一つ').ok).toBe(false);
		expect(hasTable(doc, 'one-more')).toBe(false);
	});
});

describe('renameTable', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = new Y.Doc();
	});

	it('renames a table and keeps its order', () => {
		addTable(doc, 'east', '東');
		addTable(doc, 'west', '西');
		expect(renameTable(doc, 'east', '  ひがし ')).toEqual({ ok: true, value: null });
		expect(readTables(doc).find((t) => t.id === 'east')).toEqual({ id: 'east', name: 'ひがし', order: 1 });
		expect(readTables(doc).find((t) => t.id === 'west')).toEqual({ id: 'west', name: '西', order: 2 });
	});

	it('names the implicit main table, making it explicit', () => {
		expect(renameTable(doc, MAIN_TABLE, '大会議室')).toEqual({ ok: true, value: null });
		expect(readTables(doc)).toEqual([{ id: 'main', name: '大会議室', order: 0 }]);
		expect(tablesMap(doc).has(MAIN_TABLE)).toBe(true);
		// renaming it again updates the explicit entry
		expect(renameTable(doc, MAIN_TABLE, '小会議室').ok).toBe(true);
		expect(readTables(doc)).toEqual([{ id: 'main', name: '小会議室', order: 0 }]);
	});

	it('keeps a named main table first when more tables are added', () => {
		renameTable(doc, MAIN_TABLE, '本部');
		addTable(doc, 'east', '東');
		expect(readTables(doc)).toEqual([
			{ id: 'main', name: '本部', order: 0 },
			{ id: 'east', name: '東', order: 1 }
		]);
		expect(hasTable(doc, MAIN_TABLE)).toBe(true);
	});

	it('refuses an unknown table', () => {
		expect(renameTable(doc, 'no-such-table', '名前')).toEqual({ ok: false, error: 'table_not_found' });
		expect(hasTable(doc, 'no-such-table')).toBe(false);
	});

	it('validates the name like addTable and changes nothing on refusal', () => {
		addTable(doc, 'east', '東');
		expect(renameTable(doc, 'east', '')).toEqual({ ok: false, error: 'text_empty' });
		expect(renameTable(doc, 'east', 'x'.repeat(TABLE_NAME_MAX + 1))).toEqual({ ok: false, error: 'text_too_long' });
		expect(renameTable(doc, 'east', 'a\u0000b')).toEqual({ ok: false, error: 'text_control_chars' });
		expect(renameTable(doc, MAIN_TABLE, '   ')).toEqual({ ok: false, error: 'text_empty' });
		expect(readTables(doc).find((t) => t.id === 'east')?.name).toBe('東');
		expect(tablesMap(doc).get(MAIN_TABLE)).toEqual({ name: '', order: 0 });
		expect(renameTable(doc, 'east', 'x'.repeat(TABLE_NAME_MAX)).ok).toBe(true);
	});

	it('stores a line break in a new name as a space', () => {
		addTable(doc, 'east', '東');
		renameTable(doc, 'east', '東\r\n窓側');
		expect(readTables(doc).find((t) => t.id === 'east')?.name).toBe('東 窓側');
	});

	// Regression test for a bug found by this suite (now fixed).
	it('stores a line break in the first name of main as a space too', () => {
		renameTable(doc, MAIN_TABLE, '本\n部');
		expect(readTables(doc)).toEqual([{ id: 'main', name: '本 部', order: 0 }]);
	});
});

describe('chooseTable and tableOf', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = new Y.Doc();
		renameTable(doc, MAIN_TABLE, '本部');
		addTable(doc, 'east', '東');
		addTable(doc, 'west', '西');
	});

	it('seats a participant at the chosen table', () => {
		expect(chooseTable(doc, ALICE, 'east')).toEqual({ ok: true, value: null });
		expect(tableOf(doc, ALICE)).toBe('east');
		expect(chooseTable(doc, ALICE, 'west').ok).toBe(true);
		expect(tableOf(doc, ALICE)).toBe('west');
		// others are unaffected and sit at the first table
		expect(tableOf(doc, BOB)).toBe('main');
	});

	it('refuses an unknown table and keeps the seat', () => {
		chooseTable(doc, ALICE, 'east');
		expect(chooseTable(doc, ALICE, 'no-such-table')).toEqual({ ok: false, error: 'table_not_found' });
		expect(tableOf(doc, ALICE)).toBe('east');
		expect(seatingMap(doc).get(ALICE)).toBe('east');
	});

	it('does not produce an update when choosing the same table again', () => {
		chooseTable(doc, ALICE, 'east');
		let updates = 0;
		doc.on('update', () => updates++);
		chooseTable(doc, ALICE, 'east');
		expect(updates).toBe(0);
	});

	it('falls back to the first table when the chosen table disappears', () => {
		chooseTable(doc, ALICE, 'west');
		tablesMap(doc).delete('west');
		expect(hasTable(doc, 'west')).toBe(false);
		expect(tableOf(doc, ALICE)).toBe('main');
		// the seat itself is kept, so the participant returns if the table comes back
		expect(seatingMap(doc).get(ALICE)).toBe('west');
		tablesMap(doc).set('west', { name: '西', order: 2 });
		expect(tableOf(doc, ALICE)).toBe('west');
	});

	it('falls back to the first remaining table in order', () => {
		chooseTable(doc, ALICE, 'east');
		tablesMap(doc).delete('main');
		tablesMap(doc).delete('east');
		expect(readTables(doc).map((t) => t.id)).toEqual(['west']);
		expect(tableOf(doc, ALICE)).toBe('west');
		expect(tableOf(doc, BOB)).toBe('west');
	});

	it("falls back to 'main' when every defined table is gone", () => {
		chooseTable(doc, ALICE, 'east');
		for (const id of [...tablesMap(doc).keys()]) tablesMap(doc).delete(id);
		expect(readTables(doc)).toEqual([{ id: 'main', name: '', order: 0 }]);
		expect(tableOf(doc, ALICE)).toBe('main');
	});

	it('ignores a malformed seat or table entry', () => {
		doc.getMap<unknown>('seating').set(ALICE, 42);
		expect(tableOf(doc, ALICE)).toBe('main');
		doc.getMap<unknown>('tables').set('broken', 'not an object');
		expect(hasTable(doc, 'broken')).toBe(false);
		expect(chooseTable(doc, ALICE, 'broken')).toEqual({ ok: false, error: 'table_not_found' });
	});
});
