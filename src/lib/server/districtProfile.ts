/** District profiles (地区の概要): the figures by year and the district's character. Async (storage may move). */
import type { DB } from './db/database';
import type { DistrictProfile, ProfileYear } from '../domain/plan/profile';

const SQL = {
	head: `SELECT base_date AS baseDate, character FROM district_profiles WHERE district_id = ?`,
	years: `SELECT year, population, households, aged65, associations, commissioners FROM district_profile_years WHERE district_id = ? ORDER BY year`,
	upsertHead: `INSERT INTO district_profiles (district_id, base_date, character, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (district_id) DO UPDATE SET base_date = excluded.base_date, character = excluded.character, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
	clearYears: `DELETE FROM district_profile_years WHERE district_id = ?`,
	insertYear: `INSERT INTO district_profile_years (district_id, year, population, households, aged65, associations, commissioners) VALUES (?, ?, ?, ?, ?, ?, ?)`
} as const;

export class DistrictProfiles {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	/** The district's profile, or null if nobody entered one yet. */
	async get(districtId: string): Promise<DistrictProfile | null> {
		const head = this.#db.prepare<[string], { baseDate: string | null; character: string }>(SQL.head).get(districtId);
		if (!head) return null;
		const years = this.#db.prepare<[string], ProfileYear>(SQL.years).all(districtId);
		return { baseDate: head.baseDate, character: head.character, years };
	}

	/** Replace the profile with a validated one (domain/plan/profile.ts `validateProfile`), in one transaction. */
	async save(districtId: string, profile: DistrictProfile, by: string | null): Promise<void> {
		this.#db.transaction(() => {
			this.#db.prepare(SQL.upsertHead).run(districtId, profile.baseDate, profile.character, Date.now(), by);
			this.#db.prepare(SQL.clearYears).run(districtId);
			const insert = this.#db.prepare(SQL.insertYear);
			for (const y of profile.years) insert.run(districtId, y.year, y.population, y.households, y.aged65, y.associations, y.commissioners);
		}).immediate();
	}
}
