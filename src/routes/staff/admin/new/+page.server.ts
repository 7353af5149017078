import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getApp } from '$lib/server/appContext';
import { isLoginTaken } from '$lib/server/auth/staff';
import { generatePassword } from '$lib/server/auth/password';
import { parseNewStaff, type NewStaffError } from '$lib/server/auth/staffForms';
import { requireAdmin, staffActor, userTarget } from '$lib/server/auth/guards';

const text = (v: FormDataEntryValue | null, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const data = await request.formData();
		const values = { login: text(data.get('login'), 100), name: text(data.get('name'), 200), role: text(data.get('role'), 20) };
		const parsed = parseNewStaff(data);
		if (!parsed.ok) return fail(400, { values, error: parsed.error as NewStaffError | 'login_taken' });

		const app = getApp();
		const password = generatePassword();
		try {
			const user = await app.staff.createUser({ councilId: admin.councilId, ...parsed.value, password, mustChangePassword: true });
			await app.audit.record(admin.councilId, staffActor(admin), 'staff.create', userTarget(user.id), { login: user.login, name: user.name, role: user.role });
			// The one-time password is in this response only; it is stored as a hash and never shown again.
			return { created: { login: user.login, name: user.name, password } };
		} catch (e) {
			if (isLoginTaken(e)) return fail(400, { values, error: 'login_taken' as NewStaffError | 'login_taken' });
			throw e;
		}
	}
};
