/**
 * The plan at a glance (計画の進み具合): for each step of the arc (地区を知る, 課題, 将来像, 取り組み,
 * 計画書, 振り返り) what it holds and what is still missing, as typed lines the page words in plain
 * Japanese; and the step a new workshop of the plan starts on. Pure: the facts come in as numbers.
 *
 * A fact that is `null` is not known (yet): its step says nothing is recorded instead of claiming
 * something is missing. The plan page fills the facts it owns (workshops, issues); the other parts
 * (profile, resources, vision, actions, export, review) are filled by their owners' readers.
 */
import type { StepId } from '../board/steps';
import { yearsOf, type Period } from '../fiscalYear';

export const ARC_STEPS = ['know', 'issues', 'vision', 'actions', 'document', 'review'] as const;
export type ArcStep = (typeof ARC_STEPS)[number];

export type PlanFacts = {
	know: { profileYears: number | null; resources: number | null };
	workshops: { held: number; stepsCovered: readonly StepId[] };
	issues: { total: number; ranked: number; priorityTitles: readonly string[] };
	vision: { adoptedStatements: number | null };
	/** actions per priority issue, and actions with no 担い手 (responsible group) */
	actions: { perPriorityIssue: readonly { title: string; actions: number }[] | null; withoutResponsible: number | null };
	document: { exported: boolean | null };
	review: { reviewedYears: readonly number[] | null; currentFiscalYear: number; period: Period };
};

export type ChecklistLine =
	| { key: 'know_profile'; years: number }
	| { key: 'know_resources'; count: number }
	| { key: 'know_no_profile' }
	| { key: 'know_no_resources' }
	| { key: 'not_recorded' }
	| { key: 'issues_workshops'; count: number }
	| { key: 'issues_count'; count: number; priority: number }
	| { key: 'issues_none_yet' }
	| { key: 'issues_not_gathered' }
	| { key: 'issues_no_priority' }
	| { key: 'vision_adopted'; count: number }
	| { key: 'vision_none' }
	| { key: 'actions_count'; count: number }
	| { key: 'actions_need_priority' }
	| { key: 'actions_missing_for'; title: string }
	| { key: 'actions_without_responsible'; count: number }
	| { key: 'document_exported' }
	| { key: 'document_not_exported' }
	| { key: 'review_done'; years: number[] }
	| { key: 'review_due'; year: number }
	| { key: 'review_not_yet'; year: number };

export type StepState = 'done' | 'started' | 'todo' | 'unknown';

export type ChecklistStep = { id: ArcStep; state: StepState; holds: ChecklistLine[]; missing: ChecklistLine[] };

const stateOf = (holds: ChecklistLine[], missing: ChecklistLine[]): StepState =>
	missing.length === 0 ? (holds.length ? 'done' : 'unknown') : holds.length ? 'started' : 'todo';

function know(f: PlanFacts): ChecklistStep {
	const { profileYears, resources } = f.know;
	const holds: ChecklistLine[] = [];
	const missing: ChecklistLine[] = [];
	if (profileYears === null && resources === null) return { id: 'know', state: 'unknown', holds: [{ key: 'not_recorded' }], missing: [] };
	if (profileYears) holds.push({ key: 'know_profile', years: profileYears });
	else if (profileYears === 0) missing.push({ key: 'know_no_profile' });
	if (resources) holds.push({ key: 'know_resources', count: resources });
	else if (resources === 0) missing.push({ key: 'know_no_resources' });
	return { id: 'know', state: stateOf(holds, missing), holds, missing };
}

function issues(f: PlanFacts): ChecklistStep {
	const holds: ChecklistLine[] = [];
	const missing: ChecklistLine[] = [];
	if (f.workshops.held) holds.push({ key: 'issues_workshops', count: f.workshops.held });
	if (f.issues.total) holds.push({ key: 'issues_count', count: f.issues.total, priority: f.issues.priorityTitles.length });
	if (!f.issues.total) missing.push(f.workshops.held ? { key: 'issues_not_gathered' } : { key: 'issues_none_yet' });
	else if (!f.issues.priorityTitles.length) missing.push({ key: 'issues_no_priority' });
	return { id: 'issues', state: f.issues.total && !missing.length ? 'done' : stateOf(holds, missing), holds, missing };
}

