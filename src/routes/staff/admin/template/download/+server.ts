/**
 * One of the council's templates as a download (admins only): ?kind=plan|summary|review (default
 * summary), the council's own of that kind, or with ?which=default (or none of its own) the built-in one.
 */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin } from '$lib/server/auth/guards';
import { councilTemplates } from '$lib/server/export/planExport';
import { builtinTemplate, DEFAULT_TEMPLATE_FILE_NAME, TEMPLATE_SLOTS, type TemplateSlot } from '$lib/server/export/councilTemplates';
import { attachmentHeader } from '$lib/server/export/download';
import { DOCX_MIME } from '$lib/server/export/renderDocx';

/** The download name of each slot's built-in template (its bytes: builtinTemplate). */
const BUILT_IN_NAME: Record<TemplateSlot, string> = {
	plan: '計画書の様式（既定）.docx',
	summary: 'ワークショップのまとめの様式（既定）.docx',
	review: '評価シートの様式（既定）.docx'
};

export const GET: RequestHandler = async ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const kind = url.searchParams.get('kind') ?? 'summary';
	const slot = TEMPLATE_SLOTS.find((s) => s === kind);
	if (!slot) error(400, '様式の種類（kind）は plan・summary・review のどれかにしてください。');
	const own = url.searchParams.get('which') === 'default' ? null : await councilTemplates(getApp()).get(admin.councilId, slot);
	const bytes = own?.data ?? builtinTemplate(slot);
	const fileName = own?.fileName ?? BUILT_IN_NAME[slot];
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': DOCX_MIME,
			'content-disposition': attachmentHeader(fileName, own ? `council-${slot}-template.docx` : slot === 'summary' ? DEFAULT_TEMPLATE_FILE_NAME : `kyoso-${slot}-template.docx`),
			'cache-control': 'no-store'
		}
	});
};
