/** Labels for staff roles, shared by the admin pages. */
import { m } from '$lib/paraglide/messages';

export type RoleName = 'admin' | 'facilitator' | 'editor';

export function roleLabel(role: RoleName): string {
	return role === 'admin' ? m.role_admin() : role === 'facilitator' ? m.role_facilitator() : m.role_editor();
}

export function roleHelp(role: RoleName): string {
	return role === 'admin' ? m.role_admin_help() : role === 'facilitator' ? m.role_facilitator_help() : m.role_editor_help();
}
