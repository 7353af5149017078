import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { staffActor } from '$lib/server/auth/guards';
import { checkText } from '$lib/domain/text';
import type { StaffUser } from '$lib/server/auth/staff';

/** Districts where this person may create workshops: all of the council for admins, assigned ones for facilitators. */
async function creatableDistricts(user: StaffUser) {
	const app = getApp();
	if (user.role === 'editor') return [];
	const all = await app.districts.activeForCouncil(user.councilId);
	if (user.role === 'admin') return all;
	const mine = new Set(await app.staff.districtIds(user.id));
	return all.filter((d) => mine.has(d.id));
}

/** An admin's first day: what is done of district → staff → assignment → first workshop. */
async function firstDay(user: StaffUser, workshopCount: number) {
	if (user.role !== 'admin') return null;
	const app = getApp();
	const steps = {
		district: (await app.districts.activeForCouncil(user.councilId)).length > 0,
		staff: (await app.staff.listUsers(user.councilId)).some((u) => u.id !== user.id),
		assigned: (await app.staff.districtAssignments(user.councilId)).size > 0,
		workshop: workshopCount > 0
	};
	return Object.values(steps).every(Boolean) ? null : steps;
}

export const load: PageServerLoad = async ({ locals }) => {
	const workshops = await getApp().workshops.listFor(locals.user!);
	return {
		firstDay: await firstDay(locals.user!, workshops.length),
		workshops: workshops.map(({ id, title, districtName, planTitle, heldOn, place, status, joinCode }) => ({ id, title, districtName, planTitle, heldOn, place, status, joinCode })),
		districts: (await creatableDistricts(locals.user!)).map((d) => ({ id: d.id, name: d.name }))
	};
};

const NewWorkshop = z.object({
	districtId: z.string().min(1).max(40),
	title: z.string().max(200),
	heldOn: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
	place: z.string().max(200)
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const user = locals.user;
		if (!user) return fail(401, { error: 'invalid' as const });
		const form = NewWorkshop.safeParse(Object.fromEntries(await request.formData()));
		const title = form.success ? checkText(form.data.title, 40) : null;
		const place = form.success && form.data.place.trim() ? checkText(form.data.place, 60) : null;
		if (!form.success || !title?.ok || (place && !place.ok)) return fail(400, { error: 'invalid' as const });
		const district = (await creatableDistricts(user)).find((d) => d.id === form.data.districtId);
		if (!district) return fail(403, { error: 'invalid' as const });
		const app = getApp();
		let plan = await app.workshops.latestPlan(district.id);
		if (!plan) {
			const year = new Date().getMonth() >= 3 ? new Date().getFullYear() : new Date().getFullYear() - 1;
			await app.workshops.createPlan(district.id, `${district.name} 地域福祉活動計画`, year, year + 4);
			plan = (await app.workshops.latestPlan(district.id))!;
		}
		const { workshop } = await app.workshops.createWorkshop({
			planId: plan.id,
			title: title.text.replace(/\n/g, ' '),
			heldOn: form.data.heldOn || undefined,
			place: place?.ok ? place.text.replace(/\n/g, ' ') : undefined
		});
		await app.audit.record(user.councilId, staffActor(user), 'workshop.create', `workshop:${workshop.id}`, { title: workshop.title });
		redirect(303, `/staff/w/${workshop.id}`);
	}
};
