/**
 * Each council's settings (社協の設定), stored as one versioned JSON record per council (table
 * council_settings). `get` always answers: a council that never saved gets the defaults with its name.
 * Saving also renames the council (councils.name), which the export's cover uses. Async methods: the
 * storage boundary is asynchronous (a PostgreSQL backend can implement it later).
 */
import type { DB } from './db/database';
import type { KyosoApp } from './app';
import type { CouncilSettings } from '../domain/council/settings';
import { readCouncilSettings } from '../domain/council/validate';

const SQL = {
	get: 'SELECT s.data AS data, c.name AS name FROM councils c LEFT JOIN council_settings s ON s.council_id = c.id WHERE c.id = ?',
	put: `INSERT INTO council_settings (council_id, data, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (council_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
	rename: 'UPDATE councils SET name = ? WHERE id = ?'
} as const;

export class CouncilSettingsStore {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	/** The council's settings (defaults for what it never saved); null for an unknown council. */
	async get(councilId: string): Promise<CouncilSettings | null> {
		const row = this.#db.prepare<[string], { data: string | null; name: string }>(SQL.get).get(councilId);
		if (!row) return null;
		let raw: Record<string, unknown> | null = null;
		if (row.data) {
			try {
				const parsed: unknown = JSON.parse(row.data);
				if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
			} catch {
				raw = null;
			}
		}
		return readCouncilSettings(raw, row.name);
	}

	/** Stores checked settings (checkCouncilSettings) and renames the council, in one transaction. */
	async save(councilId: string, settings: CouncilSettings, by: { userId: string }, now = Date.now()): Promise<void> {
		this.#db.transaction(() => {
			this.#db.prepare(SQL.put).run(councilId, JSON.stringify(settings), now, by.userId);
			this.#db.prepare(SQL.rename).run(settings.name, councilId);
		})();
	}
}

const byApp = new WeakMap<KyosoApp, CouncilSettingsStore>();

/** The app's settings store (made on first use; the lead may move it onto KyosoApp). */
export function councilSettings(app: KyosoApp): CouncilSettingsStore {
	let s = byApp.get(app);
	if (!s) byApp.set(app, (s = new CouncilSettingsStore(app.db)));
	return s;
}
