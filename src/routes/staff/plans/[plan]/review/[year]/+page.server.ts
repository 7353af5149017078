import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { staffReviewPlan } from '$lib/server/review/staffReview';
import { ITEM_ID_PATTERN, randomId } from '$lib/domain/ids';
import { carryIntoNextYear, inPeriod, midTermReview, readReview, saveReviewEntry, NEXT_STEPS, EMPTY_ENTRY } from '$lib/domain/plan/review';
import { targetFor } from '$lib/domain/plan/reviewActions';
import { formatEraFiscalYear } from '$lib/domain/eraDate';
import { actionThemes, residentsSummaries, reviewWorkshops, startReviewRound, takeResidentsView } from '$lib/server/review/reviewWorkshop';

function yearOf(param: string, period: { start: number; end: number }): number {
	const y = Number(param);
	if (!inPeriod(period, y)) error(404, { message: 'year outside the plan period' });
	return y;
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const { app, plan, user, docName, period } = await staffReviewPlan(params.plan, locals.user);
	const fiscalYear = yearOf(params.year, period);
	const data = await app.sync.read(docName, (doc) => {
		const review = readReview(doc, fiscalYear);
		const history = midTermReview(doc);
		return {
			review: review ? { scale: review.scale, openedAt: review.openedAt } : null,
			themes: actionThemes(doc),
			rows: history.map(({ action, years }) => ({
				action: { id: action.id, title: action.title, description: action.description, responsible: action.responsible, indicator: action.indicator, issueId: action.issueId },
				entry: review?.entries[action.id] ?? EMPTY_ENTRY,
				target: targetFor(action.indicator, fiscalYear),
				years: years.map((y) => ({ fiscalYear: y.fiscalYear, label: y.text, level: y.level, score: y.score, actual: y.actual, target: y.target }))
			}))
		};
	});
	const workshops = await reviewWorkshops(app, plan.id, user);
	const residents = data.review ? await residentsSummaries(app, workshops, data.rows.map((r) => r.action.id)) : {};
	return {
		plan: { id: plan.id, title: plan.title, districtName: plan.districtName, periodStart: period.start, periodEnd: period.end },
		fiscalYear,
		yearLabel: formatEraFiscalYear(fiscalYear),
		nextYearLabel: fiscalYear < period.end ? formatEraFiscalYear(fiscalYear + 1) : null,
		workshops,
		residents,
		...data
	};
};

/** A number as typed by a person: full-width digits and commas allowed; '' = none. */
const actualValue = z
	.string()
	.max(30)
	.transform((s) => s.normalize('NFKC').replace(/,/g, '').trim())
	.transform((s, ctx) => {
		if (s === '') return null;
		const n = Number(s);
		if (!Number.isFinite(n)) {
			ctx.addIssue({ code: 'custom', message: 'not a number' });
			return z.NEVER;
		}
		return n;
	});

const SaveForm = z.object({
	actionId: z.string().regex(ITEM_ID_PATTERN),
	done: z.string().max(20_000),
	level: z.string().max(40).default(''),
	actual: actualValue,
	comment: z.string().max(20_000),
	next: z.union([z.literal(''), z.enum(NEXT_STEPS)]).default(''),
	residents: z.string().max(20_000)
});

const CarryForm = z.object({ reason: z.string().max(2000) });

export const actions: Actions = {
	save: async ({ params, locals, request }) => {
		const { app, user, docName, period } = await staffReviewPlan(params.plan, locals.user);
		const fiscalYear = yearOf(params.year, period);
		const raw = Object.fromEntries(await request.formData());
		const f = SaveForm.safeParse(raw);
		if (!f.success) {
			const actionId = typeof raw.actionId === 'string' && ITEM_ID_PATTERN.test(raw.actionId) ? raw.actionId : null;
			const badNumber = f.error.issues.some((i) => i.path[0] === 'actual');
			return fail(400, { error: badNumber ? ('bad_number' as const) : ('bad_request' as const), actionId });
		}
		const { actionId, ...patch } = f.data;
		const r = await app.sync.change(docName, (doc) => saveReviewEntry(doc, { fiscalYear, period, actionId, patch, by: user.id, now: Date.now() }));
		if (!r.ok) return fail(400, { error: r.error, actionId });
		return { saved: actionId };
	},
	carry: async ({ params, locals, request }) => {
		const { app, user, docName, period } = await staffReviewPlan(params.plan, locals.user);
		const fiscalYear = yearOf(params.year, period);
		const f = CarryForm.safeParse(Object.fromEntries(await request.formData()));
		if (!f.success) return fail(400, { error: 'bad_request' as const, actionId: null });
		const r = await app.sync.change(docName, (doc) =>
			carryIntoNextYear(doc, { fiscalYear, period, reason: f.data.reason, versionId: randomId(12), by: user.id, now: Date.now() })
		);
		if (!r.ok) return fail(400, { error: r.error, actionId: null });
		return { carried: r.value.carried.length };
	},
	round: async ({ params, locals, request }) => {
		const { app, plan, user, docName, period } = await staffReviewPlan(params.plan, locals.user);
		const fiscalYear = yearOf(params.year, period);
		const r = await startReviewRound(app, { planId: plan.id, docName, user, fiscalYear, form: Object.fromEntries(await request.formData()) });
		if (!r.ok) return fail(400, { error: r.error, actionId: null });
		return { roundStarted: true };
	},
	residents: async ({ params, locals, request }) => {
		const { app, plan, user, docName, period } = await staffReviewPlan(params.plan, locals.user);
		const fiscalYear = yearOf(params.year, period);
		const r = await takeResidentsView(app, { planId: plan.id, docName, user, fiscalYear, period, form: Object.fromEntries(await request.formData()) });
		if (!r.ok) return fail(400, { error: r.error, actionId: r.actionId });
		return { saved: r.actionId };
	}
};
