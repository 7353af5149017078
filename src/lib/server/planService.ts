/**
 * What the plan page does beyond reading records: gather the ranked themes of the plan's boards into
 * the plan document's issues, change those issues, create a workshop of the plan on the right step,
 * and collect the facts of the plan's checklist. Stores and the sync core are passed in.
 */
import type { StaffUser } from './auth/staff';
import type { AuditLog } from './audit';
import type { SyncServer } from './sync/syncServer';
import type { DocKind } from './sync/docKinds';
import { boardDocName, type Workshop, type Workshops } from './workshops';
import { planDocName } from './sync/kinds/plan';
import type { PlanRecord, Plans, WorkshopRecord } from './plans';
import { staffActor } from './auth/guards';
import { gatherIssues, issueRoots, issueViews, themesForGathering, type IssueView } from '../domain/plan/issues';
import { readActions, type Action } from '../domain/plan/actions';
import { nextWorkshopStep, type PlanFacts } from '../domain/plan/checklist';
import { readMeta, setMeta } from '../domain/board/board';
import type { StepId } from '../domain/board/steps';
import { fiscalYearOf } from '../domain/fiscalYear';
import { tokyoDate } from '../domain/eraDate';
import { randomId } from '../domain/ids';
import type * as Y from 'yjs';
import { readArcFacts, withArcFacts, type ArcDeps } from './plan/arcFacts';

export type PlanDeps = { plans: Plans; workshops: Workshops; sync: SyncServer; audit: AuditLog } & ArcDeps;

/** Facilitators and admins run workshops and create plans; editors write plans but do not run workshops. */
export const canRunWorkshops = (user: StaffUser): boolean => user.role !== 'editor';

/** The plan's issues as listed (records merged into another are shown inside it). */
export async function readPlanIssues(deps: PlanDeps, planId: string): Promise<IssueView[]> {
	return await deps.sync.read(planDocName(planId), (doc) => issueViews(doc));
}

/** Change the plan document's issues (a domain function over the plan's Y.Doc). */
export async function changePlanIssues<T>(deps: PlanDeps, planId: string, fn: (doc: Y.Doc) => T): Promise<T> {
	return await deps.sync.change(planDocName(planId), fn);
}

/**
 * Gather the ranked themes of every workshop of the plan into its issues (idempotent). Boards are
 * read, never changed; hidden notes stay on them (issues.ts).
 */
export async function gatherPlanIssues(deps: PlanDeps, plan: PlanRecord, user: StaffUser | null): Promise<{ added: number; refreshed: number; boards: number }> {
	const workshops = await deps.plans.workshops(plan.id);
	const boards: { workshopId: string; themes: ReturnType<typeof themesForGathering> }[] = [];
	for (const w of workshops) boards.push({ workshopId: w.id, themes: await deps.sync.read(boardDocName(w.id), (doc) => themesForGathering(doc)) });
	const r = await deps.sync.change(planDocName(plan.id), (doc) => gatherIssues(doc, boards, { newId: () => randomId(), now: Date.now() }));
	if (user && (r.added || r.refreshed)) await deps.audit.record(plan.councilId, staffActor(user), 'plan.gather_issues', `plan:${plan.id}`, { added: r.added, refreshed: r.refreshed });
	return { ...r, boards: boards.filter((b) => b.themes.length > 0).length };
}

/** The plan document's facts of the checklist: the actions per priority issue, and those without 担い手. */
export type ActionFacts = PlanFacts['actions'];
/** The plan's document (計画書) counts as written once someone downloaded it as Word or PDF. */
export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const;

/** Actions per priority issue (an action of an issue merged into another counts for that one) and those without 担い手. */
export function actionFacts(issues: readonly IssueView[], actions: readonly Action[], roots: ReadonlyMap<string, string>): ActionFacts {
	const issueOf = (a: Action) => roots.get(a.issueId) ?? a.issueId;
	return {
		perPriorityIssue: issues.filter((i) => i.priority).map((i) => ({ title: i.title, actions: actions.filter((a) => issueOf(a) === i.id).length })),
		withoutResponsible: actions.filter((a) => a.responsible.trim() === '').length
	};
}

