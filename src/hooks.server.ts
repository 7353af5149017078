import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getApp } from '$lib/server/appContext';
import { SESSION_COOKIE } from '$lib/server/auth/staff';
import { ACCOUNT_PATH, isStaffPath } from '$lib/server/auth/guards';
import { applySecurityHeaders } from '$lib/server/securityHeaders';
import { oversizedUploads } from '$lib/server/uploadLimit';

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});

const session: Handle = async ({ event, resolve }) => {
	event.locals.user = await getApp().staff.userForSession(event.cookies.get(SESSION_COOKIE));
	return resolve(event);
};

/**
 * Staff signed in with a one-time password may use nothing under /staff but the account page
 * (pages, their data requests and form actions alike) until they have chosen their own password.
 */
const oneTimePasswordGate: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (event.locals.user?.mustChangePassword && isStaffPath(path) && path !== ACCOUNT_PATH) {
		redirect(303, ACCOUNT_PATH);
	}
	return resolve(event);
};

/** CSP completed per request, framing, caching and referrer rules (see securityHeaders.ts). */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	applySecurityHeaders(response.headers, event.url);
	return response;
};

// oversizedUploads first: an upload over BODY_SIZE_LIMIT goes back to its page before anything reads it
export const handle = sequence(oversizedUploads, securityHeaders, i18n, session, oneTimePasswordGate);
