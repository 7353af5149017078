/**
 * JSON backup of one whole plan (計画のバックアップ): its records and its live documents, and the
 * import of such a file into another instance (`npm run import -- --in <file>`).
 *
 * The file is a list of sections, each with its own export and import, so that new record kinds
 * (profile, resources, council settings, review…) plug in as one more entry in SECTIONS. Keys are
 * sorted and nothing of the export run itself (no time, no host) is written, so that export →
 * import into a fresh data dir → export gives the same bytes. Documents are their stored updates
 * merged into one, as base64; importing stores that one update, which the next export reads back
 * unchanged. Secrets are not exported: the workshops' join codes and projector links are made
 * afresh on import. Participants' identities are not exported either.
 */
import * as Y from 'yjs';
import type { DB } from '../db/database';
import { SqliteDocStore } from '../sync/docStore';
import { generateJoinCode } from '../../domain/joinCode';
import { newToken } from '../auth/tokens';
import { KNOW_SECTIONS } from './backupKnow';
import { isPlanStatus } from '../../domain/plan/planRecord';
import { isStepId } from '../../domain/board/steps';

export const BACKUP_FORMAT = 'kyoso-plan-backup';
export const BACKUP_VERSION = 1;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** What a section reads and writes through. */
export type BackupContext = { db: DB; store: SqliteDocStore; planId: string };

export type BackupSection = {
	name: string;
	export(ctx: BackupContext): Promise<Json>;
	/** Writes the section's records; runs inside one transaction with the other sections (in list order). */
	import(ctx: BackupContext, data: Json): Promise<void>;
};

export class BackupError extends Error {}

const obj = (v: Json, what: string): { [k: string]: Json } => {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BackupError(`${what} がありません（バックアップファイルが壊れています）`);
	return v;
};
const str = (v: Json | undefined, what: string): string => {
	if (typeof v !== 'string') throw new BackupError(`${what} がありません（バックアップファイルが壊れています）`);
	return v;
};
const strOrNull = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);
const int = (v: Json | undefined, what: string): number => {
	if (typeof v !== 'number' || !Number.isInteger(v)) throw new BackupError(`${what} が整数ではありません（バックアップファイルが壊れています）`);
	return v;
};
const intOrNull = (v: Json | undefined): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

type Row = Record<string, string | number | null>;

/** A workshop's steps covered as stored (a JSON array of step ids, in the order reached); '[]' for a file from before them. */
function stepsCovered(v: Json | undefined): string {
	if (v === undefined) return '[]';
	const text = str(v, 'workshop.stepsCovered');
	let list: unknown;
	try {
		list = JSON.parse(text);
	} catch {
		list = null;
	}
	if (!Array.isArray(list) || !list.every(isStepId)) throw new BackupError('workshop.stepsCovered が段階の一覧ではありません（バックアップファイルが壊れています）');
	return text;
}
const toJson = (r: Row): Json => ({ ...r });

