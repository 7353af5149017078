import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE } from '$lib/server/auth/staff';
import { staffActor, userTarget } from '$lib/server/auth/guards';

export const load: PageServerLoad = () => redirect(303, '/staff');

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		const app = getApp();
		await app.staff.endSession(cookies.get(SESSION_COOKIE));
		if (locals.user) {
			await app.audit.record(locals.user.councilId, staffActor(locals.user), 'auth.logout', userTarget(locals.user.id));
			// Boards opened with the ended session must not stay connected; other signed-in devices reconnect.
			app.sync.closeStaff(locals.user.id, 'reauthenticate');
		}
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
