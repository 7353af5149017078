import { fail } from '@sveltejs/kit';
import * as Y from 'yjs';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { staffWorkshop } from '$lib/server/staffWorkshop';
import { boardDocName } from '$lib/server/workshops';
import { readNotes } from '$lib/domain/board/board';
import { readThemes } from '$lib/domain/board/themes';

const context = (params: { id: string }, user: App.Locals['user']) => staffWorkshop(params.id, user);

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { app, workshop, user } = await context(params, locals.user);
	const docName = boardDocName(workshop.id);
	const previewId = Number(url.searchParams.get('preview'));
	let preview = null;
	if (Number.isInteger(previewId) && previewId > 0) {
		const state = await app.history.state(docName, previewId);
		if (state) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, state);
			preview = { id: previewId, notes: readNotes(doc), themes: readThemes(doc) };
			doc.destroy();
		}
	}
	return {
		workshop: { id: workshop.id, title: workshop.title },
		canModerate: await app.workshops.canStaffModerate(user, workshop),
		entries: await app.history.list(docName),
		preview
	};
};

const RestoreForm = z.object({ snapshotId: z.coerce.number().int().positive() });

export const actions: Actions = {
	snapshot: async ({ params, locals }) => {
		const { app, workshop, user } = await context(params, locals.user);
		const r = await app.control.snapshot(user, workshop);
		return r.ok ? { saved: r.value } : fail(403, { error: r.error });
	},
	restore: async ({ params, locals, request }) => {
		const { app, workshop, user } = await context(params, locals.user);
		const form = RestoreForm.safeParse(Object.fromEntries(await request.formData()));
		if (!form.success) return fail(400, { error: 'bad_request' });
		const r = await app.control.restore(user, workshop, form.data.snapshotId);
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 404, { error: r.error });
		return { restored: form.data.snapshotId, undoId: r.value.undoId };
	}
};
