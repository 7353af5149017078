/**
 * 「取り組みにする」: an idea from a workshop's action grid becomes an action (取り組み) of the plan.
 *
 * `promoteIdea` writes a minimal action record into the plan document's map `actions` (one Y.Map per
 * action, one key per field). TODO(lead): replace its body with the create/promote function of
 * src/lib/domain/plan/actions.ts (branch council-actions) once merged; keep the signature.
 * `promoteNote` is the board side: the facilitator's right, the idea's checks, the mark on the note.
 */
import * as Y from 'yjs';
import type { KyosoApp } from './app';
import type { StaffUser } from './auth/staff';
import { boardDocName, type Workshop } from './workshops';
import { planDocName } from './sync/kinds/plan';
import { getNote } from '../domain/board/board';
import { markPromoted, readActionGrid, hasCell } from '../domain/board/actionGrid';
import { randomId } from '../domain/ids';
import { checkText, NOTE_TEXT_MAX, type TextError } from '../domain/text';
import { err, ok, type Result } from '../domain/result';

export type Idea = { text: string; rowId: string; columnId: string; noteId: string; workshopId: string };

/** The version of the minimal action record written here. */
const ACTION_RECORD_VERSION = 1;

/** The id of the action made from this idea, if it was made already (a retried promotion makes none). */
function actionFrom(actions: Y.Map<unknown>, noteId: string, workshopId: string): string | null {
	for (const [id, a] of actions) {
		if (a instanceof Y.Map && a.get('sourceNoteId') === noteId && a.get('sourceWorkshopId') === workshopId) return id;
	}
	return null;
}

/** Make an action of the plan from an idea; returns the action's id. */
export async function promoteIdea(app: KyosoApp, planId: string, idea: Idea): Promise<Result<{ actionId: string }, TextError>> {
	const title = checkText(idea.text, NOTE_TEXT_MAX);
	if (!title.ok) return err(title.error);
	return app.sync.change(planDocName(planId), (doc) => {
		const actions = doc.getMap<unknown>('actions');
		const existing = actionFrom(actions, idea.noteId, idea.workshopId);
		if (existing) return ok({ actionId: existing });
		const id = randomId(16);
		const a = new Y.Map<unknown>();
		a.set('id', id);
		a.set('v', ACTION_RECORD_VERSION);
		a.set('title', title.text);
		a.set('issueId', idea.rowId);
		a.set('column', idea.columnId);
		a.set('sourceNoteId', idea.noteId);
		a.set('sourceWorkshopId', idea.workshopId);
		a.set('createdAt', Date.now());
		actions.set(id, a);
		return ok({ actionId: id });
	});
}

export type PromoteError = 'forbidden' | 'note_not_found' | 'not_in_cell' | TextError;

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
	const made = await promoteIdea(app, workshop.planId, { text: note.text, rowId: note.cell.row, columnId: note.cell.column, noteId: note.id, workshopId: workshop.id });
	if (!made.ok) return made;
	await app.sync.change(board, (doc) => markPromoted(doc, noteId, made.value.actionId));
	app.audit.record(workshop.councilId, { kind: 'staff', id: user.id, name: user.name }, 'idea.promote', `workshop:${workshop.id}`, { noteId, actionId: made.value.actionId });
	return ok(made.value);
}
