import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';

export const load: PageServerLoad = ({ locals }) => {
	const workshops = getApp().workshops.listFor(locals.user!);
	return { workshops: workshops.map(({ id, title, districtName, planTitle, heldOn, place, status, joinCode }) => ({ id, title, districtName, planTitle, heldOn, place, status, joinCode })) };
};
