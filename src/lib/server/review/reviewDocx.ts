/**
 * The review sheet (評価シート) as a Word file, rendered by the app's Word renderer (a worker thread
 * with a time and heap limit, export/docxRenderer.ts), as the plan's Word file is: the council's own
 * review sheet template (its 'review' slot), else the built-in one (reviewTemplate.ts,
 * made by scripts/export/makeReviewTemplate.ts), chosen by export/councilTemplates.ts chooseTemplate. The data: domain/plan/reviewDocData.ts. A broken
 * council template gives its problems (shown in Japanese by export/problemText.ts), never a file.
 */
import type { DB } from '../db/database';
import type { ReviewSheet } from '../../domain/plan/reviewSheet';
import { buildReviewDocData } from '../../domain/plan/reviewDocData';
import type { DocxRenderer } from '../export/docxRenderer';
import { builtinTemplate, renderChosen, type TemplateChoice, type TemplateUsed } from '../export/councilTemplates';
import type { TemplateProblem } from '../export/templateProblems';

/** The built-in review sheet template's bytes. */
export const reviewTemplate = (): Uint8Array => builtinTemplate('review');

export async function reviewDocx(
	app: { db: DB; docx: DocxRenderer },
	councilId: string,
	sheet: ReviewSheet,
	choice: TemplateChoice = 'council'
): Promise<{ ok: true; bytes: Uint8Array; template: TemplateUsed } | { ok: false; problems: TemplateProblem[]; template: TemplateUsed }> {
	const r = await renderChosen(app, councilId, 'review', choice, buildReviewDocData(sheet));
	return r.ok ? { ok: true, bytes: new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), template: r.template } : r;
}
