import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { DEVICE_COOKIE } from '$lib/server/participants';
import { boardDocName } from '$lib/server/workshops';

export const load: PageServerLoad = ({ params, cookies }) => {
	const app = getApp();
	const workshop = app.workshops.get(params.workshopId);
	if (!workshop) redirect(303, '/join');
	const participant = app.participants.find(workshop.id, cookies.get(DEVICE_COOKIE));
	if (!participant) redirect(303, `/j/${workshop.joinCode}`);
	return {
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName },
		docName: boardDocName(workshop.id),
		nickname: participant.nickname,
		/** the server's clock, so that a phone whose clock is off still counts the timer down right */
		serverNow: Date.now()
	};
};
