/**
 * The plan's actions table (取り組み): staff of the plan's district (facilitators, editors, admins) read and
 * edit it; anyone else is refused by the server. Every edit is a server-side change of the plan document
 * (`plan.<planId>`) that writes only the fields the person changed, so two staff saving the same action at
 * once both keep their edits. The page shows the table from its own live, read-only copy of the plan
 * document once that is synced (client/planActionsClient.svelte.ts); this load is its first render.
 */
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { staffActor } from '$lib/server/auth/guards';
import type { StaffUser } from '$lib/server/auth/staff';
import { planDocName } from '$lib/server/sync/kinds/plan';
import { actionContext, issueRefs, planRecord, settingsFor } from '$lib/server/planActions';
import {
	ACTION_RECORD,
	addAction,
	changedFields,
	deleteAction,
	readAction,
	updateAction,
	type ActionFields,
	type Indicator,
	type Schedule,
	type Stage
} from '$lib/domain/plan/actions';
import { formatEraFiscalPeriod, formatEraFiscalYear } from '$lib/domain/eraDate';
import { ITEM_ID_PATTERN } from '$lib/domain/ids';
import { readActionsTable } from '$lib/domain/plan/actionsTable';

async function planFor(planId: string, user: StaffUser | null) {
	if (!user) error(401, 'Sign in first');
	const app = getApp();
	const plan = await planRecord(app, planId);
	if (!plan) error(404, 'Plan not found');
	if (!(await app.workshops.canStaffOpenPlan(user, plan))) error(403, 'Not your district');
	return { app, plan, user };
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { app, plan } = await planFor(params.plan, locals.user);
	const settings = await settingsFor(app, plan);
	// the same reader as the page's live copy of the plan document (an action of a merged issue under its root)
	const table = await app.sync.read(planDocName(plan.id), readActionsTable);
	const ctx = actionContext(plan, settings, table.issues);
	const q = (k: string) => url.searchParams.get(k) || undefined;
	const year = Number(q('year'));
	const editId = q('edit');
	// 担い手 suggestions: the district's resource list (地域資源) with the plan's own responsible groups (page merges them)
	const resourceNames = (await app.resources.list(plan.districtId)).map((r) => r.name);
	return {
		plan: { id: plan.id, title: plan.title, districtName: plan.districtName, period: `${formatEraFiscalPeriod(plan.periodStart, plan.periodEnd)}（${plan.periodStart}〜${plan.periodEnd}年度）` },
		docName: planDocName(plan.id),
		years: ctx.years.map((y) => ({ year: y, era: formatEraFiscalYear(y) })),
		columns: settings.actorColumns,
		goals: settings.goals,
		table,
		filter: { theme: q('theme') ?? '', actor: q('actor') ?? '', goal: q('goal') ?? '', year: ctx.years.includes(year) ? String(year) : '' },
		editing: editId ? (table.actions.find((a) => a.id === editId) ?? null) : null,
		resourceNames
	};
};

const text = (form: FormData, k: string) => {
	const v = form.get(k);
	return typeof v === 'string' ? v : '';
};

/** The action as the form submitted it: `stage_<year>` and `target_<year>` per fiscal year. */
function readFields(form: FormData): ActionFields {
	const schedule: Schedule = {};
	const targets: Indicator['targets'] = {};
	for (const [k, v] of form.entries()) {
		if (typeof v !== 'string') continue;
		const stage = /^stage_(\d{4})$/.exec(k);
		if (stage && v) schedule[Number(stage[1])] = v as Stage;
		const target = /^target_(\d{4})$/.exec(k);
		if (target && v.trim()) targets[Number(target[1])] = v;
	}
	return {
		title: text(form, 'title'),
		description: text(form, 'description'),
		issueId: text(form, 'issueId'),
		column: text(form, 'column'),
		responsible: text(form, 'responsible'),
		goalId: text(form, 'goalId'),
		schedule,
		indicator: { what: text(form, 'indWhat'), unit: text(form, 'indUnit'), baseline: text(form, 'indBaseline'), targets, finalTarget: text(form, 'indFinal') }
	};
}

/** The values the edit form was loaded with (sent back by the form; read as a stored record would be). */
function readBase(form: FormData): ActionFields | null {
	try {
		const raw: unknown = JSON.parse(text(form, 'base'));
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
		const a = ACTION_RECORD.parse(raw as Record<string, unknown>);
		return { title: a.title, description: a.description, issueId: a.issueId, column: a.column, responsible: a.responsible, schedule: a.schedule, indicator: a.indicator, goalId: a.goalId };
	} catch {
		return null;
	}
}

/** An empty indicator is none (the form always sends its inputs). */
function normalised(f: ActionFields): ActionFields {
	const i = f.indicator;
	const empty = !i || (!i.what.trim() && !i.unit.trim() && !i.baseline.trim() && !i.finalTarget.trim() && Object.keys(i.targets).length === 0);
	return { ...f, indicator: empty ? null : i };
}

export const actions: Actions = {
	add: async ({ params, locals, request }) => {
		const { app, plan, user } = await planFor(params.plan, locals.user);
		const settings = await settingsFor(app, plan);
		const fields = normalised(readFields(await request.formData()));
		const r = await app.sync.change(planDocName(plan.id), (doc) => addAction(doc, fields, actionContext(plan, settings, issueRefs(doc)), { userId: user.id, now: Date.now() }));
		if (!r.ok) return fail(400, { action: 'add' as const, problems: r.problems });
		await app.audit.record(plan.councilId, staffActor(user), 'plan.action.add', `plan:${plan.id}`, { actionId: r.value });
		return { action: 'add' as const, added: fields.title };
	},
	update: async ({ params, locals, request }) => {
		const { app, plan, user } = await planFor(params.plan, locals.user);
		const settings = await settingsFor(app, plan);
		const form = await request.formData();
		const id = text(form, 'id');
		const base = readBase(form);
		if (!ITEM_ID_PATTERN.test(id) || !base) return fail(400, { action: 'update' as const, problems: [{ field: 'id' as const, error: 'unknown_action' as const }] });
		const patch = changedFields(normalised(base), normalised(readFields(form)));
		const r = await app.sync.change(planDocName(plan.id), (doc) => updateAction(doc, id, patch, actionContext(plan, settings, issueRefs(doc))));
		if (!r.ok) return fail(400, { action: 'update' as const, problems: r.problems });
		if (r.value.length > 0) await app.audit.record(plan.councilId, staffActor(user), 'plan.action.update', `plan:${plan.id}`, { actionId: id, fields: r.value });
		const title = await app.sync.read(planDocName(plan.id), (doc) => readAction(doc, id)?.title ?? '');
		return { action: 'update' as const, updated: title };
	},
	remove: async ({ params, locals, request }) => {
		const { app, plan, user } = await planFor(params.plan, locals.user);
		const id = text(await request.formData(), 'id');
		if (!ITEM_ID_PATTERN.test(id)) return fail(400, { action: 'remove' as const, problems: [{ field: 'id' as const, error: 'unknown_action' as const }] });
		const r = await app.sync.change(planDocName(plan.id), (doc) => {
			const title = readAction(doc, id)?.title ?? '';
			const d = deleteAction(doc, id);
			return d.ok ? { ok: true as const, title } : d;
		});
		if (!r.ok) return fail(400, { action: 'remove' as const, problems: r.problems });
		await app.audit.record(plan.councilId, staffActor(user), 'plan.action.remove', `plan:${plan.id}`, { actionId: id });
		return { action: 'remove' as const, removed: r.title };
	}
};
