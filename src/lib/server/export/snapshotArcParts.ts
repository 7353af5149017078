/**
 * The plan snapshot's parts from 地区を知る (district profile, resources by the council's categories,
 * public contacts only), 将来像 (adopted statements and the explanation's blocks) and 振り返り (計画の推進と
 * 評価: the council's review scale and the reviews held), read for readPlanSnapshot (planSnapshotSource.ts).
 */
import type { KyosoApp } from '../app';
import { planDocName } from '../sync/kinds/plan';
import { categoriesFor } from '../resourceCategories';
import { CouncilSettingsStore } from '../councilSettings';
import { adoptedStatements, readVisionBlocks } from '../../domain/plan/vision';
import { readReview, reviewedYears } from '../../domain/plan/review';
import { reviewText, snapshotProfile, snapshotResources, snapshotVisionBlocks } from '../../domain/plan/snapshotKnowReview';
import { defaultCouncilSettings } from '../../domain/council/settings';
import type { PlanSnapshot } from '../../domain/plan/planSnapshot';

export type SnapshotArcParts = Pick<PlanSnapshot, 'profile' | 'resources' | 'vision' | 'review'>;

export async function readSnapshotArcParts(app: KyosoApp, plan: { id: string; districtId: string; councilId: string }): Promise<SnapshotArcParts> {
	const profile = await app.districtProfiles.get(plan.districtId);
	const resources = await app.resources.list(plan.districtId);
	const categories = await categoriesFor(plan.councilId);
	const scale = (await new CouncilSettingsStore(app.db).get(plan.councilId))?.reviewScale ?? defaultCouncilSettings('').reviewScale;
	const doc = await app.sync.read(planDocName(plan.id), (d) => ({
		statements: adoptedStatements(d),
		explanation: readVisionBlocks(d),
		held: reviewedYears(d).map((fiscalYear) => ({ fiscalYear, entries: Object.keys(readReview(d, fiscalYear)?.entries ?? {}).length }))
	}));
	return {
		profile: snapshotProfile(profile),
		resources: snapshotResources(resources, categories),
		vision: { statements: doc.statements, explanation: snapshotVisionBlocks(doc.explanation) },
		review: reviewText(scale, doc.held)
	};
}
