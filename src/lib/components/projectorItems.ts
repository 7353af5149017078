/**
 * What the projector reads out, in order: each theme (top to bottom, left to right on the board)
 * followed by its notes, then the notes in no theme in the order they were written (a resident
 * finds a new note at the end). The projector lays these out as large cards and pages through
 * them, so that note text never shrinks below what the back of the hall can read. Pure.
 */
import type { Note } from '../domain/board/board';
import type { Theme } from '../domain/board/themes';
import { CELL_H } from '../domain/board/layout';

export type ProjectorItem = { kind: 'theme'; theme: Theme; count: number } | { kind: 'note'; note: Note; theme: Theme | null };

const byPosition = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.floor(a.y / CELL_H) - Math.floor(b.y / CELL_H) || a.x - b.x;

export function projectorItems(notes: readonly Note[], themes: readonly Theme[]): ProjectorItem[] {
	const members = new Map<string, Note[]>();
	const free: Note[] = [];
	const themeIds = new Set(themes.map((t) => t.id));
	for (const n of notes) {
		if (n.themeId && themeIds.has(n.themeId)) {
			let list = members.get(n.themeId);
			if (!list) members.set(n.themeId, (list = []));
			list.push(n);
		} else free.push(n);
	}
	const out: ProjectorItem[] = [];
	for (const t of [...themes].sort(byPosition)) {
		const list = members.get(t.id) ?? [];
		out.push({ kind: 'theme', theme: t, count: list.length });
		for (const n of list) out.push({ kind: 'note', note: n, theme: t });
	}
	for (const n of free.sort((a, b) => a.createdAt - b.createdAt)) out.push({ kind: 'note', note: n, theme: null });
	return out;
}

/** The theme whose header a page starting at `start` repeats (its first item is a note of that theme). */
export function continuedTheme(items: readonly ProjectorItem[], start: number): Theme | null {
	const first = items[start];
	return first?.kind === 'note' ? first.theme : null;
}
