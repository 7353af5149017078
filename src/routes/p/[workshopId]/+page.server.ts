import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { DEVICE_COOKIE } from '$lib/server/participants';
import { boardDocName } from '$lib/server/workshops';

/** Where a phone without a participant cookie goes: the code form, with a line saying why. */
const JOIN_AGAIN_PATH = '/join?again=1';

export const load: PageServerLoad = ({ params, cookies }) => {
	const app = getApp();
	const workshop = app.workshops.get(params.workshopId);
	// Without a participant cookie for this workshop the phone types the code shown on the screen:
	// the workshop id is in every phone's URL, so answering with the current code would undo a rotation.
	if (!workshop) redirect(303, '/join');
	const participant = app.participants.find(workshop.id, cookies.get(DEVICE_COOKIE));
	if (!participant) redirect(303, JOIN_AGAIN_PATH);
	return {
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName },
		docName: boardDocName(workshop.id),
		nickname: participant.nickname,
		/** the server's clock, so that a phone whose clock is off still counts the timer down right */
		serverNow: Date.now()
	};
};
