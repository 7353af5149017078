/**
 * The plan records the yearly review needs (period, council, workshops), read-only, through the plan
 * records store (plans.ts) and the council settings store (councilSettings.ts, the review scale).
 * Async methods: the record stores are asynchronous (issue 16 part 3).
 */
import type { DB } from '../db/database';
import { Plans } from '../plans';
import { CouncilSettingsStore } from '../councilSettings';
import { defaultCouncilSettings, type ActorColumn, type ReviewScale } from '../../domain/council/settings';

export type ReviewPlan = { id: string; title: string; districtId: string; districtName: string; councilId: string; periodStart: number; periodEnd: number };

export class ReviewPlans {
	readonly #plans: Plans;
	readonly #settings: CouncilSettingsStore;
	constructor(db: DB) {
		this.#plans = new Plans(db);
		this.#settings = new CouncilSettingsStore(db);
	}

	async plan(planId: string): Promise<ReviewPlan | null> {
		const p = await this.#plans.get(planId);
		if (!p) return null;
		return { id: p.id, title: p.title, districtId: p.districtId, districtName: p.districtName, councilId: p.councilId, periodStart: p.period.start, periodEnd: p.period.end };
	}

	async workshops(planId: string): Promise<{ id: string; title: string; status: 'open' | 'closed' }[]> {
		return (await this.#plans.workshops(planId)).map((w) => ({ id: w.id, title: w.title, status: w.status }));
	}

	/** The council's review scale as it is now (copied into a review when it is opened); the default one for an unknown council. */
	async councilScale(councilId: string): Promise<ReviewScale> {
		return (await this.#settings.get(councilId))?.reviewScale ?? defaultCouncilSettings('').reviewScale;
	}

	/** The council's columns of the actions matrix (自助・互助 …), to name an action's column. */
	async actorColumns(councilId: string): Promise<ActorColumn[]> {
		return (await this.#settings.get(councilId))?.actorColumns ?? defaultCouncilSettings('').actorColumns;
	}
}
