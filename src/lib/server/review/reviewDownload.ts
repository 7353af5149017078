/** The review sheet download of the staff pages (routes only: uses kit's `error`). */
import { error } from '@sveltejs/kit';
import type { StaffUser } from '../auth/staff';
import { attachmentHeader } from '../export/download';
import { DOCX_MIME } from '../export/renderDocx';
import { inPeriod } from '../../domain/plan/review';
import { staffReviewPlan } from './staffReview';
import { exportReview, type ReviewFormat } from './reviewExport';
import { XLSX_MIME } from './reviewXlsx';

export async function reviewDownload(params: { plan: string; year: string }, user: StaffUser | null, format: ReviewFormat): Promise<Response> {
	const { app, plan, period } = await staffReviewPlan(params.plan, user);
	const fiscalYear = Number(params.year);
	if (!inPeriod(period, fiscalYear)) error(404, { message: 'year outside the plan period' });
	const r = await exportReview(app, plan.id, { fiscalYear, format });
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
