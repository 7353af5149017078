import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { staffReviewPlan } from '$lib/server/review/staffReview';
import { listActionVersions, openReview, readReview, reviewedYears } from '$lib/domain/plan/review';
import { readActionsForReview } from '$lib/domain/plan/reviewActions';
import { versionRows } from '$lib/domain/plan/reviewVersions';
import { periodYears } from '$lib/domain/plan/actions';
import { formatEraFiscalYear } from '$lib/domain/eraDate';
import { issueTitle } from '$lib/server/review/reviewWorkshop';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { app, plans, plan, docName, period } = await staffReviewPlan(params.plan, locals.user);
	const columns = new Map((await plans.actorColumns(plan.councilId)).map((c) => [c.id, c.label]));
	const years = periodYears(period.start, period.end);
	const data = await app.sync.read(docName, (doc) => {
		const actions = readActionsForReview(doc).length;
		const reviewed = new Map(
			reviewedYears(doc).map((y) => {
				const r = readReview(doc, y)!;
				return [y, Object.values(r.entries).filter((e) => e.level !== '').length] as const;
			})
		);
		const names = { themeTitle: (id: string) => issueTitle(doc, id), columnLabel: (id: string) => columns.get(id) ?? '', years, yearLabel: formatEraFiscalYear };
		const versions = listActionVersions(doc).map((v) => ({ id: v.id, at: v.at, reason: v.reason, fiscalYear: v.fiscalYear, actions: v.actions.length, rows: versionRows(v, names) }));
		return { actions, years: years.map((y) => ({ fiscalYear: y, opened: reviewed.has(y), rated: reviewed.get(y) ?? 0 })), periodYears: years, versions };
	});
	return { plan: { id: plan.id, title: plan.title, districtName: plan.districtName }, ...data };
};

const OpenForm = z.object({ fiscalYear: z.coerce.number().int().min(1900).max(2200) });

export const actions: Actions = {
	open: async ({ params, locals, request }) => {
		const { app, plans, plan, user, docName, period } = await staffReviewPlan(params.plan, locals.user);
		const f = OpenForm.safeParse(Object.fromEntries(await request.formData()));
		if (!f.success) return fail(400, { error: 'bad_request' as const });
		const scale = await plans.councilScale(plan.councilId);
		const r = await app.sync.change(docName, (doc) => openReview(doc, { fiscalYear: f.data.fiscalYear, period, scale, by: user.id, now: Date.now() }));
		if (!r.ok) return fail(400, { error: r.error });
		redirect(303, `/staff/plans/${plan.id}/review/${f.data.fiscalYear}`);
	}
};
