import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { isWellFormedJoinCode, normaliseJoinCode } from '$lib/domain/joinCode';
import { checkText, NICKNAME_MAX } from '$lib/domain/text';
import { DEVICE_COOKIE } from '$lib/server/participants';
import { looksLikeToken, newToken } from '$lib/server/auth/tokens';
import { setAuthCookie } from '$lib/server/cookies';

const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;

function findWorkshop(rawCode: string) {
	const code = normaliseJoinCode(rawCode);
	if (!isWellFormedJoinCode(code)) return { error: 'invalid' as const };
	const workshop = getApp().workshops.byJoinCode(code);
	if (!workshop) return { error: 'unknown' as const };
	if (workshop.status !== 'open') return { error: 'closed' as const };
	return { workshop };
}

export const load: PageServerLoad = ({ params, cookies }) => {
	const found = findWorkshop(params.code);
	if (!found.workshop) return { error: found.error, workshop: null };
	const { workshop } = found;
	// Scanning the QR code again on the same phone goes straight back to the workshop.
	if (getApp().participants.find(workshop.id, cookies.get(DEVICE_COOKIE))) redirect(303, `/p/${workshop.id}`);
	return { error: null, workshop: { title: workshop.title, districtName: workshop.districtName } };
};

export const actions: Actions = {
	default: async ({ params, request, cookies }) => {
		const found = findWorkshop(params.code);
		if (!found.workshop) return fail(400, { nickname: '', error: found.error });
		const raw = (await request.formData()).get('nickname');
		const rawNick = typeof raw === 'string' ? raw.slice(0, 200) : '';
		let nickname: string | null = null;
		if (rawNick.trim() !== '') {
			const checked = checkText(rawNick, NICKNAME_MAX);
			if (!checked.ok) {
				return fail(400, { nickname: rawNick, error: checked.error === 'text_too_long' ? ('nickname_too_long' as const) : ('nickname_invalid' as const) });
			}
			nickname = checked.text.replace(/\n/g, ' ');
		}
		let device = cookies.get(DEVICE_COOKIE);
		if (!looksLikeToken(device)) {
			device = newToken();
			setAuthCookie(cookies, DEVICE_COOKIE, device, DEVICE_COOKIE_MAX_AGE);
		}
		getApp().participants.join(found.workshop.id, device, nickname);
		redirect(303, `/p/${found.workshop.id}`);
	}
};
