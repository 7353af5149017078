/**
 * The facilitator's note list, one page at a time. A board can hold thousands of notes; rendering
 * every one (with its buttons) on every change made the staff page crawl, so the list shows a page
 * of the newest notes (or of the notes a search or the hidden-only filter finds) with buttons to
 * older and newer pages. A page after the first is anchored to its newest note, so notes arriving
 * while the facilitator reads an older page do not shift the rows under the pointer. Pure.
 */
import type { Note } from '../domain/board/board';

export const NOTE_PAGE_SIZE = 25;

/** Where a page starts: the sort key of its newest note. */
export type NoteKey = { createdAt: number; id: string };

export const keyOf = (n: NoteKey): NoteKey => ({ createdAt: n.createdAt, id: n.id });

/** a is newer than b in the board's order (readNotes: oldest first by createdAt, then id) */
function newer(a: NoteKey, b: NoteKey): boolean {
	return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);
}

/** Text as a search compares it: full-width and half-width forms alike, case-insensitive. */
export function searchable(s: string): string {
	return s.normalize('NFKC').toLowerCase();
}

/** The notes to list, newest first: all of them, or those whose text or nickname holds `query`, or only hidden ones. */
export function filterNotes(notes: readonly Note[], query: string, hiddenOnly: boolean): Note[] {
	const q = searchable(query.trim());
	const out: Note[] = [];
	for (let i = notes.length - 1; i >= 0; i--) {
		const n = notes[i]!;
		if (hiddenOnly && !n.hidden) continue;
		if (q && !searchable(n.text).includes(q) && !(n.nickname && searchable(n.nickname).includes(q))) continue;
		out.push(n);
	}
	return out;
}

export type NotePage = {
	rows: Note[];
	/** index of the first row in the list (0 = the newest) */
	start: number;
	total: number;
	/** the anchor of the next older page, or null when this is the last page */
	older: NoteKey | null;
	/** the anchor of the next newer page: null for the first page (live), undefined when this is the first page */
	newer: NoteKey | null | undefined;
};

/**
 * The page of `list` (newest first, as filterNotes gives it) that starts at `anchor`, or the
 * newest page when `anchor` is null. A removed anchor note starts the page at the next older note.
 */
export function notePage(list: readonly Note[], anchor: NoteKey | null, size = NOTE_PAGE_SIZE): NotePage {
	let start = 0;
	if (anchor) {
		// first index whose note is not newer than the anchor (the list is sorted newest first)
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (newer(list[mid]!, anchor)) lo = mid + 1;
			else hi = mid;
		}
		start = lo;
		// past the end (the older notes went away): show the last page
		if (start >= list.length) start = Math.max(0, list.length - size);
	}
	const rows = list.slice(start, start + size);
	const olderNote = list[start + size];
	let newerAnchor: NoteKey | null | undefined;
	if (start === 0) newerAnchor = undefined;
	else if (start - size <= 0) newerAnchor = null;
	else newerAnchor = keyOf(list[start - size]!);
	return { rows, start, total: list.length, older: olderNote ? keyOf(olderNote) : null, newer: newerAnchor };
}
