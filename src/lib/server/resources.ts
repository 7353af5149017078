/** A district's resources (地域資源), entered by staff or accepted from phones' proposals. Async (storage may move). */
import type { DB } from './db/database';
import { randomId } from '../domain/ids';
import { RESOURCE_LIMITS, type Resource, type ResourceInput } from '../domain/plan/resources';

const COLUMNS = `id, district_id AS districtId, category, name, place, what, contact, contact_public AS contactPublic, source, created_at AS createdAt`;
const SQL = {
	ofDistrict: `SELECT ${COLUMNS} FROM district_resources WHERE district_id = ? ORDER BY created_at, id`,
	byId: `SELECT ${COLUMNS} FROM district_resources WHERE id = ?`,
	byOrigin: `SELECT ${COLUMNS} FROM district_resources WHERE origin = ?`,
	count: `SELECT COUNT(*) AS n FROM district_resources WHERE district_id = ?`,
	insert: `INSERT INTO district_resources (id, district_id, category, name, place, what, contact, contact_public, source, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	update: `UPDATE district_resources SET category = ?, name = ?, place = ?, what = ?, contact = ?, contact_public = ? WHERE id = ? AND district_id = ?`,
	remove: `DELETE FROM district_resources WHERE id = ? AND district_id = ?`
} as const;

type Row = Omit<Resource, 'contactPublic'> & { contactPublic: number };
const toResource = (r: Row): Resource => ({ ...r, contactPublic: r.contactPublic !== 0 });

export type AddResult = { ok: true; resource: Resource } | { ok: false; error: 'inventory_full' };

export class Resources {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	async list(districtId: string): Promise<Resource[]> {
		return this.#db.prepare<[string], Row>(SQL.ofDistrict).all(districtId).map(toResource);
	}

	async get(id: string): Promise<Resource | null> {
		const r = this.#db.prepare<[string], Row>(SQL.byId).get(id);
		return r ? toResource(r) : null;
	}

	/**
	 * Add a validated resource. `origin` names a board proposal it came from: adding the same origin
	 * again returns the resource added the first time (a double click, a retried request).
	 */
	async add(districtId: string, input: ResourceInput, source: Resource['source'], origin: string | null = null): Promise<AddResult> {
		return this.#db.transaction((): AddResult => {
			if (origin) {
				const existing = this.#db.prepare<[string], Row>(SQL.byOrigin).get(origin);
				if (existing) return { ok: true, resource: toResource(existing) };
			}
			if (this.#db.prepare<[string], { n: number }>(SQL.count).get(districtId)!.n >= RESOURCE_LIMITS.perDistrict) return { ok: false, error: 'inventory_full' };
			const id = randomId(16);
			this.#db
				.prepare(SQL.insert)
				.run(id, districtId, input.category, input.name, input.place, input.what, input.contact, input.contactPublic ? 1 : 0, source, origin, Date.now());
			return { ok: true, resource: toResource(this.#db.prepare<[string], Row>(SQL.byId).get(id)!) };
		}).immediate();
	}

	/** Edit a resource of this district; false if there is none. */
	async update(districtId: string, id: string, input: ResourceInput): Promise<boolean> {
		const r = this.#db.prepare(SQL.update).run(input.category, input.name, input.place, input.what, input.contact, input.contactPublic ? 1 : 0, id, districtId);
		return r.changes > 0;
	}

	async remove(districtId: string, id: string): Promise<boolean> {
		return this.#db.prepare(SQL.remove).run(id, districtId).changes > 0;
	}
}
