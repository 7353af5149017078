/** 計画書: the plan's document step, with a download per format and the print view. */
import type { PageServerLoad } from './$types';
import { staffPlan } from '$lib/server/staffPlan';
import { councilTemplates } from '$lib/server/export/planExport';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { app, plan } = await staffPlan(params.plan, locals.user);
	return { plan: { id: plan.id, title: plan.title }, hasCouncilTemplate: (await councilTemplates(app).info(plan.councilId, 'plan')) !== null };
};
