/** The plan as A4 HTML for the browser's print (the same markup the server's PDF is made from). */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { staffPlan } from '$lib/server/staffPlan';
import { readPlanSnapshot } from '$lib/server/export/planSnapshotSource';
import { planHtmlBody, PLAN_PRINT_CSS } from '$lib/domain/plan/planHtml';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { app, plan } = await staffPlan(params.plan, locals.user);
	const snapshot = await readPlanSnapshot(app, plan.id);
	if (!snapshot) error(404, { message: 'plan not found' });
	return { plan: { id: plan.id, title: plan.title }, html: planHtmlBody(snapshot), css: PLAN_PRINT_CSS };
};
