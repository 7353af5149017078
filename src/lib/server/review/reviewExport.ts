/**
 * The review sheet export (評価シート), shared by the staff download route and the CLI: read the plan
 * document, build the plain sheet, render XLSX or DOCX (DOCX on the Word renderer's worker thread, in
 * the council's review template or the built-in one, reviewDocx.ts). `fiscalYear` null = the latest
 * reviewed year.
 */
import type * as Y from 'yjs';
import type { DB } from '../db/database';
import { planDocName } from '../sync/kinds/plan';
import { latestReviewedYear } from '../../domain/plan/review';
import { buildReviewSheet } from '../../domain/plan/reviewSheet';
import { safeNamePart } from '../export/download';
import { ReviewPlans } from './reviewPlans';
import { reviewXlsx } from './reviewXlsx';
import { reviewDocx } from './reviewDocx';
import type { TemplateChoice, TemplateUsed } from '../export/councilTemplates';
import type { DocxRenderer } from '../export/docxRenderer';
import type { TemplateProblem } from '../export/templateProblems';

export type ReviewFormat = 'xlsx' | 'docx';
export type ReviewExportError = 'plan_not_found' | 'no_review';

/**
 * What the export reads and renders with: the records, the plan document (the running server's sync,
 * or the CLI's store) and the Word renderer (the app's worker thread, or the CLI's own).
 */
export type ReviewSource = { db: DB; sync: { read<T>(docName: string, fn: (doc: Y.Doc) => T): T | Promise<T> }; docx: DocxRenderer };

export type ReviewExport =
	| { ok: true; bytes: Uint8Array; fileName: string; fiscalYear: number; template: TemplateUsed | null }
	| { ok: false; error: ReviewExportError }
	/** the Word template could not be filled: what to fix in it */
	| { ok: false; error: 'template'; problems: TemplateProblem[]; template: TemplateUsed };

export async function exportReview(
	app: ReviewSource,
	planId: string,
	opts: { fiscalYear: number | null; format: ReviewFormat; template?: TemplateChoice }
): Promise<ReviewExport> {
	const plan = await new ReviewPlans(app.db).plan(planId);
	if (!plan) return { ok: false, error: 'plan_not_found' };
	const sheet = await app.sync.read(planDocName(plan.id), (doc) => {
		const fiscalYear = opts.fiscalYear ?? latestReviewedYear(doc);
		if (fiscalYear === null) return null;
		return buildReviewSheet(doc, { fiscalYear, districtName: plan.districtName, planTitle: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd });
	});
	if (!sheet) return { ok: false, error: 'no_review' };
	const fileName = `${[safeNamePart(plan.districtName, 20), `${sheet.yearLabel}評価シート`].filter(Boolean).join('_')}.${opts.format}`;
	if (opts.format === 'xlsx') return { ok: true, bytes: await reviewXlsx(sheet), fileName, fiscalYear: sheet.fiscalYear, template: null };
	const r = await reviewDocx(app, plan.councilId, sheet, opts.template ?? 'council');
	if (!r.ok) return { ok: false, error: 'template', problems: r.problems, template: r.template };
	return { ok: true, bytes: r.bytes, fileName, fiscalYear: sheet.fiscalYear, template: r.template };
}
