/**
 * Incremental reading of the board for BoardClient. Reading the whole Y.Doc into new objects on
 * every change made every page see 2,000 "changed" notes when one was added (and cost an O(notes)
 * read per change). Here a change re-reads only the notes and themes whose Y.Map changed (found
 * from the transaction's events), unchanged ones keep their object, and a list whose items did not
 * change keeps its array. Small sections (controls, meta, kinds, ...) are re-read but keep their
 * object when the value is the same. Pure apart from reading the Y.Doc; no Svelte.
 */
import * as Y from 'yjs';
import { readMeta, readNotes, getNote, notesMap, metaMap, type BoardMeta, type Note } from '../domain/board';
import { readThemes, getTheme, themesMap, type Theme } from '../domain/themes';
import { readControls, controlsMap, type Controls } from '../domain/controls';
import { readVoteConfig, voteMap, ballotsMap, tallyMap, dotCounts, type Tally, type VoteConfig } from '../domain/voting';
import { rankItems } from '../domain/ballot';
import { readTables, tablesMap, seatingMap, readProjectorTable, type Table } from '../domain/tables';
import { allKindDefs, kindsMap, type KindDef } from '../domain/kinds';
import { changedKeys, sameData, type YType } from '../domain/yChanges';

export { changedKeys, keyUnder, sameData } from '../domain/yChanges';

