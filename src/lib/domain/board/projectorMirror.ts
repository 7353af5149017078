/**
 * The projector's copy of a board (プロジェクター用の写し). A projector is a laptop anyone in the hall can
 * touch, so it gets only what it shows, and moderation and vote anonymity hold on the wire:
 *   notes   the notes that are not hidden: text, kind, creation time, table, position, theme, and the
 *           author's nickname only while names are shown (`by.nickname`, '' otherwise). No author
 *           ids. A hidden note is absent (deleted from the copy when it is hidden, so its text is
 *           garbage-collected there), and comes back with its current text when shown again.
 *   themes  title, catch-phrase, table, position, creation time, priority and votes.
 *           Its action-grid cell and promotion mark (取り組みを考える) when set.
 *   meta, controls, vote.config, tables, kinds, actionGrid: the known keys, as their readers return them.
 *   tally   dots per item (itemId -> dots) while `resultsShown`, except on hidden notes; empty while
 *           the results are hidden until closing. No ballots, no seating (both are keyed by participant id).
 * The copy uses the board's own layout, so every reader of the board (readNotes, BoardReader with
 * `results: 'tally'`) reads it as it is. It is kept up to date from the board's transactions: each
 * one rewrites only the notes, themes and keys it changed, and only values that differ (a move is
 * one `pos`, a vote one count). It can start from a stored state of an earlier copy (`from`): it is
 * then reconciled with the board (values that differ rewritten, notes, themes, counts and keys the
 * board no longer has or hides deleted), so that a projector that holds that stored state gets
 * consistent changes from this copy. Pure: no IO.
 */
import * as Y from 'yjs';
import { metaMap, noteFromMap, notesMap, readMeta } from './board';
import { controlsMap, readControls } from './controls';
import { readStage } from './stage';
import { getTheme, themesMap } from './themes';
import { tablesMap } from './tables';
import { isKindDef, kindsMap } from './kinds';
import { addDots, ballotsMap, readVoteConfig, resultsShown, tallyMap, voteMap } from './voting';
import { changedKeys, sameData, type YType } from './yChanges';
import { ACTION_GRID_VERSION, actionGridMap, readActionGrid } from './actionGrid';
import type { Cell } from './note';
import { projectReview, REVIEW_RATINGS, REVIEW_ROUND } from './reviewRound';

/** The review round's counts as the projector gets them (reviewRound.ts: no comments, no participant ids). */
export const projectedReviewMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('reviewTally');

/** A note as a projector gets it, in the board's layout (`by`, `pos`), or null when it must not see it. */
export type ProjectedNote = {
	text: string;
	by: { kind: string; nickname: string; createdAt: number; tableId: string };
	pos: { x: number; y: number };
	themeId: string | null;
	cell: Cell | null;
	actionId: string | null;
};

/** What a projector may see of a note of the board (null: hidden, or not a note). */
export function projectNote(id: string, m: unknown, showNames: boolean): ProjectedNote | null {
	if (!(m instanceof Y.Map)) return null;
	const n = noteFromMap(id, m);
	if (n.hidden) return null;
	return {
		text: n.text,
		by: { kind: n.kind, nickname: showNames && n.nickname ? n.nickname : '', createdAt: n.createdAt, tableId: n.tableId },
		pos: { x: n.x, y: n.y },
		themeId: n.themeId,
		cell: n.cell,
		actionId: n.actionId
	};
}

/** A theme's keys as a projector gets them (its reader's values; priority and votes only when set). */
export function projectTheme(board: Y.Doc, id: string): Record<string, string | number> | null {
	const t = getTheme(board, id);
	if (!t) return null;
	const out: Record<string, string | number> = { title: t.title, catchphrase: t.catchphrase, tableId: t.tableId, x: t.x, y: t.y, createdAt: t.createdAt };
	if (t.priority !== null) out.priority = t.priority;
	if (t.votes !== null) out.votes = t.votes;
	return out;
}

/** The small maps' keys as a projector gets them: only known keys, with their readers' values. */
function projectMeta(board: Y.Doc): Record<string, unknown> {
	return { ...readMeta(board) };
}

/** The action grid as its reader returns it (no grid: no keys). */
function projectGrid(board: Y.Doc): Record<string, unknown> {
	const g = readActionGrid(board);
	return g ? { def: { v: ACTION_GRID_VERSION, rows: g.rows, columns: g.columns }, ...(g.currentRow ? { currentRow: g.currentRow } : {}) } : {};
}

function projectControls(board: Y.Doc): Record<string, unknown> {
	const c = readControls(board);
	const projectorTable = controlsMap(board).get('projectorTable');
	return {
		timer: c.timer,
		showNames: c.showNames,
		showAll: c.showAll,
		spotlight: c.spotlight ?? '',
		follow: c.follow,
		locked: c.locked,
		// what the projector shows: the board or the plan's vision (stage.ts); prompts and phones' text stay out
		projectorView: readStage(board).projectorView,
		...(typeof projectorTable === 'string' ? { projectorTable } : {})
	};
}

