/**
 * The plan's actions (取り組み) as the routes need them: the plan's records (period, district), the context
 * the action rules check against (council settings, the plan's 課題), and moving every plan's actions to
 * a council's new actor columns. The actions live in the plan document (domain/plan/actions.ts); every
 * write is a server-side change of `plan.<planId>`, stored like a staff edit.
 */
import type { KyosoApp } from './app';
import type { PlanRecord as StoredPlan } from './plans';
import type { CouncilSettings } from '../domain/council/settings';
import { periodYears, readActions, remapColumns, type ActionContext } from '../domain/plan/actions';
import type { IssueRef } from '../domain/plan/actionsTable';
import { planDocName } from './sync/kinds/plan';
import { councilSettings } from './councilSettings';
import { ITEM_ID_PATTERN } from '../domain/ids';

/** The plan (Plans store, plans.ts) with its period's first and last fiscal year as the actions use them. */
export type PlanRecord = StoredPlan & { periodStart: number; periodEnd: number };

const SQL = {
	councilPlans: 'SELECT p.id FROM plans p JOIN districts d ON d.id = p.district_id WHERE d.council_id = ? ORDER BY p.created_at'
} as const;

/** The plan with its period (fiscal years) and district; null if there is none. */
export async function planRecord(app: KyosoApp, planId: string): Promise<PlanRecord | null> {
	if (!ITEM_ID_PATTERN.test(planId)) return null;
	const plan = await app.plans.get(planId);
	return plan ? { ...plan, periodStart: plan.period.start, periodEnd: plan.period.end } : null;
}

/** The 課題 actions are written for: the plan's priority issues (重点), in the plan's order (domain/plan/actionsTable.ts). */
export { issueRefs, type IssueRef } from '../domain/plan/actionsTable';

/** What the action rules check against for this plan. */
export function actionContext(plan: PlanRecord, settings: CouncilSettings, issues: readonly IssueRef[]): ActionContext {
	return {
		years: periodYears(plan.periodStart, plan.periodEnd),
		columns: settings.actorColumns.map((c) => c.id),
		goals: settings.goals.map((g) => g.id),
		issues: issues.map((i) => i.id)
	};
}

/** The council's settings for a plan (defaults if never saved). */
export async function settingsFor(app: KyosoApp, plan: PlanRecord): Promise<CouncilSettings> {
	const s = await councilSettings(app).get(plan.councilId);
	if (!s) throw new Error(`council ${plan.councilId} of plan ${plan.id} not found`);
	return s;
}

async function councilPlanIds(app: KyosoApp, councilId: string): Promise<string[]> {
	return app.db.prepare<[string], { id: string }>(SQL.councilPlans).all(councilId).map((r) => r.id);
}

/** How many actions of the council's plans are in each actor column (the settings page shows it). */
export async function columnUse(app: KyosoApp, councilId: string): Promise<Record<string, number>> {
	const use: Record<string, number> = {};
	for (const id of await councilPlanIds(app, councilId)) {
		const cols = await app.sync.read(planDocName(id), (doc) => readActions(doc).map((a) => a.column));
		for (const c of cols) use[c] = (use[c] ?? 0) + 1;
	}
	return use;
}

/** Moves every plan's actions of the council to the new columns (old id → new id); returns how many moved. */
export async function remapCouncilPlans(app: KyosoApp, councilId: string, mapping: Readonly<Record<string, string>>): Promise<number> {
	let moved = 0;
	for (const id of await councilPlanIds(app, councilId)) moved += await app.sync.change(planDocName(id), (doc) => remapColumns(doc, mapping));
	return moved;
}
