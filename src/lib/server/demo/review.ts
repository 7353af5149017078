/**
 * Demo data: one year's review (振り返り) of the demo's drafted plan, over whatever actions the plan
 * has (the actions demo, demo/actions.ts, fills them). Fictional content of our own.
 * seed.ts calls it last in seedDemoDocuments, after the demo's actions (demo/actions.ts).
 */
import type { KyosoApp } from '../app';
import { planDocName } from '../sync/kinds/plan';
import { openReview, saveReviewEntry, type EntryPatch } from '../../domain/plan/review';
import { readActionsForReview, targetFor } from '../../domain/plan/reviewActions';
import { ReviewPlans } from '../review/reviewPlans';

const SAMPLES: EntryPatch[] = [
	{ done: '自治会館で月2回開き、延べ30回になった。送迎の声かけを民生委員と分担した。', level: '4', comment: '新しい参加者が増えた。男性の参加が少ないのが次の課題。', next: 'expand' },
	{ done: '班ごとの見守り当番表をつくり、夏と冬に声かけ週間を行った。', level: '3', comment: '当番の負担に差がある。連絡の方法を見直したい。', next: 'continue' },
	{ done: '準備会を3回開いたが、会場の確保が間に合わず実施は来年度に持ち越した。', level: '2', comment: '小学校の空き教室を借りられないか相談中。', next: 'revise' }
];

export async function seedDemoReview(app: KyosoApp, planId: string): Promise<void> {
	const plan = await new ReviewPlans(app.db).plan(planId);
	if (!plan) return;
	const period = { start: plan.periodStart, end: plan.periodEnd };
	const fiscalYear = plan.periodStart;
	const scale = await new ReviewPlans(app.db).councilScale(plan.councilId);
	await app.sync.change(planDocName(planId), (doc) => {
		openReview(doc, { fiscalYear, period, scale, by: 'demo', now: Date.now() });
		readActionsForReview(doc).forEach((a, i) => {
			const sample = SAMPLES[i % SAMPLES.length]!;
			const target = targetFor(a.indicator, fiscalYear);
			const actual = target === null ? null : Math.round(target * (0.7 + 0.15 * (i % 3)));
			saveReviewEntry(doc, { fiscalYear, period, actionId: a.id, patch: { ...sample, actual }, by: 'demo', now: Date.now() });
		});
	});
}
