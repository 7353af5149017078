/**
 * The review sheet download of the staff pages (routes only: uses kit's `error`). `?template=builtin`
 * makes the Word file in the built-in template instead of the council's. A council template that
 * cannot be filled answers 422 with what to fix, in the staff member's language.
 */
import { error } from '@sveltejs/kit';
import type { StaffUser } from '../auth/staff';
import { attachmentHeader } from '../export/download';
import { DOCX_MIME } from '../export/renderDocx';
import { describeProblems } from '../export/problemText';
import { inPeriod } from '../../domain/plan/review';
import { m } from '../../paraglide/messages.js';
import { staffReviewPlan } from './staffReview';
import { exportReview, type ReviewExport, type ReviewFormat } from './reviewExport';
import { XLSX_MIME } from './reviewXlsx';

export async function reviewDownload(params: { plan: string; year: string }, user: StaffUser | null, format: ReviewFormat, url?: URL): Promise<Response> {
	const { app, plan, period } = await staffReviewPlan(params.plan, user);
	const fiscalYear = Number(params.year);
	if (!inPeriod(period, fiscalYear)) error(404, { message: 'year outside the plan period' });
	const template = url?.searchParams.get('template') === 'builtin' ? 'builtin' : 'council';
	let r: ReviewExport;
	try {
		r = await exportReview(app, plan.id, { fiscalYear, format, template });
	} catch (e) {
		// the renderer thread ran out of time or memory on it
		console.error(`[export] review ${plan.id} ${fiscalYear} as ${format} failed`, e);
		error(500, { message: m.review_doc_failed() });
	}
	if (!r.ok && r.error === 'template') {
		console.error(`[export] review ${plan.id}: the ${r.template} template failed`, r.problems);
		error(422, { message: [m.review_doc_template_failed(), ...describeProblems(r.problems).map((p) => `・${p.message}`)].join('\n') });
	}
	if (!r.ok) error(404, { message: 'この年度の振り返りはまだ始まっていません。振り返りを始めてから書き出してください。' });
	return new Response(new Uint8Array(r.bytes), {
		headers: {
			'content-type': format === 'xlsx' ? XLSX_MIME : DOCX_MIME,
			'content-disposition': attachmentHeader(r.fileName, `kyoso-review-${r.fiscalYear}.${format}`),
			'content-length': String(r.bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
}
