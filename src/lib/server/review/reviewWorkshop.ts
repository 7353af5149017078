/**
 * The review workshop as staff run it from the review page: start a round on a theme's actions on a
 * workshop's board (the plan's own workshops only, facilitators and admins), and take the residents'
 * ratings into the review entry (住民の声). Server side only; the rules are domain/board/reviewRound.ts.
 */
import { z } from 'zod';
import * as Y from 'yjs';
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import { boardDocName } from '../workshops';
import { ITEM_ID_PATTERN, randomId } from '../../domain/ids';
import { setMeta } from '../../domain/board/board';
import { isRatingScale, readRound, roundLabels, startRound, summariseRatings, tallyRound, type RoundError } from '../../domain/board/reviewRound';
import { readActionsForReview } from '../../domain/plan/reviewActions';
import { readReview, saveReviewEntry, type PlanPeriod, type ReviewError } from '../../domain/plan/review';

export type ReviewWorkshop = { id: string; title: string; status: 'open' | 'closed'; canModerate: boolean };

/** The plan's workshops this staff member may open. */
export async function reviewWorkshops(app: KyosoApp, planId: string, user: StaffUser): Promise<ReviewWorkshop[]> {
	const out: ReviewWorkshop[] = [];
	for (const w of await app.workshops.listFor(user)) {
		if (w.planId !== planId) continue;
		out.push({ id: w.id, title: w.title, status: w.status, canModerate: await app.workshops.canStaffModerate(user, w) });
	}
	return out;
}

/** A theme title from the plan's 課題 (map `issues`, written by the issues module): tolerant of its shape. */
export function issueTitle(doc: Y.Doc, issueId: string): string {
	const v = doc.getMap('issues').get(issueId);
	const t = v instanceof Y.Map ? v.get('title') : typeof v === 'object' && v !== null ? (v as Record<string, unknown>).title : undefined;
	return typeof t === 'string' ? t : '';
}

/** The themes (課題) the plan's actions belong to, for the round's theme picker ('' = actions without a theme). */
export function actionThemes(doc: Y.Doc): { issueId: string; title: string; actions: number }[] {
	const byIssue = new Map<string, number>();
	for (const a of readActionsForReview(doc)) byIssue.set(a.issueId, (byIssue.get(a.issueId) ?? 0) + 1);
	return [...byIssue].map(([issueId, actions]) => ({ issueId, title: issueTitle(doc, issueId), actions }));
}

const RoundForm = z.object({
	workshopId: z.string().regex(ITEM_ID_PATTERN),
	issueId: z.union([z.literal(''), z.string().regex(ITEM_ID_PATTERN)]).default(''),
	scale: z.string().refine(isRatingScale)
});

type Failure = 'bad_request' | 'workshop_not_found' | 'forbidden' | 'no_actions' | RoundError | ReviewError;

async function workshopOf(app: KyosoApp, planId: string, user: StaffUser, workshopId: string, moderate: boolean): Promise<Failure | null> {
	const w = await app.workshops.get(workshopId);
	if (!w || w.planId !== planId || !(await app.workshops.canStaffOpen(user, w))) return 'workshop_not_found';
	if (moderate && !(await app.workshops.canStaffModerate(user, w))) return 'forbidden';
	return null;
}

/**
 * Put a theme's actions before the residents of a workshop of this plan (and move its board to 振り返る),
 * with the council's wording of the levels from the review of `fiscalYear` (its own copy of the scale).
 */
export async function startReviewRound(
	app: KyosoApp,
	input: { planId: string; docName: string; user: StaffUser; fiscalYear: number; form: Record<string, unknown> }
): Promise<{ ok: true } | { ok: false; error: Failure }> {
	const f = RoundForm.safeParse(input.form);
	if (!f.success) return { ok: false, error: 'bad_request' };
	const refused = await workshopOf(app, input.planId, input.user, f.data.workshopId, true);
	if (refused) return { ok: false, error: refused };
	const { issueId, scale } = f.data;
	const theme = await app.sync.read(input.docName, (doc) => ({
		title: issueTitle(doc, issueId),
		actions: readActionsForReview(doc)
			.filter((a) => a.issueId === issueId)
			.map((a) => ({ id: a.id, title: a.title, plain: a.description })),
		labels: roundLabels(scale, readReview(doc, input.fiscalYear)?.scale ?? null)
	}));
	if (theme.actions.length === 0) return { ok: false, error: 'no_actions' };
	const r = await app.sync.change(boardDocName(f.data.workshopId), (doc) => {
		const started = startRound(doc, { roundId: randomId(12), planId: input.planId, themeTitle: theme.title, scale, actions: theme.actions.slice(0, 12), labels: theme.labels });
		if (started.ok) setMeta(doc, { step: 'review' });
		return started;
	});
	return r.ok ? { ok: true } : { ok: false, error: r.error };
}

export type ResidentsSummary = { workshopId: string; workshopTitle: string; total: number; text: string };

/** Per action, the residents' view from the latest round on this plan's actions in each workshop (last workshop wins). */
export async function residentsSummaries(app: KyosoApp, workshops: ReviewWorkshop[], actionIds: string[]): Promise<Record<string, ResidentsSummary>> {
	const wanted = new Set(actionIds);
	const out: Record<string, ResidentsSummary> = {};
	for (const w of workshops) {
		const found = await app.sync.read(boardDocName(w.id), (doc) => {
			const round = readRound(doc);
			if (!round) return [];
			return tallyRound(doc)
				.filter((t) => wanted.has(t.actionId) && t.total > 0)
				.map((t) => ({ actionId: t.actionId, total: t.total, text: summariseRatings(t, round.scale, 5, round.labels) }));
		});
		for (const s of found) out[s.actionId] = { workshopId: w.id, workshopTitle: w.title, total: s.total, text: s.text };
	}
	return out;
}

const TakeForm = z.object({ workshopId: z.string().regex(ITEM_ID_PATTERN), actionId: z.string().regex(ITEM_ID_PATTERN) });

/** One click: the residents' ratings of an action in a workshop become the review entry's 住民の声. */
export async function takeResidentsView(
	app: KyosoApp,
	input: { planId: string; docName: string; user: StaffUser; fiscalYear: number; period: PlanPeriod; form: Record<string, unknown> }
): Promise<{ ok: true; actionId: string } | { ok: false; error: Failure; actionId: string | null }> {
	const f = TakeForm.safeParse(input.form);
	if (!f.success) return { ok: false, error: 'bad_request', actionId: null };
	const { workshopId, actionId } = f.data;
	const refused = await workshopOf(app, input.planId, input.user, workshopId, false);
	if (refused) return { ok: false, error: refused, actionId };
	const [s] = Object.values(await residentsSummaries(app, [{ id: workshopId, title: '', status: 'open', canModerate: false }], [actionId]));
	if (!s) return { ok: false, error: 'item_not_found', actionId };
	const r = await app.sync.change(input.docName, (doc) =>
		saveReviewEntry(doc, { fiscalYear: input.fiscalYear, period: input.period, actionId, patch: { residents: s.text }, by: input.user.id, now: Date.now() })
	);
	return r.ok ? { ok: true, actionId } : { ok: false, error: r.error, actionId };
}
