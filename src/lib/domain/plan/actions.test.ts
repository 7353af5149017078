import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
	addAction,
	updateAction,
	deleteAction,
	readActions,
	readAction,
	remapColumns,
	changedFields,
	periodYears,
	scheduleCells,
	filterActions,
	groupActions,
	actionsMap,
	ACTION_RECORD,
	ACTION_LIMITS,
	ideaAsActionText,
	type ActionContext,
	type ActionFields
} from './actions';
import { checkMigrations } from '../records';

const ctx: ActionContext = { years: periodYears(2026, 2030), columns: ['self', 'mutual', 'community', 'public'], goals: ['g1', 'g2'], issues: ['iss1', 'iss2'] };

const fields = (over: Partial<ActionFields> = {}): ActionFields => ({
	title: '見守り訪問を広げる',
	description: '',
	issueId: 'iss1',
	column: 'mutual',
	responsible: '民生委員協議会',
	schedule: { 2026: 'study', 2027: 'prepare', 2028: 'run' },
	indicator: null,
	goalId: 'g1',
	...over
});

const by = { userId: 'u1', now: 1000 };

function add(doc: Y.Doc, over: Partial<ActionFields> = {}): string {
	const r = addAction(doc, fields(over), ctx, by);
	if (!r.ok) throw new Error(JSON.stringify(r.problems));
	return r.value;
}

/** The plan document's full state, to check that a refused change wrote nothing. */
const state = (doc: Y.Doc) => Array.from(Y.encodeStateAsUpdate(doc)).join(',');

