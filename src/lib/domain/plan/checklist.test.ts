import { describe, expect, it } from 'vitest';
import { nextWorkshopStep, planChecklist, type PlanFacts } from './checklist';

const empty = (): PlanFacts => ({
	know: { profileYears: null, resources: null },
	workshops: { held: 0, stepsCovered: [] },
	issues: { total: 0, ranked: 0, priorityTitles: [] },
	vision: { adoptedStatements: null },
	actions: { perPriorityIssue: null, withoutResponsible: null },
	document: { exported: null },
	review: { reviewedYears: null, currentFiscalYear: 2026, period: { start: 2026, end: 2030 } }
});

const step = (f: PlanFacts, id: string) => planChecklist(f).find((s) => s.id === id)!;

describe('the plan checklist', () => {
	it('lists the six steps in order, and says "not recorded" for facts nobody filled', () => {
		const list = planChecklist(empty());
		expect(list.map((s) => s.id)).toEqual(['know', 'issues', 'vision', 'actions', 'document', 'review']);
		expect(step(empty(), 'vision')).toEqual({ id: 'vision', state: 'unknown', holds: [{ key: 'not_recorded' }], missing: [] });
		expect(step(empty(), 'issues')).toEqual({ id: 'issues', state: 'todo', holds: [], missing: [{ key: 'issues_none_yet' }] });
	});

	it('tells what the issues step still needs: gathering, then a priority', () => {
		const f = empty();
		f.workshops.held = 2;
		expect(step(f, 'issues').missing).toEqual([{ key: 'issues_not_gathered' }]);
		f.issues = { total: 4, ranked: 4, priorityTitles: [] };
		expect(step(f, 'issues')).toMatchObject({ state: 'started', missing: [{ key: 'issues_no_priority' }] });
		f.issues.priorityTitles = ['移動と買い物'];
		expect(step(f, 'issues')).toEqual({
			id: 'issues',
			state: 'done',
			holds: [
				{ key: 'issues_workshops', count: 2 },
				{ key: 'issues_count', count: 4, priority: 1 }
			],
			missing: []
		});
	});

	it('names each priority issue without actions, and actions without a responsible group', () => {
		const f = empty();
		f.actions = {
			perPriorityIssue: [
				{ title: '移動と買い物', actions: 0 },
				{ title: '見守り', actions: 3 }
			],
			withoutResponsible: 1
		};
		expect(step(f, 'actions')).toEqual({
			id: 'actions',
			state: 'started',
			holds: [{ key: 'actions_count', count: 3 }],
			missing: [
				{ key: 'actions_missing_for', title: '移動と買い物' },
				{ key: 'actions_without_responsible', count: 1 }
			]
		});
	});

	it('asks for the review of each finished year of the period', () => {
		const f = empty();
		f.review = { reviewedYears: [2026], currentFiscalYear: 2028, period: { start: 2026, end: 2030 } };
		expect(step(f, 'review')).toMatchObject({ state: 'started', holds: [{ key: 'review_done', years: [2026] }], missing: [{ key: 'review_due', year: 2027 }] });
		f.review = { reviewedYears: [], currentFiscalYear: 2026, period: { start: 2026, end: 2030 } };
		expect(step(f, 'review')).toMatchObject({ state: 'unknown', holds: [{ key: 'review_not_yet', year: 2026 }] });
	});

	it('reports the district profile and resources when known', () => {
		const f = empty();
		f.know = { profileYears: 3, resources: 0 };
		expect(step(f, 'know')).toEqual({ id: 'know', state: 'started', holds: [{ key: 'know_profile', years: 3 }], missing: [{ key: 'know_no_resources' }] });
	});
});

describe('the step a new workshop starts on', () => {
	it('starts on 課題 (or 地区を知る when the district is known to be undescribed)', () => {
		expect(nextWorkshopStep(empty())).toBe('issues');
		const f = empty();
		f.know = { profileYears: 0, resources: 0 };
		expect(nextWorkshopStep(f)).toBe('know');
		f.workshops.held = 1;
		expect(nextWorkshopStep(f)).toBe('issues');
	});

	it('moves on to 将来像 after a workshop that organised and ranked the issues', () => {
		const f = empty();
		f.workshops = { held: 1, stepsCovered: ['issues', 'organise'] };
		expect(nextWorkshopStep(f)).toBe('vision');
		const g = empty();
		g.issues = { total: 3, ranked: 3, priorityTitles: [] };
		expect(nextWorkshopStep(g)).toBe('vision');
	});

	it('then 取り組み while a priority issue has none, then 振り返り', () => {
		const f = empty();
		f.issues = { total: 3, ranked: 3, priorityTitles: ['見守り'] };
		f.vision.adoptedStatements = 2;
		f.actions.perPriorityIssue = [{ title: '見守り', actions: 0 }];
		expect(nextWorkshopStep(f)).toBe('actions');
		f.actions.perPriorityIssue = [{ title: '見守り', actions: 2 }];
		expect(nextWorkshopStep(f)).toBe('review');
		// Not known yet (not wired): a workshop that worked on 将来像 counts.
		const g = empty();
		g.workshops = { held: 2, stepsCovered: ['issues', 'organise', 'vision'] };
		expect(nextWorkshopStep(g)).toBe('actions');
	});
});
