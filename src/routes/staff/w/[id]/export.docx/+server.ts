/**
 * The workshop's plan material as a Word file (計画にまとめる): GET, for every staff member who may
 * open the board (editors too: exporting changes nothing). If the template cannot be filled in,
 * the export page explains what to do instead of a download.
 */
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffWorkshop } from '$lib/server/staffWorkshop';
import { staffActor } from '$lib/server/auth/guards';
import { exportPlan } from '$lib/server/export/planExport';
import { attachmentHeader } from '$lib/server/export/download';
import { DOCX_MIME } from '$lib/server/export/renderDocx';

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const { app, workshop, user } = await staffWorkshop(params.id, locals.user);
	const useDefault = url.searchParams.get('template') === 'default';
	const result = await exportPlan(app, workshop, { useDefault });
	if (!result.ok) {
		console.error(`[export] workshop ${workshop.id}: the ${result.custom ? 'council' : 'built-in'} template failed`, result.problems);
		redirect(303, `/staff/w/${workshop.id}/export${useDefault ? '?template=default' : ''}`);
	}
	const { bytes, fileName, custom } = result.value;
	await app.audit.record(workshop.councilId, staffActor(user), 'plan.export', `workshop:${workshop.id}`, { template: custom ? 'council' : 'default' });
	const ascii = `kyoso-plan-${fileName.match(/(\d{8})\.docx$/)?.[1] ?? 'export'}.docx`;
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': DOCX_MIME,
			'content-disposition': attachmentHeader(fileName, ascii),
			'content-length': String(bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
};
