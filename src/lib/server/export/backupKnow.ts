/**
 * The plan backup's sections for 地区を知る (planBackup.ts SECTIONS): the plan district's profile with its
 * years, its resources (地域資源) and its support map's picture (支え合いマップ, base64). Rows are copied as
 * stored, so that export → import → export gives the same bytes. A district that already has a profile,
 * resources or a map (a second plan of a district imported) keeps its own.
 */
import type { DB } from '../db/database';
import { BackupError, type BackupContext, type BackupSection } from './planBackup';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Kind = 'str' | 'strOrNull' | 'int' | 'intOrNull' | 'bool' | 'blob';
/** A table's columns: stored name → [name in the file, kind] */
type Columns = Record<string, [string, Kind]>;

const PROFILE: Columns = { base_date: ['baseDate', 'strOrNull'], character: ['character', 'str'], updated_at: ['updatedAt', 'int'], updated_by: ['updatedBy', 'strOrNull'] };
const YEARS: Columns = {
	year: ['year', 'int'],
	population: ['population', 'int'],
	households: ['households', 'int'],
	aged65: ['aged65', 'int'],
	associations: ['associations', 'intOrNull'],
	commissioners: ['commissioners', 'intOrNull']
};
const RESOURCES: Columns = {
	id: ['id', 'str'],
	category: ['category', 'str'],
	name: ['name', 'str'],
	place: ['place', 'str'],
	what: ['what', 'str'],
	contact: ['contact', 'str'],
	contact_public: ['contactPublic', 'bool'],
	source: ['source', 'str'],
	origin: ['origin', 'strOrNull'],
	created_at: ['createdAt', 'int']
};
const MAP: Columns = {
	data: ['data', 'blob'],
	mime: ['mime', 'str'],
	width: ['width', 'int'],
	height: ['height', 'int'],
	size: ['size', 'int'],
	uploaded_at: ['uploadedAt', 'int'],
	uploaded_by: ['uploadedBy', 'strOrNull']
};

const broken = (what: string) => new BackupError(`${what} が正しくありません（バックアップファイルが壊れています）`);

function toFile(row: Record<string, unknown>, cols: Columns): Json {
	const out: { [k: string]: Json } = {};
	for (const [col, [name, kind]] of Object.entries(cols)) {
		const v = row[col];
		out[name] = kind === 'blob' ? Buffer.from(v as Uint8Array).toString('base64') : kind === 'bool' ? v === 1 : ((v ?? null) as Json);
	}
	return out;
}

function fromFile(v: Json | undefined, cols: Columns, what: string): unknown[] {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw broken(what);
	return Object.values(cols).map(([name, kind]) => {
		const x = v[name];
		const ok =
			kind === 'str' || kind === 'blob'
				? typeof x === 'string'
				: kind === 'strOrNull'
					? x === null || typeof x === 'string'
					: kind === 'int'
						? Number.isInteger(x)
						: kind === 'intOrNull'
							? x === null || Number.isInteger(x)
							: typeof x === 'boolean';
		if (!ok) throw broken(`${what}.${name}`);
		return kind === 'blob' ? Buffer.from(x as string, 'base64') : kind === 'bool' ? (x ? 1 : 0) : x;
	});
}

const list = (v: Json | undefined, what: string): Json[] => {
	if (!Array.isArray(v)) throw broken(what);
	return v;
};

const select = (table: string, cols: Columns, order = '') => `SELECT ${Object.keys(cols).join(', ')} FROM ${table} WHERE district_id = ?${order}`;
const insert = (table: string, cols: Columns) => `INSERT INTO ${table} (district_id, ${Object.keys(cols).join(', ')}) VALUES (?${', ?'.repeat(Object.keys(cols).length)})`;
const has = (db: DB, table: string, districtId: string) => db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM ${table} WHERE district_id = ? LIMIT 1`).get(districtId) !== undefined;

function districtOf({ db, planId }: BackupContext): string {
	const row = db.prepare<[string], { districtId: string }>('SELECT district_id AS districtId FROM plans WHERE id = ?').get(planId);
	if (!row) throw new BackupError(`計画 ${planId} が見つかりません`);
	return row.districtId;
}

const rows = (db: DB, sql: string, districtId: string) => db.prepare<[string], Record<string, unknown>>(sql).all(districtId);

export const KNOW_SECTIONS: BackupSection[] = [
	{
		name: 'profile',
		export: async (ctx) => {
			const districtId = districtOf(ctx);
			const profile = rows(ctx.db, select('district_profiles', PROFILE), districtId)[0];
			if (!profile) return null;
			return { ...(toFile(profile, PROFILE) as { [k: string]: Json }), years: rows(ctx.db, select('district_profile_years', YEARS, ' ORDER BY year'), districtId).map((r) => toFile(r, YEARS)) };
		},
		import: async (ctx, data) => {
			if (data === null) return;
			const districtId = districtOf(ctx);
			if (has(ctx.db, 'district_profiles', districtId)) return;
			const years = list((data as { [k: string]: Json }).years, 'profile.years');
			ctx.db.prepare(insert('district_profiles', PROFILE)).run(districtId, ...fromFile(data, PROFILE, 'profile'));
			for (const y of years) ctx.db.prepare(insert('district_profile_years', YEARS)).run(districtId, ...fromFile(y, YEARS, 'profile.years'));
		}
	},
	{
		name: 'resources',
		export: async (ctx) => rows(ctx.db, select('district_resources', RESOURCES, ' ORDER BY created_at, id'), districtOf(ctx)).map((r) => toFile(r, RESOURCES)),
		import: async (ctx, data) => {
			const districtId = districtOf(ctx);
			const items = list(data, 'resources');
			if (has(ctx.db, 'district_resources', districtId)) return;
			for (const r of items) ctx.db.prepare(insert('district_resources', RESOURCES)).run(districtId, ...fromFile(r, RESOURCES, 'resources'));
		}
	},
	{
		name: 'supportMap',
		export: async (ctx) => {
			const map = rows(ctx.db, select('district_maps', MAP), districtOf(ctx))[0];
			return map ? toFile(map, MAP) : null;
		},
		import: async (ctx, data) => {
			if (data === null) return;
			const districtId = districtOf(ctx);
			if (has(ctx.db, 'district_maps', districtId)) return;
			ctx.db.prepare(insert('district_maps', MAP)).run(districtId, ...fromFile(data, MAP, 'supportMap'));
		}
	}
];
