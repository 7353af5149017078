import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, initBoard, setNoteHidden } from '../board/board';
import { createTheme, renameTheme } from '../board/themes';
import { closeVote, openVote, setVote } from '../board/voting';
import { gatherIssues, issueOfTheme, issueRoots, issueViews, mergeIssues, priorityIssues, readIssues, setIssuePriority, themesForGathering, unmergeIssue, type ThemeSnapshot } from './issues';

/** A board with two themes of notes, one hidden note, and a closed dot vote: 買い物 2 dots, 見守り 1. */
function votedBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	const note = (id: string, text: string) => addNote(doc, { id, text, kind: 'concern', authorId: 'p1', authorRole: 'participant', nickname: '山田', now: 1 });
	note('note-aaaa1', 'バス停が遠い');
	note('note-aaaa2', '店が閉まった');
	note('note-aaaa3', '一人暮らしが心配');
	note('note-aaaa4', '隣の○○さんが心配');
	setNoteHidden(doc, 'note-aaaa4', true);
	createTheme(doc, { id: 'th-shop', title: '買い物', x: 0, y: 0, now: 2, noteIds: ['note-aaaa1', 'note-aaaa2'] });
	createTheme(doc, { id: 'th-watch', title: '見守り', x: 0, y: 0, now: 3, noteIds: ['note-aaaa3', 'note-aaaa4'] });
	createTheme(doc, { id: 'th-none', title: '票なし', x: 0, y: 0, now: 4 });
	openVote(doc, { roundId: 'round-1', target: 'themes', dotsPerPerson: 2, allowStacking: false, hideResults: false, now: 5 });
	setVote(doc, 'voter-1', 'th-shop', 1);
	setVote(doc, 'voter-2', 'th-shop', 1);
	setVote(doc, 'voter-2', 'th-watch', 1);
	closeVote(doc);
	return doc;
}

let n = 0;
const opts = () => ({ newId: () => `issue-${++n}`, now: 100 });

