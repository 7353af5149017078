import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { staffPlan } from '$lib/server/staffPlan';
import { staffActor } from '$lib/server/auth/guards';
import { canRunWorkshops, changePlanIssues, createPlanWorkshop, gatherPlanIssues, readPlanState } from '$lib/server/planService';
import { planChecklist, nextWorkshopStep } from '$lib/domain/plan/checklist';
import { mergeIssues, setIssuePriority, unmergeIssue, type IssueError } from '$lib/domain/plan/issues';
import type { Result } from '$lib/domain/result';
import type * as Y from 'yjs';
import { checkParticipantCount, checkPlanFields } from '$lib/domain/plan/planRecord';
import { periodLabel } from '$lib/domain/fiscalYear';
import { ITEM_ID_PATTERN } from '$lib/domain/ids';
import { checkText } from '$lib/domain/text';
import { isStepId, STEP_IDS } from '$lib/domain/board/steps';
import { parseIsoDate } from '$lib/domain/eraDate';
import { midTermReview, reviewedYears } from '$lib/domain/plan/review';
import { planDocName } from '$lib/server/sync/kinds/plan';
import { adoptedStatements } from '$lib/domain/plan/vision';

type Event = Parameters<Actions[string]>[0];
const planFor = (event: Pick<Event, 'params' | 'locals'>) => staffPlan(event.params.plan!, event.locals.user);

export const load: PageServerLoad = async (event) => {
	const { app, plan, user } = await planFor(event);
	const { workshops, issues, facts } = await readPlanState(app, plan);
	const titles = new Map(workshops.map((w) => [w.id, w.title]));
	// one read of the plan document for what the page shows beyond the checklist's facts
	const { history, adoptedVision } = await app.sync.read(planDocName(plan.id), (doc) => ({
		// 振り返り: each action's reviewed years (cells) and its indicator's values against the target (chart)
		history: {
			years: reviewedYears(doc),
			actions: midTermReview(doc).map(({ action, years }) => ({
				id: action.id,
				title: action.title,
				indicator: action.indicator ? { what: action.indicator.what, unit: action.indicator.unit } : null,
				years: years.map((y) => ({ fiscalYear: y.fiscalYear, level: y.level, label: y.text, score: y.score, actual: y.actual, target: y.target }))
			}))
		},
		// 将来像: the adopted statements' texts, shown in the checklist's vision step
		adoptedVision: adoptedStatements(doc)
	}));
	return {
		history,
		adoptedVision,
		plan: { id: plan.id, title: plan.title, districtName: plan.districtName, period: plan.period, periodLabel: periodLabel(plan.period), status: plan.status, adoptedOn: plan.adoptedOn ?? '', adoptedBy: plan.adoptedBy },
		checklist: planChecklist(facts),
		suggestedStep: nextWorkshopStep(facts),
		steps: STEP_IDS.filter((s) => s !== 'compile'),
		issues: issues.map((i) => ({ ...i, sources: i.sources.map((s) => ({ ...s, workshopTitle: titles.get(s.workshopId) ?? '' })) })),
		workshops,
		canRunWorkshops: canRunWorkshops(user)
	};
};

const IssueForm = z.object({ issueId: z.string().regex(ITEM_ID_PATTERN) });
const MergeForm = z.object({ issueId: z.string().regex(ITEM_ID_PATTERN), intoId: z.string().regex(ITEM_ID_PATTERN) });
const PlanForm = z.object({
	title: z.string().max(400),
	start: z.coerce.number(),
	end: z.coerce.number(),
	status: z.string().max(20),
	adoptedOn: z.string().max(20).default(''),
	adoptedBy: z.string().max(400).default('')
});
const CountForm = z.object({ workshopId: z.string().regex(ITEM_ID_PATTERN), count: z.string().max(20) });
const WorkshopForm = z.object({
	title: z.string().max(200),
	heldOn: z.string().max(20),
	place: z.string().max(200),
	step: z.string().max(20)
});

const formOf = async (request: Request) => Object.fromEntries(await request.formData());

