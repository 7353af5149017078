/**
 * The review sheet (評価シート) as a Word file, rendered by the app's Word renderer (a worker thread
 * with a time and heap limit, export/docxRenderer.ts), as the plan's Word file is: the council's own
 * review sheet template (its 'review' slot), else the built-in one (reviewTemplate.ts,
 * made by scripts/export/makeReviewTemplate.ts). The data: domain/plan/reviewDocData.ts. A broken
 * council template gives its problems (shown in Japanese by export/problemText.ts), never a file.
 */
import type { DB } from '../db/database';
import type { ReviewSheet } from '../../domain/plan/reviewSheet';
import { buildReviewDocData } from '../../domain/plan/reviewDocData';
import type { DocxRenderer } from '../export/docxRenderer';
import { CouncilTemplates } from '../export/councilTemplates';
import type { TemplateProblem } from '../export/templateProblems';
import { REVIEW_TEMPLATE_BASE64 } from './reviewTemplate';

/** Which template: the council's review template if it has one (else the built-in), the built-in one, or a file (the CLI's --template). */
export type ReviewTemplateChoice = 'council' | 'builtin' | { file: Uint8Array; name: string };
export type ReviewTemplateUsed = 'council' | 'builtin' | 'file';

let builtinBytes: Uint8Array | null = null;
/** The built-in review sheet template's bytes (decoded once). */
export function reviewTemplate(): Uint8Array {
	builtinBytes ??= new Uint8Array(Buffer.from(REVIEW_TEMPLATE_BASE64, 'base64'));
	return builtinBytes;
}

export async function reviewDocx(
	app: { db: DB; docx: DocxRenderer },
	councilId: string,
	sheet: ReviewSheet,
	choice: ReviewTemplateChoice = 'council'
): Promise<{ ok: true; bytes: Uint8Array; template: ReviewTemplateUsed } | { ok: false; problems: TemplateProblem[]; template: ReviewTemplateUsed }> {
	let template = reviewTemplate();
	let used: ReviewTemplateUsed = 'builtin';
	if (typeof choice === 'object') {
		template = choice.file;
		used = 'file';
	} else if (choice === 'council') {
		// the council's review sheet template (checked as one when it was uploaded), else the built-in one
		const own = await new CouncilTemplates(app.db).get(councilId, 'review');
		if (own) {
			template = own.data;
			used = 'council';
		}
	}
	const r = await app.docx.render(template, buildReviewDocData(sheet));
	return r.ok ? { ok: true, bytes: new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength), template: used } : { ok: false, problems: r.problems, template: used };
}
