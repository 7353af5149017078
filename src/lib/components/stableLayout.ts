/**
 * Keeps the objects of a board layout stable across refreshes. The board client reads the whole
 * board into new plain objects on every change, so a keyed {#each} would see 2,000 "changed"
 * notes when one note was added and re-run every note's bindings (measured by `npm run bench:web`:
 * the projector fell to 28 fps at 2,000 notes while 300 phones posted). Here an unchanged note,
 * theme or kind list keeps the object it had before, so Svelte updates only what changed.
 */
import type { BoardLayout, PlacedNote, PlacedTheme } from '../domain/board/layout';
import type { KindDefs } from './noteKinds';

/** Same own keys with the same primitive values (===); arrays compared element by element. */
export function shallowEqual(a: object, b: object): boolean {
	if (a === b) return true;
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	for (const k of ka) {
		const va = (a as Record<string, unknown>)[k];
		const vb = (b as Record<string, unknown>)[k];
		if (va === vb) continue;
		if (Array.isArray(va) && Array.isArray(vb) && va.length === vb.length && va.every((x, i) => x === vb[i])) continue;
		return false;
	}
	return true;
}

function samePlacedNote(a: PlacedNote, b: PlacedNote): boolean {
	return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && shallowEqual(a.note, b.note);
}

function samePlacedTheme(a: PlacedTheme, b: PlacedTheme): boolean {
	return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && shallowEqual(a.theme, b.theme) && shallowEqual(a.noteIds, b.noteIds);
}

export class LayoutMemo {
	#notes = new Map<string, PlacedNote>();
	#themes = new Map<string, PlacedTheme>();
	#kinds: KindDefs = undefined;
	#votes: ReadonlyMap<string, number> | null = null;

	/** `layout` with every note and theme that did not change replaced by the object it had before. */
	layout(layout: BoardLayout): BoardLayout {
		const notes = new Map<string, PlacedNote>();
		const placed = layout.notes.map((p) => {
			const prev = this.#notes.get(p.note.id);
			const keep = prev && samePlacedNote(prev, p) ? prev : p;
			notes.set(p.note.id, keep);
			return keep;
		});
		const themes = new Map<string, PlacedTheme>();
		const placedThemes = layout.themes.map((t) => {
			const prev = this.#themes.get(t.theme.id);
			const keep = prev && samePlacedTheme(prev, t) ? prev : t;
			themes.set(t.theme.id, keep);
			return keep;
		});
		this.#notes = notes;
		this.#themes = themes;
		return { notes: placed, themes: placedThemes, extent: layout.extent };
	}

	/** The previous vote counts when the new ones are the same. */
	votes(votes: ReadonlyMap<string, number> | null): ReadonlyMap<string, number> | null {
		const prev = this.#votes;
		if (prev === votes) return prev;
		if (prev && votes && prev.size === votes.size && [...votes].every(([id, n]) => prev.get(id) === n)) return prev;
		this.#votes = votes;
		return votes;
	}

	/** The previous kind definitions when the new ones hold the same kinds. */
	kinds(kinds: KindDefs): KindDefs {
		const prev = this.#kinds;
		if (prev && kinds && prev.size === kinds.size && [...kinds].every(([id, def]) => {
			const p = prev.get(id);
			return p !== undefined && shallowEqual(p, def);
		})) return prev;
		this.#kinds = kinds;
		return kinds;
	}
}
