import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { isWellFormedJoinCode, normaliseJoinCode } from '$lib/domain/joinCode';

export const actions: Actions = {
	default: async ({ request }) => {
		const raw = (await request.formData()).get('code');
		const code = typeof raw === 'string' ? normaliseJoinCode(raw.slice(0, 40)) : '';
		if (!isWellFormedJoinCode(code)) return fail(400, { code: typeof raw === 'string' ? raw.slice(0, 40) : '', error: 'invalid' as const });
		redirect(303, `/j/${code}`);
	}
};
