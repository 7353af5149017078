/** What to do when the Word export failed: the template's problems, and the ways out. */
import type { PageServerLoad } from './$types';
import { staffWorkshop } from '$lib/server/staffWorkshop';
import { exportPlan } from '$lib/server/export/planExport';
import { describeProblems } from '$lib/server/export/problemText';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { app, workshop, user } = await staffWorkshop(params.id, locals.user);
	const useDefault = url.searchParams.get('template') === 'default';
	// Try again: the template may have been fixed meanwhile, and this names the actual problems.
	const result = await exportPlan(app, workshop, { useDefault });
	return {
		workshop: { id: workshop.id, title: workshop.title },
		failed: !result.ok,
		custom: result.ok ? result.value.custom : result.custom,
		problems: result.ok ? [] : describeProblems(result.problems),
		isAdmin: user.role === 'admin'
	};
};
