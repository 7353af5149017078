/**
 * A sticky note (付箋) as stored on a board: one Y.Map per note in the board's `notes` map, so that
 * concurrent edits of different fields merge. This module only reads and names the stored record;
 * the operations on notes are in board.ts. It imports nothing of the board but Yjs, so that every
 * other module (placement, themes, voting) can read notes without an import circle.
 *
 * The record, version 3 (written since 2026-12-04; version 2 since 2026-11-27, `by.v` recorded since 2026-12-03):
 *   text    string, edited by its author
 *   by      { v, kind, authorId, authorRole, nickname, createdAt, tableId }: written once with the note
 *   pos     { x, y }: one value, so that a move leaves one overwritten item and concurrent moves of a
 *           note never mix one laptop's x with another's y
 *   hidden  true while hidden by staff (absent = shown)
 *   themeId the theme it is grouped into (absent = none)
 *   cell    { row, column }: the cell of the action grid it sits in (absent = none; actionGrid.ts)
 *   action  the id of the plan's action it was promoted to (absent = not promoted)
 * Every key is an item that a new client decodes and integrates on its first sync, and every value a
 * key ever had stays in that key's chain as a deleted item: this shape (4 items for a new note instead
 * of 12, 1 left per move instead of 2) keeps a long workshop's first load fast.
 *
 * Version 3 added the optional `cell` and `action`; a version-2 note has neither, so its migration
 * changes nothing (staff may still move a version-2 note into a cell: `cell` is read on every version).
 *
 * Version 1 (boards before 2026-11-27): every field its own key, the position as `x` and `y`. Such
 * notes are migrated when read (records.ts), never rewritten. A page of the version-1 build that a
 * laptop did not reload may still write `x`/`y` on any note: present, they win over `pos`, and a move
 * by this build deletes them again, so every replica computes the same position from the same state.
 */
import * as Y from 'yjs';
import { readRecord, type RawRecord, type RecordType } from '../records';

export type AuthorRole = 'participant' | 'staff';

/** A cell of the action grid (取り組みを考える): a row (priority theme) and an actor column. */
export type Cell = { row: string; column: string };

export type Note = {
	id: string;
	text: string;
	kind: string;
	authorId: string;
	authorRole: AuthorRole;
	nickname: string | null;
	x: number;
	y: number;
	createdAt: number;
	hidden: boolean;
	/** the theme it is grouped into, or null */
	themeId: string | null;
	/** the table (board) it was written at; 'main' when the workshop has one table */
	tableId: string;
	/** the cell of the action grid it sits in, or null */
	cell: Cell | null;
	/** the plan action it was promoted to (取り組みにしました), or null */
	actionId: string | null;
};

/** The fields written once with a note (`by`), as this build stores them. */
export type NoteOrigin = { v: number; kind: string; authorId: string; authorRole: AuthorRole; nickname: string; createdAt: number; tableId: string };

export const NOTE_VERSION = 3;

export function notesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('notes');
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function plain(v: unknown): Record<string, unknown> | null {
	return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Y.AbstractType) ? (v as Record<string, unknown>) : null;
}

function cellOf(v: unknown): Cell | null {
	const c = plain(v);
	return c && typeof c.row === 'string' && typeof c.column === 'string' && c.row && c.column ? { row: c.row, column: c.column } : null;
}

/** Where a version-2 note is: `x`/`y` when a page of the version-1 build wrote them, else `pos`. */
function positionOf(raw: RawRecord): { x: number; y: number } {
	if (raw.x !== undefined || raw.y !== undefined) return { x: num(raw.x), y: num(raw.y) };
	const pos = plain(raw.pos);
	return { x: num(pos?.x), y: num(pos?.y) };
}

/** The note record; `parse` leaves `id` empty (the id is the note's key in the notes map). */
export const NOTE_RECORD: RecordType<Note> = {
	name: 'note',
	version: NOTE_VERSION,
	versionOf(raw) {
		const by = plain(raw.by);
		if (!by) return 1;
		return typeof by.v === 'number' && Number.isInteger(by.v) && by.v >= 2 ? by.v : 2;
	},
	migrations: {
		2: (r) => {
			// A version-1 note moved by this build has `pos` and no `x`/`y` left; otherwise `x`/`y` are its position.
			const { kind, authorId, authorRole, nickname, createdAt, tableId, x, y, ...rest } = r;
			const pos = x !== undefined || y !== undefined ? { x, y } : rest.pos;
			return { ...rest, by: { v: 2, kind, authorId, authorRole, nickname, createdAt, tableId }, pos };
		},
		// `cell` and `action` are optional and absent in version 2: nothing to change.
		3: (r) => r
	},
	parse(raw) {
		const by = plain(raw.by) ?? {};
		const nickname = by.nickname;
		const { x, y } = positionOf(raw);
		return {
			id: '',
			text: str(raw.text),
			kind: str(by.kind, 'concern'),
			authorId: str(by.authorId),
			authorRole: by.authorRole === 'staff' ? 'staff' : 'participant',
			nickname: typeof nickname === 'string' && nickname ? nickname : null,
			x,
			y,
			createdAt: num(by.createdAt),
			hidden: raw.hidden === true,
			themeId: str(raw.themeId) || null,
			tableId: str(by.tableId) || 'main',
			cell: cellOf(raw.cell),
			actionId: str(raw.action) || null
		};
	}
};

const V2_KEYS = ['text', 'by', 'pos', 'x', 'y', 'hidden', 'themeId', 'cell', 'action'] as const;
const V1_KEYS = ['kind', 'authorId', 'authorRole', 'nickname', 'createdAt', 'tableId'] as const;

/**
 * The note's stored fields as plain data: only the keys the record has (a note is read for every
 * change a board client sees, so no other key is copied, and a key such as `__proto__` is never read).
 */
function rawOf(m: Y.Map<unknown>): RawRecord {
	const raw: Record<string, unknown> = {};
	for (const k of V2_KEYS) {
		const v = m.get(k);
		if (v !== undefined) raw[k] = v;
	}
	if (raw.by === undefined) for (const k of V1_KEYS) raw[k] = m.get(k);
	return raw;
}

export function noteFromMap(id: string, m: Y.Map<unknown>): Note {
	const note = readRecord(NOTE_RECORD, rawOf(m));
	note.id = id;
	return note;
}

/*
 * Single fields, read without building the whole note: placement reads every note's position and
 * table for each new note. They follow the record's rules above (one written-once field: `by`, or
 * the version-1 key; the position: version-1 `x`/`y` first).
 */
function originField(m: Y.Map<unknown>, key: 'authorId' | 'tableId'): unknown {
	const by = plain(m.get('by'));
	return by ? by[key] : m.get(key);
}

/** The note's position. */
export function notePosition(m: Y.Map<unknown>): { x: number; y: number } {
	return positionOf({ x: m.get('x'), y: m.get('y'), pos: m.get('pos') });
}

/** The table the note was written at. */
export function noteTableId(m: Y.Map<unknown>): string {
	return str(originField(m, 'tableId')) || 'main';
}

/** Who wrote the note. */
export function noteAuthorId(m: Y.Map<unknown>): string {
	return str(originField(m, 'authorId'));
}

/** The note as this build writes it (addNote). */
export function newNoteOrigin(input: Omit<NoteOrigin, 'v'>): NoteOrigin {
	return { v: NOTE_VERSION, ...input };
}
