import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { planDocName } from '$lib/server/sync/kinds/plan';
import { planFor, planWorkshops, putStatementsToVote, statementVotes, visionSources } from '$lib/server/plan/vision';
import { ITEM_ID_PATTERN } from '$lib/domain/ids';
import { MAX_DOTS } from '$lib/domain/board/voting';

async function planOf(locals: App.Locals, planId: string) {
	const app = getApp();
	const plan = await planFor(app, locals.user, planId);
	if (!plan || !locals.user) error(404, { message: 'plan not found' });
	return { app, plan, user: locals.user };
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const { app, plan, user } = await planOf(locals, params.plan);
	return {
		plan: { id: plan.id, title: plan.title },
		docName: planDocName(plan.id),
		sources: await visionSources(app, user, plan.id),
		votes: await statementVotes(app, plan.id),
		workshops: await Promise.all((await planWorkshops(app, user, plan.id)).map(async (w) => ({ id: w.id, title: w.title, canRun: await app.workshops.canStaffModerate(user, w) })))
	};
};

const VoteForm = z.object({ workshopId: z.string().regex(ITEM_ID_PATTERN), dots: z.coerce.number().int().min(1).max(MAX_DOTS) });

export const actions: Actions = {
	/** Put the statements to a dot vote on a workshop's board. */
	vote: async ({ locals, params, request }) => {
		const { app, plan, user } = await planOf(locals, params.plan);
		const f = VoteForm.safeParse(Object.fromEntries(await request.formData()));
		if (!f.success) return fail(400, { error: 'bad_request' as const });
		const r = await putStatementsToVote(app, user, plan.id, f.data);
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : r.error === 'not_found' ? 404 : 400, { error: r.error });
		return { voted: r.value.count };
	}
};
