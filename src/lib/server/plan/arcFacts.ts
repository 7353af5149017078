/**
 * The checklist's facts of the arc's other parts (planService.ts reads workshops, issues…): 地区を知る
 * (the district profile's years and the district's resources, districtProfile.ts, resources.ts), 将来像
 * (the adopted statements, domain/plan/vision.ts) and 振り返り (the reviewed years, domain/plan/review.ts).
 */
import type { DistrictProfiles } from '../districtProfile';
import type { Resources } from '../resources';
import type { SyncServer } from '../sync/syncServer';
import type { PlanRecord } from '../plans';
import { planDocName } from '../sync/kinds/plan';
import { adoptedStatements } from '../../domain/plan/vision';
import { reviewedYears } from '../../domain/plan/review';
import type { PlanFacts } from '../../domain/plan/checklist';

export type ArcDeps = { districtProfiles: DistrictProfiles; resources: Resources; sync: SyncServer };
export type ArcFacts = { know: PlanFacts['know']; vision: PlanFacts['vision']; reviewedYears: number[] };

export async function readArcFacts(deps: ArcDeps, plan: Pick<PlanRecord, 'id' | 'districtId'>): Promise<ArcFacts> {
	const profile = await deps.districtProfiles.get(plan.districtId);
	const resources = await deps.resources.list(plan.districtId);
	const doc = await deps.sync.read(planDocName(plan.id), (d) => ({ adopted: adoptedStatements(d).length, reviewed: reviewedYears(d) }));
	return { know: { profileYears: profile?.years.length ?? 0, resources: resources.length }, vision: { adoptedStatements: doc.adopted }, reviewedYears: doc.reviewed };
}

/** The facts with the arc's other parts filled in. */
export function withArcFacts(facts: PlanFacts, arc: ArcFacts): PlanFacts {
	return { ...facts, know: arc.know, vision: arc.vision, review: { ...facts.review, reviewedYears: arc.reviewedYears } };
}
