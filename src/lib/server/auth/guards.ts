/** Checks shared by the staff routes (used by routes only; imports kit's `error`). */
import { error } from '@sveltejs/kit';
import type { AuditActor } from '../audit';
import type { StaffUser } from './staff';

/** Where a staff member signed in with a one-time password must go first. */
export const ACCOUNT_PATH = '/staff/account';

/** Whether a path is a staff page (or its data request / form action). */
export function isStaffPath(path: string): boolean {
	return path === '/staff' || path.startsWith('/staff/');
}

/** The signed-in admin, or a 403 (401 when nobody is signed in) thrown for anyone else. */
export function requireAdmin(user: StaffUser | null): StaffUser {
	if (!user) error(401, 'Sign in first');
	if (user.role !== 'admin' || user.disabled) error(403, 'Administrators only');
	return user;
}

export function staffActor(user: StaffUser): AuditActor {
	return { kind: 'staff', id: user.id, name: user.name };
}

/** A one-time cookie telling the staff list whose account was just removed. */
export const REMOVED_FLASH = 'kc_removed';

/** Audit log targets for staff accounts. */
export const userTarget = (userId: string) => `user:${userId}`;

/** A `next` path after sign-in: only our own staff pages, never another site. */
export function safeNext(next: string | null): string {
	if (next && isStaffPath(next) && !next.startsWith('//') && !next.includes('\\')) return next;
	return '/staff';
}
