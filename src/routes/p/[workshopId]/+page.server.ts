import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { DEVICE_COOKIE } from '$lib/server/participants';
import { boardDocName } from '$lib/server/workshops';
import { ParticipantOpSchema } from '$lib/protocol/schema';
import { randomId } from '$lib/domain/ids';
import type { OpErrorCode } from '$lib/protocol/messages';

/** Where a phone without a participant cookie goes: the code form, with a line saying why. */
const JOIN_AGAIN_PATH = '/join?again=1';

export const load: PageServerLoad = async ({ params, cookies }) => {
	const app = getApp();
	const workshop = await app.workshops.get(params.workshopId);
	// Without a participant cookie for this workshop the phone types the code shown on the screen:
	// the workshop id is in every phone's URL, so answering with the current code would undo a rotation.
	if (!workshop) redirect(303, '/join');
	const participant = await app.participants.find(workshop.id, cookies.get(DEVICE_COOKIE));
	if (!participant) redirect(303, JOIN_AGAIN_PATH);
	return {
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName },
		docName: boardDocName(workshop.id),
		nickname: participant.nickname,
		/** the server's clock, so that a phone whose clock is off still counts the timer down right */
		serverNow: Date.now()
	};
};

export const actions: Actions = {
	/**
	 * A note sent before the page's script runs (a slow phone shows the form early): the form posts
	 * here and the note is stored as the socket would store it (same rules, same limits), then the
	 * page loads again and shows it among the person's notes. Refused: the text comes back.
	 */
	note: async ({ params, cookies, request }) => {
		const app = getApp();
		const workshop = await app.workshops.get(params.workshopId);
		if (!workshop) redirect(303, '/join');
		const participant = await app.participants.find(workshop.id, cookies.get(DEVICE_COOKIE));
		if (!participant) redirect(303, JOIN_AGAIN_PATH);
		const form = await request.formData();
		const text = typeof form.get('text') === 'string' ? String(form.get('text')) : '';
		const refuse = (status: number, noteError: OpErrorCode) => fail(status, { noteError, text });
		if (workshop.status !== 'open') return refuse(403, 'read_only');
		const parsed = ParticipantOpSchema.safeParse({ op: 'note.add', id: randomId(16), text, kind: form.get('kind') });
		if (!parsed.success) return refuse(400, 'bad_message');
		if (participant.muted) return refuse(403, 'muted');
		if ((await app.participantLimits.check(participant.id, parsed.data)) > 0) return refuse(429, 'rate_limited');
		const op = parsed.data;
		const result = await app.sync.applyParticipantOp(boardDocName(workshop.id), op, { participantId: participant.id, nickname: participant.nickname });
		if (!result.ok) return refuse(400, result.error);
		redirect(303, `/p/${workshop.id}`);
	}
};
