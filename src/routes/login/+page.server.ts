import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE, SESSION_TTL_MS } from '$lib/server/auth/staff';
import { setAuthCookie } from '$lib/server/cookies';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/staff');
};

const LoginForm = z.object({
	login: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200)
});

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const data = Object.fromEntries(await request.formData());
		const form = LoginForm.safeParse(data);
		const login = typeof data.login === 'string' ? data.login.slice(0, 100) : '';
		if (!form.success) return fail(400, { login, error: 'missing' as const });
		const app = getApp();
		const user = await app.staff.verifyLogin(form.data.login, form.data.password);
		if (!user) return fail(400, { login, error: 'failed' as const });
		const session = app.staff.createSession(user.id);
		setAuthCookie(cookies, SESSION_COOKIE, session.token, SESSION_TTL_MS / 1000);
		redirect(303, '/staff');
	}
};
