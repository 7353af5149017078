import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE } from '$lib/server/auth/staff';

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});

const session: Handle = ({ event, resolve }) => {
	event.locals.user = getApp().staff.userForSession(event.cookies.get(SESSION_COOKIE));
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!event.url.pathname.startsWith('/display/')) response.headers.set('x-frame-options', 'DENY');
	return response;
};

export const handle = sequence(securityHeaders, i18n, session);
