/**
 * The plan's actions (取り組み) as the yearly review reads and revises them. Pure: no IO.
 *
 * The actions are those of domain/plan/actions.ts (read with its reader, written with its rules), seen
 * here in the review's own terms: a schedule in the printed words (検討 / 準備 / 実施 / 継続 / 拡充, as
 * kept in the review's versions) and an indicator with numbers (a year's target and the actual are
 * compared and charted): a value staff wrote in words (「月1回」) has no number and is left out.
 */
import type * as Y from 'yjs';
import { actionsMap as planActionsMap, periodYears, readActions, STAGE_LABELS, STAGES, updateAction, type Action, type Schedule, type Stage } from './actions';

/** 検討 / 準備 / 実施 / 継続 / 拡充: a year's stage in an action's schedule. */
export const SCHEDULE_STAGES = ['検討', '準備', '実施', '継続', '拡充'] as const;
export type ScheduleStage = (typeof SCHEDULE_STAGES)[number];

/** targets by fiscal year; key 0 holds the target by the end of the plan (最終目標) */
export type ReviewIndicator = { what: string; unit: string; baseline: number | null; targets: Record<number, number> };

export type ReviewAction = {
	id: string;
	title: string;
	description: string;
	issueId: string;
	column: string;
	responsible: string;
	order: number;
	schedule: Record<number, ScheduleStage>;
	indicator: ReviewIndicator | null;
};

export const actionsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => planActionsMap(doc);

const STAGE_OF_LABEL = new Map<ScheduleStage, Stage>(STAGES.map((s) => [STAGE_LABELS[s] as ScheduleStage, s]));

/** The number in a value as staff wrote it (「30」「1,200」「30人」), else null (「月1回」 has no single number). */
export function numberIn(raw: string): number | null {
	const m = /^\s*([0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)\s*[^0-9０-９]*$/.exec(raw);
	if (!m) return null;
	const ascii = m[1]!.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String(c.charCodeAt(0) - 0xff10))).replace(/[,，]/g, '');
	const n = Number(ascii);
	return Number.isFinite(n) ? n : null;
}

function reviewIndicator(ind: Action['indicator']): ReviewIndicator | null {
	if (!ind || !ind.what) return null;
	const targets: Record<number, number> = {};
	for (const [k, t] of Object.entries(ind.targets)) {
		const n = t === undefined ? null : numberIn(t);
		if (n !== null) targets[Number(k)] = n;
	}
	const final = numberIn(ind.finalTarget);
	if (final !== null) targets[0] = final;
	return { what: ind.what, unit: ind.unit, baseline: numberIn(ind.baseline), targets };
}

export function toReviewAction(a: Action): ReviewAction {
	const schedule: Record<number, ScheduleStage> = {};
	for (const [k, s] of Object.entries(a.schedule)) if (s) schedule[Number(k)] = STAGE_LABELS[s] as ScheduleStage;
	return {
		id: a.id,
		title: a.title,
		description: a.description,
		issueId: a.issueId,
		column: a.column,
		responsible: a.responsible,
		order: a.order,
		schedule,
		indicator: reviewIndicator(a.indicator)
	};
}

/** Every action of the plan, in the plan's order (actions.ts readActions). */
export function readActionsForReview(doc: Y.Doc): ReviewAction[] {
	return readActions(doc).map(toReviewAction);
}

/**
 * The target of a year: that year's target, else the nearest later one, else the target by the end
 * (key 0, 最終目標), else the last one set.
 */
export function targetFor(indicator: ReviewIndicator | null, fiscalYear: number): number | null {
	if (!indicator) return null;
	const years = Object.keys(indicator.targets)
		.map(Number)
		.filter((y) => y !== 0)
		.sort((a, b) => a - b);
	const later = years.find((y) => y >= fiscalYear);
	if (later !== undefined) return indicator.targets[later] ?? null;
	if (indicator.targets[0] !== undefined) return indicator.targets[0];
	const last = years.at(-1);
	return last === undefined ? null : (indicator.targets[last] ?? null);
}

/**
 * Set (or clear, with null) one year's stage of an action's schedule, through the actions' own rules
 * (actions.ts updateAction: the year must be one of the plan's). False when the action is not there
 * or the rules refuse.
 */
export function writeScheduleYear(doc: Y.Doc, actionId: string, fiscalYear: number, stage: ScheduleStage | null, period: { start: number; end: number }): boolean {
	const current = readActions(doc).find((a) => a.id === actionId);
	if (!current) return false;
	const schedule: Schedule = { ...current.schedule };
	const id = stage ? STAGE_OF_LABEL.get(stage) : undefined;
	if (id) schedule[fiscalYear] = id;
	else delete schedule[fiscalYear];
	// the years already in the schedule stay acceptable (they were the plan's when written)
	const years = [...new Set([...periodYears(period.start, period.end), ...Object.keys(current.schedule).map(Number)])];
	return updateAction(doc, actionId, { schedule }, { years, columns: [], goals: [], issues: null }).ok;
}
