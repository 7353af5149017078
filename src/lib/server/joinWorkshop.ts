/**
 * Joining a workshop with its code (参加), for the /j/<code> page: which workshop the code opens,
 * which device id the phone keeps, and whether the join limits let a new identity in.
 *
 * Device ids are made by the server only. A `kc_device` value the server never issued (typed into a
 * cookie by someone else, "device fixation") is not adopted: the phone gets a fresh id and the
 * chosen value opens nothing. A device id counts as issued once a participant was stored with it
 * (every id is issued by this action, right before the participant row that proves it).
 */
import type { KyosoApp } from './app';
import type { Workshop } from './workshops';
import { isWellFormedJoinCode, normaliseJoinCode } from '../domain/joinCode';
import { newToken } from './auth/tokens';

export type CodeError = 'invalid' | 'unknown' | 'closed';

export async function workshopForCode(app: KyosoApp, rawCode: string): Promise<{ workshop: Workshop } | { error: CodeError }> {
	const code = normaliseJoinCode(rawCode);
	if (!isWellFormedJoinCode(code)) return { error: 'invalid' };
	const workshop = await app.workshops.byJoinCode(code);
	if (!workshop) return { error: 'unknown' };
	if (workshop.status !== 'open') return { error: 'closed' };
	return { workshop };
}

/** The device id to use: the phone's own if the server issued it, otherwise a new one (`issued`: set the cookie). */
export async function deviceForJoin(app: KyosoApp, cookieValue: string | undefined): Promise<{ deviceToken: string; issued: boolean }> {
	if (cookieValue !== undefined && (await app.participants.isKnownDevice(cookieValue))) return { deviceToken: cookieValue, issued: false };
	return { deviceToken: newToken(), issued: true };
}

export type JoinResult =
	| { ok: true; workshopId: string; deviceToken: string; issued: boolean }
	| { ok: false; error: CodeError }
	| { ok: false; error: 'too_many_joins'; retryAfterMs: number };

export async function joinWithCode(
	app: KyosoApp,
	input: { code: string; deviceCookie: string | undefined; nickname: string | null; address: string }
): Promise<JoinResult> {
	const found = await workshopForCode(app, input.code);
	if ('error' in found) return { ok: false, error: found.error };
	const { workshop } = found;
	const device = await deviceForJoin(app, input.deviceCookie);
	// A phone that has joined already (a second scan, a new nickname) is no new identity: not counted.
	if (device.issued || !await app.participants.find(workshop.id, device.deviceToken)) {
		const gate = await app.joinLimiter.admit(input.address, workshop.id);
		if (!gate.ok) return { ok: false, error: 'too_many_joins', retryAfterMs: gate.retryAfterMs };
	}
	await app.participants.join(workshop.id, device.deviceToken, input.nickname);
	return { ok: true, workshopId: workshop.id, ...device };
}