describe('actions of a plan', () => {
	it('are stored one Y.Map per action, one key per field, and read back', () => {
		const doc = new Y.Doc();
		const id = add(doc, { indicator: { what: '訪問世帯数', unit: '世帯', baseline: '40', targets: { 2028: '60' }, finalTarget: '80' } });
		const m = actionsMap(doc).get(id)!;
		expect(m).toBeInstanceOf(Y.Map);
		expect(m.get('title')).toBe('見守り訪問を広げる');
		expect(m.get('v')).toBe(1);
		const a = readAction(doc, id)!;
		expect(a.schedule).toEqual({ 2026: 'study', 2027: 'prepare', 2028: 'run' });
		expect(a.indicator).toEqual({ what: '訪問世帯数', unit: '世帯', baseline: '40', targets: { 2028: '60' }, finalTarget: '80' });
		expect(a.createdBy).toBe('u1');
		expect(checkMigrations(ACTION_RECORD)).toEqual([]);
	});

	it('refuses an unknown column, goal or theme, a year outside the period and a 10,000-character title, writing nothing', () => {
		const doc = new Y.Doc();
		add(doc);
		const before = state(doc);
		const cases: [Partial<ActionFields>, string, string][] = [
			[{ column: 'neighbours' }, 'column', 'unknown_column'],
			[{ goalId: 'g9' }, 'goalId', 'unknown_goal'],
			[{ issueId: 'iss9' }, 'issueId', 'unknown_issue'],
			[{ schedule: { 2031: 'run' } }, 'schedule', 'year_outside_period'],
			[{ schedule: { 2025: 'run' } }, 'schedule', 'year_outside_period'],
			[{ title: 'あ'.repeat(10_000) }, 'title', 'too_long'],
			[{ title: '   ' }, 'title', 'empty'],
			[{ description: 'い'.repeat(1001) }, 'description', 'too_long'],
			[{ responsible: 'う'.repeat(81) }, 'responsible', 'too_long']
		];
		for (const [over, field, error] of cases) {
			const r = addAction(doc, fields(over), ctx, by);
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ field, error }));
		}
		const id = readActions(doc)[0]!.id;
		const u = updateAction(doc, id, { title: 'え'.repeat(10_000), column: 'nope' }, ctx);
		expect(u.ok).toBe(false);
		if (!u.ok) expect(u.problems.map((p) => p.error).sort()).toEqual(['too_long', 'unknown_column']);
		expect(state(doc)).toBe(before);
		expect(readActions(doc)).toHaveLength(1);
	});

	it('names the indicator box that is too long, with that box\'s own limit', () => {
		const doc = new Y.Doc();
		const ind = (over: Partial<NonNullable<ActionFields['indicator']>>) => ({ indicator: { what: '訪問世帯数', unit: '', baseline: '', targets: {}, finalTarget: '', ...over } });
		const cases: [Partial<ActionFields>, object][] = [
			[ind({ unit: 'か'.repeat(30) }), { field: 'indicator', part: 'unit', error: 'too_long', max: 20 }],
			[ind({ what: 'か'.repeat(81) }), { field: 'indicator', part: 'what', error: 'too_long', max: 80 }],
			[ind({ baseline: 'か'.repeat(41) }), { field: 'indicator', part: 'baseline', error: 'too_long', max: 40 }],
			[ind({ finalTarget: 'か'.repeat(41) }), { field: 'indicator', part: 'finalTarget', error: 'too_long', max: 40 }],
			[ind({ targets: { 2028: 'か'.repeat(41) } }), { field: 'indicator', part: 'target', year: 2028, error: 'too_long', max: 40 }],
			[ind({ targets: { 2040: '60' } }), { field: 'indicator', part: 'target', year: 2040, error: 'year_outside_period' }]
		];
		for (const [over, problem] of cases) {
			const r = addAction(doc, fields(over), ctx, by);
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.problems).toEqual([problem]);
		}
		expect(readActions(doc)).toHaveLength(0);
		// a 20-character unit is within its limit
		expect(addAction(doc, fields(ind({ unit: 'か'.repeat(20) })), ctx, by).ok).toBe(true);
	});

	it('accepts a title of exactly 80 characters and a stage per year of the period', () => {
		const doc = new Y.Doc();
		const id = add(doc, { title: 'あ'.repeat(80), schedule: { 2026: 'study', 2027: 'prepare', 2028: 'run', 2029: 'continue', 2030: 'expand' } });
		expect(Object.keys(readAction(doc, id)!.schedule)).toHaveLength(5);
	});

	it('writes only the changed fields, so two staff editing different fields of one action both keep their edit', () => {
		const server = new Y.Doc();
		const id = add(server);
		const a = new Y.Doc();
		const b = new Y.Doc();
		Y.applyUpdate(a, Y.encodeStateAsUpdate(server));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(server));
		const base = readAction(a, id)!;
		// Each saves the whole form with one field changed, at the same time.
		const patchA = changedFields(base, { ...base, title: '見守り訪問を全地区に' });
		const patchB = changedFields(base, { ...base, responsible: '自治会連合会' });
		expect(patchA).toEqual({ title: '見守り訪問を全地区に' });
		expect(updateAction(a, id, patchA, ctx)).toEqual({ ok: true, value: ['title'] });
		expect(updateAction(b, id, patchB, ctx)).toEqual({ ok: true, value: ['responsible'] });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		for (const d of [a, b]) {
			const got = readAction(d, id)!;
			expect(got.title).toBe('見守り訪問を全地区に');
			expect(got.responsible).toBe('自治会連合会');
		}
	});

	it('keeps both rows when two staff add actions at once, and deletes one by id', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		add(a, { title: 'サロンを月2回に' });
		add(b, { title: '買い物バスを試す' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(readActions(a).map((x) => x.title).sort()).toEqual(['サロンを月2回に', '買い物バスを試す']);
		const id = readActions(a)[0]!.id;
		expect(deleteAction(a, id).ok).toBe(true);
		expect(readActions(a)).toHaveLength(1);
		expect(deleteAction(a, 'missing').ok).toBe(false);
	});
});

describe('the schedule over an era boundary', () => {
	it('covers a plan 2017-2021 (平成29年度〜令和3年度) year by year', () => {
		const years = periodYears(2017, 2021);
		expect(years).toEqual([2017, 2018, 2019, 2020, 2021]);
		const eraCtx: ActionContext = { ...ctx, years };
		const doc = new Y.Doc();
		const r = addAction(doc, fields({ schedule: { 2017: 'study', 2018: 'prepare', 2019: 'run', 2020: 'continue', 2021: 'expand' } }), eraCtx, by);
		expect(r.ok).toBe(true);
		const cells = scheduleCells(readActions(doc)[0]!.schedule, years);
		expect(cells.map((c) => `${c.era}:${c.label}`)).toEqual(['平成29年度:検討', '平成30年度:準備', '令和元年度:実施', '令和2年度:継続', '令和3年度:拡充']);
		const outside = addAction(doc, fields({ schedule: { 2016: 'study', 2022: 'run' } }), eraCtx, by);
		expect(outside.ok).toBe(false);
		if (!outside.ok) expect(outside.problems.map((p) => p.year)).toEqual([2016, 2022]);
	});

	it('leaves a year without a stage empty', () => {
		expect(scheduleCells({ 2019: 'run' }, [2018, 2019]).map((c) => c.stage)).toEqual([null, 'run']);
	});
});