const SQL = {
	council: 'SELECT c.id, c.name, c.created_at AS createdAt FROM councils c JOIN districts d ON d.council_id = c.id JOIN plans p ON p.district_id = d.id WHERE p.id = ?',
	district: 'SELECT d.id, d.council_id AS councilId, d.name, d.created_at AS createdAt, d.archived_at AS archivedAt FROM districts d JOIN plans p ON p.district_id = d.id WHERE p.id = ?',
	plan: `SELECT id, district_id AS districtId, title, period_start AS periodStart, period_end AS periodEnd, status, adopted_on AS adoptedOn, adopted_by AS adoptedBy,
		created_at AS createdAt FROM plans WHERE id = ?`,
	workshops: `SELECT id, plan_id AS planId, title, held_on AS heldOn, place, status, participant_count AS participantCount, steps_covered AS stepsCovered,
		created_at AS createdAt, closed_at AS closedAt FROM workshops WHERE plan_id = ? ORDER BY created_at, id`,
	councilSettings: 'SELECT s.data, s.updated_at AS updatedAt FROM council_settings s JOIN districts d ON d.council_id = s.council_id JOIN plans p ON p.district_id = d.id WHERE p.id = ?',
	hasCouncilSettings: 'SELECT 1 AS one FROM council_settings WHERE council_id = ?',
	insertCouncilSettings: 'INSERT INTO council_settings (council_id, data, updated_at, updated_by) VALUES (?, ?, ?, NULL)',
	hasCouncil: 'SELECT 1 AS one FROM councils WHERE id = ?',
	hasDistrict: 'SELECT 1 AS one FROM districts WHERE id = ?',
	hasPlan: 'SELECT 1 AS one FROM plans WHERE id = ?',
	insertCouncil: 'INSERT INTO councils (id, name, created_at) VALUES (?, ?, ?)',
	insertDistrict: 'INSERT INTO districts (id, council_id, name, created_at, archived_at) VALUES (?, ?, ?, ?, ?)',
	insertPlan: 'INSERT INTO plans (id, district_id, title, period_start, period_end, status, adopted_on, adopted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
	insertWorkshop: `INSERT INTO workshops (id, plan_id, title, held_on, place, status, participant_count, steps_covered, join_code, display_token, created_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	docsOf: `SELECT DISTINCT doc FROM (SELECT doc FROM doc_updates UNION SELECT doc FROM doc_snapshots) WHERE doc = ? OR doc IN (SELECT 'workshop.' || id FROM workshops WHERE plan_id = ?) ORDER BY doc`
} as const;

const one = (db: DB, sql: string, id: string): Row | undefined => db.prepare<[string], Row>(sql).get(id);

export const SECTIONS: BackupSection[] = [
	{
		name: 'council',
		// with the council's settings (社協の設定: goals, actor columns, 基本理念 … as stored; null = never saved, the defaults)
		export: async ({ db, planId }) => {
			const settings = db.prepare<[string], { data: string; updatedAt: number }>(SQL.councilSettings).get(planId);
			return { ...one(db, SQL.council, planId)!, settings: settings ? { data: JSON.parse(settings.data) as Json, updatedAt: settings.updatedAt } : null };
		},
		import: async ({ db }, data) => {
			const c = obj(data, 'council');
			const id = str(c.id, 'council.id');
			// the council may exist already (importing a second plan of it): kept as it is, its settings too
			if (!db.prepare(SQL.hasCouncil).get(id)) db.prepare(SQL.insertCouncil).run(id, str(c.name, 'council.name'), int(c.createdAt, 'council.createdAt'));
			if (c.settings === undefined || c.settings === null || db.prepare(SQL.hasCouncilSettings).get(id)) return;
			const settings = obj(c.settings, 'council.settings');
			// stored as exported (its reader, domain/council/validate.ts, fills or drops what it does not know)
			const record = obj(settings.data ?? null, 'council.settings.data');
			db.prepare(SQL.insertCouncilSettings).run(id, JSON.stringify(record), int(settings.updatedAt, 'council.settings.updatedAt'));
		}
	},
	{
		name: 'district',
		export: async ({ db, planId }) => toJson(one(db, SQL.district, planId)!),
		import: async ({ db }, data) => {
			const d = obj(data, 'district');
			const id = str(d.id, 'district.id');
			if (!db.prepare(SQL.hasDistrict).get(id))
				db.prepare(SQL.insertDistrict).run(id, str(d.councilId, 'district.councilId'), str(d.name, 'district.name'), int(d.createdAt, 'district.createdAt'), intOrNull(d.archivedAt));
		}
	},
	{
		name: 'plan',
		export: async ({ db, planId }) => toJson(one(db, SQL.plan, planId)!),
		import: async ({ db }, data) => {
			const p = obj(data, 'plan');
			const id = str(p.id, 'plan.id');
			if (db.prepare(SQL.hasPlan).get(id)) throw new BackupError(`計画 ${id} はこのデータにすでにあります。空のデータフォルダーに取り込んでください。`);
			// a file from before the plan records' status and cover: a plan being drafted, no cover yet
			const status = p.status === undefined ? 'drafting' : str(p.status, 'plan.status');
			if (!isPlanStatus(status)) throw new BackupError('plan.status が drafting / adopted / revising ではありません');
			db.prepare(SQL.insertPlan).run(
				id,
				str(p.districtId, 'plan.districtId'),
				str(p.title, 'plan.title'),
				int(p.periodStart, 'plan.periodStart'),
				int(p.periodEnd, 'plan.periodEnd'),
				status,
				strOrNull(p.adoptedOn),
				typeof p.adoptedBy === 'string' ? p.adoptedBy : '',
				int(p.createdAt, 'plan.createdAt')
			);
		}
	},
	{
		name: 'workshops',
		export: async ({ db, planId }) => db.prepare<[string], Row>(SQL.workshops).all(planId).map(toJson),
		import: async ({ db }, data) => {
			if (!Array.isArray(data)) throw new BackupError('workshops がありません（バックアップファイルが壊れています）');
			for (const item of data) {
				const w = obj(item, 'workshop');
				const status = str(w.status, 'workshop.status');
				if (status !== 'open' && status !== 'closed') throw new BackupError('workshop.status が open / closed ではありません');
				db.prepare(SQL.insertWorkshop).run(
					str(w.id, 'workshop.id'),
					str(w.planId, 'workshop.planId'),
					str(w.title, 'workshop.title'),
					strOrNull(w.heldOn),
					strOrNull(w.place),
					status,
					intOrNull(w.participantCount),
					stepsCovered(w.stepsCovered),
					generateJoinCode(),
					newToken(24),
					int(w.createdAt, 'workshop.createdAt'),
					intOrNull(w.closedAt)
				);
			}
		}
	},
	// 地区を知る: the district's profile, resources and support map (backupKnow.ts)
	...KNOW_SECTIONS,
	{
		// sections for the plan records others add go before this one
		name: 'documents',
		export: async ({ db, store, planId }) => {
			const out: { [k: string]: Json } = {};
			for (const { doc } of db.prepare<[string, string], { doc: string }>(SQL.docsOf).all(`plan.${planId}`, planId)) {
				const { update } = await store.load(doc);
				if (update) out[doc] = Buffer.from(update).toString('base64');
			}
			return out;
		},
		import: async ({ store, planId }, data) => {
			const docs = obj(data, 'documents');
			for (const [name, b64] of Object.entries(docs)) {
				if (name !== `plan.${planId}` && !/^workshop\.[A-Za-z0-9_-]+$/.test(name)) throw new BackupError(`文書名 ${name} はこの計画のものではありません`);
				const bytes = new Uint8Array(Buffer.from(str(b64, `documents.${name}`), 'base64'));
				// a document that Yjs cannot read is refused here, before anything is stored
				try {
					Y.applyUpdate(new Y.Doc(), bytes);
				} catch {
					throw new BackupError(`文書 ${name} を読めません（バックアップファイルが壊れています）`);
				}
				await store.append(name, [bytes]);
			}
		}
	}
];

/** JSON with keys sorted at every level, tabs for indentation, a final newline. */
export function stableJson(v: Json): string {
	const sort = (x: Json): Json => (Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k]!)])) : x);
	return `${JSON.stringify(sort(v), null, '\t')}\n`;
}

export async function exportPlanBackup(db: DB, planId: string, sections = SECTIONS): Promise<string> {
	const ctx: BackupContext = { db, store: new SqliteDocStore(db), planId };
	if (!db.prepare(SQL.hasPlan).get(planId)) throw new BackupError(`計画 ${planId} が見つかりません`);
	const body: { [k: string]: Json } = {};
	for (const s of sections) body[s.name] = await s.export(ctx);
	return stableJson({ format: BACKUP_FORMAT, version: BACKUP_VERSION, planId, sections: body });
}

/** Imports a backup file's text; all or nothing (one transaction). Returns the plan's id. */
export async function importPlanBackup(db: DB, text: string, sections = SECTIONS): Promise<string> {
	let parsed: Json;
	try {
		parsed = JSON.parse(text) as Json;
	} catch {
		throw new BackupError('JSON として読めません。共創キャンバスで書き出したバックアップファイルを指定してください。');
	}
	const root = obj(parsed, 'ファイルの中身');
	if (root.format !== BACKUP_FORMAT) throw new BackupError('共創キャンバスの計画のバックアップファイルではありません（format が違います）');
	if (root.version !== BACKUP_VERSION) throw new BackupError(`このバージョン（${String(root.version)}）のバックアップは読めません。${BACKUP_VERSION} のファイルを指定してください。`);
	const planId = str(root.planId, 'planId');
	const body = obj(root.sections ?? null, 'sections');
	const ctx: BackupContext = { db, store: new SqliteDocStore(db), planId };
	// better-sqlite3 transactions are synchronous: the sections' imports are awaited inside BEGIN … COMMIT
	db.exec('BEGIN IMMEDIATE');
	try {
		for (const s of sections) {
			if (!(s.name in body)) throw new BackupError(`${s.name} の部分がありません（バックアップファイルが壊れています）`);
			await s.import(ctx, body[s.name]!);
		}
		db.exec('COMMIT');
	} catch (e) {
		db.exec('ROLLBACK');
		throw e;
	}
	return planId;
}
