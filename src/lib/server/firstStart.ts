/**
 * First start in production mode (DEMO=0) on a database without any staff: create the council and
 * its first admin with a one-time password. There is no fixed default password outside demo mode;
 * the password is printed once to the console and must be changed at the first sign-in.
 */
import type { StaffAuth } from './auth/staff';
import type { Workshops } from './workshops';
import { generatePassword } from './auth/password';

export const FIRST_ADMIN_LOGIN = 'admin';
export const DEFAULT_COUNCIL_NAME = '社会福祉協議会';

export type FirstAdmin = { councilId: string; councilName: string; login: string; password: string };

/** Creates the first admin when there are no users at all; null (and nothing done) otherwise. */
export async function ensureFirstAdmin(staff: StaffAuth, workshops: Workshops, councilName: string | undefined): Promise<FirstAdmin | null> {
	if (await staff.countUsers() > 0) return null;
	const name = councilName?.trim() || DEFAULT_COUNCIL_NAME;
	const existing = await workshops.firstCouncil();
	const councilId = existing?.id ?? await workshops.createCouncil(name);
	const password = generatePassword();
	await staff.createUser({ councilId, login: FIRST_ADMIN_LOGIN, name: '管理者', role: 'admin', password, mustChangePassword: true });
	return { councilId, councilName: existing?.name ?? name, login: FIRST_ADMIN_LOGIN, password };
}

/** The lines to print once, so the person who started the server can sign in. */
export function firstAdminLines(a: FirstAdmin): string[] {
	return [
		'',
		'================================================================',
		`  初回起動: 「${a.councilName}」の管理者アカウントを作りました。`,
		`  First start: created the admin account of "${a.councilName}".`,
		`    login:    ${a.login}`,
		`    password: ${a.password}`,
		'  このパスワードは一度だけ表示されます。最初のログインで変更してください。',
		'  This one-time password is shown only now; you must change it at the first sign-in.',
		'================================================================',
		''
	];
}
