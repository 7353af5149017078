/**
 * Where a new note lands on the board: the first free cell of the grid that new notes fill
 * (`layout.ts` `fillOrder`), on the part of the board its table shows. Pure over the Y.Doc.
 *
 * Imports board.ts, which imports this for addNote: both only call each other's functions, never at
 * module load.
 */
import * as Y from 'yjs';
import { notesMap, notePosition, noteTableId } from './board';
import { readThemes } from './themes';
import { NOTE_W, NOTE_H, firstFreeCell, themeFrameSize, type Rect } from './layout';

/**
 * The position for a new note of `tableId`: a cell that no note of that table and no theme frame of
 * it covers, as they are drawn (a note grouped into a theme is drawn in the frame, not at its own
 * position). One pass over the notes.
 */
export function newNotePosition(doc: Y.Doc, tableId: string): { x: number; y: number } {
	const themes = readThemes(doc).filter((t) => t.tableId === tableId);
	const members = new Map(themes.map((t) => [t.id, 0]));
	const taken: Rect[] = [];
	notesMap(doc).forEach((m) => {
		if (!(m instanceof Y.Map) || noteTableId(m) !== tableId) return;
		const themeId = m.get('themeId');
		if (typeof themeId === 'string' && members.has(themeId)) {
			members.set(themeId, members.get(themeId)! + 1);
			return;
		}
		const { x, y } = notePosition(m);
		taken.push({ x, y, w: NOTE_W, h: NOTE_H });
	});
	for (const t of themes) taken.push({ x: t.x, y: t.y, ...themeFrameSize(members.get(t.id)!) });
	return firstFreeCell(taken);
}