describe('gathering ranked themes into the plan', () => {
	it('reads ranked themes with their visible notes only (hidden notes and authors never leave the board)', () => {
		const themes = themesForGathering(votedBoard());
		expect(themes.map((t) => [t.title, t.rank, t.votes])).toEqual([
			['買い物', 1, 2],
			['見守り', 2, 1],
			['票なし', 3, 0]
		]);
		expect(themes[1]!.notes).toEqual(['一人暮らしが心配']);
		expect(JSON.stringify(themes)).not.toContain('山田');
		expect(JSON.stringify(themes)).not.toContain('○○');
	});

	it('is idempotent: gathering twice gives one issue per theme and writes nothing the second time', () => {
		const plan = new Y.Doc();
		const board = { workshopId: 'ws-1', themes: themesForGathering(votedBoard()) };
		expect(gatherIssues(plan, [board], opts())).toEqual({ added: 3, refreshed: 0 });
		const updates: Uint8Array[] = [];
		plan.on('update', (u: Uint8Array) => updates.push(u));
		expect(gatherIssues(plan, [board], opts())).toEqual({ added: 0, refreshed: 0 });
		expect(updates).toEqual([]);
		expect(issueViews(plan).map((i) => [i.title, i.bestRank])).toEqual([
			['買い物', 1],
			['見守り', 2],
			['票なし', 3]
		]);
	});

	it('refreshes a theme renamed or re-ranked on the board, keeping the staff marks', () => {
		const plan = new Y.Doc();
		const themes = themesForGathering(votedBoard());
		gatherIssues(plan, [{ workshopId: 'ws-1', themes }], opts());
		const shop = issueViews(plan)[0]!;
		setIssuePriority(plan, shop.id, true);
		const renamed: ThemeSnapshot[] = themes.map((t) => (t.themeId === 'th-shop' ? { ...t, title: '買い物と移動', notes: [...t.notes, '坂がきつい'] } : t));
		expect(gatherIssues(plan, [{ workshopId: 'ws-1', themes: renamed }], opts())).toEqual({ added: 0, refreshed: 1 });
		const after = issueViews(plan).find((i) => i.id === shop.id)!;
		expect(after).toMatchObject({ title: '買い物と移動', priority: true });
		expect(after.notes).toContain('坂がきつい');
	});

	it('carries a theme’s catch-phrase into its issue, and a new catch-phrase on the board refreshes it', () => {
		const board = votedBoard();
		expect(renameTheme(board, 'th-shop', { catchphrase: '歩いて行ける店を、みんなで守る' }).ok).toBe(true);
		const plan = new Y.Doc();
		gatherIssues(plan, [{ workshopId: 'ws-1', themes: themesForGathering(board) }], opts());
		const views = issueViews(plan);
		expect(views.map((i) => [i.title, i.catchphrase])).toEqual([
			['買い物', '歩いて行ける店を、みんなで守る'],
			['見守り', ''],
			['票なし', '']
		]);
		expect(views[0]!.sources[0]!.catchphrase).toBe('歩いて行ける店を、みんなで守る');
		expect(renameTheme(board, 'th-shop', { catchphrase: '買い物の足をつなぐ' }).ok).toBe(true);
		expect(gatherIssues(plan, [{ workshopId: 'ws-1', themes: themesForGathering(board) }], opts())).toEqual({ added: 0, refreshed: 1 });
		expect(issueViews(plan)[0]!.catchphrase).toBe('買い物の足をつなぐ');
	});

	it('merges duplicates across workshops keeping both sources, and unmerges back', () => {
		const plan = new Y.Doc();
		gatherIssues(
			plan,
			[
				{ workshopId: 'ws-1', themes: [{ themeId: 't1', title: '移動', catchphrase: '', rank: 1, votes: 5, notes: ['バスが少ない'] }] },
				{ workshopId: 'ws-2', themes: [{ themeId: 't9', title: '通院の足', catchphrase: '', rank: 2, votes: 3, notes: ['病院が遠い'] }] }
			],
			opts()
		);
		const [a, b] = issueViews(plan);
		setIssuePriority(plan, b!.id, true);
		expect(mergeIssues(plan, b!.id, a!.id)).toEqual({ ok: true, value: null });
		const merged = issueViews(plan);
		expect(merged).toHaveLength(1);
		expect(merged[0]).toMatchObject({ id: a!.id, title: '移動', priority: true, bestRank: 1, votes: 8, notes: ['バスが少ない', '病院が遠い'] });
		expect(merged[0]!.merged).toEqual([{ id: b!.id, title: '通院の足' }]);
		// Gathering again after a merge adds nothing: the merged theme is still a source.
		gatherIssues(plan, [{ workshopId: 'ws-2', themes: [{ themeId: 't9', title: '通院の足', catchphrase: '', rank: 2, votes: 3, notes: ['病院が遠い'] }] }], opts());
		expect(issueViews(plan)).toHaveLength(1);
		expect(readIssues(plan)).toHaveLength(2);

		expect(mergeIssues(plan, b!.id, a!.id)).toEqual({ ok: false, error: 'already_merged' });
		expect(mergeIssues(plan, a!.id, b!.id)).toEqual({ ok: false, error: 'merge_cycle' });
		expect(mergeIssues(plan, a!.id, a!.id)).toEqual({ ok: false, error: 'same_issue' });
		expect(mergeIssues(plan, a!.id, 'nope')).toEqual({ ok: false, error: 'issue_not_found' });

		expect(unmergeIssue(plan, b!.id)).toEqual({ ok: true, value: null });
		expect(unmergeIssue(plan, b!.id)).toEqual({ ok: false, error: 'not_merged' });
		expect(issueViews(plan).map((i) => [i.title, i.notes])).toEqual([
			['移動', ['バスが少ない']],
			['通院の足', ['病院が遠い']]
		]);
	});

	it('reads a stored record of a later shape tolerantly (unknown fields ignored, bad sources dropped)', () => {
		const plan = new Y.Doc();
		const m = new Y.Map<unknown>();
		plan.getMap('issues').set('x1', m);
		m.set('v', 2);
		m.set('sources', [{ workshopId: 'w', themeId: 't', title: 'T', rank: 'first' }, 'junk']);
		m.set('extra', 1);
		expect(readIssues(plan)).toEqual([
			{ id: 'x1', title: '', sources: [{ workshopId: 'w', themeId: 't', title: 'T', catchphrase: '', rank: null, votes: null, notes: [] }], priority: false, order: 0, mergedInto: '', createdAt: 0 }
		]);
	});
});

describe('reading the issues for the actions', () => {
	it('lists the priority issues as shown (merged ones under their issue), and finds the issue of a board theme through merges', () => {
		const plan = new Y.Doc();
		const ids: string[] = [];
		gatherIssues(plan, [{ workshopId: 'ws-1', themes: themesForGathering(votedBoard()) }, { workshopId: 'ws-2', themes: themesForGathering(votedBoard()) }], {
			newId: () => `root-${ids.push('x')}`,
			now: 1
		});
		const [shop1, watch1, , shop2] = issueViews(plan).map((v) => v.id);
		expect(priorityIssues(plan)).toEqual([]);
		setIssuePriority(plan, shop2!, true);
		setIssuePriority(plan, watch1!, true);
		mergeIssues(plan, shop2!, shop1!);
		// the merge carries the priority to the issue it went into; the merged one is no longer listed
		expect(priorityIssues(plan).map((v) => [v.id, v.title])).toEqual([
			[shop1, '買い物'],
			[watch1, '見守り']
		]);
		expect(issueRoots(plan).get(shop2!)).toBe(shop1);
		expect(issueRoots(plan).get(watch1!)).toBe(watch1);
		expect(issueOfTheme(plan, 'ws-2', 'th-shop')).toBe(shop1);
		expect(issueOfTheme(plan, 'ws-1', 'th-watch')).toBe(watch1);
		expect(issueOfTheme(plan, 'ws-3', 'th-shop')).toBeNull();
		unmergeIssue(plan, shop2!);
		expect(issueOfTheme(plan, 'ws-2', 'th-shop')).toBe(shop2);
	});
});
