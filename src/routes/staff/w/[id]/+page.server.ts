import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getApp } from '$lib/server/appContext';
import { staffWorkshop } from '$lib/server/staffWorkshop';
import { boardDocName, type Workshop } from '$lib/server/workshops';
import { formatJoinCode } from '$lib/domain/joinCode';
import { showVisionOnPhones } from '$lib/server/plan/vision';
import { CLIENT_ID_PATTERN } from '$lib/domain/ids';
import type { ControlError } from '$lib/server/workshopControl';
import type { Result } from '$lib/domain/result';
import { loadActionGrid } from '$lib/server/actionGrid';
import { promoteNote } from '$lib/server/promoteIdea';
import { syncBoardCategories } from '$lib/server/know/boardCategories';
import { acceptProposal, rejectProposal, type DecisionError } from '$lib/server/know/proposalDecisions';

const workshopFor = (event: Pick<RequestEvent, 'params' | 'locals'>) => staffWorkshop(event.params.id, event.locals.user);

export const load: PageServerLoad = async (event) => {
	const { app, workshop, user } = await workshopFor(event);
	const origin = app.config.origin ?? event.url.origin;
	const canModerate = await app.workshops.canStaffModerate(user, workshop);
	if (canModerate) await syncBoardCategories(app, workshop);
	const map = await app.supportMaps.info(workshop.districtId);
	return {
		knowHref: `/staff/plans/${workshop.planId}/know`,
		/** the support map, the board's background in step 地区を知る */
		map: map ? { src: `/maps/${workshop.districtId}?v=${map.uploadedAt.toString(36)}`, width: map.width, height: map.height } : null,
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName, status: workshop.status, planId: workshop.planId },
		canModerate,
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
const ProposalForm = z.object({ proposalId: z.string().regex(CLIENT_ID_PATTERN) });
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

/** A decision on a phone's resource proposal (step 地区を知る). */
const proposalAction = (accept: boolean) => async (event: Event) => {
	const { app, workshop, user } = await workshopFor(event);
	const f = await form(event.request, ProposalForm);
	if (!f) return fail(400, { error: 'bad_request' });
	const r: Result<unknown, DecisionError> = accept ? await acceptProposal(app, user, workshop, f.proposalId) : await rejectProposal(app, user, workshop, f.proposalId);
	if (r.ok) return { ok: true as const };
	return fail(r.error === 'forbidden' ? 403 : r.error === 'proposal_not_found' ? 404 : 409, { error: r.error });
};

/** An action on the workshop itself. */
const workshopAction =
	(run: (c: ReturnType<typeof getApp>['control'], user: NonNullable<App.Locals['user']>, w: Workshop) => Result<unknown, ControlError> | Promise<Result<unknown, ControlError>>) =>
	async (event: Event) => {
		const { app, workshop, user } = await workshopFor(event);
		return respond(await run(app.control, user, workshop));
	};

/** 「重点テーマを読み込む」: the action grid's rows and columns from the plan and the council (取り組みを考える). */
async function loadGrid(event: Event) {
	const { app, workshop, user } = await workshopFor(event);
	const r = await loadActionGrid(app, user, workshop);
	if (r.ok) return { ok: true as const, gridRows: r.value.rows.length };
	return fail(r.error === 'forbidden' ? 403 : 400, { error: r.error });
}

/** 「取り組みにする」: an idea of the grid becomes an action of the plan. */
async function promote(event: Event) {
	const { app, workshop, user } = await workshopFor(event);
	const f = await form(event.request, NoteForm);
	if (!f) return fail(400, { error: 'bad_request' });
	const r = await promoteNote(app, user, workshop, f.noteId);
	if (r.ok) return { ok: true as const, actionId: r.value.actionId };
	return fail(r.error === 'forbidden' ? 403 : r.error === 'note_not_found' ? 404 : 400, { error: r.error });
}

export const actions: Actions = {
	loadGrid,
	promote,
	hide: noteAction(true),
	restore: noteAction(false),
	mute: participantAction(true),
	unmute: participantAction(false),
	openInput: workshopAction((c, u, w) => c.setInputOpen(u, w, true)),
	closeInput: workshopAction((c, u, w) => c.setInputOpen(u, w, false)),
	rotateCode: workshopAction((c, u, w) => c.rotateJoinCode(u, w)),
	rotateDisplay: workshopAction((c, u, w) => c.rotateDisplayToken(u, w)),
	close: workshopAction((c, u, w) => c.setStatus(u, w, 'closed')),
	reopen: workshopAction((c, u, w) => c.setStatus(u, w, 'open')),
	// the plan's vision on phones, read-only (board/stage.ts): as it is now, or no longer
	showVision: async (event) => {
		const { app, workshop, user } = await workshopFor(event);
		return respond(await showVisionOnPhones(app, user, workshop, true));
	},
	hideVision: async (event) => {
		const { app, workshop, user } = await workshopFor(event);
		return respond(await showVisionOnPhones(app, user, workshop, false));
	},
	acceptProposal: proposalAction(true),
	rejectProposal: proposalAction(false)
};
