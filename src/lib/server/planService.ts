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
import { gatherIssues, issueViews, themesForGathering, type IssueView } from '../domain/plan/issues';
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

/** The facts of the checklist this module knows: workshops and issues (the arc's other parts: plan/arcFacts.ts withArcFacts). */
export function planFacts(plan: PlanRecord, workshops: WorkshopRecord[], issues: IssueView[], now = Date.now()): PlanFacts {
	return {
		know: { profileYears: null, resources: null },
		workshops: { held: workshops.length, stepsCovered: [...new Set(workshops.flatMap((w) => w.stepsCovered))] },
		issues: { total: issues.length, ranked: issues.filter((i) => i.bestRank !== null).length, priorityTitles: issues.filter((i) => i.priority).map((i) => i.title) },
		vision: { adoptedStatements: null },
		actions: { perPriorityIssue: null, withoutResponsible: null },
		document: { exported: null },
		review: { reviewedYears: null, currentFiscalYear: fiscalYearOf(tokyoDate(now)), period: plan.period }
	};
}

/** A new workshop of the plan, its board on `step` (the checklist's suggestion unless staff chose another). */
export async function createPlanWorkshop(
	deps: PlanDeps,
	user: StaffUser,
	plan: PlanRecord,
	input: { title: string; heldOn?: string; place?: string; step?: StepId }
): Promise<Workshop> {
	let step = input.step;
	if (!step) {
		const workshops = await deps.plans.workshops(plan.id);
		step = nextWorkshopStep(withArcFacts(planFacts(plan, workshops, await readPlanIssues(deps, plan.id)), await readArcFacts(deps, plan)));
	}
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