/** One change of the plan's issues; a refusal of the domain comes back as the form's error. */
const issueAction =
	<S extends z.ZodType>(schema: S, run: (doc: Y.Doc, f: z.infer<S>) => Result<null, IssueError>) =>
	async (event: Event) => {
		const { app, plan } = await planFor(event);
		const parsed = schema.safeParse(await formOf(event.request));
		if (!parsed.success) return fail(400, { action: 'issues' as const, error: 'bad_request' });
		const r = await changePlanIssues(app, plan.id, (doc) => run(doc, parsed.data));
		return r.ok ? { action: 'issues' as const } : fail(400, { action: 'issues' as const, error: r.error });
	};

export const actions: Actions = {
	gather: async (event) => {
		const { app, plan, user } = await planFor(event);
		const r = await gatherPlanIssues(app, plan, user);
		return { action: 'gather' as const, added: r.added, refreshed: r.refreshed };
	},
	priority: issueAction(IssueForm, (doc, f) => setIssuePriority(doc, f.issueId, true)),
	unpriority: issueAction(IssueForm, (doc, f) => setIssuePriority(doc, f.issueId, false)),
	merge: issueAction(MergeForm, (doc, f) => mergeIssues(doc, f.issueId, f.intoId)),
	unmerge: issueAction(IssueForm, (doc, f) => unmergeIssue(doc, f.issueId)),
	updatePlan: async (event) => {
		const { app, plan, user } = await planFor(event);
		const parsed = PlanForm.safeParse(await formOf(event.request));
		if (!parsed.success) return fail(400, { action: 'plan' as const, error: 'period_not_years' });
		const fields = checkPlanFields(parsed.data);
		if (!fields.ok) return fail(400, { action: 'plan' as const, error: fields.error });
		await app.plans.update(plan.id, fields.value);
		await app.audit.record(plan.councilId, staffActor(user), 'plan.update', `plan:${plan.id}`, { title: fields.value.title, start: fields.value.period.start, end: fields.value.period.end, status: fields.value.status, adoptedOn: fields.value.adoptedOn, adoptedBy: fields.value.adoptedBy });
		return { action: 'plan' as const, saved: true };
	},
	setCount: async (event) => {
		const { app, plan } = await planFor(event);
		const parsed = CountForm.safeParse(await formOf(event.request));
		const count = parsed.success ? checkParticipantCount(parsed.data.count) : null;
		if (!parsed.success || !count?.ok) return fail(400, { action: 'count' as const, error: 'bad_count' });
		if (!(await app.plans.workshops(plan.id)).some((w) => w.id === parsed.data.workshopId)) return fail(404, { action: 'count' as const, error: 'bad_count' });
		await app.plans.setParticipantCount(parsed.data.workshopId, count.value);
		return { action: 'count' as const, saved: true };
	},
	createWorkshop: async (event) => {
		const { app, plan, user } = await planFor(event);
		if (!canRunWorkshops(user)) return fail(403, { action: 'workshop' as const, error: 'forbidden' });
		const parsed = WorkshopForm.safeParse(await formOf(event.request));
		const title = parsed.success ? checkText(parsed.data.title, 40) : null;
		const place = parsed.success && parsed.data.place.trim() ? checkText(parsed.data.place, 60) : null;
		const dateOk = parsed.success && (parsed.data.heldOn === '' || parseIsoDate(parsed.data.heldOn) !== null);
		const step = parsed.success && parsed.data.step ? parsed.data.step : undefined;
		if (!parsed.success || !title?.ok || (place && !place.ok) || !dateOk || (step !== undefined && !isStepId(step))) {
			return fail(400, { action: 'workshop' as const, error: 'invalid' });
		}
		const workshop = await createPlanWorkshop(app, user, plan, {
			title: title.text.replace(/\n/g, ' '),
			heldOn: parsed.data.heldOn || undefined,
			place: place?.ok ? place.text.replace(/\n/g, ' ') : undefined,
			step: step !== undefined && isStepId(step) ? step : undefined
		});
		redirect(303, `/staff/w/${workshop.id}`);
	}
};
