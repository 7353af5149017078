import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { checkText } from '$lib/domain/text';

export const load: PageServerLoad = ({ locals }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	return {
		districts: app.districts.listForCouncil(admin.councilId).map((d) => ({ id: d.id, name: d.name, plan: app.workshops.latestPlan(d.id) }))
	};
};

const thisYear = new Date().getFullYear();
const DistrictForm = z.object({
	name: z.string().max(100),
	planStart: z.coerce.number().int().min(2000).max(thisYear + 10)
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const raw = Object.fromEntries(await request.formData());
		const form = DistrictForm.safeParse(raw);
		const name = form.success ? checkText(form.data.name, 20) : null;
		if (!form.success || !name?.ok) return fail(400, { error: 'invalid' as const, name: typeof raw.name === 'string' ? raw.name.slice(0, 100) : '' });
		const app = getApp();
		const districtId = app.workshops.createDistrict(admin.councilId, name.text);
		// A district's plan runs five fiscal years (e.g. 令和8年度〜令和12年度 = 2026-2030).
		const start = form.data.planStart;
		app.workshops.createPlan(districtId, `${name.text} 地域福祉活動計画`, start, start + 4);
		app.audit.record(admin.councilId, staffActor(admin), 'district.create', `district:${districtId}`, { name: name.text, planStart: start });
		return { created: name.text };
	}
};
