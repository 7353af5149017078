import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { applyParticipantOp } from './participantOps';
import { initBoard, readNotes, setMeta } from '../../domain/board/board';
import { setControl } from '../../domain/board/controls';
import { openVote, ballotOf } from '../../domain/board/voting';
import { createTheme } from '../../domain/board/themes';

const ME = { participantId: 'p-me', nickname: null };
const OTHER = { participantId: 'p-other', nickname: null };
const add = { op: 'note.add' as const, id: 'note-000001', text: '坂道が急で買い物が大変', kind: 'concern' };

function board(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}

describe('retries of applied operations', () => {
	it('a retried add succeeds after input closed, and adds nothing', () => {
		const doc = board();
		expect(applyParticipantOp(doc, add, ME, 1)).toEqual({ ok: true });
		setMeta(doc, { inputOpen: false });
		expect(applyParticipantOp(doc, add, ME, 2)).toEqual({ ok: true });
		expect(readNotes(doc)).toHaveLength(1);
		// A new note is refused while input is closed.
		expect(applyParticipantOp(doc, { ...add, id: 'note-000002' }, ME, 3)).toEqual({ ok: false, error: 'input_closed' });
	});

	it('a retried add succeeds after the step changed', () => {
		const doc = board();
		applyParticipantOp(doc, add, ME, 1);
		setMeta(doc, { step: 'vision' });
		expect(applyParticipantOp(doc, add, ME, 2)).toEqual({ ok: true });
	});

	it('someone else reusing an existing note id is refused', () => {
		const doc = board();
		applyParticipantOp(doc, add, ME, 1);
		expect(applyParticipantOp(doc, add, OTHER, 2)).toEqual({ ok: false, error: 'note_exists' });
	});

	it('a retried edit whose text is already stored succeeds after input closed', () => {
		const doc = board();
		applyParticipantOp(doc, add, ME, 1);
		const edit = { op: 'note.edit' as const, id: 'edit-000001', noteId: add.id, text: '  坂道が急で買い物が大変です ' };
		expect(applyParticipantOp(doc, edit, ME, 2)).toEqual({ ok: true });
		setMeta(doc, { inputOpen: false });
		expect(applyParticipantOp(doc, edit, ME, 3)).toEqual({ ok: true });
		expect(applyParticipantOp(doc, { ...edit, text: '別の文' }, ME, 4)).toEqual({ ok: false, error: 'input_closed' });
	});
});

describe('locked board', () => {
	it('refuses note changes but not votes', () => {
		const doc = board();
		applyParticipantOp(doc, add, ME, 1);
		createTheme(doc, { id: 'theme-000001', title: '移動', x: 0, y: 0, now: 1 });
		openVote(doc, { roundId: 'round-1', target: 'themes', dotsPerPerson: 3, allowStacking: false, hideResults: false, now: 2 });
		setControl(doc, 'locked', true);
		expect(applyParticipantOp(doc, { ...add, id: 'note-000009' }, ME, 3)).toEqual({ ok: false, error: 'board_locked' });
		expect(applyParticipantOp(doc, { op: 'note.delete', id: 'del-0000001', noteId: add.id }, ME, 3)).toEqual({ ok: false, error: 'board_locked' });
		expect(applyParticipantOp(doc, { op: 'vote.set', id: 'vote-000001', itemId: 'theme-000001', dots: 1 }, ME, 4)).toEqual({ ok: true });
		expect(ballotOf(doc, ME.participantId)).toEqual({ 'theme-000001': 1 });
	});
});
