/**
 * 地区を知る for one plan's district: the district profile (地区の概要), the resources (地域資源) and the
 * support map's picture (支え合いマップ). Staff of the district; editors edit the profile and the
 * resources (they write plans), facilitators and admins also the map (it belongs to the live board).
 */
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getApp } from '$lib/server/appContext';
import { canEditKnow, canManageMap, knowPlanFor } from '$lib/server/know/planAccess';
import { uploadMap } from '$lib/server/know/mapUpload';
import { categoriesFor } from '$lib/server/resourceCategories';
import { staffActor } from '$lib/server/auth/guards';
import { profileToInput, validateProfile, YEAR_FIELDS, PROFILE_LIMITS, type ProfileInput, type YearField } from '$lib/domain/plan/profile';
import { validateResource, type ResourceInput } from '$lib/domain/plan/resources';
import { ITEM_ID_PATTERN } from '$lib/domain/ids';
import { MAP_LIMITS } from '$lib/domain/plan/mapImage';
import { uploadWasTooLarge } from '$lib/server/uploadLimit';

async function knowFor(event: Pick<RequestEvent, 'params' | 'locals'>) {
	const app = getApp();
	const know = await knowPlanFor(app, event.params.plan, event.locals.user);
	if (!know) error(404, { message: 'plan not found' });
	return { app, ...know };
}

export const load: PageServerLoad = async (event) => {
	const { app, plan, districtName, user } = await knowFor(event);
	const [profile, resources, categories, map] = await Promise.all([
		app.districtProfiles.get(plan.districtId),
		app.resources.list(plan.districtId),
		categoriesFor(plan.councilId),
		app.supportMaps.info(plan.districtId)
	]);
	return {
		plan: { id: plan.id, title: plan.title },
		districtName,
		profile,
		profileInput: profileToInput(profile),
		resources,
		categories,
		map: map ? { src: `/maps/${plan.districtId}?v=${map.uploadedAt.toString(36)}`, width: map.width, height: map.height, size: map.size } : null,
		canEdit: canEditKnow(user),
		canManageMap: canManageMap(user),
		maxMapBytes: MAP_LIMITS.bytes,
		/** the last map sent was over the request size limit (sent back by hooks.server.ts, unread) */
		mapTooLarge: uploadWasTooLarge(event.url)
	};
};

const str = (f: FormData, k: string) => {
	const v = f.get(k);
	return typeof v === 'string' ? v : '';
};

/** The profile form's fields: baseDate, character, and per row i: year_i, population_i, … */
function profileInputOf(f: FormData): ProfileInput {
	const years: Record<YearField, string>[] = [];
	for (let i = 0; i < PROFILE_LIMITS.years + 5; i++) {
		if (!YEAR_FIELDS.some((k) => f.has(`${k}_${i}`))) continue;
		years.push(Object.fromEntries(YEAR_FIELDS.map((k) => [k, str(f, `${k}_${i}`).slice(0, 40)])) as Record<YearField, string>);
	}
	return { baseDate: str(f, 'baseDate').slice(0, 40), character: str(f, 'character').slice(0, PROFILE_LIMITS.character * 2), years };
}

function resourceInputOf(f: FormData): ResourceInput {
	return {
		category: str(f, 'category').slice(0, 40),
		name: str(f, 'name').slice(0, 400),
		place: str(f, 'place').slice(0, 400),
		what: str(f, 'what').slice(0, 1000),
		contact: str(f, 'contact').slice(0, 400),
		contactPublic: f.get('contactPublic') === 'on'
	};
}

const ResourceId = z.string().regex(ITEM_ID_PATTERN);

export const actions: Actions = {
	saveProfile: async (event) => {
		const { app, plan, user } = await knowFor(event);
		if (!canEditKnow(user)) return fail(403, { profile: { error: 'forbidden' as const } });
		const input = profileInputOf(await event.request.formData());
		const checked = validateProfile(input);
		if (!checked.ok) return fail(400, { profile: { input, errors: checked.errors } });
		await app.districtProfiles.save(plan.districtId, checked.value, user.id);
		await app.audit.record(plan.councilId, staffActor(user), 'profile.update', `district:${plan.districtId}`, { years: checked.value.years.map((y) => y.year) });
		return { profile: { saved: true } };
	},

	addResource: async (event) => {
		const { app, plan, user } = await knowFor(event);
		if (!canEditKnow(user)) return fail(403, { resource: { id: null, error: 'forbidden' as const } });
		const input = resourceInputOf(await event.request.formData());
		const checked = validateResource(input, await categoriesFor(plan.councilId));
		if (!checked.ok) return fail(400, { resource: { id: null, input, errors: checked.errors } });
		const added = await app.resources.add(plan.districtId, checked.value, 'staff');
		if (!added.ok) return fail(409, { resource: { id: null, input, error: added.error } });
		return { resource: { id: null, saved: checked.value.name } };
	},

	updateResource: async (event) => {
		const { app, plan, user } = await knowFor(event);
		const f = await event.request.formData();
		const id = ResourceId.safeParse(f.get('id'));
		if (!id.success) return fail(400, { resource: { id: null, error: 'bad_request' as const } });
		if (!canEditKnow(user)) return fail(403, { resource: { id: id.data, error: 'forbidden' as const } });
		const input = resourceInputOf(f);
		const checked = validateResource(input, await categoriesFor(plan.councilId));
		if (!checked.ok) return fail(400, { resource: { id: id.data, input, errors: checked.errors } });
		if (!(await app.resources.update(plan.districtId, id.data, checked.value))) return fail(404, { resource: { id: id.data, error: 'not_found' as const } });
		return { resource: { id: id.data, saved: checked.value.name } };
	},

	removeResource: async (event) => {
		const { app, plan, user } = await knowFor(event);
		const id = ResourceId.safeParse((await event.request.formData()).get('id'));
		if (!id.success) return fail(400, { resource: { id: null, error: 'bad_request' as const } });
		if (!canEditKnow(user)) return fail(403, { resource: { id: id.data, error: 'forbidden' as const } });
		const gone = await app.resources.get(id.data);
		if (!(await app.resources.remove(plan.districtId, id.data))) return fail(404, { resource: { id: id.data, error: 'not_found' as const } });
		return { resource: { id: null, removed: gone?.name ?? '' } };
	},

	uploadMap: async (event) => {
		const { app, plan, user } = await knowFor(event);
		const r = await uploadMap(app, user, plan, (await event.request.formData()).get('map'));
		if (!r.ok) return fail(r.error === 'forbidden' ? 403 : 400, { map: { error: r.error } });
		return { map: { saved: true } };
	},

	removeMap: async (event) => {
		const { app, plan, user } = await knowFor(event);
		if (!canManageMap(user)) return fail(403, { map: { error: 'forbidden' as const } });
		await app.supportMaps.remove(plan.districtId);
		await app.audit.record(plan.councilId, staffActor(user), 'map.remove', `district:${plan.districtId}`);
		return { map: { removed: true } };
	}
};
