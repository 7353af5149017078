/** The plan a staff review page is about, if this staff member may open it; 404 otherwise (routes only). */
import { error } from '@sveltejs/kit';
import { getApp } from '../appContext';
import type { StaffUser } from '../auth/staff';
import { ReviewPlans } from './reviewPlans';
import { planDocName } from '../sync/kinds/plan';

export async function staffReviewPlan(planId: string, user: StaffUser | null) {
	const app = getApp();
	const plans = new ReviewPlans(app.db);
	const ref = await app.workshops.getPlan(planId);
	const plan = ref ? await plans.plan(planId) : null;
	if (!ref || !plan || !user || !(await app.workshops.canStaffOpenPlan(user, ref))) error(404, { message: 'plan not found' });
	return { app, plans, plan, user, docName: planDocName(plan.id), period: { start: plan.periodStart, end: plan.periodEnd } };
}
