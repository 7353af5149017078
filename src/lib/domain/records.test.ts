import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { checkMigrations, readRecord, type RecordType } from './records';
import { NOTE_RECORD, NOTE_VERSION, noteFromMap } from './board/note';

type Greeting = { text: string; loud: boolean };
/** v1 { msg }, v2 { text }, v3 { text, loud } */
const GREETING: RecordType<Greeting> = {
	name: 'greeting',
	version: 3,
	versionOf: (raw) => (typeof raw.v === 'number' ? raw.v : 1),
	migrations: {
		2: ({ msg, ...rest }) => ({ ...rest, v: 2, text: msg }),
		3: (r) => ({ ...r, v: 3, loud: false })
	},
	parse: (r) => ({ text: typeof r.text === 'string' ? r.text : '', loud: r.loud === true })
};

describe('versioned records', () => {
	it('runs every migration from the stored version up to the current one, in order', () => {
		expect(readRecord(GREETING, { msg: 'こんにちは' })).toEqual({ text: 'こんにちは', loud: false });
		expect(readRecord(GREETING, { v: 2, text: 'やあ' })).toEqual({ text: 'やあ', loud: false });
		expect(readRecord(GREETING, { v: 3, text: 'おはよう', loud: true })).toEqual({ text: 'おはよう', loud: true });
	});

	it('reads a record of a later version (a newer build during an upgrade) by the fields it knows', () => {
		expect(readRecord(GREETING, { v: 9, text: 'また', loud: true, extra: 1 })).toEqual({ text: 'また', loud: true });
	});

	it('checkMigrations finds a missing or an extra migration', () => {
		expect(checkMigrations(GREETING)).toEqual([]);
		expect(checkMigrations({ ...GREETING, migrations: { 2: GREETING.migrations[2]! } })).toEqual(['greeting: no migration to version 3']);
		expect(checkMigrations({ ...GREETING, migrations: { ...GREETING.migrations, 4: (r) => r } })).toEqual(['greeting: a migration to version 4, which does not exist']);
	});

	it('every record type of the board has its migrations', () => {
		expect(checkMigrations(NOTE_RECORD)).toEqual([]);
		expect(NOTE_VERSION).toBe(3);
	});
});

describe('the note record', () => {
	const fields = { kind: 'strength', authorId: 'p-1', authorRole: 'participant', nickname: 'はな', createdAt: 42, tableId: 't2' };
	const note = (set: (m: Y.Map<unknown>) => void) => {
		const doc = new Y.Doc();
		const m = new Y.Map<unknown>();
		doc.getMap('notes').set('n1', m);
		set(m);
		return noteFromMap('n1', m);
	};
	const expected = { id: 'n1', text: '公園', kind: 'strength', authorId: 'p-1', authorRole: 'participant', nickname: 'はな', x: 5, y: 6, createdAt: 42, hidden: false, themeId: null, tableId: 't2', cell: null, actionId: null };

	it('reads version 1 (every field its own key) as version 2 does', () => {
		const v1 = note((m) => {
			m.set('text', '公園');
			for (const [k, v] of Object.entries(fields)) m.set(k, v);
			m.set('x', 5);
			m.set('y', 6);
		});
		const v2 = note((m) => {
			m.set('text', '公園');
			m.set('by', { v: 2, ...fields });
			m.set('pos', { x: 5, y: 6 });
		});
		const v2WithoutV = note((m) => {
			m.set('text', '公園');
			m.set('by', fields);
			m.set('pos', { x: 5, y: 6 });
		});
		expect(v1).toEqual(expected);
		expect(v2).toEqual(expected);
		expect(v2WithoutV).toEqual(expected);
	});

	it('reads version 3 (cell and action) and a version-2 note moved into a cell', () => {
		const v3 = note((m) => {
			m.set('text', '公園');
			m.set('by', { v: 3, ...fields });
			m.set('pos', { x: 5, y: 6 });
			m.set('cell', { row: 'r1', column: 'self' });
			m.set('action', 'act-1');
		});
		expect(v3).toEqual({ ...expected, cell: { row: 'r1', column: 'self' }, actionId: 'act-1' });
		const v2Moved = note((m) => {
			m.set('text', '公園');
			m.set('by', { v: 2, ...fields });
			m.set('pos', { x: 5, y: 6 });
			m.set('cell', { row: 'r1', column: 'mutual' });
		});
		expect(v2Moved).toEqual({ ...expected, cell: { row: 'r1', column: 'mutual' } });
		// a v2 note migrates through version 3 unchanged
		expect(NOTE_RECORD.migrations[3]!({ text: 'a', by: { v: 2 } })).toEqual({ text: 'a', by: { v: 2 } });
	});

	it('reads a malformed cell as none', () => {
		for (const bad of [{ row: 'r1' }, { row: 3, column: 'x' }, 'r1/self', { row: '', column: 'self' }]) {
			const n = note((m) => {
				m.set('by', { v: 3, ...fields });
				m.set('cell', bad);
			});
			expect(n.cell).toBeNull();
		}
	});

	it('keeps a key named __proto__ a key, and defaults wrong fields', () => {
		const n = note((m) => {
			m.set('__proto__', { polluted: true });
			m.set('text', 7);
			m.set('by', { v: 2, kind: null, authorRole: 'admin' });
		});
		expect(n).toMatchObject({ text: '', kind: 'concern', authorRole: 'participant', authorId: '', x: 0, y: 0 });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
