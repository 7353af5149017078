/** Applies one validated participant operation to a board document. Pure: no IO. */
import type * as Y from 'yjs';
import { addNote, deleteOwnNote, editOwnNote, getNote } from '../../domain/board/board';
import { readControls } from '../../domain/board/controls';
import { setVote } from '../../domain/board/voting';
import { chooseTable, tableOf } from '../../domain/board/tables';
import { rateAction } from '../../domain/board/reviewRound';
import type { OpErrorCode, ParticipantOp } from '../../protocol/messages';
import { checkText, NOTE_TEXT_MAX } from '../../domain/text';
import { getProposal, proposeResource } from '../../domain/board/proposals';

import type { OpActor, OpResult } from './docKinds';

const done = (r: { ok: true } | { ok: false; error: OpErrorCode }): OpResult => (r.ok ? { ok: true } : { ok: false, error: r.error });

export function applyParticipantOp(doc: Y.Doc, op: ParticipantOp, actor: OpActor, now: number): OpResult {
	if (isRetryOfApplied(doc, op, actor)) return { ok: true };
	const noteOp = op.op === 'note.add' || op.op === 'note.edit' || op.op === 'note.delete';
	if (noteOp && readControls(doc).locked) return { ok: false, error: 'board_locked' };
	switch (op.op) {
		case 'note.add': {
			const r = addNote(doc, {
				id: op.id,
				text: op.text,
				kind: op.kind,
				authorId: actor.participantId,
				authorRole: 'participant',
				nickname: actor.nickname,
				tableId: tableOf(doc, actor.participantId),
				cell: op.cell,
				now
			});
			return done(r.ok ? { ok: true } : r);
		}
		case 'note.edit': {
			const r = editOwnNote(doc, { id: op.noteId, authorId: actor.participantId, text: op.text });
			return done(r.ok ? { ok: true } : r);
		}
		case 'note.delete': {
			const r = deleteOwnNote(doc, { id: op.noteId, authorId: actor.participantId });
			// Deleting what is already gone is a retried delete: succeed.
			if (!r.ok && r.error === 'note_not_found') return { ok: true };
			return done(r.ok ? { ok: true } : r);
		}
		case 'vote.set': {
			const r = setVote(doc, actor.participantId, op.itemId, op.dots, { tableId: tableOf(doc, actor.participantId), roundId: op.roundId });
			return done(r.ok ? { ok: true } : r);
		}
		case 'table.choose': {
			const r = chooseTable(doc, actor.participantId, op.tableId);
			return done(r.ok ? { ok: true } : r);
		}
		case 'resource.propose': {
			const r = proposeResource(doc, { ...op, authorId: actor.participantId, nickname: actor.nickname, now });
			// another phone's proposal of the same id: refused like a note of a taken id
			return done(r.ok ? { ok: true } : r);
		}
		case 'review.rate': {
			const r = rateAction(doc, actor.participantId, { actionId: op.actionId, value: op.value, comment: op.comment }, now);
			return done(r.ok ? { ok: true } : r);
		}
	}
}

/**
 * A retried operation whose effect is already in the document succeeds again, before any check
 * that may have changed since (input closed, step changed, board locked): the phone lost the ack,
 * not the note.
 */
function isRetryOfApplied(doc: Y.Doc, op: ParticipantOp, actor: OpActor): boolean {
	if (op.op === 'note.add') return getNote(doc, op.id)?.authorId === actor.participantId;
	if (op.op === 'resource.propose') return getProposal(doc, op.id)?.authorId === actor.participantId;
	if (op.op === 'note.edit') {
		const note = getNote(doc, op.noteId);
		const text = checkText(op.text, NOTE_TEXT_MAX);
		return note?.authorId === actor.participantId && text.ok && note.text === text.text;
	}
	return false;
}
