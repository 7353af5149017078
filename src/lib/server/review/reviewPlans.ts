/**
 * The plan records the yearly review needs (period, council, workshops), read-only, with async methods
 * (the record stores are becoming asynchronous: issue 16 part 3).
 * TODO(lead): switch to the plan records store (src/lib/server/plans.ts) and the council settings store
 * (src/lib/server/councilSettings.ts) once merged; until then the scale is the default one.
 */
import type { DB } from '../db/database';
import { defaultCouncilSettings, type ReviewScale } from '../../domain/council/settings';

export type ReviewPlan = { id: string; title: string; districtId: string; districtName: string; councilId: string; periodStart: number; periodEnd: number };

const SQL = {
	plan: `SELECT p.id, p.title, p.district_id AS districtId, d.name AS districtName, d.council_id AS councilId,
		p.period_start AS periodStart, p.period_end AS periodEnd FROM plans p JOIN districts d ON d.id = p.district_id WHERE p.id = ?`,
	workshops: `SELECT id, title, status FROM workshops WHERE plan_id = ? ORDER BY created_at`
} as const;

export class ReviewPlans {
	readonly #db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	async plan(planId: string): Promise<ReviewPlan | null> {
		return this.#db.prepare<[string], ReviewPlan>(SQL.plan).get(planId) ?? null;
	}

	async workshops(planId: string): Promise<{ id: string; title: string; status: 'open' | 'closed' }[]> {
		return this.#db.prepare<[string], { id: string; title: string; status: 'open' | 'closed' }>(SQL.workshops).all(planId);
	}

	/** The council's review scale as it is now (copied into a review when it is opened). */
	async councilScale(councilId: string): Promise<ReviewScale> {
		void councilId; // TODO(lead): read the council's settings store
		return defaultCouncilSettings('').reviewScale;
	}
}