function vision(f: PlanFacts): ChecklistStep {
	const n = f.vision.adoptedStatements;
	if (n === null) return { id: 'vision', state: 'unknown', holds: [{ key: 'not_recorded' }], missing: [] };
	return n > 0 ? { id: 'vision', state: 'done', holds: [{ key: 'vision_adopted', count: n }], missing: [] } : { id: 'vision', state: 'todo', holds: [], missing: [{ key: 'vision_none' }] };
}

function actions(f: PlanFacts): ChecklistStep {
	const per = f.actions.perPriorityIssue;
	if (per === null) return { id: 'actions', state: 'unknown', holds: [{ key: 'not_recorded' }], missing: [] };
	const holds: ChecklistLine[] = [];
	const missing: ChecklistLine[] = [];
	const count = per.reduce((n, p) => n + p.actions, 0);
	if (count) holds.push({ key: 'actions_count', count });
	if (!per.length) missing.push({ key: 'actions_need_priority' });
	for (const p of per) if (p.actions === 0) missing.push({ key: 'actions_missing_for', title: p.title });
	if (f.actions.withoutResponsible) missing.push({ key: 'actions_without_responsible', count: f.actions.withoutResponsible });
	return { id: 'actions', state: stateOf(holds, missing), holds, missing };
}

function document(f: PlanFacts): ChecklistStep {
	if (f.document.exported === null) return { id: 'document', state: 'unknown', holds: [{ key: 'not_recorded' }], missing: [] };
	return f.document.exported
		? { id: 'document', state: 'done', holds: [{ key: 'document_exported' }], missing: [] }
		: { id: 'document', state: 'todo', holds: [], missing: [{ key: 'document_not_exported' }] };
}

function review(f: PlanFacts): ChecklistStep {
	const { reviewedYears, currentFiscalYear, period } = f.review;
	if (reviewedYears === null) return { id: 'review', state: 'unknown', holds: [{ key: 'not_recorded' }], missing: [] };
	const holds: ChecklistLine[] = reviewedYears.length ? [{ key: 'review_done', years: [...reviewedYears].sort((a, b) => a - b) }] : [];
	// A year is reviewed once it is over: the years of the period before the current one.
	const due = yearsOf(period).filter((y) => y < currentFiscalYear && !reviewedYears.includes(y));
	const missing: ChecklistLine[] = due.map((year) => ({ key: 'review_due', year }));
	if (!holds.length && !missing.length) return { id: 'review', state: 'unknown', holds: [{ key: 'review_not_yet', year: period.start }], missing: [] };
	return { id: 'review', state: stateOf(holds, missing), holds, missing };
}

/** The arc of the plan, one entry per step, in order. */
export function planChecklist(f: PlanFacts): ChecklistStep[] {
	return [know(f), issues(f), vision(f), actions(f), document(f), review(f)];
}

/**
 * The step a new workshop of the plan starts on: the first one the plan still needs. 地区を知る only
 * for a plan's first workshop when the district's profile and resources are known to be empty;
 * 課題 until some workshop ranked themes (or issues were gathered); then 将来像 until statements are
 * adopted (or a workshop already worked on it); then 取り組み while a priority issue has none; then
 * 振り返り.
 */
export function nextWorkshopStep(f: PlanFacts): StepId {
	const covered = new Set(f.workshops.stepsCovered);
	const issuesDone = f.issues.total > 0 || covered.has('organise');
	if (!issuesDone) return f.workshops.held === 0 && f.know.profileYears === 0 && f.know.resources === 0 ? 'know' : 'issues';
	const visionDone = (f.vision.adoptedStatements ?? 0) > 0 || (f.vision.adoptedStatements === null && covered.has('vision'));
	if (!visionDone) return 'vision';
	const per = f.actions.perPriorityIssue;
	const actionsDone = per === null ? covered.has('actions') : per.length > 0 && per.every((p) => p.actions > 0);
	if (!actionsDone) return 'actions';
	return 'review';
}
