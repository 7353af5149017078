/**
 * The live board of a workshop (ワークショップのボード) as a Y.Doc, and the operations on notes.
 * Pure: no IO. The server applies participants' operations through these functions; staff clients
 * use the same functions locally and their Yjs updates travel through the sync server.
 *
 * Layout of the document:
 *   meta:  Y.Map  { step, inputOpen, codeVersion }
 *   notes: Y.Map<noteId, Y.Map>  one Y.Map per note: the note record (note.ts)
 *   themes, vote, ballots, controls, tables, seating, kinds, actionGrid: see themes.ts, voting.ts,
 *   controls.ts, tables.ts, kinds.ts, actionGrid.ts
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { checkText, NOTE_TEXT_MAX, type TextError } from '../text';
import { isStepId, type StepId } from './steps';
import { readKinds } from './kinds';
import { newNotePosition } from './placement';
import { newNoteOrigin, noteAuthorId, noteFromMap, notesMap, type AuthorRole, type Cell, type Note } from './note';
import { checkCell } from './actionGrid';

export { notesMap, noteFromMap, notePosition, noteTableId, noteAuthorId, type Note, type AuthorRole, type Cell } from './note';

/** codeVersion changes when the join code is replaced, so that projectors reload it. */
export type BoardMeta = { step: StepId; inputOpen: boolean; codeVersion: number };

export type NoteError = TextError | 'note_exists' | 'note_not_found' | 'not_owner' | 'input_closed' | 'bad_kind' | 'board_full' | 'cell_not_found';

export const MAX_NOTES_PER_BOARD = 5000;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('meta');
}

export function readMeta(doc: Y.Doc): BoardMeta {
	const m = metaMap(doc);
	const step = m.get('step');
	return {
		step: isStepId(step) ? step : 'issues',
		inputOpen: m.get('inputOpen') !== false,
		codeVersion: num(m.get('codeVersion'))
	};
}

export function setMeta(doc: Y.Doc, patch: Partial<BoardMeta>): void {
	doc.transact(() => {
		const m = metaMap(doc);
		if (patch.step !== undefined) m.set('step', patch.step);
		if (patch.inputOpen !== undefined) m.set('inputOpen', patch.inputOpen);
		if (patch.codeVersion !== undefined) m.set('codeVersion', patch.codeVersion);
	});
}

function num(v: unknown, fallback = 0): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** All notes, oldest first (stable order for lists and tests). */
export function readNotes(doc: Y.Doc): Note[] {
	const out: Note[] = [];
	notesMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) out.push(noteFromMap(id, m));
	});
	out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
	return out;
}

export function getNote(doc: Y.Doc, id: string): Note | null {
	const m = notesMap(doc).get(id);
	return m instanceof Y.Map ? noteFromMap(id, m) : null;
}

export type AddNoteInput = {
	id: string;
	text: string;
	kind: string;
	authorId: string;
	authorRole: AuthorRole;
	nickname: string | null;
	now: number;
	tableId?: string;
	/** the cell of the action grid (取り組みを考える) the idea is posted into: must be one of the grid's */
	cell?: Cell;
};

export function addNote(doc: Y.Doc, input: AddNoteInput): Result<Note, NoteError> {
	const meta = readMeta(doc);
	if (input.authorRole === 'participant' && !meta.inputOpen) return err('input_closed');
	const kinds = readKinds(doc, meta.step);
	if (!kinds.some((k) => k.id === input.kind)) return err('bad_kind');
	const text = checkText(input.text, NOTE_TEXT_MAX);
	if (!text.ok) return err(text.error);
	const notes = notesMap(doc);
	if (notes.has(input.id)) return err('note_exists');
	if (notes.size >= MAX_NOTES_PER_BOARD) return err('board_full');
	const cell = input.cell ? checkCell(doc, input.cell) : null;
	if (cell && !cell.ok) return err('cell_not_found');
	const pos = newNotePosition(doc, input.tableId ?? 'main');
	const m = new Y.Map<unknown>();
	const by = newNoteOrigin({
		kind: input.kind,
		authorId: input.authorId,
		authorRole: input.authorRole,
		nickname: input.nickname ?? '',
		createdAt: input.now,
		tableId: input.tableId ?? 'main'
	});
	doc.transact(() => {
		m.set('text', text.text);
		m.set('by', by);
		m.set('pos', pos);
		if (cell?.ok) m.set('cell', cell.value);
		notes.set(input.id, m);
	});
	return ok(noteFromMap(input.id, m));
}

function ownNote(doc: Y.Doc, id: string, authorId: string): Result<Y.Map<unknown>, NoteError> {
	const m = notesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('note_not_found');
	if (noteAuthorId(m) !== authorId) return err('not_owner');
	return ok(m);
}

export function editOwnNote(doc: Y.Doc, input: { id: string; authorId: string; text: string }): Result<Note, NoteError> {
	if (!readMeta(doc).inputOpen) return err('input_closed');
	const own = ownNote(doc, input.id, input.authorId);
	if (!own.ok) return own;
	const text = checkText(input.text, NOTE_TEXT_MAX);
	if (!text.ok) return err(text.error);
	if (own.value.get('text') !== text.text) own.value.set('text', text.text);
	return ok(noteFromMap(input.id, own.value));
}

export function deleteOwnNote(doc: Y.Doc, input: { id: string; authorId: string }): Result<{ id: string }, NoteError> {
	const own = ownNote(doc, input.id, input.authorId);
	if (!own.ok) return own;
	notesMap(doc).delete(input.id);
	return ok({ id: input.id });
}

/** Staff move a note on the board. */
export function moveNote(doc: Y.Doc, id: string, x: number, y: number): Result<null, NoteError> {
	const m = notesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('note_not_found');
	doc.transact(() => {
		m.set('pos', { x: Math.round(x), y: Math.round(y) });
		if (m.has('x')) m.delete('x');
		if (m.has('y')) m.delete('y');
	});
	return ok(null);
}

/** Moderation: a hidden note stays on the board for staff but leaves projectors and phones. */
export function setNoteHidden(doc: Y.Doc, id: string, hidden: boolean): Result<null, NoteError> {
	const m = notesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('note_not_found');
	if ((m.get('hidden') === true) === hidden) return ok(null);
	if (hidden) m.set('hidden', true);
	else m.delete('hidden');
	return ok(null);
}

/** Initialise an empty board (idempotent). */
export function initBoard(doc: Y.Doc, meta: Pick<BoardMeta, 'step' | 'inputOpen'>): void {
	const m = metaMap(doc);
	if (m.has('step')) return;
	setMeta(doc, meta);
}
