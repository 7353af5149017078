import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import type { StaffUser } from '$lib/server/auth/staff';
import { generatePassword } from '$lib/server/auth/password';
import { DistrictForm, parseProfile } from '$lib/server/auth/staffForms';
import { REMOVED_FLASH, requireAdmin, staffActor, userTarget } from '$lib/server/auth/guards';

/** The staff member the page is about: only within the admin's own council (404 otherwise). */
async function memberOf(admin: StaffUser, id: string): Promise<StaffUser> {
	const user = await getApp().staff.getUser(id);
	if (!user || user.councilId !== admin.councilId || user.removed) error(404, 'No such staff member');
	return user;
}

type AdminError = 'self' | 'self_role' | 'self_remove' | 'district' | 'name' | 'role' | 'bad_request';
const refuse = (e: AdminError) => fail(400, { error: e });

export const load: PageServerLoad = async ({ locals, params }) => {
	const admin = requireAdmin(locals.user);
	const user = await memberOf(admin, params.id);
	const app = getApp();
	const assigned = new Set(await app.staff.districtIds(user.id));
	const districts = (await app.districts.listForCouncil(admin.councilId)).map(({ id, name, archived }) => ({ id, name, archived }));
	return {
		member: { id: user.id, login: user.login, name: user.name, role: user.role, disabled: user.disabled, mustChangePassword: user.mustChangePassword },
		isYou: user.id === admin.id,
		assigned: districts.filter((d) => assigned.has(d.id)),
		available: districts.filter((d) => !assigned.has(d.id) && !d.archived),
		hasDistricts: districts.some((d) => !d.archived)
	};
};

async function districtOf(admin: StaffUser, request: Request) {
	const form = DistrictForm.safeParse({ districtId: (await request.formData()).get('districtId') });
	if (!form.success) return null;
	return getApp().districts.inCouncil(admin.councilId, form.data.districtId);
}

export const actions: Actions = {
	profile: async ({ locals, params, request }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		const parsed = parseProfile(await request.formData());
		if (!parsed.ok) return refuse(parsed.error);
		const { name, role } = parsed.value;
		// An admin cannot demote themselves: the council would be left without anyone to manage it.
		if (user.id === admin.id && role !== user.role) return refuse('self_role');
		const app = getApp();
		await app.staff.updateProfile(user.id, { name, role });
		// Open boards must check what the new role may do.
		if (role !== user.role) app.sync.closeStaff(user.id, 'reauthenticate');
		if (name !== user.name || role !== user.role) {
			await app.audit.record(admin.councilId, staffActor(admin), 'staff.update', userTarget(user.id), {
				login: user.login,
				name,
				...(name !== user.name ? { previousName: user.name } : {}),
				...(role !== user.role ? { role, previousRole: user.role } : {})
			});
		}
		return { done: 'updated' as const, district: '' };
	},
	remove: async ({ locals, params, cookies }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		if (user.id === admin.id) return refuse('self_remove');
		const app = getApp();
		await app.staff.remove(user.id);
		app.sync.closeStaff(user.id, 'disabled');
		await app.audit.record(admin.councilId, staffActor(admin), 'staff.remove', userTarget(user.id), { login: user.login, name: user.name });
		// The staff list says who was removed (read once there).
		cookies.set(REMOVED_FLASH, user.id, { path: '/staff/admin', httpOnly: true, sameSite: 'strict', maxAge: 60 });
		redirect(303, '/staff/admin');
	},
	disable: async ({ locals, params }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		if (user.id === admin.id) return refuse('self');
		const app = getApp();
		// setDisabled also ends every session of the account.
		await app.staff.setDisabled(user.id, true);
		app.sync.closeStaff(user.id, 'disabled');
		await app.audit.record(admin.councilId, staffActor(admin), 'staff.disable', userTarget(user.id), { login: user.login, name: user.name });
		return { done: 'disabled' as const, district: '' };
	},
	enable: async ({ locals, params }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		const app = getApp();
		await app.staff.setDisabled(user.id, false);
		await app.audit.record(admin.councilId, staffActor(admin), 'staff.enable', userTarget(user.id), { login: user.login, name: user.name });
		return { done: 'enabled' as const, district: '' };
	},
	assign: async ({ locals, params, request }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		const district = await districtOf(admin, request);
		if (!district || district.archived) return refuse('district');
		const app = getApp();
		await app.staff.assignDistrict(user.id, district.id);
		await app.audit.record(admin.councilId, staffActor(admin), 'staff.assign_district', userTarget(user.id), { login: user.login, district: district.name, districtId: district.id });
		return { done: 'assigned' as const, district: district.name };
	},
	unassign: async ({ locals, params, request }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		const district = await districtOf(admin, request);
		if (!district) return refuse('district');
		const app = getApp();
		if (await app.staff.unassignDistrict(user.id, district.id)) {
			// Open boards of that district must check access again.
			app.sync.closeStaff(user.id, 'reauthenticate');
			await app.audit.record(admin.councilId, staffActor(admin), 'staff.unassign_district', userTarget(user.id), { login: user.login, district: district.name, districtId: district.id });
		}
		return { done: 'unassigned' as const, district: district.name };
	},
	reset: async ({ locals, params }) => {
		const admin = requireAdmin(locals.user);
		const user = await memberOf(admin, params.id);
		// Admins change their own password on the account page, which asks for the current one.
		if (user.id === admin.id) return refuse('bad_request');
		const app = getApp();
		const password = generatePassword();
		await app.staff.setPassword(user.id, password, { mustChange: true });
		app.sync.closeStaff(user.id, 'reauthenticate');
		await app.staff.endAllSessions(user.id);
		await app.audit.record(admin.councilId, staffActor(admin), 'staff.password_reset', userTarget(user.id), { login: user.login, name: user.name });
		return { reset: { login: user.login, password } };
	}
};
