import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getApp } from '$lib/server/appContext';
import { staffWorkshop } from '$lib/server/staffWorkshop';
import { boardDocName, type Workshop } from '$lib/server/workshops';
import { formatJoinCode } from '$lib/domain/joinCode';
import { CLIENT_ID_PATTERN } from '$lib/domain/ids';
import type { ControlError } from '$lib/server/workshopControl';
import type { Result } from '$lib/domain/result';

const workshopFor = (event: Pick<RequestEvent, 'params' | 'locals'>) => staffWorkshop(event.params.id, event.locals.user);

export const load: PageServerLoad = async (event) => {
	const { app, workshop, user } = await workshopFor(event);
	const origin = app.config.origin ?? event.url.origin;
	return {
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName, status: workshop.status },
		canModerate: await app.workshops.canStaffModerate(user, workshop),
		docName: boardDocName(workshop.id),
		joinCode: formatJoinCode(workshop.joinCode),
		joinUrl: `${origin}/j/${workshop.joinCode}`,
		displayUrl: `/display/${await app.workshops.displayToken(workshop.id)}`,
		// whom to ask if this person's account is stopped while the board is open
		admins: await app.staff.adminNames(workshop.councilId),
		participants: (await app.participants.listForWorkshop(workshop.id)).map((p, i) => ({ id: p.id, label: p.nickname, number: i + 1, muted: p.muted }))
	};
};

const NoteForm = z.object({ noteId: z.string().regex(CLIENT_ID_PATTERN) });
const ParticipantForm = z.object({ participantId: z.string().min(8).max(40) });

/** Run a control and turn its refusal into the right HTTP failure. */
function respond<T>(r: Result<T, ControlError>) {
	if (r.ok) return { ok: true as const };
	return fail(r.error === 'forbidden' ? 403 : 404, { error: r.error });
}

async function form<T>(request: Request, schema: z.ZodType<T>) {
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
	return parsed.success ? parsed.data : null;
}

type Event = Parameters<Actions[string]>[0];

/** An action on one note (hide or restore it). */
const noteAction = (hidden: boolean) => async (event: Event) => {
	const { app, workshop, user } = await workshopFor(event);
	const f = await form(event.request, NoteForm);
	if (!f) return fail(400, { error: 'bad_request' });
	return respond(await app.control.setNoteHidden(user, workshop, f.noteId, hidden));
};

/** An action on one participant (mute or unmute them). */
const participantAction = (muted: boolean) => async (event: Event) => {
	const { app, workshop, user } = await workshopFor(event);
	const f = await form(event.request, ParticipantForm);
	if (!f) return fail(400, { error: 'bad_request' });
	return respond(await app.control.setMuted(user, workshop, f.participantId, muted));
};

/** An action on the workshop itself. */
const workshopAction =
	(run: (c: ReturnType<typeof getApp>['control'], user: NonNullable<App.Locals['user']>, w: Workshop) => Result<unknown, ControlError> | Promise<Result<unknown, ControlError>>) =>
	async (event: Event) => {
		const { app, workshop, user } = await workshopFor(event);
		return respond(await run(app.control, user, workshop));
	};

export const actions: Actions = {
	hide: noteAction(true),
	restore: noteAction(false),
	mute: participantAction(true),
	unmute: participantAction(false),
	openInput: workshopAction((c, u, w) => c.setInputOpen(u, w, true)),
	closeInput: workshopAction((c, u, w) => c.setInputOpen(u, w, false)),
	rotateCode: workshopAction((c, u, w) => c.rotateJoinCode(u, w)),
	rotateDisplay: workshopAction((c, u, w) => c.rotateDisplayToken(u, w)),
	close: workshopAction((c, u, w) => c.setStatus(u, w, 'closed')),
	reopen: workshopAction((c, u, w) => c.setStatus(u, w, 'open'))
};
