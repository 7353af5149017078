/** Districts (地区) of a council, as the admin sees them when assigning staff. */
import type { DB } from './db/database';

export type District = { id: string; councilId: string; name: string; archived: boolean };

const COLUMNS = `id, council_id AS councilId, name, archived_at IS NOT NULL AS archived`;
const SQL = {
	ofCouncil: `SELECT ${COLUMNS} FROM districts WHERE council_id = ? ORDER BY archived_at IS NOT NULL, name, created_at`,
	byId: `SELECT ${COLUMNS} FROM districts WHERE id = ?`,
	rename: `UPDATE districts SET name = ? WHERE id = ?`,
	// A plan still named after the district ("<name> 地域福祉活動計画") follows the new name; titles set by hand stay.
	renamePlans: `UPDATE plans SET title = ? || substr(title, length(?) + 1) WHERE district_id = ? AND substr(title, 1, length(?) + 1) = ? || ' '`,
	archive: `UPDATE districts SET archived_at = ? WHERE id = ?`
} as const;

type Row = Omit<District, 'archived'> & { archived: number };
const toDistrict = (r: Row): District => ({ ...r, archived: r.archived !== 0 });

export class Districts {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	/** Every district of the council, archived ones last. */
	async listForCouncil(councilId: string): Promise<District[]> {
		return this.#db.prepare<[string], Row>(SQL.ofCouncil).all(councilId).map(toDistrict);
	}

	/** The districts in use: where workshops can be created and staff assigned. */
	async activeForCouncil(councilId: string): Promise<District[]> {
		return (await this.listForCouncil(councilId)).filter((d) => !d.archived);
	}

	async get(id: string): Promise<District | null> {
		const r = this.#db.prepare<[string], Row>(SQL.byId).get(id);
		return r ? toDistrict(r) : null;
	}

	/** The district, only if it belongs to this council. */
	async inCouncil(councilId: string, id: string): Promise<District | null> {
		const d = await this.get(id);
		return d && d.councilId === councilId ? d : null;
	}

	/** Rename a district; its plans still titled after the old name follow. */
	async rename(id: string, name: string): Promise<void> {
		const old = await this.get(id);
		if (!old) return;
		this.#db.transaction(() => {
			this.#db.prepare(SQL.rename).run(name, id);
			this.#db.prepare(SQL.renamePlans).run(name, old.name, id, old.name, old.name);
		}).immediate();
	}

	/**
	 * Archive (or bring back) a district: an archived one keeps its plans, workshops, history and
	 * assignments, but no new workshop is created in it and nobody new is assigned to it.
	 */
	async setArchived(id: string, archived: boolean): Promise<void> {
		this.#db.prepare(SQL.archive).run(archived ? Date.now() : null, id);
	}
}
