/**
 * The vision page's server side (将来像を描く, issue 18): what the plan's workshops' boards offer the
 * draft (the 将来像 notes and the themes grouping them), putting the statements to a dot vote on a
 * workshop's board, reading that vote back, and showing the vision on a workshop's phones. The text
 * itself is co-edited by staff in the plan document (domain/plan/vision.ts); routes call these.
 */
import { boardDocName, type PlanRef, type Workshop } from '../workshops';
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import { planDocName } from '../sync/kinds/plan';
import { readNotes, setMeta } from '../../domain/board/board';
import { readThemes, createTheme, renameTheme, THEME_TITLE_MAX } from '../../domain/board/themes';
import { dotCounts, openVote, readVoteConfig, ballotsMap, MAX_DOTS } from '../../domain/board/voting';
import { setPhoneVision } from '../../domain/board/stage';
import { newThemePosition } from '../../domain/board/placement';
import { linkStatementTheme, readStatements, readVisionBlocks, visionPlainText } from '../../domain/plan/vision';
import { randomId } from '../../domain/ids';
import { ok, err, type Result } from '../../domain/result';

/** The kind of note phones write in the step 将来像を描く (domain/board/steps.ts). */
export const VISION_NOTE_KIND = 'vision';

export type VisionSource = {
	workshopId: string;
	title: string;
	/** the visible 将来像 notes */
	notes: { id: string; text: string }[];
	/** themes that group at least one 将来像 note (title and their notes' texts) */
	themes: { id: string; title: string; notes: string[] }[];
};

export type VisionError = 'forbidden' | 'not_found' | 'too_few' | 'bad_request';

/** The plan, if this staff member may open it (assigned district, or the council's admin). */
export async function planFor(app: KyosoApp, user: StaffUser | null, planId: string): Promise<PlanRef | null> {
	const plan = await app.workshops.getPlan(planId);
	if (!plan || !user || !(await app.workshops.canStaffOpenPlan(user, plan))) return null;
	return plan;
}

/** The plan's workshops this staff member may open, newest first. */
export async function planWorkshops(app: KyosoApp, user: StaffUser, planId: string): Promise<Workshop[]> {
	return (await app.workshops.listFor(user)).filter((w) => w.planId === planId);
}

/** What the plan's boards offer the draft: their 将来像 notes and the themes grouping them. */
export async function visionSources(app: KyosoApp, user: StaffUser, planId: string): Promise<VisionSource[]> {
	const out: VisionSource[] = [];
	for (const w of await planWorkshops(app, user, planId)) {
		const source = await app.sync.read(boardDocName(w.id), (doc) => {
			const notes = readNotes(doc).filter((n) => !n.hidden && n.kind === VISION_NOTE_KIND);
			const themes = readThemes(doc)
				.map((t) => ({ id: t.id, title: t.title, notes: notes.filter((n) => n.themeId === t.id).map((n) => n.text) }))
				.filter((t) => t.notes.length > 0);
			return { workshopId: w.id, title: w.title, notes: notes.map((n) => ({ id: n.id, text: n.text })), themes };
		});
		if (source.notes.length > 0) out.push(source);
	}
	return out;
}

const themeTitle = (text: string) => {
	const chars = [...text];
	return chars.length <= THEME_TITLE_MAX ? text : `${chars.slice(0, THEME_TITLE_MAX - 1).join('')}…`;
};

/**
 * Put every statement to a dot vote among the phones of `workshopId` (a workshop of the plan, run by
 * this facilitator or admin): one theme per statement on its board (title: the statement, cut to a
 * theme's length; catch-phrase: the whole statement), and a round limited to those themes.
 */
