import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { addAction, deleteAction, periodYears, readAction, updateAction, type ActionContext, type ActionFields } from './actions';
import { gatherIssues, mergeIssues, setIssuePriority, type ThemeSnapshot } from './issues';
import { editDrift, issueRefs, readActionsTable, responsibleSuggestions } from './actionsTable';

const theme = (themeId: string, title: string, rank: number): ThemeSnapshot => ({ themeId, title, catchphrase: '', rank, votes: 5 - rank, notes: [] });

/** A plan document with three gathered issues (two boards), the first two marked 重点. */
function planWithIssues(): { doc: Y.Doc; ids: string[] } {
	const doc = new Y.Doc();
	let n = 0;
	gatherIssues(
		doc,
		[
			{ workshopId: 'ws-1', themes: [theme('th-a', '買い物が不便', 1), theme('th-b', '見守りの担い手', 2)] },
			{ workshopId: 'ws-2', themes: [theme('th-c', '買い物に行けない', 1)] }
		],
		{ newId: () => `issue${++n}`, now: 1 }
	);
	setIssuePriority(doc, 'issue1', true);
	setIssuePriority(doc, 'issue2', true);
	return { doc, ids: ['issue1', 'issue2', 'issue3'] };
}

const ctx: ActionContext = { years: periodYears(2026, 2030), columns: ['self', 'mutual'], goals: [], issues: ['issue1', 'issue2', 'issue3'] };
const fields = (over: Partial<ActionFields>): ActionFields => ({ title: '買い物支援', description: '', issueId: 'issue1', column: 'self', responsible: '', schedule: {}, indicator: null, goalId: '', ...over });
function add(doc: Y.Doc, over: Partial<ActionFields>): string {
	const r = addAction(doc, fields(over), ctx, { userId: 'u1', now: 5 });
	if (!r.ok) throw new Error(JSON.stringify(r.problems));
	return r.value;
}

describe('the actions table', () => {
	it('lists the priority issues in order and the actions with their issue followed through merges', () => {
		const { doc } = planWithIssues();
		const a = add(doc, { title: '移動販売を呼ぶ', issueId: 'issue3' });
		const b = add(doc, { title: '見守り当番', issueId: 'issue2', column: 'mutual' });
		expect(issueRefs(doc)).toEqual([
			{ id: 'issue1', title: '買い物が不便' },
			{ id: 'issue2', title: '見守りの担い手' }
		]);
		expect(readActionsTable(doc).actions.map((x) => [x.id, x.issueId])).toEqual([
			[a, 'issue3'],
			[b, 'issue2']
		]);
		// 買い物に行けない (ws-2) is the same issue as 買い物が不便: its action is now shown under that one
		mergeIssues(doc, 'issue3', 'issue1');
		const table = readActionsTable(doc);
		expect(table.actions.find((x) => x.id === a)?.issueId).toBe('issue1');
		expect(table.issues.map((i) => i.id)).toEqual(['issue1', 'issue2']);
		// the stored action keeps its own issue (the merge can be undone)
		expect(readAction(doc, a)?.issueId).toBe('issue3');
	});

	it('reads what another document replica wrote once the update arrives', () => {
		const { doc } = planWithIssues();
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		expect(readActionsTable(other).actions).toEqual([]);
		const id = add(doc, { title: '朝の声かけ' });
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
		expect(readActionsTable(other).actions.map((x) => x.title)).toEqual(['朝の声かけ']);
		expect(readActionsTable(other).actions[0]?.id).toBe(id);
	});
});

describe('edit drift: was the action under edit changed by someone else?', () => {
	it('is the same while nothing changed, names the changed fields, and says removed', () => {
		const { doc } = planWithIssues();
		const id = add(doc, { title: '朝の声かけ', responsible: '自治会' });
		const opened = readAction(doc, id)!;
		expect(editDrift(opened, readAction(doc, id))).toEqual({ kind: 'same' });
		const r = updateAction(doc, id, { responsible: '子ども会', schedule: { 2027: 'run' } }, ctx);
		expect(r.ok).toBe(true);
		expect(editDrift(opened, readAction(doc, id))).toEqual({ kind: 'changed', fields: ['responsible', 'schedule'] });
		deleteAction(doc, id);
		expect(editDrift(opened, readAction(doc, id))).toEqual({ kind: 'removed' });
	});

	it('ignores the order and creation fields (moving within a cell is no edit of the form)', () => {
		const { doc } = planWithIssues();
		const id = add(doc, {});
		const opened = readAction(doc, id)!;
		expect(editDrift(opened, { ...opened, order: 99, createdAt: 7 })).toEqual({ kind: 'same' });
	});
});

describe('responsibleSuggestions', () => {
	it('merges the district resources with the plan groups, each once, blanks dropped', () => {
		expect(responsibleSuggestions(['ふれあいサロン', ' 民生委員 ', ''], ['民生委員', '自治会', '  '])).toEqual(
			['ふれあいサロン', '民生委員', '自治会'].sort((a, b) => a.localeCompare(b, 'ja'))
		);
	});
	it('is empty when there is nothing to suggest', () => {
		expect(responsibleSuggestions([], [''])).toEqual([]);
	});
});
