/** The support map's picture of a district (支え合いマップ), stored in the database. Async (storage may move). */
import type { DB } from './db/database';
import type { MapImageInfo, MapImageType } from '../domain/plan/mapImage';

export type MapInfo = MapImageInfo & { size: number; uploadedAt: number };
export type MapPicture = MapInfo & { data: Uint8Array };

const SQL = {
	info: `SELECT mime AS type, width, height, size, uploaded_at AS uploadedAt FROM district_maps WHERE district_id = ?`,
	picture: `SELECT data, mime AS type, width, height, size, uploaded_at AS uploadedAt FROM district_maps WHERE district_id = ?`,
	put: `INSERT INTO district_maps (district_id, data, mime, width, height, size, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (district_id) DO UPDATE SET data = excluded.data, mime = excluded.mime, width = excluded.width, height = excluded.height,
		size = excluded.size, uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by`,
	remove: `DELETE FROM district_maps WHERE district_id = ?`
} as const;

type Row = { type: MapImageType; width: number; height: number; size: number; uploadedAt: number };

export class SupportMaps {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	async info(districtId: string): Promise<MapInfo | null> {
		return this.#db.prepare<[string], Row>(SQL.info).get(districtId) ?? null;
	}

	async picture(districtId: string): Promise<MapPicture | null> {
		const r = this.#db.prepare<[string], Row & { data: Buffer }>(SQL.picture).get(districtId);
		return r ? { ...r, data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) } : null;
	}

	/** Store a picture already checked by `inspectMapImage` (replacing the district's previous one). */
	async put(districtId: string, data: Uint8Array, info: MapImageInfo, by: string | null): Promise<void> {
		this.#db.prepare(SQL.put).run(districtId, Buffer.from(data.buffer, data.byteOffset, data.byteLength), info.type, info.width, info.height, data.byteLength, Date.now(), by);
	}

	async remove(districtId: string): Promise<boolean> {
		return this.#db.prepare(SQL.remove).run(districtId).changes > 0;
	}
}
