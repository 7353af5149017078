import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { boardDocName } from '$lib/server/workshops';
import { formatJoinCode } from '$lib/domain/joinCode';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const app = getApp();
	const workshop = app.workshops.get(params.id);
	if (!workshop || !app.workshops.canStaffOpen(locals.user!, workshop)) error(404, { message: 'workshop not found' });
	const origin = app.config.origin ?? url.origin;
	return {
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName, status: workshop.status },
		docName: boardDocName(workshop.id),
		joinCode: formatJoinCode(workshop.joinCode),
		joinUrl: `${origin}/j/${workshop.joinCode}`,
		displayUrl: `/display/${app.workshops.displayToken(workshop.id)}`
	};
};
