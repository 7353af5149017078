/** Districts (地区) of a council, as the admin sees them when assigning staff. */
import type { DB } from './db/database';

export type District = { id: string; councilId: string; name: string };

const SQL = {
	ofCouncil: `SELECT id, council_id AS councilId, name FROM districts WHERE council_id = ? ORDER BY name, created_at`,
	byId: `SELECT id, council_id AS councilId, name FROM districts WHERE id = ?`
} as const;

export class Districts {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	listForCouncil(councilId: string): District[] {
		return this.#db.prepare<[string], District>(SQL.ofCouncil).all(councilId);
	}

	get(id: string): District | null {
		return this.#db.prepare<[string], District>(SQL.byId).get(id) ?? null;
	}

	/** The district, only if it belongs to this council. */
	inCouncil(councilId: string, id: string): District | null {
		const d = this.get(id);
		return d && d.councilId === councilId ? d : null;
	}
}