/** readNotes' order: oldest first, then by id. 0 only for the same sort key. */
export function compareNotes(a: Note, b: Note): number {
	return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** readThemes' order: by priority (none last), then oldest first, then by id. */
export function compareThemes(a: Theme, b: Theme): number {
	const pa = a.priority ?? Infinity;
	const pb = b.priority ?? Infinity;
	return (pa === pb ? 0 : pa < pb ? -1 : 1) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `prev` when `next` holds the same data, else `next`: keeps objects stable across re-reads. */
export function keep<T>(prev: T, next: T): T {
	return sameData(prev, next) ? prev : next;
}

/**
 * A sorted list of objects with ids that changes incrementally: `update` re-reads the given ids,
 * keeps the object of every item whose data did not change, and keeps the array itself when
 * nothing changed. New items that sort after the existing ones (new notes) are appended without
 * a sort.
 */
export class StableList<T extends { id: string }> {
	#items: readonly T[] = [];
	#byId = new Map<string, T>();
	readonly #compare: (a: T, b: T) => number;
	readonly #same: (a: T, b: T) => boolean;

	constructor(compare: (a: T, b: T) => number, same: (a: T, b: T) => boolean = sameData) {
		this.#compare = compare;
		this.#same = same;
	}

	get items(): readonly T[] {
		return this.#items;
	}

	get(id: string): T | undefined {
		return this.#byId.get(id);
	}

	/** Replace everything with `all` (a full read), keeping the objects of unchanged items. True when anything changed. */
	reset(all: readonly T[]): boolean {
		const byId = new Map<string, T>();
		const list = all.map((next) => {
			const prev = this.#byId.get(next.id);
			const item = prev && this.#same(prev, next) ? prev : next;
			byId.set(item.id, item);
			return item;
		});
		list.sort(this.#compare);
		this.#byId = byId;
		const before = this.#items;
		if (list.length === before.length && list.every((item, i) => item === before[i])) return false;
		this.#items = list;
		return true;
	}

	/**
	 * Re-read the items with these ids (`read` returns null for one that no longer exists). True
	 * when anything changed; `items` is then a new array, else the same one.
	 */
	update(ids: Iterable<string>, read: (id: string) => T | null): boolean {
		const removed = new Set<string>();
		const replaced = new Map<string, T>();
		const added: T[] = [];
		let reorder = false;
		for (const id of new Set(ids)) {
			const prev = this.#byId.get(id);
			const next = read(id);
			if (!next) {
				if (prev) {
					removed.add(id);
					this.#byId.delete(id);
				}
				continue;
			}
			if (!prev) {
				added.push(next);
				this.#byId.set(id, next);
				continue;
			}
			if (this.#same(prev, next)) continue;
			replaced.set(id, next);
			this.#byId.set(id, next);
			if (this.#compare(prev, next) !== 0) reorder = true;
		}
		if (removed.size === 0 && replaced.size === 0 && added.length === 0) return false;
		let list: T[];
		if (removed.size === 0 && replaced.size === 0) list = this.#items.slice();
		else {
			list = [];
			for (const item of this.#items) {
				if (removed.has(item.id)) continue;
				list.push(replaced.get(item.id) ?? item);
			}
		}
		if (added.length > 0) {
			added.sort(this.#compare);
			const last = list[list.length - 1];
			if (last && this.#compare(last, added[0]!) > 0) reorder = true;
			for (const a of added) list.push(a);
		}
		if (reorder) list.sort(this.#compare);
		this.#items = list;
		return true;
	}
}

/**
 * The dot-vote tally from the lists BoardClient already holds, as `tally(doc, config)` computes it
 * (items in the lists' order, most dots first), without reading every note from the Y.Doc again.
 * `counts`: dots per item (`dotCounts` of the ballots, or the projector's tally map).
 */
export function tallyFrom(config: VoteConfig, notes: readonly Note[], themes: readonly Theme[], counts: ReadonlyMap<string, number>): Tally[] {
	const onTable = (tableId: string) => config.tableId === null || tableId === config.tableId;
	const ids: string[] = [];
	if (config.target === 'themes') {
		for (const t of themes) if (onTable(t.tableId)) ids.push(t.id);
	} else {
		for (const n of notes) if (!n.hidden && onTable(n.tableId)) ids.push(n.id);
	}
	return rankItems(ids, counts);
}

/** What changed since the last refresh, gathered over one or more transactions. */
export type BoardChanges = {
	/** everything must be read again (the first read) */
	full: boolean;
	/** ids of notes whose Y.Map was added, changed, replaced or deleted */
	notes: Set<string>;
	themes: Set<string>;
	/** any of the small top-level maps (meta, controls, vote, ballots, tally, tables, seating, kinds) */
	sections: boolean;
};

export function noChanges(): BoardChanges {
	return { full: false, notes: new Set(), themes: new Set(), sections: false };
}

export function allChanged(): BoardChanges {
	return { full: true, notes: new Set(), themes: new Set(), sections: true };
}

/**
 * Add what a transaction changed under the board's types to `into`. Call it from the document's
 * 'afterTransaction' handler, when `changedParentTypes` holds every event of the transaction.
 * True when the transaction touched any of them.
 */
export function collectChanges(
	tr: Y.Transaction,
	types: { notes: YType; themes: YType; sections: readonly YType[] },
	into: BoardChanges
): boolean {
	let touched = false;
	const noteEvents = tr.changedParentTypes.get(types.notes);
	if (noteEvents) {
		changedKeys(types.notes, noteEvents, into.notes);
		touched = true;
	}
	const themeEvents = tr.changedParentTypes.get(types.themes);
	if (themeEvents) {
		changedKeys(types.themes, themeEvents, into.themes);
		touched = true;
	}
	for (const t of types.sections) {
		if (tr.changed.has(t) || tr.changedParentTypes.has(t)) {
			into.sections = true;
			touched = true;
			break;
		}
	}
	return touched;
}

/** Everything BoardClient shows, as plain data. */
export type BoardSnapshot = {
	notes: readonly Note[];
	themes: readonly Theme[];
	meta: BoardMeta;
	controls: Controls;
	vote: VoteConfig | null;
	results: Tally[];
	/** participants with at least one dot in the current round */
	voters: number;
	tables: Table[];
	seating: Record<string, string>;
	projectorTable: string;
	kindDefs: ReadonlyMap<string, KindDef>;
};

/**
 * Reads a board Y.Doc incrementally. Feed it every transaction (`track`, from the document's
 * 'afterTransaction' event); `read` then applies what changed since the last read and returns a
 * snapshot in which everything that did not change is the object of the previous snapshot (the
 * snapshot itself is new only when something changed).
 */
export class BoardReader {
	readonly #doc: Y.Doc;
	readonly #notes = new StableList<Note>(compareNotes);
	readonly #themes = new StableList<Theme>(compareThemes);
	readonly #types: { notes: YType; themes: YType; sections: YType[] };
	#pending: BoardChanges = allChanged();
	#snapshot: BoardSnapshot | null = null;

	readonly #counts: () => ReadonlyMap<string, number>;

	/**
	 * `results`: where the dots per item come from: everyone's ballots (a staff board), or the
	 * counts of the projector's copy of the board, which holds no ballots (projectorMirror.ts).
	 */
	constructor(doc: Y.Doc, opts: { results?: 'ballots' | 'tally' } = {}) {
		this.#doc = doc;
		this.#types = {
			notes: notesMap(doc),
			themes: themesMap(doc),
			sections: [metaMap(doc), controlsMap(doc), voteMap(doc), ballotsMap(doc), tallyMap(doc), tablesMap(doc), seatingMap(doc), kindsMap(doc)]
		};
		const tally = tallyMap(doc);
		this.#counts = opts.results === 'tally' ? () => new Map(tally.entries()) : () => dotCounts(ballotsMap(doc).values());
	}

	/** Note what a transaction changed. True when it touched the board (a read is due). */
	track(tr: Y.Transaction): boolean {
		return collectChanges(tr, this.#types, this.#pending);
	}

	/** Whether changes are waiting for `read`. */
	get dirty(): boolean {
		const p = this.#pending;
		return p.full || p.sections || p.notes.size > 0 || p.themes.size > 0;
	}

	read(): BoardSnapshot {
		const c = this.#pending;
		this.#pending = noChanges();
		const doc = this.#doc;
		const prev = this.#snapshot;
		if (prev && !c.full && !c.sections && c.notes.size === 0 && c.themes.size === 0) return prev;
		const notesChanged = c.full ? this.#notes.reset(readNotes(doc)) : c.notes.size > 0 && this.#notes.update(c.notes, (id) => getNote(doc, id));
		const themesChanged = c.full ? this.#themes.reset(readThemes(doc)) : c.themes.size > 0 && this.#themes.update(c.themes, (id) => getTheme(doc, id));
		const notes = this.#notes.items;
		const themes = this.#themes.items;
		let next: BoardSnapshot;
		if (!prev || c.sections) {
			let voters = 0;
			ballotsMap(doc).forEach((b) => {
				if (b && Object.keys(b).length > 0) voters++;
			});
			const fresh = {
				meta: readMeta(doc),
				controls: readControls(doc),
				vote: readVoteConfig(doc),
				tables: readTables(doc),
				seating: seatingMap(doc).toJSON() as Record<string, string>,
				projectorTable: readProjectorTable(doc),
				kindDefs: allKindDefs(doc) as ReadonlyMap<string, KindDef>
			};
			next = prev
				? {
						...prev,
						notes,
						themes,
						meta: keep(prev.meta, fresh.meta),
						controls: keep(prev.controls, fresh.controls),
						vote: keep(prev.vote, fresh.vote),
						voters,
						tables: keep(prev.tables, fresh.tables),
						seating: keep(prev.seating, fresh.seating),
						projectorTable: fresh.projectorTable,
						kindDefs: keep(prev.kindDefs, fresh.kindDefs)
					}
				: { ...fresh, notes, themes, voters, results: [] };
		} else {
			if (!notesChanged && !themesChanged) return prev;
			next = { ...prev, notes, themes };
		}
		const results = next.vote ? tallyFrom(next.vote, notes, themes, this.#counts()) : [];
		next.results = prev ? keep(prev.results, results) : results;
		if (prev && (Object.keys(next) as (keyof BoardSnapshot)[]).every((k) => next[k] === prev[k])) return prev;
		this.#snapshot = next;
		return next;
	}
}