function projectTable(v: unknown): { name: string; order: number } | undefined {
	if (typeof v !== 'object' || v === null || v instanceof Y.AbstractType) return undefined;
	const t = v as Record<string, unknown>;
	return typeof t.name === 'string' ? { name: t.name, order: typeof t.order === 'number' ? t.order : 0 } : undefined;
}

function projectKinds(v: unknown): unknown[] | undefined {
	return Array.isArray(v) ? v.filter(isKindDef).map((k) => ({ id: k.id, label: k.label, colour: k.colour })) : undefined;
}

/** Set `key` of `to` to `value` unless it holds the same data already; `undefined` deletes it. */
function put(to: Y.Map<unknown>, key: string, value: unknown): void {
	if (value === undefined) {
		if (to.has(key)) to.delete(key);
	} else if (!to.has(key) || !sameData(to.get(key), value)) to.set(key, value);
}

/** Make `to` hold exactly `values` (keys not in it are deleted). */
function putAll(to: Y.Map<unknown>, values: Record<string, unknown>): void {
	for (const k of [...to.keys()]) if (!Object.prototype.hasOwnProperty.call(values, k)) to.delete(k);
	for (const [k, v] of Object.entries(values)) put(to, k, v);
}

/** Delete the keys of `to` that `keep` says the copy must not hold. */
function deleteKeys<T>(to: Y.Map<T>, keep: (key: string) => boolean): void {
	for (const k of [...to.keys()]) if (!keep(k)) to.delete(k);
}

const NOTE_KEYS = new Set(['text', 'by', 'pos', 'themeId', 'cell', 'action']);
const STORED_ORIGIN = Symbol('stored copy');

/**
 * The projector's copy of `board`, kept up to date while it lives: build it once (O(board)), then
 * every transaction on the board changes only what it touched. `destroy` stops following.
 */
export class ProjectorMirror {
	readonly doc = new Y.Doc({ gc: true });
	readonly #board: Y.Doc;
	/** each participant's ballot as last seen, to turn a replaced ballot into per-item changes */
	readonly #ballots = new Map<string, unknown>();
	/** dots per item over all ballots, hidden or not */
	readonly #counts = new Map<string, number>();
	#shown = false;
	#showNames = false;
	readonly #onTransaction = (tr: Y.Transaction) => this.#apply(tr);
	/**
	 * Whether building changed the copy: always for a new copy; from a stored state (`from`), only
	 * if the board differs from what that state shows.
	 */
	readonly changedOnBuild: boolean;

