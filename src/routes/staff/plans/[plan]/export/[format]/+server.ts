/**
 * The plan as a file (計画書): GET /staff/plans/<plan>/export/<docx|pdf|xlsx|csv|json>, for every
 * staff member of the district (editors too: exporting changes nothing), audited. `?template=builtin`
 * uses the built-in plan template instead of the council's. A failure answers JSON `{ message,
 * problems? }` in Japanese, which the document page shows.
 */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffPlan } from '$lib/server/staffPlan';
import { staffActor } from '$lib/server/auth/guards';
import { exportPlanAs, PLAN_FORMATS, type PlanFormat } from '$lib/server/export/planDocument';
import { attachmentHeader } from '$lib/server/export/download';
import { describeProblems } from '$lib/server/export/problemText';
import { PdfUnavailable } from '$lib/server/export/planPdf';
import { m } from '$lib/paraglide/messages';

const isFormat = (s: string): s is PlanFormat => (PLAN_FORMATS as readonly string[]).includes(s);

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const { app, plan, user } = await staffPlan(params.plan, locals.user);
	if (!isFormat(params.format)) error(404, { message: 'no such format' });
	const template = url.searchParams.get('template') === 'builtin' ? 'builtin' : 'council';
	let result;
	try {
		result = await exportPlanAs(app, plan.id, params.format, { template });
	} catch (e) {
		if (e instanceof PdfUnavailable) return json({ message: e.message }, { status: 503 });
		console.error(`[export] plan ${plan.id} as ${params.format} failed`, e);
		return json({ message: m.plan_doc_failed() }, { status: 500 });
	}
	if (!result) error(404, { message: 'plan not found' });
	if (!result.ok) {
		console.error(`[export] plan ${plan.id}: the ${result.template} template failed`, result.problems);
		return json({ message: m.plan_doc_template_failed(), problems: describeProblems(result.problems) }, { status: 422 });
	}
	const { bytes, fileName, mime } = result.value;
	await app.audit.record(plan.councilId, staffActor(user), 'plan.export', `plan:${plan.id}`, { format: params.format, ...(result.value.template ? { template: result.value.template } : {}) });
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': mime,
			'content-disposition': attachmentHeader(fileName, `kyoso-plan.${params.format}`),
			'content-length': String(bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
};
