/** The audit log in the admin's language: action names and details as short phrases (for the page and the CSV). */
import { m } from '$lib/paraglide/messages';
import { roleLabel } from '$lib/staffLabels';
import { stepLabel } from '$lib/components/steps';
import { isStepId } from '$lib/domain/board/steps';
import type { AuditNames, AuditWords } from '$lib/server/auditView';
import { STAFF_ROLES, type StaffRole, type StaffUser } from '$lib/server/auth/staff';
import type { KyosoApp } from '$lib/server/app';

export const ACTION_LABELS: Record<string, () => string> = {
	'auth.login': m.audit_action_auth_login,
	'auth.login_failed': m.audit_action_auth_login_failed,
	'auth.login_locked': m.audit_action_auth_login_locked,
	'auth.login_disabled': m.audit_action_auth_login_disabled,
	'auth.logout': m.audit_action_auth_logout,
	'auth.password_changed': m.audit_action_auth_password_changed,
	'staff.create': m.audit_action_staff_create,
	'staff.update': m.audit_action_staff_update,
	'staff.remove': m.audit_action_staff_remove,
	'staff.disable': m.audit_action_staff_disable,
	'staff.enable': m.audit_action_staff_enable,
	'staff.assign_district': m.audit_action_staff_assign_district,
	'staff.unassign_district': m.audit_action_staff_unassign_district,
	'staff.password_reset': m.audit_action_staff_password_reset,
	'note.hide': m.audit_action_note_hide,
	'note.restore': m.audit_action_note_restore,
	'input.open': m.audit_action_input_open,
	'input.close': m.audit_action_input_close,
	'participant.mute': m.audit_action_participant_mute,
	'participant.unmute': m.audit_action_participant_unmute,
	'workshop.rotate_code': m.audit_action_workshop_rotate_code,
	'workshop.rotate_display': m.audit_action_workshop_rotate_display,
	'workshop.close': m.audit_action_workshop_close,
	'workshop.reopen': m.audit_action_workshop_reopen,
	'workshop.create': m.audit_action_workshop_create,
	'district.create': m.audit_action_district_create,
	'district.rename': m.audit_action_district_rename,
	'district.archive': m.audit_action_district_archive,
	'district.restore': m.audit_action_district_restore,
	'board.step': m.audit_action_board_step,
	'board.lock': m.audit_action_board_lock,
	'board.unlock': m.audit_action_board_unlock,
	'board.show_all': m.audit_action_board_show_all,
	'board.show_names': m.audit_action_board_show_names,
	'board.tables': m.audit_action_board_tables,
	'board.kinds': m.audit_action_board_kinds,
	'vote.open': m.audit_action_vote_open,
	'vote.close': m.audit_action_vote_close,
	'history.snapshot': m.audit_action_history_snapshot,
	'history.restore': m.audit_action_history_restore,
	'template.upload': m.audit_action_template_upload,
	'template.reset': m.audit_action_template_reset,
	'plan.export': m.audit_action_plan_export,
	'plan.create': m.audit_action_plan_create,
	'plan.update': m.audit_action_plan_update,
	'plan.gather_issues': m.audit_action_plan_gather_issues,
	'backup.create': m.audit_action_backup_create,
	'backup.download': m.audit_action_backup_download,
	'resource.accept': m.audit_action_resource_accept,
	'profile.update': m.audit_action_profile_update,
	'map.upload': m.audit_action_map_upload,
	'map.remove': m.audit_action_map_remove
};

const isRole = (v: unknown): v is StaffRole => typeof v === 'string' && (STAFF_ROLES as readonly string[]).includes(v);
const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const onOff = (v: unknown) => (v === true ? m.audit_on() : m.audit_off());

function fact(key: string, v: unknown): string | null {
	switch (key) {
		case 'login':
			return typeof v === 'string' && !v.startsWith('removed:') ? m.audit_fact_login({ value: v }) : null;
		case 'name':
			return m.audit_fact_name({ value: text(v) });
		case 'previousName':
			return m.audit_fact_previous_name({ value: text(v) });
		case 'role':
			return m.audit_fact_role({ value: isRole(v) ? roleLabel(v) : text(v) });
		case 'previousRole':
			return m.audit_fact_previous_role({ value: isRole(v) ? roleLabel(v) : text(v) });
		case 'district':
			return m.audit_fact_district({ value: text(v) });
		case 'address':
			return m.audit_fact_address({ value: text(v) });
		case 'oneTime':
			return v === true ? m.audit_fact_one_time() : null;
		case 'planStart':
			return m.audit_fact_plan_start({ value: text(v) });
		case 'title':
			return m.audit_fact_title({ value: text(v) });
		case 'template':
			return v === 'council' ? m.audit_fact_template_council() : m.audit_fact_template_default();
		case 'fileName':
		case 'file':
			return m.audit_fact_file({ value: text(v) });
		case 'size':
		case 'bytes':
			return typeof v === 'number' ? m.audit_fact_size({ value: Math.max(1, Math.round(v / 1024)).toLocaleString('ja-JP') }) : null;
		case 'step':
			return m.audit_fact_step({ value: isStepId(v) ? stepLabel(v) : text(v) });
		case 'steps':
			return Array.isArray(v) ? m.audit_fact_step({ value: v.map((s) => (isStepId(s) ? stepLabel(s) : text(s))).join('、') }) : null;
		case 'on':
			return m.audit_fact_on({ value: onOff(v) });
		case 'dots':
			return m.audit_fact_dots({ value: text(v) });
		case 'target':
			return m.audit_fact_vote_target({ value: v === 'themes' ? m.audit_vote_themes() : v === 'notes' ? m.audit_vote_notes() : text(v) });
		default:
			return `${key}: ${text(v)}`;
	}
}

/** The words of the current request's language. */
export function auditWords(): AuditWords {
	return {
		actorSystem: m.audit_actor_system(),
		actorParticipant: m.audit_actor_participant(),
		actorUnknown: m.audit_actor_unknown(),
		action: (a) => ACTION_LABELS[a]?.() ?? null,
		user: (name, login) => m.audit_target_user({ name, login }),
		removedUser: (name) => m.audit_target_removed_user({ name }),
		workshop: (title, district) => m.audit_target_workshop({ title, district }),
		gone: m.audit_target_gone(),
		fact
	};
}

/** Names of everyone and everything the council's log can point at (removed people too). */
export async function auditNames(app: KyosoApp, admin: StaffUser): Promise<AuditNames> {
	return {
		users: new Map(await (await app.staff.everyone(admin.councilId)).map((u) => [u.id, { name: u.name, login: u.login, removed: u.removed }])),
		districts: new Map(await (await app.districts.listForCouncil(admin.councilId)).map((d) => [d.id, d.name])),
		workshops: new Map(await (await app.workshops.listFor(admin)).map((w) => [w.id, { title: w.title, districtName: w.districtName }]))
	};
}
