/** Validation of the admin's staff forms (zod). Error codes are mapped to messages by the pages. */
import { z } from 'zod';
import { STAFF_ROLES } from './staff';

/** Login ids: 3-32 of a-z 0-9 . _ -, starting with a letter or digit (typed full-width or upper case is folded). */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const NAME_MAX = 50;

const loginField = z
	.string()
	.transform((s) => s.normalize('NFKC').trim().toLowerCase())
	.pipe(z.string().regex(LOGIN_PATTERN));

const nameField = z
	.string()
	.transform((s) => s.normalize('NFC').trim())
	.pipe(
		z
			.string()
			.min(1)
			.refine((s) => [...s].length <= NAME_MAX && !/[\p{Cc}\u2028\u2029]/u.test(s))
	);

export const NewStaffForm = z.object({
	login: loginField,
	name: nameField,
	role: z.enum(STAFF_ROLES)
});
export type NewStaff = z.infer<typeof NewStaffForm>;

export type NewStaffError = 'login_format' | 'name' | 'role';

/** Parse the create-staff form; on failure, the first field that is wrong. */
export function parseNewStaff(data: FormData): { ok: true; value: NewStaff } | { ok: false; error: NewStaffError } {
	const r = NewStaffForm.safeParse({ login: data.get('login') ?? '', name: data.get('name') ?? '', role: data.get('role') ?? '' });
	if (r.success) return { ok: true, value: r.data };
	const fields = new Set(r.error.issues.map((i) => i.path[0]));
	return { ok: false, error: fields.has('login') ? 'login_format' : fields.has('name') ? 'name' : 'role' };
}

export const ProfileForm = z.object({ name: nameField, role: z.enum(STAFF_ROLES) });
export type Profile = z.infer<typeof ProfileForm>;

/** Parse the correct-name-and-role form of a staff member; on failure, the first field that is wrong. */
export function parseProfile(data: FormData): { ok: true; value: Profile } | { ok: false; error: 'name' | 'role' } {
	const r = ProfileForm.safeParse({ name: data.get('name') ?? '', role: data.get('role') ?? '' });
	if (r.success) return { ok: true, value: r.data };
	return { ok: false, error: r.error.issues.some((i) => i.path[0] === 'name') ? 'name' : 'role' };
}

/** A district id from a form button/select. */
export const DistrictForm = z.object({ districtId: z.string().trim().min(1).max(64) });
