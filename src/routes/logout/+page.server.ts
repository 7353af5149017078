import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE } from '$lib/server/auth/staff';

export const load: PageServerLoad = () => redirect(303, '/staff');

export const actions: Actions = {
	default: ({ cookies }) => {
		getApp().staff.endSession(cookies.get(SESSION_COOKIE));
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
