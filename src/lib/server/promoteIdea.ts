/**
 * 「取り組みにする」: an idea from a workshop's action grid becomes an action (取り組み) of the plan, a full one
 * (domain/plan/actions.ts `addAction`, checked by the same rules as the actions page): its 課題 is the plan
 * issue of the grid's row, its column the council's actor column, its title the idea (cut to one line, the
 * whole idea kept as the description); 担い手, schedule and indicator are left for staff to fill on the
 * actions page (the plan page counts the actions without 担い手).
 *
 * The grid's rows are the plan's priority issues, or, before the plan has any, the board's ranked themes.
 * For a row that is a board theme the plan's issues are gathered first (idempotent, planService.ts), and
 * the issue the theme went into is marked 重点: the room is writing actions for it. A theme that cannot be
 * gathered (no vote ranked it) is refused with `theme_not_gathered` before anything is written.
 *
 * Idempotent by the idea: the action's id is derived from the workshop and the note, so a retried promotion
 * (or one whose mark on the note was lost) finds the action it made and makes no second one.
 * `promoteNote` is the board side: the facilitator's right, the idea's checks, the mark on the note.
 */
import { createHash } from 'node:crypto';
import type { KyosoApp } from './app';
import type { StaffUser } from './auth/staff';
import { boardDocName, type Workshop } from './workshops';
import { planDocName } from './sync/kinds/plan';
import { staffActor } from './auth/guards';
import { gatherPlanIssues } from './planService';
import { actionContext, issueRefs, planRecord, settingsFor } from './planActions';
import { getNote } from '../domain/board/board';
import { markPromoted, readActionGrid, hasCell } from '../domain/board/actionGrid';
import { actionsMap, addAction, ideaAsActionText, type ActionProblem } from '../domain/plan/actions';
import { issueOfTheme, issueRoots, priorityIssues, setIssuePriority, themesForGathering } from '../domain/plan/issues';
import { checkText, NOTE_TEXT_MAX, type TextError } from '../domain/text';
import { err, ok, type Result } from '../domain/result';

export type Idea = { text: string; rowId: string; columnId: string; noteId: string; workshopId: string };

export type PromoteIdeaError =
	| TextError
	| 'plan_not_found'
	/** the row is a board theme that no vote ranked: it cannot become a plan issue */
	| 'theme_not_gathered'
	/** the row's issue is no longer a priority issue of the plan (or was removed) */
	| 'unknown_issue'
	/** the council's actor columns changed since the grid was loaded */
	| 'unknown_column'
	| 'too_many_actions';

export type Promoted = { actionId: string; issueId: string; created: boolean; markedPriority: boolean };

/** The action id made from this idea: the same for a retry, different for every note of every workshop. */
export const promotedActionId = (workshopId: string, noteId: string): string =>
	`idea${createHash('sha256').update(`${workshopId}\n${noteId}`).digest('hex').slice(0, 24)}`;

function problemError(problems: readonly ActionProblem[]): PromoteIdeaError {
	const p = problems[0];
	if (p?.field === 'issueId') return 'unknown_issue';
	if (p?.field === 'column') return 'unknown_column';
	if (p?.field === 'id') return 'too_many_actions';
	return p?.error === 'too_long' ? 'text_too_long' : p?.error === 'control_chars' ? 'text_control_chars' : 'text_empty';
}

/** Make a full action of the plan from an idea (or find the one made before). */
export async function promoteIdea(app: KyosoApp, planId: string, idea: Idea, by: StaffUser | null): Promise<Result<Promoted, PromoteIdeaError>> {
	const checked = checkText(idea.text, NOTE_TEXT_MAX);
	if (!checked.ok) return err(checked.error);
	const plan = await planRecord(app, planId);
	if (!plan) return err('plan_not_found');
	const settings = await settingsFor(app, plan);
	const actionId = promotedActionId(idea.workshopId, idea.noteId);
	const doc = planDocName(plan.id);

	// Where the row is in the plan: a stored issue (the grid came from the plan), or a board theme gathered before.
	const locate = () =>
		app.sync.read(doc, (d) => ({
			made: actionsMap(d).get(actionId)?.get('issueId'),
			issueId: issueRoots(d).get(idea.rowId) ?? issueOfTheme(d, idea.workshopId, idea.rowId)
		}));
	let found = await locate();
	if (typeof found.made === 'string') return ok({ actionId, issueId: found.made, created: false, markedPriority: false });
	if (!found.issueId) {
		// a theme no vote ranked would not be gathered: refused before anything is written
		const ranked = await app.sync.read(boardDocName(idea.workshopId), (d) => themesForGathering(d).some((t) => t.themeId === idea.rowId));
		if (!ranked) return err('theme_not_gathered');
		await gatherPlanIssues(app, plan, by);
		found = await locate();
	}
	const issueId = found.issueId;
	if (!issueId) return err('theme_not_gathered');
	const fromBoard = issueId !== idea.rowId && !(await app.sync.read(doc, (d) => issueRoots(d).has(idea.rowId)));

	return await app.sync.change(doc, (d): Result<Promoted, PromoteIdeaError> => {
		const existing = actionsMap(d).get(actionId)?.get('issueId');
		if (typeof existing === 'string') return ok({ actionId, issueId: existing, created: false, markedPriority: false });
		const isPriority = priorityIssues(d).some((i) => i.id === issueId);
		// a board theme the room writes actions for becomes a priority issue; a plan issue staff took out of 重点 does not
		const markPriority = !isPriority && fromBoard;
		const issues = issueRefs(d);
		const ctx = actionContext(plan, settings, markPriority ? [...issues, { id: issueId, title: '' }] : issues);
		const text = ideaAsActionText(checked.text);
		const r = addAction(
			d,
			{ ...text, issueId, column: idea.columnId, responsible: '', schedule: {}, indicator: null, goalId: '' },
			ctx,
			{ userId: by?.id ?? 'system', now: Date.now(), id: actionId }
		);
		if (!r.ok) return err(problemError(r.problems));
		if (markPriority) setIssuePriority(d, issueId, true);
		return ok({ actionId, issueId, created: true, markedPriority: markPriority });
	});
}

export type PromoteError = 'forbidden' | 'note_not_found' | 'not_in_cell' | PromoteIdeaError;

/** The facilitator promotes an idea of the board's grid; the idea then shows 「取り組みにしました」. */
export async function promoteNote(app: KyosoApp, user: StaffUser, workshop: Workshop, noteId: string): Promise<Result<{ actionId: string }, PromoteError>> {
	if (!app.workshops.canStaffModerate(user, workshop)) return err('forbidden');
	const board = boardDocName(workshop.id);
	const found = await app.sync.read(board, (doc) => {
		const note = getNote(doc, noteId);
		return note ? { note, inCell: !!note.cell && hasCell(readActionGrid(doc), note.cell) } : null;
	});
	if (!found) return err('note_not_found');
	const { note, inCell } = found;
	if (note.actionId) return ok({ actionId: note.actionId });
	if (!inCell || !note.cell) return err('not_in_cell');
	const made = await promoteIdea(app, workshop.planId, { text: note.text, rowId: note.cell.row, columnId: note.cell.column, noteId: note.id, workshopId: workshop.id }, user);
	if (!made.ok) return made;
	const { actionId, issueId, markedPriority } = made.value;
	await app.sync.change(board, (doc) => markPromoted(doc, noteId, actionId));
	await app.audit.record(workshop.councilId, staffActor(user), 'idea.promote', `workshop:${workshop.id}`, { noteId, actionId, planId: workshop.planId, issueId, ...(markedPriority ? { markedPriority } : {}) });
	return ok({ actionId });
}
