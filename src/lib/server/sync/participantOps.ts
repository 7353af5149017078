/** Applies one validated participant operation to a board document. Pure: no IO. */
import type * as Y from 'yjs';
import { addNote, deleteOwnNote, editOwnNote, getNote } from '../../domain/board';
import type { OpErrorCode, ParticipantOp } from '../../protocol/messages';

export type OpActor = { participantId: string; nickname: string | null };

export function applyParticipantOp(doc: Y.Doc, op: ParticipantOp, actor: OpActor, now: number): { ok: true } | { ok: false; error: OpErrorCode } {
	switch (op.op) {
		case 'note.add': {
			const r = addNote(doc, {
				id: op.id,
				text: op.text,
				kind: op.kind,
				authorId: actor.participantId,
				authorRole: 'participant',
				nickname: actor.nickname,
				now
			});
			if (!r.ok && r.error === 'note_exists') {
				// A retry of an add we already applied is fine (idempotent); someone else's id is not.
				const existing = getNote(doc, op.id);
				return existing?.authorId === actor.participantId ? { ok: true } : { ok: false, error: 'note_exists' };
			}
			return r.ok ? { ok: true } : r;
		}
		case 'note.edit': {
			const r = editOwnNote(doc, { id: op.noteId, authorId: actor.participantId, text: op.text });
			return r.ok ? { ok: true } : r;
		}
		case 'note.delete': {
			const r = deleteOwnNote(doc, { id: op.noteId, authorId: actor.participantId });
			// Deleting what is already gone is a retried delete: succeed.
			if (!r.ok && r.error === 'note_not_found') return { ok: true };
			return r.ok ? { ok: true } : r;
		}
	}
}
