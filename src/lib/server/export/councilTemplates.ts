/**
 * Each council's own Word templates (様式), stored in SQLite: one per kind of document, the plan
 * (計画書), the workshop summary (ワークショップのまとめ) and the review sheet (評価シート). Without
 * one, that document uses its built-in template. Templates are checked as their kind before they
 * are stored (checkTemplateAs on the renderer thread).
 */
import type { DB } from '../db/database';
import type { TemplateKind } from './templateSchema';
import type { TemplateProblem } from './templateProblems';
import type { DocxData, DocxRenderer } from './docxRenderer';
import { DEFAULT_TEMPLATE_BASE64 } from './defaultTemplate';
import { PLAN_TEMPLATE_BASE64 } from './planTemplate';
import { REVIEW_TEMPLATE_BASE64 } from '../review/reviewTemplate';

export type TemplateInfo = { fileName: string; size: number; uploadedByName: string; uploadedAt: number };
export type StoredTemplate = TemplateInfo & { data: Uint8Array };

/** The kinds of council template, as stored (the renderer calls the summary 'workshop'). */
export const TEMPLATE_SLOTS = ['plan', 'summary', 'review'] as const;
export type TemplateSlot = (typeof TEMPLATE_SLOTS)[number];

/** The slot of a renderer kind, and back. */
export const slotOfKind = (kind: TemplateKind): TemplateSlot => (kind === 'workshop' ? 'summary' : kind);
export const kindOfSlot = (slot: TemplateSlot): TemplateKind => (slot === 'summary' ? 'workshop' : slot);

const SQL = {
	info: `SELECT file_name AS fileName, size, uploaded_by_name AS uploadedByName, uploaded_at AS uploadedAt FROM council_templates WHERE council_id = ? AND kind = ?`,
	get: `SELECT data, file_name AS fileName, size, uploaded_by_name AS uploadedByName, uploaded_at AS uploadedAt FROM council_templates WHERE council_id = ? AND kind = ?`,
	put: `INSERT INTO council_templates (council_id, kind, data, file_name, size, uploaded_by, uploaded_by_name, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (council_id, kind) DO UPDATE SET data = excluded.data, file_name = excluded.file_name, size = excluded.size,
		uploaded_by = excluded.uploaded_by, uploaded_by_name = excluded.uploaded_by_name, uploaded_at = excluded.uploaded_at`,
	remove: `DELETE FROM council_templates WHERE council_id = ? AND kind = ?`
} as const;

/** Each slot's built-in template as base64 (made by scripts/export/make*Template.ts). */
const BUILTIN_BASE64: Record<TemplateSlot, string> = { plan: PLAN_TEMPLATE_BASE64, summary: DEFAULT_TEMPLATE_BASE64, review: REVIEW_TEMPLATE_BASE64 };
const builtinBytes: Partial<Record<TemplateSlot, Uint8Array>> = {};

/** The built-in template of a slot (decoded once per slot). */
export function builtinTemplate(slot: TemplateSlot): Uint8Array {
	return (builtinBytes[slot] ??= new Uint8Array(Buffer.from(BUILTIN_BASE64[slot], 'base64')));
}

/** The built-in workshop summary template's bytes. */
export const defaultTemplate = (): Uint8Array => builtinTemplate('summary');

/** Which Word template: the council's own of the slot if it has one (else the built-in), the built-in one, or a file (the CLI's --template). */
export type TemplateChoice = 'council' | 'builtin' | { file: Uint8Array; name: string };
/** Which template was used in the end. */
export type TemplateUsed = 'council' | 'builtin' | 'file';

/** The template bytes a choice comes to for this council and slot, and which it was. */
export async function chooseTemplate(app: { db: DB }, councilId: string, slot: TemplateSlot, choice: TemplateChoice): Promise<{ bytes: Uint8Array; used: TemplateUsed }> {
	if (typeof choice === 'object') return { bytes: choice.file, used: 'file' };
	if (choice === 'council') {
		// the council's template of this slot (checked as one when it was uploaded), else the built-in one
		const own = await new CouncilTemplates(app.db).get(councilId, slot);
		if (own) return { bytes: own.data, used: 'council' };
	}
	return { bytes: builtinTemplate(slot), used: 'builtin' };
}

