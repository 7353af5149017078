/** Demo data for a first start in demo mode: a fictional council, district, plan and open workshop. */
import type { StaffAuth } from './auth/staff';
import type { Workshops } from './workshops';

export const DEMO_CREDENTIALS = {
	admin: { login: 'admin', password: 'demo-admin-2026' },
	facilitator: { login: 'facilitator', password: 'demo-facilitator-2026' }
} as const;

export async function seedDemo(workshops: Workshops, staff: StaffAuth): Promise<void> {
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
}