export async function putStatementsToVote(
	app: KyosoApp,
	user: StaffUser,
	planId: string,
	input: { workshopId: string; dots: number }
): Promise<Result<{ count: number }, VisionError>> {
	const workshop = await app.workshops.get(input.workshopId);
	if (!workshop || workshop.planId !== planId) return err('not_found');
	if (!(await app.workshops.canStaffModerate(user, workshop))) return err('forbidden');
	const statements = await app.sync.read(planDocName(planId), readStatements);
	if (statements.length < 2) return err('too_few');
	const now = Date.now();
	const refs = statements.map((s) => ({ statementId: s.id, themeId: randomId(16), text: s.text }));
	await app.sync.change(boardDocName(workshop.id), (doc) => {
		setMeta(doc, { step: 'vision' });
		refs.forEach((r, i) => {
			const pos = newThemePosition(doc, 'main', 0, { x: 80 + (i % 3) * 420, y: 80 + Math.floor(i / 3) * 260 });
			createTheme(doc, { id: r.themeId, title: themeTitle(r.text), x: pos.x, y: pos.y, now: now + i });
			renameTheme(doc, r.themeId, { catchphrase: r.text });
		});
		const dots = Math.max(1, Math.min(MAX_DOTS, Math.floor(input.dots), refs.length));
		openVote(doc, { roundId: randomId(12), target: 'themes', dotsPerPerson: dots, allowStacking: false, hideResults: false, itemIds: refs.map((r) => r.themeId), now });
	});
	await app.sync.change(planDocName(planId), (doc) => {
		for (const r of refs) linkStatementTheme(doc, r.statementId, { workshopId: workshop.id, themeId: r.themeId });
	});
	return ok({ count: refs.length });
}

/**
 * The dots each statement got in the vote it was put to (statement id -> dots): the live ballots
 * while that round is the board's current one, else the count stored when it closed.
 */
export async function statementVotes(app: KyosoApp, planId: string): Promise<Record<string, number>> {
	const statements = await app.sync.read(planDocName(planId), readStatements);
	const votes: Record<string, number> = {};
	const byWorkshop = new Map<string, { statementId: string; themeId: string }[]>();
	for (const s of statements) {
		if (!s.themeRef || !(await app.workshops.get(s.themeRef.workshopId))) continue;
		const list = byWorkshop.get(s.themeRef.workshopId) ?? [];
		list.push({ statementId: s.id, themeId: s.themeRef.themeId });
		byWorkshop.set(s.themeRef.workshopId, list);
	}
	for (const [workshopId, refs] of byWorkshop) {
		await app.sync.read(boardDocName(workshopId), (doc) => {
			const config = readVoteConfig(doc);
			const live = config?.itemIds && refs.some((r) => config.itemIds?.includes(r.themeId)) ? dotCounts(ballotsMap(doc).values()) : null;
			const themes = new Map(readThemes(doc).map((t) => [t.id, t]));
			for (const r of refs) {
				const n = live ? (live.get(r.themeId) ?? 0) : (themes.get(r.themeId)?.votes ?? 0);
				votes[r.statementId] = n;
			}
		});
	}
	return votes;
}

/** The vision as phones read it: the statements (adopted ones, else the candidates), then the explanation. */
export async function visionForPhones(app: KyosoApp, planId: string): Promise<string> {
	return app.sync.read(planDocName(planId), (doc) => {
		const statements = readStatements(doc);
		const adopted = statements.filter((s) => s.status === 'adopted');
		const shown = adopted.length > 0 ? adopted : statements;
		const lines = shown.map((s) => `◎ ${s.text}`);
		const text = visionPlainText(readVisionBlocks(doc));
		return [...lines, ...(lines.length > 0 && text ? [''] : []), text].join('\n').trim();
	});
}

/** Show the plan's vision on the workshop's phones (read-only plain text, as it is now), or stop showing it. */
export async function showVisionOnPhones(app: KyosoApp, user: StaffUser, workshop: Workshop, show: boolean): Promise<Result<null, 'forbidden'>> {
	if (!(await app.workshops.canStaffModerate(user, workshop))) return err('forbidden');
	const text = show ? await visionForPhones(app, workshop.planId) : null;
	await app.sync.change(boardDocName(workshop.id), (doc) => setPhoneVision(doc, text || null));
	return ok(null);
}
