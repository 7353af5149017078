import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE, SESSION_TTL_MS } from '$lib/server/auth/staff';
import { retryMinutes } from '$lib/server/auth/loginLimiter';
import { ACCOUNT_PATH, safeNext, staffActor, userTarget } from '$lib/server/auth/guards';
import { setAuthCookie } from '$lib/server/cookies';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
};

const LoginForm = z.object({
	login: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200)
});

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const data = await request.formData();
		const rawLogin = data.get('login');
		const login = typeof rawLogin === 'string' ? rawLogin.slice(0, 100) : '';
		const form = LoginForm.safeParse({ login: rawLogin, password: data.get('password') });
		if (!form.success) return fail(400, { login, error: 'missing' as const, retryMinutes: 0 });

		const app = getApp();
		const address = getClientAddress();
		const gate = await app.loginLimiter.begin(form.data.login, address);
		if (!gate.ok) return fail(429, { login, error: 'locked' as const, retryMinutes: retryMinutes(gate.retryAfterMs) });

		const result = await app.staff.signIn(form.data.login, form.data.password);
		if (result.kind === 'disabled') {
			// The right password for a stopped account: say so (and whom to ask) instead of inviting retries.
			const { user } = result;
			await app.audit.record(user.councilId, { kind: 'system' }, 'auth.login_disabled', userTarget(user.id), { address });
			return fail(403, { login, error: 'disabled' as const, retryMinutes: 0, admins: await app.staff.adminNames(user.councilId) });
		}
		if (result.kind === 'wrong') {
			// Recorded for the account's council when the login id exists. The typed id itself is not
			// stored for unknown ids: people sometimes type their password into that field.
			const known = await app.staff.findByLogin(form.data.login);
			const target = known ? userTarget(known.id) : null;
			await app.audit.record(known?.councilId ?? null, { kind: 'system' }, 'auth.login_failed', target, { address });
			if (gate.remaining === 0) {
				await app.audit.record(known?.councilId ?? null, { kind: 'system' }, 'auth.login_locked', target, { address });
				return fail(429, { login, error: 'locked' as const, retryMinutes: retryMinutes(gate.retryAfterMs) });
			}
			return fail(400, { login, error: 'failed' as const, retryMinutes: 0 });
		}

		const { user } = result;
		await app.loginLimiter.succeeded(form.data.login, address);
		const session = await app.staff.createSession(user.id);
		setAuthCookie(cookies, SESSION_COOKIE, session.token, SESSION_TTL_MS / 1000);
		await app.audit.record(user.councilId, staffActor(user), 'auth.login', userTarget(user.id), { address });
		redirect(303, user.mustChangePassword ? ACCOUNT_PATH : safeNext(url.searchParams.get('next')));
	}
};
