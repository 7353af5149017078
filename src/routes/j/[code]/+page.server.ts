import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { checkText, NICKNAME_MAX } from '$lib/domain/text';
import { DEVICE_COOKIE } from '$lib/server/participants';
import { joinWithCode, workshopForCode } from '$lib/server/joinWorkshop';
import { setAuthCookie } from '$lib/server/cookies';

const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;

export const load: PageServerLoad = async ({ params, cookies }) => {
	const found = await workshopForCode(getApp(), params.code);
	if ('error' in found) return { error: found.error, workshop: null };
	const { workshop } = found;
	// Scanning the QR code again on the same phone goes straight back to the workshop.
	if (await getApp().participants.find(workshop.id, cookies.get(DEVICE_COOKIE))) redirect(303, `/p/${workshop.id}`);
	return { error: null, workshop: { title: workshop.title, districtName: workshop.districtName } };
};

export const actions: Actions = {
	default: async ({ params, request, cookies, getClientAddress }) => {
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
		const joined = await joinWithCode(getApp(), { code: params.code, deviceCookie: cookies.get(DEVICE_COOKIE), nickname, address: getClientAddress() });
		if (!joined.ok) {
			if (joined.error === 'too_many_joins') {
				return fail(429, { nickname: rawNick, error: joined.error, retrySeconds: Math.ceil(joined.retryAfterMs / 1000) });
			}
			return fail(400, { nickname: '', error: joined.error });
		}
		if (joined.issued) setAuthCookie(cookies, DEVICE_COOKIE, joined.deviceToken, DEVICE_COOKIE_MAX_AGE);
		redirect(303, `/p/${joined.workshopId}`);
	}
};