	/** `opts.from`: a stored state of an earlier copy of this board to start from (see above). */
	constructor(board: Y.Doc, opts: { from?: Uint8Array } = {}) {
		this.#board = board;
		if (opts.from) Y.applyUpdate(this.doc, opts.from, STORED_ORIGIN);
		let changed = false;
		const onUpdate = () => (changed = true);
		this.doc.on('update', onUpdate);
		this.doc.transact(() => this.#build());
		this.doc.off('update', onUpdate);
		this.changedOnBuild = changed;
		board.on('afterTransaction', this.#onTransaction);
	}

	destroy(): void {
		this.#board.off('afterTransaction', this.#onTransaction);
		this.doc.destroy();
	}

	/**
	 * Make the copy hold exactly what a projector may see of the board: on an empty copy that writes
	 * everything; on a stored earlier copy, only what differs, and deletes what the board no longer
	 * has or hides.
	 */
	#build(): void {
		const board = this.#board;
		putAll(metaMap(this.doc), projectMeta(board));
		putAll(controlsMap(this.doc), projectControls(board));
		putAll(actionGridMap(this.doc), projectGrid(board));
		this.#showNames = readControls(board).showNames;
		for (const [from, to, project] of [
			[tablesMap(board), tablesMap(this.doc), projectTable],
			[kindsMap(board), kindsMap(this.doc), projectKinds]
		] as const) {
			deleteKeys(to as Y.Map<unknown>, (k) => from.has(k) && project(from.get(k)) !== undefined);
			from.forEach((v, k) => put(to as Y.Map<unknown>, k, project(v)));
		}
		const notes = notesMap(board);
		deleteKeys(notesMap(this.doc), (id) => notes.has(id));
		notes.forEach((m, id) => this.#putNote(id, m, true));
		const themes = themesMap(board);
		deleteKeys(themesMap(this.doc), (id) => themes.has(id));
		themes.forEach((_m, id) => this.#putTheme(id));
		ballotsMap(board).forEach((b, pid) => {
			this.#ballots.set(pid, b);
			addDots(this.#counts, b);
		});
		if (board.share.has('reviewRound') || this.doc.share.has('reviewTally')) putAll(projectedReviewMap(this.doc), projectReview(board));
		deleteKeys(voteMap(this.doc), (k) => k === 'config');
		this.#putVote();
		const tally = tallyMap(this.doc) as Y.Map<unknown>;
		if (!this.#shown) {
			if (tally.size > 0) tally.clear();
			return;
		}
		deleteKeys(tally, (item) => this.#counts.has(item));
		for (const item of this.#counts.keys()) this.#putCount(item);
	}

	#apply(tr: Y.Transaction): void {
		const board = this.#board;
		const touched = (t: YType) => tr.changed.has(t) || tr.changedParentTypes.has(t);
		const keysOf = (t: YType) => tr.changed.get(t);
		const eventsOf = (t: YType) => tr.changedParentTypes.get(t);
		const notes = notesMap(board);
		const themes = themesMap(board);
		const ballots = ballotsMap(board);
		const review = [REVIEW_ROUND, REVIEW_RATINGS].some((name) => {
			const t = board.share.get(name);
			return t !== undefined && touched(t);
		});
		if (![metaMap(board), controlsMap(board), tablesMap(board), kindsMap(board), actionGridMap(board), notes, themes, voteMap(board), ballots].some(touched) && !review) return;
		this.doc.transact(() => {
			if (review) putAll(projectedReviewMap(this.doc), projectReview(board));
			if (touched(metaMap(board))) putAll(metaMap(this.doc), projectMeta(board));
			if (touched(actionGridMap(board))) putAll(actionGridMap(this.doc), projectGrid(board));
			let allNotes = false;
			if (touched(controlsMap(board))) {
				putAll(controlsMap(this.doc), projectControls(board));
				const showNames = readControls(board).showNames;
				allNotes = showNames !== this.#showNames;
				this.#showNames = showNames;
			}
			for (const [from, to, project] of [
				[tablesMap(board), tablesMap(this.doc), projectTable],
				[kindsMap(board), kindsMap(this.doc), projectKinds]
			] as const) {
				const keys = keysOf(from);
				if (keys) for (const k of keys) if (k !== null) put(to as Y.Map<unknown>, k, project(from.get(k)));
			}
			const items = new Set<string>();
			if (allNotes) notes.forEach((m, id) => this.#putNote(id, m));
			for (const id of changedKeys(notes, eventsOf(notes), new Set())) {
				if (!allNotes) this.#putNote(id, notes.get(id));
				items.add(id); // hidden or shown: its count goes or comes with it
			}
			for (const id of changedKeys(themes, eventsOf(themes), new Set())) this.#putTheme(id);
			const wasShown = this.#shown;
			if (touched(voteMap(board))) this.#putVote();
			const changedBallots = keysOf(ballots);
			if (changedBallots) {
				for (const pid of changedBallots) {
					if (pid === null) continue;
					for (const item of addDots(this.#counts, this.#ballots.get(pid), -1)) items.add(item);
					const b = ballots.get(pid);
					if (b === undefined) this.#ballots.delete(pid);
					else this.#ballots.set(pid, b);
					for (const item of addDots(this.#counts, b)) items.add(item);
				}
			}
			const tally = tallyMap(this.doc);
			if (!this.#shown) {
				if (tally.size > 0) tally.clear();
			} else for (const item of wasShown ? items : this.#counts.keys()) this.#putCount(item);
		});
	}

	#putVote(): void {
		const config = readVoteConfig(this.#board);
		put(voteMap(this.doc), 'config', config ?? undefined);
		this.#shown = resultsShown(config);
	}

	/** An item's count, unless it is a hidden note (only called while the results are shown). */
	#putCount(item: string): void {
		const note = notesMap(this.#board).get(item);
		const hidden = note instanceof Y.Map && note.get('hidden') === true;
		put(tallyMap(this.doc) as Y.Map<unknown>, item, hidden ? undefined : this.#counts.get(item));
	}

	/** `strict`: also delete keys a projected note does not have (a stored copy being reconciled). */
	#putNote(id: string, m: unknown, strict = false): void {
		const to = notesMap(this.doc);
		const p = projectNote(id, m, this.#showNames);
		const cur = to.get(id);
		if (!p) {
			if (cur !== undefined) to.delete(id);
			return;
		}
		// a new map is added first: put() reads it, and Yjs reads only maps that are in a document
		const target = cur instanceof Y.Map ? cur : to.set(id, new Y.Map<unknown>());
		if (strict && cur instanceof Y.Map) deleteKeys(target, (k) => NOTE_KEYS.has(k));
		put(target, 'text', p.text);
		put(target, 'by', p.by);
		put(target, 'pos', p.pos);
		put(target, 'themeId', p.themeId ?? undefined);
		put(target, 'cell', p.cell ?? undefined);
		put(target, 'action', p.actionId ?? undefined);
	}

	#putTheme(id: string): void {
		const to = themesMap(this.doc);
		const t = projectTheme(this.#board, id);
		const cur = to.get(id);
		if (!t) {
			if (cur !== undefined) to.delete(id);
			return;
		}
		putAll(cur instanceof Y.Map ? cur : to.set(id, new Y.Map<unknown>()), t);
	}
}
