import { describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations';
import { migrate } from '../db/database';
import { CouncilTemplates, defaultTemplate, sortLegacyTemplates } from './councilTemplates';
import { InlineDocxRenderer } from './docxRenderer';
import { planTemplate } from './planDocument';
import { reviewTemplate } from '../review/reviewDocx';

/** A database at schema 10 (one template per council), with councils c-plan, c-summary, c-review, c-none. */
function databaseBeforeSlots() {
	const db = new Database(':memory:');
	db.pragma('foreign_keys = ON');
	for (const [v, sql] of MIGRATIONS.slice(0, 10).entries()) {
		db.exec(sql);
		db.pragma(`user_version = ${v + 1}`);
	}
	const old = db.prepare(`INSERT INTO council_templates (council_id, data, file_name, size, uploaded_by, uploaded_by_name, uploaded_at) VALUES (?, ?, ?, ?, NULL, '管理者', 1)`);
	for (const [id, bytes] of [
		['c-plan', planTemplate()],
		['c-summary', defaultTemplate()],
		['c-review', reviewTemplate()],
		['c-none', null]
	] as const) {
		db.prepare(`INSERT INTO councils (id, name, created_at) VALUES (?, ?, 1)`).run(id, id);
		if (bytes) old.run(id, Buffer.from(bytes), `${id}.docx`, bytes.byteLength);
	}
	return db;
}

describe('migration 11: one council template per kind', () => {
	it('keeps each council’s template, moved to the kind its tags make (once)', async () => {
		const db = databaseBeforeSlots();
		migrate(db);
		expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
		// straight after the migration every old template waits in the summary slot
		expect(db.prepare(`SELECT COUNT(*) AS n FROM council_templates WHERE kind = 'summary'`).get()).toEqual({ n: 3 });

		const renderer = new InlineDocxRenderer();
		expect(await sortLegacyTemplates(db, (t) => renderer.kindOf(t))).toBe(2);
		const rows = db.prepare(`SELECT council_id AS c, kind, file_name AS f FROM council_templates ORDER BY council_id`).all();
		expect(rows).toEqual([
			{ c: 'c-plan', kind: 'plan', f: 'c-plan.docx' },
			{ c: 'c-review', kind: 'review', f: 'c-review.docx' },
			{ c: 'c-summary', kind: 'summary', f: 'c-summary.docx' }
		]);
		// nothing left to sort: a summary uploaded later is never moved
		expect(await sortLegacyTemplates(db, (t) => renderer.kindOf(t))).toBe(0);

		const templates = new CouncilTemplates(db);
		expect((await templates.get('c-plan', 'plan'))?.data).toEqual(planTemplate());
		expect(await templates.info('c-plan', 'summary')).toBeNull();
		expect((await templates.effective('c-summary')).custom).toBe(true);
		expect((await templates.effective('c-plan')).custom).toBe(false);
	});

	it('a template the renderer fails on never stops the start: it stays a summary and is sorted at a later start', async () => {
		const db = databaseBeforeSlots();
		migrate(db);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			expect(await sortLegacyTemplates(db, () => Promise.reject(new Error('worker timed out')))).toBe(0);
			expect(warn).toHaveBeenCalledTimes(3);
		} finally {
			warn.mockRestore();
		}
		expect(db.prepare(`SELECT COUNT(*) AS n FROM council_templates WHERE kind = 'summary'`).get()).toEqual({ n: 3 });
		const renderer = new InlineDocxRenderer();
		expect(await sortLegacyTemplates(db, (t) => renderer.kindOf(t))).toBe(2);
	});

	it('stores a plan, a summary and a review template side by side; a reset removes only its kind', async () => {
		const db = databaseBeforeSlots();
		migrate(db);
		const templates = new CouncilTemplates(db);
		const by = { id: 'u', name: '管理者' };
		db.prepare(`INSERT INTO users (id, council_id, login, name, role, password_hash, must_change_password, created_at) VALUES ('u', 'c-none', 'a', '管理者', 'admin', 'x', 0, 1)`).run();
		await templates.put('c-none', 'plan', { data: planTemplate(), fileName: '計画書.docx', uploadedBy: by });
		await templates.put('c-none', 'review', { data: reviewTemplate(), fileName: '評価.docx', uploadedBy: by });
		await templates.put('c-none', 'summary', { data: defaultTemplate(), fileName: 'まとめ.docx', uploadedBy: by });
		await templates.put('c-none', 'plan', { data: planTemplate(), fileName: '計画書2.docx', uploadedBy: by });
		expect((await templates.info('c-none', 'plan'))?.fileName).toBe('計画書2.docx');
		expect((await templates.info('c-none', 'review'))?.fileName).toBe('評価.docx');
		expect(await templates.reset('c-none', 'review')).toBe(true);
		expect(await templates.info('c-none', 'review')).toBeNull();
		expect((await templates.info('c-none', 'plan'))?.fileName).toBe('計画書2.docx');
		expect((await templates.info('c-none', 'summary'))?.fileName).toBe('まとめ.docx');
		// the table refuses a kind it does not know
		expect(() => db.prepare(`INSERT INTO council_templates (council_id, kind, data, file_name, size, uploaded_by_name, uploaded_at) VALUES ('c-none', 'other', x'00', 'x', 1, 'x', 1)`).run()).toThrow(/CHECK/);
	});
});
