/** The workshop a staff page is about, if this staff member may open it; 404 otherwise (routes only). */
import { error } from '@sveltejs/kit';
import { getApp } from './appContext';
import type { StaffUser } from './auth/staff';

export async function staffWorkshop(workshopId: string, user: StaffUser | null) {
	const app = getApp();
	const workshop = await app.workshops.get(workshopId);
	if (!workshop || !user || !await app.workshops.canStaffOpen(user, workshop)) error(404, { message: 'workshop not found' });
	return { app, workshop, user };
}
