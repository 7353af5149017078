/** Cookie settings in one place: HttpOnly, SameSite=Lax, Secure behind https. */
import type { Cookies } from '@sveltejs/kit';
import { getApp } from './appContext';

export function setAuthCookie(cookies: Cookies, name: string, value: string, maxAgeSeconds: number): void {
	cookies.set(name, value, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: getApp().config.secureCookies,
		maxAge: maxAgeSeconds
	});
}
