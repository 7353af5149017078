/** The plan (and so the district) a staff page of 地区を知る is about, if this staff member may open it. */
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import type { PlanRef } from '../workshops';

export type KnowPlan = { plan: PlanRef; districtName: string; user: StaffUser };

/** null when there is no such plan or the person may not open it (the route answers 404: no probing). */
export async function knowPlanFor(app: KyosoApp, planId: string, user: StaffUser | null): Promise<KnowPlan | null> {
	if (!user) return null;
	const plan = await app.workshops.getPlan(planId);
	if (!plan || !(await app.workshops.canStaffOpenPlan(user, plan))) return null;
	const district = await app.districts.get(plan.districtId);
	return { plan, districtName: district?.name ?? '', user };
}

/** Staff who write the plan (facilitators, editors, admins) edit the profile and the resources. */
export const canEditKnow = (user: StaffUser) => !user.disabled;

/** The support map belongs to the live board: facilitators and admins upload or remove it. */
export const canManageMap = (user: StaffUser) => !user.disabled && user.role !== 'editor';
