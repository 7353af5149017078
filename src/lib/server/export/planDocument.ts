/**
 * The whole plan in each format (計画書): Word (the council's plan template or the built-in one),
 * PDF, Excel, CSV of the workshops' notes and the JSON backup. One entry for the document page's
 * downloads and the CLI; the caller has checked who may export (staffPlan / the CLI's own access).
 */
import type { KyosoApp } from '../app';
import { buildPlanDocData } from '../../domain/plan/planDocData';
import type { PlanSnapshot } from '../../domain/plan/planSnapshot';
import { tokyoDate } from '../../domain/eraDate';
import { builtinTemplate, renderChosen, type TemplateChoice, type TemplateUsed } from './councilTemplates';
import { safeNamePart } from './download';
import { DOCX_MIME } from './renderDocx';
import type { TemplateProblem } from './templateProblems';
import { readPlanSnapshot } from './planSnapshotSource';
import { planXlsx } from './planXlsx';
import { planNotesCsv } from './planCsv';
import { planPdf } from './planPdf';
import { exportPlanBackup } from './planBackup';

export const PLAN_FORMATS = ['docx', 'pdf', 'xlsx', 'csv', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const MIME: Record<PlanFormat, string> = {
	docx: DOCX_MIME,
	pdf: 'application/pdf',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8'
};

export type { TemplateChoice } from './councilTemplates';

/** The built-in plan template's bytes. */
export const planTemplate = (): Uint8Array => builtinTemplate('plan');

export type PlanFile = { bytes: Buffer; fileName: string; mime: string; template: TemplateUsed | null };
export type PlanFileOutcome = { ok: true; value: PlanFile } | { ok: false; problems: TemplateProblem[]; template: TemplateUsed };

/** "さくら台地区_さくら台地区 地域福祉活動計画_20270320.docx" (the day of the export, Japan time). */
export function planFileName(s: PlanSnapshot, format: PlanFormat, now: number, suffix = ''): string {
	const d = tokyoDate(now);
	const ymd = `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;
	const parts = [safeNamePart(s.district.name, 20), safeNamePart(s.plan.title, 40) + suffix, ymd].filter(Boolean);
	return `${parts.join('_')}.${format}`;
}

/** The Word file of a snapshot in the chosen template. */
export async function planDocx(app: KyosoApp, s: PlanSnapshot, councilId: string, choice: TemplateChoice): Promise<{ ok: true; bytes: Buffer; template: TemplateUsed } | { ok: false; problems: TemplateProblem[]; template: TemplateUsed }> {
	return renderChosen(app, councilId, 'plan', choice, buildPlanDocData(s));
}

/** The plan's council (for templates and the audit log). */
export async function planCouncilId(app: KyosoApp, planId: string): Promise<string | null> {
	return (await app.workshops.getPlan(planId))?.councilId ?? null;
}

export async function exportPlanAs(app: KyosoApp, planId: string, format: PlanFormat, opts: { template?: TemplateChoice; now?: number } = {}): Promise<PlanFileOutcome | null> {
	const now = opts.now ?? Date.now();
	const councilId = await planCouncilId(app, planId);
	if (!councilId) return null;
	if (format === 'json') {
		const s = await readPlanSnapshot(app, planId);
		if (!s) return null;
		const text = await exportPlanBackup(app.db, planId);
		return { ok: true, value: { bytes: Buffer.from(text, 'utf8'), fileName: planFileName(s, 'json', now, '_バックアップ'), mime: MIME.json, template: null } };
	}
	const s = await readPlanSnapshot(app, planId);
	if (!s) return null;
	const file = (bytes: Buffer, template: PlanFile['template'] = null, suffix = ''): PlanFileOutcome => ({
		ok: true,
		value: { bytes, fileName: planFileName(s, format, now, suffix), mime: MIME[format], template }
	});
	switch (format) {
		case 'docx': {
			const r = await planDocx(app, s, councilId, opts.template ?? 'council');
			return r.ok ? file(r.bytes, r.template) : { ok: false, problems: r.problems, template: r.template };
		}
		case 'pdf':
			return file(await planPdf(s));
		case 'xlsx':
			return file(await planXlsx(s), null, '_取り組み');
		case 'csv':
			return file(Buffer.from(planNotesCsv(s), 'utf8'), null, '_付箋');
	}
}
