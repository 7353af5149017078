/** The audit log (監査ログ): who did what to which record, for staff and moderation actions. */
import type { DB } from './db/database';

export type AuditActor = { kind: 'staff'; id: string; name: string } | { kind: 'system' } | { kind: 'participant'; id: string };

export type AuditEntry = {
	id: number;
	at: number;
	actorKind: AuditActor['kind'];
	actorId: string | null;
	actorName: string | null;
	action: string;
	target: string | null;
	detail: string | null;
};

/** Which entries to list: by whom (a staff member, the system or participants), which action, and when ([fromMs, toMs)). */
export type AuditFilter = {
	actor: { kind: 'staff'; id: string } | { kind: 'system' } | { kind: 'participant' } | null;
	action: string | null;
	fromMs: number | null;
	toMs: number | null;
};

export const NO_FILTER: AuditFilter = { actor: null, action: null, fromMs: null, toMs: null };

const SQL = {
	insert: `INSERT INTO audit_log (at, council_id, actor_kind, actor_id, actor_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	list: `SELECT id, at, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, target, detail
		FROM audit_log WHERE council_id = :council AND (:before IS NULL OR id < :before)
		AND (:actorKind IS NULL OR actor_kind = :actorKind) AND (:actorId IS NULL OR actor_id = :actorId)
		AND (:action IS NULL OR action = :action) AND (:fromMs IS NULL OR at >= :fromMs) AND (:toMs IS NULL OR at < :toMs)
		ORDER BY id DESC LIMIT :limit`,
	actions: `SELECT DISTINCT action FROM audit_log WHERE council_id = ? ORDER BY action`,
	staffActors: `SELECT DISTINCT actor_id AS id FROM audit_log WHERE council_id = ? AND actor_kind = 'staff'`,
	latest: `SELECT at FROM audit_log WHERE council_id = :council AND action = :action AND target = :target
		AND (:format IS NULL OR json_extract(detail, '$.format') IN (SELECT value FROM json_each(:format))) ORDER BY id DESC LIMIT 1`
} as const;

type ListParams = { council: string; before: number | null; actorKind: string | null; actorId: string | null; action: string | null; fromMs: number | null; toMs: number | null; limit: number };

export class AuditLog {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	record(councilId: string | null, actor: AuditActor, action: string, target: string | null = null, detail: Record<string, unknown> | null = null): void {
		this.#db
			.prepare(SQL.insert)
			.run(
				Date.now(),
				councilId,
				actor.kind,
				actor.kind === 'system' ? null : actor.id,
				actor.kind === 'staff' ? actor.name : null,
				action,
				target,
				detail ? JSON.stringify(detail) : null
			);
	}

	/** Newest first; pass the last id seen as `before` for the next page. `limit` is capped at `maxLimit`. */
	list(councilId: string, limit = 100, before: number | null = null, filter: AuditFilter = NO_FILTER, maxLimit = 500): AuditEntry[] {
		const a = filter.actor;
		return this.#db.prepare<[ListParams], AuditEntry>(SQL.list).all({
			council: councilId,
			before,
			actorKind: a?.kind ?? null,
			actorId: a?.kind === 'staff' ? a.id : null,
			action: filter.action,
			fromMs: filter.fromMs,
			toMs: filter.toMs,
			limit: Math.min(Math.max(limit, 1), maxLimit)
		});
	}

	/** The actions that occur in a council's log (for the filter's choices). */
	actions(councilId: string): string[] {
		return this.#db.prepare<[string], { action: string }>(SQL.actions).all(councilId).map((r) => r.action);
	}

	/** Ids of the staff members who appear as actors in a council's log. */
	staffActors(councilId: string): string[] {
		return this.#db.prepare<[string], { id: string }>(SQL.staffActors).all(councilId).map((r) => r.id);
	}

	/**
	 * When `action` was last done to `target` (ms), or null if never; `formats` narrows it to entries whose
	 * detail names one of them (the plan's exports: which file was made).
	 */
	async latestAt(councilId: string, action: string, target: string, formats: readonly string[] | null = null): Promise<number | null> {
		const row = this.#db
			.prepare<[{ council: string; action: string; target: string; format: string | null }], { at: number }>(SQL.latest)
			.get({ council: councilId, action, target, format: formats ? JSON.stringify(formats) : null });
		return row?.at ?? null;
	}
}
