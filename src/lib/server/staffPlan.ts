/** The plan a staff page is about, if this staff member may open it (its district's staff, admins); 404 otherwise (routes only). */
import { error } from '@sveltejs/kit';
import { getApp } from './appContext';
import type { StaffUser } from './auth/staff';

export async function staffPlan(planId: string, user: StaffUser | null) {
	const app = getApp();
	const plan = await app.workshops.getPlan(planId);
	if (!plan || !user || !app.workshops.canStaffOpenPlan(user, plan)) error(404, { message: 'plan not found' });
	return { app, plan, user };
}
