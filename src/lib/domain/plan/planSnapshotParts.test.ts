import { describe, it, expect } from 'vitest';
import { STAGE_LABELS, type Action } from './actions';
import type { IssueView } from './issues';
import { figure, snapshotActions, snapshotIndicator, snapshotIssues, STAGE_WORDS } from './planSnapshotParts';

const view = (id: string, title: string, priority: boolean, notes: string[] = []): IssueView => ({
	id,
	title,
	catchphrase: `${title}の合言葉`,
	priority,
	order: 0,
	sources: [],
	notes,
	bestRank: null,
	votes: 0,
	merged: []
});

const action = (id: string, issueId: string, column: string, over: Partial<Action> = {}): Action => ({
	id,
	title: id,
	description: '',
	issueId,
	column,
	responsible: '',
	schedule: {},
	indicator: null,
	goalId: '',
	order: 0,
	createdAt: 0,
	createdBy: 'u',
	...over
});

describe('the plan document’s parts in the snapshot', () => {
	it('puts the priority issues first, ranked in the plan’s order, then the others unranked', () => {
		const issues = snapshotIssues([view('a', '担い手', false), view('b', '買い物', true, ['坂がきつい']), view('c', '見守り', true)]);
		expect(issues.map((i) => [i.id, i.rank])).toEqual([
			['b', 1],
			['c', 2],
			['a', null]
		]);
		expect(issues[0]).toEqual({ id: 'b', title: '買い物', catchphrase: '買い物の合言葉', rank: 1, notes: ['坂がきつい'] });
	});

	it('reads figures as numbers when they are numbers, else keeps the words', () => {
		expect([figure(' 1,200 '), figure('１２'), figure('3.5'), figure('月1回'), figure('  ')]).toEqual([1200, 12, 3.5, '月1回', null]);
	});

	it('gives an indicator its targets per year, the final target in the last year unless that year has one', () => {
		const years = [2027, 2028, 2029];
		expect(snapshotIndicator({ what: '協力世帯', unit: '世帯', baseline: '25', targets: { 2028: '40' }, finalTarget: '60' }, years)).toEqual({
			what: '協力世帯',
			unit: '世帯',
			baseline: 25,
			targets: [
				{ year: 2028, value: 40 },
				{ year: 2029, value: 60 }
			]
		});
		expect(snapshotIndicator({ what: '回数', unit: '', baseline: '', targets: { 2029: '月2回' }, finalTarget: '月3回' }, years)?.targets).toEqual([{ year: 2029, value: '月2回' }]);
		expect(snapshotIndicator(null, years)).toBeNull();
	});

	it('orders actions by issue then the council’s columns; a merged issue’s action goes under its issue, an unknown one last', () => {
		const roots = new Map([
			['i1', 'i1'],
			['i2', 'i2'],
			['i3', 'i1']
		]);
		const out = snapshotActions(
			[
				action('x-unknown', 'gone', 'self'),
				action('b-public', 'i2', 'public'),
				action('a-merged', 'i3', 'mutual', { schedule: { 2027: 'study', 2029: 'run' }, goalId: 'g1' }),
				action('a-self', 'i1', 'self', { goalId: '' })
			],
			roots,
			['i1', 'i2'],
			['self', 'mutual', 'public'],
			[2027, 2028, 2029]
		);
		expect(out.map((a) => [a.id, a.issueId, a.columnId])).toEqual([
			['a-self', 'i1', 'self'],
			['a-merged', 'i1', 'mutual'],
			['b-public', 'i2', 'public'],
			['x-unknown', '', 'self']
		]);
		expect(out[1]).toMatchObject({ schedule: [{ year: 2027, stage: '検討' }, { year: 2029, stage: '実施' }], goalId: 'g1' });
		expect(out[0]!.goalId).toBeNull();
	});

	it('words the schedule as the actions page does', () => {
		expect(STAGE_WORDS).toEqual(STAGE_LABELS);
	});
});
