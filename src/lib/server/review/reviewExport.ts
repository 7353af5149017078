/**
 * The review sheet export (評価シート), shared by the staff download route and the CLI: read the plan
 * document, build the plain sheet, render XLSX or DOCX. `fiscalYear` null = the latest reviewed year.
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

export type ReviewFormat = 'xlsx' | 'docx';
export type ReviewExportError = 'plan_not_found' | 'no_review';

/** What the export reads: the records and the plan document (the running server's sync, or the CLI's store). */
export type ReviewSource = { db: DB; sync: { read<T>(docName: string, fn: (doc: Y.Doc) => T): T | Promise<T> } };

export async function exportReview(
	app: ReviewSource,
	planId: string,
	opts: { fiscalYear: number | null; format: ReviewFormat }
): Promise<{ ok: true; bytes: Uint8Array; fileName: string; fiscalYear: number } | { ok: false; error: ReviewExportError }> {
	const plan = await new ReviewPlans(app.db).plan(planId);
	if (!plan) return { ok: false, error: 'plan_not_found' };
	const sheet = await app.sync.read(planDocName(plan.id), (doc) => {
		const fiscalYear = opts.fiscalYear ?? latestReviewedYear(doc);
		if (fiscalYear === null) return null;
		return buildReviewSheet(doc, { fiscalYear, districtName: plan.districtName, planTitle: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd });
	});
	if (!sheet) return { ok: false, error: 'no_review' };
	const bytes = opts.format === 'xlsx' ? await reviewXlsx(sheet) : reviewDocx(sheet);
	const fileName = `${[safeNamePart(plan.districtName, 20), `${sheet.yearLabel}評価シート`].filter(Boolean).join('_')}.${opts.format}`;
	return { ok: true, bytes, fileName, fiscalYear: sheet.fiscalYear };
}
