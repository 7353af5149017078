/**
 * Where a new note lands on the board: the first free cell of the grid that new notes fill
 * (`layout.ts` `fillOrder`), on the part of the board its table shows. Pure over the Y.Doc.
 */
import * as Y from 'yjs';
import { notesMap, notePosition, noteTableId } from './note';
import { readThemes } from './themes';
import { NOTE_W, NOTE_H, firstFreeCell, freeSpotNear, themeFrameSize, type Rect } from './layout';

/**
 * What a new note or theme must not cover on the part of the board `tableId` shows: every note's own
 * cell, and every theme frame as drawn. A note grouped into a theme is drawn in the frame, but its own
 * cell stays taken: it goes back there when it leaves the theme (ungrouped, or the theme dissolved).
 * One pass over the notes.
 */
function occupied(doc: Y.Doc, tableId: string): Rect[] {
	const themes = readThemes(doc).filter((t) => t.tableId === tableId);
	const members = new Map(themes.map((t) => [t.id, 0]));
	const taken: Rect[] = [];
	notesMap(doc).forEach((m) => {
		if (!(m instanceof Y.Map) || noteTableId(m) !== tableId) return;
		const themeId = m.get('themeId');
		if (typeof themeId === 'string' && members.has(themeId)) members.set(themeId, members.get(themeId)! + 1);
		const { x, y } = notePosition(m);
		taken.push({ x, y, w: NOTE_W, h: NOTE_H });
	});
	for (const t of themes) taken.push({ x: t.x, y: t.y, ...themeFrameSize(members.get(t.id)!) });
	return taken;
}

/** The position for a new note of `tableId`: the first cell, in the grid's fill order, that nothing covers. */
export function newNotePosition(doc: Y.Doc, tableId: string): { x: number; y: number } {
	return firstFreeCell(occupied(doc, tableId));
}

/** How far above the picked notes a theme made from them is asked for: its frame's title goes there. */
const THEME_ABOVE_NOTES = 100;

/** Where a theme made from notes drawn at `picked` is asked for: above their top left corner. */
export function groupingAnchor(picked: { x: number; y: number }[]): { x: number; y: number } {
	return { x: Math.min(...picked.map((p) => p.x)), y: Math.max(0, Math.min(...picked.map((p) => p.y)) - THEME_ABOVE_NOTES) };
}

/**
 * The position for a new theme of `noteCount` notes on `tableId`, made from notes around `near`: the
 * nearest place where its frame covers no note and no other frame (grouping where the notes were
 * would hide the notes under the frame).
 */
export function newThemePosition(doc: Y.Doc, tableId: string, noteCount: number, near: { x: number; y: number }): { x: number; y: number } {
	return freeSpotNear(occupied(doc, tableId), themeFrameSize(noteCount), near);
}