/** Render data into the chosen template on the app's Word renderer; a broken template gives its problems, never a file. */
export async function renderChosen(
	app: { db: DB; docx: DocxRenderer },
	councilId: string,
	slot: TemplateSlot,
	choice: TemplateChoice,
	data: DocxData
): Promise<{ ok: true; bytes: Buffer; template: TemplateUsed } | { ok: false; problems: TemplateProblem[]; template: TemplateUsed }> {
	const { bytes, used } = await chooseTemplate(app, councilId, slot, choice);
	const r = await app.docx.render(bytes, data);
	return r.ok ? { ok: true, bytes: r.value, template: used } : { ok: false, problems: r.problems, template: used };
}

export const DEFAULT_TEMPLATE_FILE_NAME = 'kyoso-default-template.docx';

export class CouncilTemplates {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	/** The council's own template of this kind, without its bytes; null when it uses the built-in one. */
	async info(councilId: string, slot: TemplateSlot): Promise<TemplateInfo | null> {
		return this.#db.prepare<[string, string], TemplateInfo>(SQL.info).get(councilId, slot) ?? null;
	}

	async get(councilId: string, slot: TemplateSlot): Promise<StoredTemplate | null> {
		const row = this.#db.prepare<[string, string], TemplateInfo & { data: Buffer }>(SQL.get).get(councilId, slot);
		return row ? { ...row, data: new Uint8Array(row.data) } : null;
	}

	/** The workshop summary template this council uses: its own, or the built-in one. */
	async effective(councilId: string): Promise<{ data: Uint8Array; custom: boolean }> {
		const own = await this.get(councilId, 'summary');
		return own ? { data: own.data, custom: true } : { data: defaultTemplate(), custom: false };
	}

	async put(councilId: string, slot: TemplateSlot, t: { data: Uint8Array; fileName: string; uploadedBy: { id: string; name: string } }, now = Date.now()): Promise<void> {
		this.#db.prepare(SQL.put).run(councilId, slot, Buffer.from(t.data), t.fileName, t.data.byteLength, t.uploadedBy.id, t.uploadedBy.name, now);
	}

	/** Back to the built-in template of this kind; true if there was one to remove. */
	async reset(councilId: string, slot: TemplateSlot): Promise<boolean> {
		return this.#db.prepare(SQL.remove).run(councilId, slot).changes > 0;
	}
}

/**
 * Migration 11 put each council's one template in the summary slot and listed the council as
 * unsorted: moves it to the kind its tags make (`kindOf`, the detection the exports used before
 * there was a slot per kind; a template fitting no kind stays a summary), once. Returns how many moved.
 * A template the renderer cannot read now (worker timeout, out of memory) never stops the server from
 * starting: it stays in the summary slot, is logged, and is tried again at the next start.
 */
export async function sortLegacyTemplates(db: DB, kindOf: (template: Uint8Array) => Promise<TemplateKind | null>): Promise<number> {
	const unsorted = db.prepare<[], { councilId: string }>('SELECT council_id AS councilId FROM council_templates_unsorted').all();
	let moved = 0;
	for (const { councilId } of unsorted) {
		const row = db.prepare<[string], { data: Buffer }>(`SELECT data FROM council_templates WHERE council_id = ? AND kind = 'summary'`).get(councilId);
		let kind: TemplateKind | null;
		try {
			kind = row ? await kindOf(new Uint8Array(row.data)) : null;
		} catch (err) {
			console.warn(`[export] the council template of ${councilId} could not be sorted now (tried again at the next start): ${String(err)}`);
			continue;
		}
		const slot = kind ? slotOfKind(kind) : 'summary';
		db.transaction(() => {
			if (slot !== 'summary') moved += db.prepare(`UPDATE council_templates SET kind = ? WHERE council_id = ? AND kind = 'summary'`).run(slot, councilId).changes;
			db.prepare('DELETE FROM council_templates_unsorted WHERE council_id = ?').run(councilId);
		})();
	}
	return moved;
}
