import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { REMOVED_FLASH, requireAdmin } from '$lib/server/auth/guards';

export const load: PageServerLoad = async ({ locals, cookies }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	const removedId = cookies.get(REMOVED_FLASH);
	if (removedId) cookies.delete(REMOVED_FLASH, { path: '/staff/admin' });
	const removed = removedId ? (await (await app.staff.everyone(admin.councilId)).find((u) => u.id === removedId && u.removed)?.name ?? null) : null;
	const districtNames = new Map(await (await app.districts.listForCouncil(admin.councilId)).map((d) => [d.id, d.name]));
	const assignments = await app.staff.districtAssignments(admin.councilId);
	return {
		removed,
		users: (await app.staff.listUsers(admin.councilId)).map((u) => ({
			id: u.id,
			login: u.login,
			name: u.name,
			role: u.role,
			disabled: u.disabled,
			mustChangePassword: u.mustChangePassword,
			isYou: u.id === admin.id,
			districts: (assignments.get(u.id) ?? []).map((id) => districtNames.get(id) ?? id).sort()
		}))
	};
};
