/**
 * The council's Word templates (admins only), one per kind of document: the plan (計画書), the
 * workshop summary (ワークショップのまとめ) and the review sheet (評価シート). For each: the template in
 * use, upload (checked as that kind with sample data before it is stored; a file whose tags make
 * another kind is refused with that kind's name), back to the built-in one, and its tags.
 */
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { formatTokyoTime } from '$lib/server/auditView';
import { councilTemplates } from '$lib/server/export/planExport';
import { TEMPLATE_SLOTS, kindOfSlot, slotOfKind, type TemplateSlot } from '$lib/server/export/councilTemplates';
import { MAX_TEMPLATE_BYTES } from '$lib/server/export/renderDocx';
import { describeProblems } from '$lib/server/export/problemText';
import { safeNamePart } from '$lib/server/export/download';
import { tagDocs } from '$lib/server/export/tagDocs';
import { uploadWasTooLarge } from '$lib/server/uploadLimit';
import type { TemplateProblem } from '$lib/server/export/templateProblems';

export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const templates = councilTemplates(getApp());
	const current = async (slot: TemplateSlot) => {
		const info = await templates.info(admin.councilId, slot);
		return info ? { fileName: info.fileName, size: info.size, uploadedByName: info.uploadedByName, uploadedAt: formatTokyoTime(info.uploadedAt) } : null;
	};
	return {
		current: { plan: await current('plan'), summary: await current('summary'), review: await current('review') },
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

const slotField = z.enum(TEMPLATE_SLOTS);
/** Problems about the file itself (not its tags): nothing to learn from its tags then. */
const FILE_PROBLEMS = new Set(['not_docx', 'too_large', 'too_large_expanded', 'too_many_files', 'check_failed', 'empty_file']);

export const actions: Actions = {
	upload: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const form = await request.formData();
		const parsed = slotField.safeParse(form.get('kind'));
		if (!parsed.success) return fail(400, { error: 'no_kind' as const });
		const slot = parsed.data;
		const file = form.get('template');
		if (!(file instanceof File) || file.size === 0 || file.name === '') return fail(400, { slot, error: 'no_file' as const });
		const fileName = cleanFileName(file.name);
		const rejected = (problems: TemplateProblem[]) => fail(400, { slot, error: 'rejected' as const, fileName, problems: describeProblems(problems) });
		if (file.size > MAX_TEMPLATE_BYTES) return rejected([{ code: 'too_large', tag: null, detail: null }]);
		const data = new Uint8Array(await file.arrayBuffer());
		const app = getApp();
		// on the renderer thread, with limits on what the .docx expands to (the sockets do not wait)
		const problems = await app.docx.check(data, kindOfSlot(slot));
		if (problems.length > 0) {
			// tags that make another kind of document: say which, rather than list its tags as unknown here
			const found = problems.some((p) => FILE_PROBLEMS.has(p.code)) ? null : await app.docx.kindOf(data).catch(() => null);
			if (found && slotOfKind(found) !== slot) return fail(400, { slot, error: 'wrong_kind' as const, fileName, found: slotOfKind(found) });
			return rejected(problems);
		}
		await councilTemplates(app).put(admin.councilId, slot, { data, fileName, uploadedBy: { id: admin.id, name: admin.name } });
		await app.audit.record(admin.councilId, staffActor(admin), 'template.upload', null, { kind: slot, fileName, size: data.byteLength });
		return { slot, uploaded: fileName };
	},
	reset: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const parsed = slotField.safeParse((await request.formData()).get('kind'));
		if (!parsed.success) return fail(400, { error: 'no_kind' as const });
		const slot = parsed.data;
		const app = getApp();
		if (await councilTemplates(app).reset(admin.councilId, slot)) await app.audit.record(admin.councilId, staffActor(admin), 'template.reset', null, { kind: slot });
		return { slot, reset: true };
	}
};
