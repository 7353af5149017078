import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { checkText } from '$lib/domain/text';
import type { StaffUser } from '$lib/server/auth/staff';

/** Longest district name, in characters. */
const NAME_MAX = 20;

export const load: PageServerLoad = async ({ locals }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	return {
		districts: await Promise.all(
			(await app.districts.listForCouncil(admin.councilId)).map(async (d) => ({ id: d.id, name: d.name, archived: d.archived, plan: await app.workshops.latestPlan(d.id) }))
		)
	};
};

const thisYear = new Date().getFullYear();
const DistrictForm = z.object({
	name: z.string().max(100),
	planStart: z.coerce.number().int().min(2000).max(thisYear + 10)
});
const RenameForm = z.object({ districtId: z.string().trim().min(1).max(64), name: z.string().max(100) });
const IdForm = z.object({ districtId: z.string().trim().min(1).max(64) });

const districtTarget = (id: string) => `district:${id}`;

/** The district named by the form, only within the admin's council. */
function districtOf(admin: StaffUser, id: string) {
	return getApp().districts.inCouncil(admin.councilId, id);
}

/** Archive or bring back a district. */
const archiveAction =
	(archived: boolean) =>
	async ({ request, locals }: { request: Request; locals: App.Locals }) => {
		const admin = requireAdmin(locals.user);
		const form = IdForm.safeParse(Object.fromEntries(await request.formData()));
		const district = form.success ? await districtOf(admin, form.data.districtId) : null;
		if (!district) return fail(404, { error: 'not_found' as const, districtId: '' });
		const app = getApp();
		await app.districts.setArchived(district.id, archived);
		await app.audit.record(admin.councilId, staffActor(admin), archived ? 'district.archive' : 'district.restore', districtTarget(district.id), { name: district.name });
		return { done: archived ? ('archived' as const) : ('restored' as const), name: district.name };
	};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const raw = Object.fromEntries(await request.formData());
		const form = DistrictForm.safeParse(raw);
		const name = form.success ? checkText(form.data.name, NAME_MAX) : null;
		if (!form.success || !name?.ok) return fail(400, { error: 'invalid' as const, name: typeof raw.name === 'string' ? raw.name.slice(0, 100) : '' });
		const app = getApp();
		const districtId = await app.workshops.createDistrict(admin.councilId, name.text);
		// A district's plan runs five fiscal years (e.g. 令和8年度〜令和12年度 = 2026-2030).
		const start = form.data.planStart;
		await app.workshops.createPlan(districtId, `${name.text} 地域福祉活動計画`, start, start + 4);
		await app.audit.record(admin.councilId, staffActor(admin), 'district.create', districtTarget(districtId), { name: name.text, planStart: start });
		return { created: name.text };
	},
	rename: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const form = RenameForm.safeParse(Object.fromEntries(await request.formData()));
		const district = form.success ? await districtOf(admin, form.data.districtId) : null;
		if (!form.success || !district) return fail(404, { error: 'not_found' as const, districtId: '' });
		const name = checkText(form.data.name, NAME_MAX);
		if (!name.ok || name.text.includes('\n')) return fail(400, { error: 'rename_invalid' as const, districtId: district.id });
		const app = getApp();
		if (name.text !== district.name) {
			await app.districts.rename(district.id, name.text);
			await app.audit.record(admin.councilId, staffActor(admin), 'district.rename', districtTarget(district.id), { name: name.text, previousName: district.name });
		}
		return { done: 'renamed' as const, name: name.text };
	},
	archive: archiveAction(true),
	restore: archiveAction(false)
};