describe('column remapping', () => {
	it('moves every action of a removed column to its new column and drops none', () => {
		const doc = new Y.Doc();
		add(doc, { column: 'self', title: 'あいさつ運動' });
		add(doc, { column: 'mutual', title: 'ごみ出し支援' });
		add(doc, { column: 'community', title: '防災訓練' });
		add(doc, { column: 'public', title: '相談窓口の周知' });
		const moved = remapColumns(doc, { self: 'me', mutual: 'us', community: 'us', public: 'council' });
		expect(moved).toBe(4);
		const cols = Object.fromEntries(readActions(doc).map((a) => [a.title, a.column]));
		expect(cols).toEqual({ あいさつ運動: 'me', ごみ出し支援: 'us', 防災訓練: 'us', 相談窓口の周知: 'council' });
	});

	it('keeps actions of columns the mapping does not name, and is a no-op for identical ids', () => {
		const doc = new Y.Doc();
		add(doc, { column: 'self' });
		add(doc, { column: 'public' });
		expect(remapColumns(doc, { self: 'self', toString: 'x' })).toBe(0);
		expect(readActions(doc).map((a) => a.column).sort()).toEqual(['public', 'self']);
	});
});

describe('the actions table', () => {
	it('groups by theme then actor column in the council order, unknown theme and old columns last', () => {
		const doc = new Y.Doc();
		add(doc, { issueId: 'iss2', column: 'public', title: 'A' });
		add(doc, { issueId: 'iss1', column: 'public', title: 'B' });
		add(doc, { issueId: 'iss1', column: 'self', title: 'C' });
		add(doc, { issueId: '', column: 'mutual', title: 'D' });
		actionsMap(doc).get(readActions(doc)[0]!.id)!.set('column', 'gone');
		const groups = groupActions(readActions(doc), ['iss1', 'iss2'], ctx.columns);
		expect(groups.map((g) => [g.issueId, g.cells.map((c) => `${c.column}:${c.actions.map((a) => a.title).join('')}`)])).toEqual([
			['iss1', ['self:C', 'public:B']],
			['iss2', ['gone:A']],
			['', ['mutual:D']]
		]);
	});

	it('filters by theme, actor, goal and year', () => {
		const doc = new Y.Doc();
		add(doc, { title: 'A', issueId: 'iss1', column: 'self', goalId: 'g1', schedule: { 2026: 'run' } });
		add(doc, { title: 'B', issueId: 'iss2', column: 'public', goalId: 'g2', schedule: { 2030: 'expand' } });
		const all = readActions(doc);
		const titles = (f: Parameters<typeof filterActions>[1]) => filterActions(all, f).map((a) => a.title);
		expect(titles({})).toEqual(['A', 'B']);
		expect(titles({ issueId: 'iss2' })).toEqual(['B']);
		expect(titles({ column: 'self' })).toEqual(['A']);
		expect(titles({ goalId: 'g2' })).toEqual(['B']);
		expect(titles({ year: 2030 })).toEqual(['B']);
		expect(titles({ year: 2028 })).toEqual([]);
	});
});

describe('an idea of the grid as an action', () => {
	it('keeps a short idea as the title, and the whole idea as the description when the title is cut or joined', () => {
		expect(ideaAsActionText('  サロンの送迎を近所で ')).toEqual({ title: 'サロンの送迎を近所で', description: '' });
		expect(ideaAsActionText('送迎を\n近所で')).toEqual({ title: '送迎を 近所で', description: '送迎を\n近所で' });
		const long = 'あ'.repeat(100) + '𠮷'.repeat(40);
		const r = ideaAsActionText(long);
		expect([...r.title]).toHaveLength(ACTION_LIMITS.title);
		expect(r.title.endsWith('…')).toBe(true);
		expect(r.description).toBe(long);
	});
});
