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

const SQL = {
	insert: `INSERT INTO audit_log (at, council_id, actor_kind, actor_id, actor_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	list: `SELECT id, at, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, target, detail
		FROM audit_log WHERE council_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`
} as const;

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

	/** Newest first; pass the last id seen as `before` for the next page. */
	list(councilId: string, limit = 100, before: number | null = null): AuditEntry[] {
		return this.#db.prepare<[string, number | null, number | null, number], AuditEntry>(SQL.list).all(councilId, before, before, Math.min(Math.max(limit, 1), 500));
	}
}