/**
 * The facts of the checklist: workshops and issues (this module), the actions (the plan document,
 * domain/plan/actions.ts) and the document (the audit log's exports). The district profile, the vision
 * and the review are filled by plan/arcFacts.ts (withArcFacts; null here = not recorded).
 */
export function planFacts(
	plan: PlanRecord,
	workshops: WorkshopRecord[],
	issues: IssueView[],
	parts: { actions: ActionFacts | null; exported: boolean | null } = { actions: null, exported: null },
	now = Date.now()
): PlanFacts {
	return {
		know: { profileYears: null, resources: null },
		workshops: { held: workshops.length, stepsCovered: [...new Set(workshops.flatMap((w) => w.stepsCovered))] },
		issues: { total: issues.length, ranked: issues.filter((i) => i.bestRank !== null).length, priorityTitles: issues.filter((i) => i.priority).map((i) => i.title) },
		vision: { adoptedStatements: null },
		actions: parts.actions ?? { perPriorityIssue: null, withoutResponsible: null },
		document: { exported: parts.exported },
		review: { reviewedYears: null, currentFiscalYear: fiscalYearOf(tokyoDate(now)), period: plan.period }
	};
}

/** Everything the plan page shows of the plan's state: its workshops, its issues, and the checklist's facts. */
export async function readPlanState(deps: PlanDeps, plan: PlanRecord): Promise<{ workshops: WorkshopRecord[]; issues: IssueView[]; facts: PlanFacts }> {
	const workshops = await deps.plans.workshops(plan.id);
	const { issues, actions } = await deps.sync.read(planDocName(plan.id), (doc) => {
		const views = issueViews(doc);
		return { issues: views, actions: actionFacts(views, readActions(doc), issueRoots(doc)) };
	});
	const exportedAt = await deps.audit.latestAt(plan.councilId, 'plan.export', `plan:${plan.id}`, DOCUMENT_FORMATS);
	const facts = withArcFacts(planFacts(plan, workshops, issues, { actions, exported: exportedAt !== null }), await readArcFacts(deps, plan));
	return { workshops, issues, facts };
}

/** A new workshop of the plan, its board on `step` (the checklist's suggestion unless staff chose another). */
export async function createPlanWorkshop(
	deps: PlanDeps,
	user: StaffUser,
	plan: PlanRecord,
	input: { title: string; heldOn?: string; place?: string; step?: StepId }
): Promise<Workshop> {
	let step = input.step;
	if (!step) step = nextWorkshopStep((await readPlanState(deps, plan)).facts);
	const { workshop } = await deps.workshops.createWorkshop({ planId: plan.id, title: input.title, heldOn: input.heldOn, place: input.place });
	const chosen = step;
	await deps.sync.change(boardDocName(workshop.id), (doc) => setMeta(doc, { step: chosen }));
	await deps.plans.stepReached(workshop.id, chosen);
	await deps.audit.record(plan.councilId, staffActor(user), 'workshop.create', `workshop:${workshop.id}`, { title: workshop.title, step: chosen });
	return workshop;
}

/**
 * The board kind, also recording in the workshop's record each step staff move the board to (the
 * steps it covered). Wraps the kind's own hook (the audit), so the board kind itself is unchanged.
 */
export function recordingSteps(kind: DocKind, plans: Plans, log: (e: unknown) => void = (e) => console.error('[plans] could not record a step', e)): DocKind {
	const inner = kind.onStaffChange?.bind(kind);
	return {
		...kind,
		onStaffChange(name, staff, changed, doc) {
			const workshopId = kind.parse(name);
			if (workshopId && changed.get('meta')?.includes('step')) plans.stepReached(workshopId, readMeta(doc).step).catch(log);
			inner?.(name, staff, changed, doc);
		}
	};
}
