/**
 * The plan document's parts as the export's snapshot holds them (planSnapshot.ts): the 課題 (issues.ts) in
 * the document's order, the 取り組み (actions.ts) per issue × actor column with their schedule words and
 * indicators, and the plan record's status. Pure: the caller reads the Y.Doc and the records.
 */
import type { PlanStatus as RecordStatus } from './planRecord';
import type { IssueView } from './issues';
import { groupActions, type Action, type Indicator, type Stage } from './actions';
import type { PlanStatus, ScheduleStage, SnapshotAction, SnapshotIndicator, SnapshotIssue } from './planSnapshot';

/** The schedule's words (the same as the actions page's STAGE_LABELS). */
export const STAGE_WORDS: Record<Stage, ScheduleStage> = { study: '検討', prepare: '準備', run: '実施', continue: '継続', expand: '拡充' };

/** 策定中 / 策定済み / 見直し中, as the document words them. */
export const SNAPSHOT_STATUS: Record<RecordStatus, PlanStatus> = { drafting: 'draft', adopted: 'adopted', revising: 'revising' };

/**
 * The plan's issues: the priority ones (重点) first, ranked 1, 2, … in the plan's order, then the others
 * (no rank) as listed. Merged issues are inside the issue they went into (their notes too).
 */
export function snapshotIssues(views: readonly IssueView[]): SnapshotIssue[] {
	const priority = views.filter((v) => v.priority);
	const others = views.filter((v) => !v.priority);
	return [...priority.map((v, i) => ({ v, rank: i + 1 })), ...others.map((v) => ({ v, rank: null }))].map(({ v, rank }) => ({
		id: v.id,
		title: v.title,
		catchphrase: v.catchphrase,
		rank,
		notes: [...v.notes]
	}));
}

/** A figure as written: a number when it is one (「1,200」「１２」), else the text as written. */
export function figure(raw: string): number | string | null {
	const t = raw.trim();
	if (t === '') return null;
	const ascii = t.replace(/[０-９．，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/,/g, '');
	return /^-?\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : t;
}

/** The indicator with its targets per fiscal year; the final target (最終目標) is the last year's unless that year has its own. */
export function snapshotIndicator(ind: Indicator | null, years: readonly number[]): SnapshotIndicator | null {
	if (!ind) return null;
	const targets: SnapshotIndicator['targets'] = [];
	for (const year of years) {
		const v = figure(ind.targets[year] ?? '');
		if (v !== null) targets.push({ year, value: v });
	}
	const last = years[years.length - 1];
	const final = figure(ind.finalTarget);
	if (final !== null && last !== undefined && !targets.some((t) => t.year === last)) targets.push({ year: last, value: final });
	return { what: ind.what, unit: ind.unit, baseline: figure(ind.baseline), targets };
}

/**
 * The actions in the document's order: by issue (the given order; an action of a merged issue under the
 * issue it went into, one of no known issue last with issueId ''), then by actor column (the council's
 * order, a column the council no longer has after), then as ordered on the actions page.
 */
export function snapshotActions(
	actions: readonly Action[],
	roots: ReadonlyMap<string, string>,
	issueOrder: readonly string[],
	columnOrder: readonly string[],
	years: readonly number[]
): SnapshotAction[] {
	const known = new Set(issueOrder);
	const placed = actions.map((a) => {
		const root = roots.get(a.issueId) ?? a.issueId;
		return { ...a, issueId: known.has(root) ? root : '' };
	});
	return groupActions(placed, issueOrder, columnOrder).flatMap((g) =>
		g.cells.flatMap((c) =>
			c.actions.map((a) => ({
				id: a.id,
				title: a.title,
				description: a.description,
				issueId: a.issueId,
				columnId: a.column,
				responsible: a.responsible,
				schedule: years.flatMap((year) => {
					const stage = a.schedule[year];
					return stage ? [{ year, stage: STAGE_WORDS[stage] }] : [];
				}),
				indicator: snapshotIndicator(a.indicator, years),
				goalId: a.goalId || null
			}))
		)
	);
}
