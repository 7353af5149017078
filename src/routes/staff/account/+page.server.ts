import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE } from '$lib/server/auth/staff';
import { staffActor, userTarget } from '$lib/server/auth/guards';
import { retryMinutes } from '$lib/server/auth/loginLimiter';

/** The rules for a password a person chooses (the KDF input is capped at 200 characters). */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	return { login: user.login, forced: user.mustChangePassword, minLength: PASSWORD_MIN };
};

type AccountError = 'missing' | 'locked' | 'wrong_current' | 'too_short' | 'too_long' | 'mismatch' | 'same_as_login' | 'same_as_current';

const ChangeForm = z.object({
	current: z.string().min(1).max(PASSWORD_MAX),
	next: z.string(),
	confirm: z.string()
});

/** What is wrong with a new password, checked in the order a person would fix it. */
function checkNewPassword(next: string, confirm: string, login: string, current: string): AccountError | null {
	const length = [...next.normalize('NFKC')].length;
	if (length < PASSWORD_MIN) return 'too_short';
	if (length > PASSWORD_MAX) return 'too_long';
	if (next !== confirm) return 'mismatch';
	if (next.normalize('NFKC').trim().toLowerCase() === login.normalize('NFKC').trim().toLowerCase()) return 'same_as_login';
	if (next === current) return 'same_as_current';
	return null;
}

export const actions: Actions = {
	default: async ({ request, locals, cookies, getClientAddress }) => {
		const user = locals.user;
		if (!user) redirect(303, '/login');
		const data = await request.formData();
		const form = ChangeForm.safeParse({ current: data.get('current'), next: data.get('next'), confirm: data.get('confirm') });
		if (!form.success || !form.data.next || !form.data.confirm) return fail(400, { error: 'missing' as AccountError, retryMinutes: 0 });
		const { current, next, confirm } = form.data;
		const problem = checkNewPassword(next, confirm, user.login, current);
		if (problem) return fail(400, { error: problem, retryMinutes: 0 });

		// Checking the current password here counts against the same limits as signing in, so a
		// borrowed session cannot be used to guess it.
		const app = getApp();
		const address = getClientAddress();
		const gate = await app.loginLimiter.begin(user.login, address);
		if (!gate.ok) return fail(429, { error: 'locked' as AccountError, retryMinutes: retryMinutes(gate.retryAfterMs) });
		const result = await app.staff.changePassword(user.id, current, next, cookies.get(SESSION_COOKIE));
		if (result === 'wrong_current') {
			if (gate.remaining === 0) return fail(429, { error: 'locked' as AccountError, retryMinutes: retryMinutes(gate.retryAfterMs) });
			return fail(400, { error: 'wrong_current' as AccountError, retryMinutes: 0 });
		}
		await app.loginLimiter.succeeded(user.login, address);
		// Sockets opened with the ended sessions must authenticate again.
		app.sync.closeStaff(user.id, 'reauthenticate');
		await app.audit.record(user.councilId, staffActor(user), 'auth.password_changed', userTarget(user.id), user.mustChangePassword ? { oneTime: true } : null);
		// After the first change the person goes on to their work; otherwise they stay and see it is done.
		if (user.mustChangePassword) redirect(303, '/staff?password=changed');
		return { done: true };
	}
};
