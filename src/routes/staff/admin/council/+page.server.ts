/**
 * The council's settings (admins only): name, 基本理念, activity goals, actor columns (with the mapping of
 * old columns when they change: every plan's actions move, none is dropped), review scale, default plan
 * length, resource categories.
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { councilSettings } from '$lib/server/councilSettings';
import { columnUse, remapCouncilPlans } from '$lib/server/planActions';
import { syncCouncilBoardCategories } from '$lib/server/know/boardCategories';
import { checkColumnMapping, checkCouncilSettings, removedColumns, type SettingsInput } from '$lib/domain/council/validate';

export const load: PageServerLoad = async ({ locals }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	const settings = await councilSettings(app).get(admin.councilId);
	if (!settings) throw new Error('council not found');
	return { settings, columnUse: await columnUse(app, admin.councilId) };
};

const strings = (form: FormData, key: string) => form.getAll(key).map((v) => (typeof v === 'string' ? v : ''));
const one = (form: FormData, key: string) => {
	const v = form.get(key);
	return typeof v === 'string' ? v : '';
};

/** The form's rows, zipped by position (each row's inputs share names). */
function readInput(form: FormData): SettingsInput {
	const goalIds = strings(form, 'goalId');
	const colIds = strings(form, 'colId');
	const colHelp = strings(form, 'colHelp');
	const levelIds = strings(form, 'levelId');
	const catIds = strings(form, 'catId');
	return {
		name: one(form, 'name'),
		philosophy: one(form, 'philosophy'),
		goals: strings(form, 'goalLabel').map((label, i) => ({ id: goalIds[i], label })),
		actorPreset: one(form, 'actorPreset'),
		actorColumns: strings(form, 'colLabel').map((label, i) => ({ id: colIds[i], label, help: colHelp[i] ?? '' })),
		reviewScale: { preset: one(form, 'scalePreset'), levels: strings(form, 'levelLabel').map((label, i) => ({ id: levelIds[i], label })) },
		defaultPlanYears: Number(one(form, 'defaultPlanYears')),
		resourceCategories: strings(form, 'catLabel').map((label, i) => ({ id: catIds[i], label }))
	};
}

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const admin = requireAdmin(locals.user);
		const app = getApp();
		const store = councilSettings(app);
		const form = await request.formData();
		const before = await store.get(admin.councilId);
		if (!before) return fail(404, { problems: [], mappingError: false });
		const checked = checkCouncilSettings(readInput(form));
		if (!checked.ok) return fail(400, { problems: checked.problems, mappingError: false });
		const next = checked.value;
		// Columns that are gone: the admin chose where their actions go (map_<old id>).
		const gone = removedColumns(before.actorColumns, next.actorColumns);
		let mapping: Record<string, string> | null = {};
		if (gone.length > 0) {
			const chosen: Record<string, string> = {};
			for (const c of before.actorColumns) chosen[c.id] = one(form, `map_${c.id}`);
			mapping = checkColumnMapping(before.actorColumns, next.actorColumns, chosen);
			if (!mapping) return fail(400, { problems: [], mappingError: true });
		}
		// Move the actions first: a failure here leaves the old columns (and every action) as they were.
		const moved = gone.length > 0 && mapping ? await remapCouncilPlans(app, admin.councilId, mapping) : 0;
		await store.save(admin.councilId, next, { userId: admin.id });
		// phones proposing resources on open boards choose from the new categories at once
		if (JSON.stringify(before.resourceCategories) !== JSON.stringify(next.resourceCategories)) await syncCouncilBoardCategories(app, admin);
		await app.audit.record(admin.councilId, staffActor(admin), 'council.settings', null, { columns: next.actorColumns.map((c) => c.id), moved });
		return { saved: true, moved };
	}
};
