/**
 * The council's Word template for the plan export (admins only): current template, upload
 * (checked with sample data before it is stored), reset to the built-in one, and the tag list.
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { formatTokyoTime } from '$lib/server/auditView';
import { councilTemplates } from '$lib/server/export/planExport';
import { MAX_TEMPLATE_BYTES } from '$lib/server/export/renderDocx';
import { describeProblems } from '$lib/server/export/problemText';
import { safeNamePart } from '$lib/server/export/download';
import { tagDocs } from '$lib/server/export/tagDocs';
import { uploadWasTooLarge } from '$lib/server/uploadLimit';
import type { TemplateProblem } from '$lib/server/export/templateProblems';

export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const info = await councilTemplates(getApp()).info(admin.councilId);
	return {
		current: info ? { fileName: info.fileName, size: info.size, uploadedByName: info.uploadedByName, uploadedAt: formatTokyoTime(info.uploadedAt) } : null,
		maxBytes: MAX_TEMPLATE_BYTES,
		tags: tagDocs(),
		planTags: tagDocs('plan'),
		/** the last file sent was over the request size limit (sent back by hooks.server.ts, unread) */
		tooLarge: uploadWasTooLarge(url),
		reviewTags: tagDocs('review')
	};
};

/** "report.docx" as the admin named it, without path parts or characters file systems refuse. */
function cleanFileName(name: string): string {
	const base = safeNamePart(name.split(/[\\/]/).pop() ?? '', 100);
	return base || 'template.docx';
}

export const actions: Actions = {
	upload: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const form = await request.formData();
		const file = form.get('template');
		if (!(file instanceof File) || file.size === 0 || file.name === '') return fail(400, { error: 'no_file' as const });
		const fileName = cleanFileName(file.name);
		const rejected = (problems: TemplateProblem[]) => fail(400, { error: 'rejected' as const, fileName, problems: describeProblems(problems) });
		if (file.size > MAX_TEMPLATE_BYTES) return rejected([{ code: 'too_large', tag: null, detail: null }]);
		const data = new Uint8Array(await file.arrayBuffer());
		const app = getApp();
		// on the renderer thread, with limits on what the .docx expands to (the sockets do not wait)
		const problems = await app.docx.check(data);
		if (problems.length > 0) return rejected(problems);
		await councilTemplates(app).put(admin.councilId, { data, fileName, uploadedBy: { id: admin.id, name: admin.name } });
		await app.audit.record(admin.councilId, staffActor(admin), 'template.upload', null, { fileName, size: data.byteLength });
		return { uploaded: fileName };
	},
	reset: async ({ locals }) => {
		const admin = requireAdmin(locals.user);
		const app = getApp();
		if (await councilTemplates(app).reset(admin.councilId)) await app.audit.record(admin.councilId, staffActor(admin), 'template.reset');
		return { reset: true };
	}
};
