import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { staffActor } from '$lib/server/auth/guards';
import { checkText } from '$lib/domain/text';
import type { StaffUser } from '$lib/server/auth/staff';
import { checkPlanFields } from '$lib/domain/plan/planRecord';
import { fiscalYearOf, periodLabel } from '$lib/domain/fiscalYear';
import { tokyoDate } from '$lib/domain/eraDate';

/** Districts where this person may create workshops: all of the council for admins, assigned ones for facilitators. */
function creatableDistricts(user: StaffUser) {
	const app = getApp();
	if (user.role === 'editor') return [];
	const all = app.districts.activeForCouncil(user.councilId);
	if (user.role === 'admin') return all;
	const mine = new Set(app.staff.districtIds(user.id));
	return all.filter((d) => mine.has(d.id));
}

/** An admin's first day: what is done of district → staff → assignment → first workshop. */
function firstDay(user: StaffUser, workshopCount: number) {
	if (user.role !== 'admin') return null;
	const app = getApp();
	const steps = {
		district: app.districts.activeForCouncil(user.councilId).length > 0,
		staff: app.staff.listUsers(user.councilId).some((u) => u.id !== user.id),
		assigned: app.staff.districtAssignments(user.councilId).size > 0,
		workshop: workshopCount > 0
	};
	return Object.values(steps).every(Boolean) ? null : steps;
}

export const load: PageServerLoad = async ({ locals }) => {
	const workshops = getApp().workshops.listFor(locals.user!);
	const plans = await getApp().plans.listFor(locals.user!);
	return {
		plans: plans.map((p) => ({ id: p.id, title: p.title, districtName: p.districtName, periodLabel: periodLabel(p.period), status: p.status })),
		defaultPlanYears: await getApp().plans.defaultPlanYears(locals.user!.councilId),
		thisFiscalYear: fiscalYearOf(tokyoDate(Date.now())),
		firstDay: firstDay(locals.user!, workshops.length),
		workshops: workshops.map(({ id, title, districtName, planTitle, heldOn, place, status, joinCode }) => ({ id, title, districtName, planTitle, heldOn, place, status, joinCode })),
		districts: creatableDistricts(locals.user!).map((d) => ({ id: d.id, name: d.name }))
	};
};

const NewWorkshop = z.object({
	districtId: z.string().min(1).max(40),
	title: z.string().max(200),
	heldOn: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
	place: z.string().max(200)
});

const NewPlan = z.object({ districtId: z.string().min(1).max(40), title: z.string().max(400), start: z.coerce.number(), years: z.coerce.number() });

export const actions: Actions = {
	createPlan: async ({ request, locals }) => {
		const raw = Object.fromEntries(await request.formData());
		// What was typed comes back with a refusal, so that only the wrong field needs correcting.
		const values = { districtId: String(raw.districtId ?? '').slice(0, 40), title: String(raw.title ?? '').slice(0, 400), start: String(raw.start ?? '').slice(0, 10), years: String(raw.years ?? '').slice(0, 10) };
		const user = locals.user;
		if (!user) return fail(401, { planError: 'forbidden', values });
		const form = NewPlan.safeParse(raw);
		if (!form.success) return fail(400, { planError: 'period_not_years', values });
		const district = creatableDistricts(user).find((d) => d.id === form.data.districtId);
		if (!district) return fail(403, { planError: user.role === 'editor' ? 'forbidden' : 'district', values });
		const fields = checkPlanFields({ title: form.data.title, start: form.data.start, end: form.data.start + form.data.years - 1 });
		if (!fields.ok) return fail(400, { planError: fields.error, values });
		const app = getApp();
		const plan = await app.plans.create({ districtId: district.id, title: fields.value.title, period: fields.value.period });
		await app.audit.record(user.councilId, staffActor(user), 'plan.create', `plan:${plan.id}`, { title: plan.title, start: plan.period.start, end: plan.period.end });
		redirect(303, `/staff/plans/${plan.id}`);
	},
	create: async ({ request, locals }) => {
		const user = locals.user;
		if (!user) return fail(401, { error: 'invalid' as const });
		const form = NewWorkshop.safeParse(Object.fromEntries(await request.formData()));
		const title = form.success ? checkText(form.data.title, 40) : null;
		const place = form.success && form.data.place.trim() ? checkText(form.data.place, 60) : null;
		if (!form.success || !title?.ok || (place && !place.ok)) return fail(400, { error: 'invalid' as const });
		const district = creatableDistricts(user).find((d) => d.id === form.data.districtId);
		if (!district) return fail(403, { error: 'invalid' as const });
		const app = getApp();
		let plan = app.workshops.latestPlan(district.id);
		if (!plan) {
			const year = fiscalYearOf(tokyoDate(Date.now()));
			app.workshops.createPlan(district.id, `${district.name} 地域福祉活動計画`, year, year + (await app.plans.defaultPlanYears(user.councilId)) - 1);
			plan = app.workshops.latestPlan(district.id)!;
		}
		const { workshop } = app.workshops.createWorkshop({
			planId: plan.id,
			title: title.text.replace(/\n/g, ' '),
			heldOn: form.data.heldOn || undefined,
			place: place?.ok ? place.text.replace(/\n/g, ' ') : undefined
		});
		app.audit.record(user.councilId, staffActor(user), 'workshop.create', `workshop:${workshop.id}`, { title: workshop.title });
		redirect(303, `/staff/w/${workshop.id}`);
	}
};
