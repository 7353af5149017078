/**
 * Each council's own plan template (様式), stored in SQLite (one per council). Without one, the
 * built-in template is used. Templates are checked before they are stored (see checkTemplate).
 */
import type { DB } from '../db/database';
import { DEFAULT_TEMPLATE_BASE64 } from './defaultTemplate';

export type TemplateInfo = { fileName: string; size: number; uploadedByName: string; uploadedAt: number };
export type StoredTemplate = TemplateInfo & { data: Uint8Array };

const SQL = {
	info: `SELECT file_name AS fileName, size, uploaded_by_name AS uploadedByName, uploaded_at AS uploadedAt FROM council_templates WHERE council_id = ?`,
	get: `SELECT data, file_name AS fileName, size, uploaded_by_name AS uploadedByName, uploaded_at AS uploadedAt FROM council_templates WHERE council_id = ?`,
	put: `INSERT INTO council_templates (council_id, data, file_name, size, uploaded_by, uploaded_by_name, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (council_id) DO UPDATE SET data = excluded.data, file_name = excluded.file_name, size = excluded.size,
		uploaded_by = excluded.uploaded_by, uploaded_by_name = excluded.uploaded_by_name, uploaded_at = excluded.uploaded_at`,
	remove: `DELETE FROM council_templates WHERE council_id = ?`
} as const;

let defaultBytes: Uint8Array | null = null;

/** The built-in template's bytes (decoded once). */
export function defaultTemplate(): Uint8Array {
	defaultBytes ??= new Uint8Array(Buffer.from(DEFAULT_TEMPLATE_BASE64, 'base64'));
	return defaultBytes;
}

export const DEFAULT_TEMPLATE_FILE_NAME = 'kyoso-default-template.docx';

export class CouncilTemplates {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	/** The council's own template, without its bytes; null when it uses the built-in one. */
	async info(councilId: string): Promise<TemplateInfo | null> {
		return this.#db.prepare<[string], TemplateInfo>(SQL.info).get(councilId) ?? null;
	}

	async get(councilId: string): Promise<StoredTemplate | null> {
		const row = this.#db.prepare<[string], TemplateInfo & { data: Buffer }>(SQL.get).get(councilId);
		return row ? { ...row, data: new Uint8Array(row.data) } : null;
	}

	/** The template exports of this council use: its own, or the built-in one. */
	async effective(councilId: string): Promise<{ data: Uint8Array; custom: boolean }> {
		const own = await this.get(councilId);
		return own ? { data: own.data, custom: true } : { data: defaultTemplate(), custom: false };
	}

	async put(councilId: string, t: { data: Uint8Array; fileName: string; uploadedBy: { id: string; name: string } }, now = Date.now()): Promise<void> {
		this.#db.prepare(SQL.put).run(councilId, Buffer.from(t.data), t.fileName, t.data.byteLength, t.uploadedBy.id, t.uploadedBy.name, now);
	}

	/** Back to the built-in template; true if there was one to remove. */
	async reset(councilId: string): Promise<boolean> {
		return this.#db.prepare(SQL.remove).run(councilId).changes > 0;
	}
}
