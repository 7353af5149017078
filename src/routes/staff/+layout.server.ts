import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { ACCOUNT_PATH } from '$lib/server/auth/guards';

export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	// Signed in with a one-time password: only the account page until it is changed
	// (hooks.server.ts enforces the same for form actions and data requests).
	if (locals.user.mustChangePassword && url.pathname !== ACCOUNT_PATH) redirect(303, ACCOUNT_PATH);
	const { id, name, role, mustChangePassword } = locals.user;
	return { user: { id, name, role, mustChangePassword } };
};
