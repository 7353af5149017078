/** Demo data for a first start in demo mode: a fictional council, district, plan and open workshop. */
import type { StaffAuth } from './auth/staff';
import type { Workshops } from './workshops';
import type { KyosoApp } from './app';
import { planDocName } from './sync/kinds/plan';
import { issueRefs } from './planActions';
import { seedDemoReview } from './demo/review';
import { demoPlanIds, seedDemoPlan } from './demo/plan';
import { seedDemoActions } from './demo/actions';
import { seedDemoVision } from './demo/vision';
import { seedDemoKnow, type KnowStores } from './demo/know';

export const DEMO_CREDENTIALS = {
	admin: { login: 'admin', password: 'demo-admin-2026' },
	facilitator: { login: 'facilitator', password: 'demo-facilitator-2026' }
} as const;

export async function seedDemo(workshops: Workshops, staff: StaffAuth, know: KnowStores): Promise<{ planId: string }> {
	const councilId = await workshops.createCouncil('みどり市社会福祉協議会（デモ）');
	const districtId = await workshops.createDistrict(councilId, 'さくら台地区');
	// 令和8年度〜令和12年度 = fiscal years 2026-2030
	const planId = await workshops.createPlan(districtId, 'さくら台地区 地域福祉活動計画', 2026, 2030);
	await workshops.createWorkshop({
		planId,
		title: '第1回 みんなで話そう さくら台のこと',
		heldOn: '2026-12-05',
		place: 'さくら台地区公民館 大会議室'
	});
	await staff.createUser({ councilId, login: DEMO_CREDENTIALS.admin.login, name: '管理者（デモ）', role: 'admin', password: DEMO_CREDENTIALS.admin.password });
	const fac = await staff.createUser({
		councilId,
		login: DEMO_CREDENTIALS.facilitator.login,
		name: '地域福祉コーディネーター（デモ）',
		role: 'facilitator',
		password: DEMO_CREDENTIALS.facilitator.password
	});
	await staff.assignDistrict(fac.id, districtId);
	await seedDemoKnow(know, districtId);
	return { planId };
}

/**
 * The demo's parts written into live documents (boards, plans), once the sync core runs: called by
 * createApp right after a demo seed. One line per part (demo/<part>.ts).
 */
export async function seedDemoDocuments(app: KyosoApp): Promise<void> {
	const council = await app.workshops.firstCouncil();
	if (!council) return;
	await seedDemoPlan(app, council.id, DEMO_CREDENTIALS.facilitator.login);
	const drafted = await demoPlanIds(app.plans, council.id);
	if (!drafted) return;
	await seedDemoKnow({ profiles: app.districtProfiles, resources: app.resources }, drafted.districtId);
	await seedDemoVision(app.sync, drafted.planId);
	await seedDemoActions(app, drafted.planId, await app.sync.read(planDocName(drafted.planId), issueRefs));
	// then a year's review of the actions (demo/review.ts)
	await seedDemoReview(app, drafted.planId);
}
