/** The council's current plan template (or, with ?which=default, the built-in one) as a download; admins only. */
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin } from '$lib/server/auth/guards';
import { councilTemplates } from '$lib/server/export/planExport';
import { defaultTemplate, DEFAULT_TEMPLATE_FILE_NAME } from '$lib/server/export/councilTemplates';
import { attachmentHeader } from '$lib/server/export/download';
import { DOCX_MIME } from '$lib/server/export/renderDocx';

export const GET: RequestHandler = async ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const own = url.searchParams.get('which') === 'default' ? null : await councilTemplates(getApp()).get(admin.councilId);
	const bytes = own?.data ?? defaultTemplate();
	const fileName = own?.fileName ?? '計画書の様式（既定）.docx';
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': DOCX_MIME,
			'content-disposition': attachmentHeader(fileName, own ? 'council-template.docx' : DEFAULT_TEMPLATE_FILE_NAME),
			'cache-control': 'no-store'
		}
	});
};
