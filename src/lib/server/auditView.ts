/**
 * Presenting audit log entries to the admin: times in Japan time, people, districts and workshops
 * by name, details as short sentences in the admin's language. The words come from the caller
 * (the route, which has the translations), so that this module stays plain TypeScript.
 */
import type { AuditEntry, AuditFilter } from './audit';

const TOKYO = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Asia/Tokyo',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** "2026-12-05 10:03:09" in Asia/Tokyo, whatever the server's own time zone. */
export function formatTokyoTime(ms: number): string {
	const p = Object.fromEntries(TOKYO.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The detail JSON as "key: value" lines; unreadable details are shown as stored. */
export function describeDetail(detail: string | null): string[] {
	const parsed = parseDetail(detail);
	if (parsed) return Object.entries(parsed).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
	return detail ? [detail] : [];
}

function parseDetail(detail: string | null): Record<string, unknown> | null {
	if (!detail) return null;
	try {
		const parsed: unknown = JSON.parse(detail);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
	} catch {
		// not JSON
	}
	return null;
}

/** Who and what the log's ids stand for, in one council. */
export type AuditNames = {
	users: ReadonlyMap<string, { name: string; login: string; removed: boolean }>;
	districts: ReadonlyMap<string, string>;
	workshops: ReadonlyMap<string, { title: string; districtName: string }>;
};

/** The words of the admin's language (see the audit route's auditWords.ts). */
export type AuditWords = {
	actorSystem: string;
	actorParticipant: string;
	actorUnknown: string;
	action: (action: string) => string | null;
	user: (name: string, login: string) => string;
	removedUser: (name: string) => string;
	workshop: (title: string, district: string) => string;
	/** a stored record that no longer exists */
	gone: string;
	/** One fact of a detail as a short phrase, or null for internal ids nobody needs to read. */
	fact: (key: string, value: unknown) => string | null;
};

export type AuditRow = { id: number; at: string; action: string; actor: string; actionLabel: string; target: string; detail: string[] };

/** Keys of details that are internal ids: never shown. */
const HIDDEN_KEYS = new Set(['districtId', 'noteId', 'participantId', 'snapshotId', 'undoId', 'roundId']);

export function describeEntry(e: AuditEntry, names: AuditNames, words: AuditWords): AuditRow {
	const actor =
		e.actorKind === 'staff'
			? (e.actorName ?? words.actorUnknown)
			: e.actorKind === 'system'
				? words.actorSystem
				: e.actorKind === 'participant'
					? words.actorParticipant
					: words.actorUnknown;
	const parsed = parseDetail(e.detail);
	const detail = parsed
		? Object.entries(parsed).flatMap(([k, v]) => {
				if (HIDDEN_KEYS.has(k)) return [];
				const text = words.fact(k, v);
				return text === null ? [] : [text];
			})
		: e.detail
			? [e.detail]
			: [];
	return { id: e.id, at: formatTokyoTime(e.at), action: e.action, actor, actionLabel: words.action(e.action) ?? e.action, target: describeTarget(e.target, names, words), detail };
}

export function describeTarget(target: string | null, names: AuditNames, words: AuditWords): string {
	if (target === null) return '';
	const i = target.indexOf(':');
	const [kind, id] = i < 0 ? [target, ''] : [target.slice(0, i), target.slice(i + 1)];
	if (kind === 'user') {
		const u = names.users.get(id);
		return u ? (u.removed ? words.removedUser(u.name) : words.user(u.name, u.login)) : words.gone;
	}
	if (kind === 'district') return names.districts.get(id) ?? words.gone;
	if (kind === 'workshop') {
		const w = names.workshops.get(id);
		return w ? words.workshop(w.title, w.districtName) : words.gone;
	}
	return target;
}

/** A Japan calendar day (YYYY-MM-DD) as the instant it starts, in ms; null if it is not such a day. */
export function tokyoDayStart(day: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
	const ms = Date.parse(`${day}T00:00:00+09:00`);
	return Number.isNaN(ms) || formatTokyoTime(ms).slice(0, 10) !== day ? null : ms;
}

/** Filters from the page's query string (person, action, first and last day); anything malformed is ignored. */
export function readAuditFilter(params: URLSearchParams): AuditFilter & { fromDay: string; toDay: string; who: string } {
	const who = params.get('who') ?? '';
	const action = params.get('action') ?? '';
	const fromDay = params.get('from') ?? '';
	const toDay = params.get('to') ?? '';
	const from = tokyoDayStart(fromDay);
	const toStart = tokyoDayStart(toDay);
	const actor: AuditFilter['actor'] =
		who === 'system' || who === 'participant' ? { kind: who } : who.startsWith('user:') && who.length <= 64 ? { kind: 'staff', id: who.slice(5) } : null;
	return {
		actor,
		action: /^[a-z_]+\.[a-z_]+$/.test(action) ? action : null,
		fromMs: from,
		toMs: toStart === null ? null : toStart + 24 * 3600 * 1000,
		fromDay: from === null ? '' : fromDay,
		toDay: toStart === null ? '' : toDay,
		who: actor ? who : ''
	};
}
