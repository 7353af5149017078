/**
 * The plan's issues (課題): the themes ranked on the plan's workshops' boards, gathered into the plan
 * document (`plan.<id>`, map `issues`: one Y.Map per issue, one key per field). Staff gather and
 * refresh them, merge duplicates across workshops (undoable), and mark the priority ones (重点).
 * Pure: boards come in as plain snapshots (`themesForGathering` reads one board's Y.Doc).
 *
 * The record, version 1:
 *   v          1
 *   title      the staff's own title ('' = the first source's theme title)
 *   sources    [{ workshopId, themeId, title, catchphrase, rank, votes, notes }]: the themes it came
 *              from; `notes` are the texts of the theme's visible notes (hidden notes never leave the
 *              board, authors are never copied)
 *   priority   true for a priority issue (重点)
 *   order      its place in the list (gathering order: workshop, then rank)
 *   mergedInto the issue it was merged into ('' = none); merging keeps both records, so unmerging
 *              brings the merged issue back as it was
 *   createdAt  ms since the epoch
 * Gathering is idempotent: a theme (workshop + theme id) is the source of at most one issue; a second
 * gathering refreshes that source (title, rank, votes, notes) and writes nothing if nothing changed.
 */
import * as Y from 'yjs';
import { readRecord, type RawRecord, type RecordType } from '../records';
import { err, ok, type Result } from '../result';
import { readNotes } from '../board/board';
import { readThemes } from '../board/themes';

export const ISSUE_VERSION = 1;

export type IssueSource = {
	workshopId: string;
	themeId: string;
	title: string;
	catchphrase: string;
	/** 1 = most dots in its vote; null if not ranked */
	rank: number | null;
	votes: number | null;
	notes: string[];
};

export type IssueRecord = {
	id: string;
	title: string;
	sources: IssueSource[];
	priority: boolean;
	order: number;
	/** '' when not merged */
	mergedInto: string;
	createdAt: number;
};

/** An issue as the plan page lists it: a record not merged into another, with what was merged into it. */
export type IssueView = {
	id: string;
	title: string;
	catchphrase: string;
	priority: boolean;
	order: number;
	/** its own sources first, then those of the issues merged into it */
	sources: IssueSource[];
	notes: string[];
	/** the best (smallest) rank among its sources */
	bestRank: number | null;
	votes: number;
	/** ids of the issues merged into this one (each can be unmerged) */
	merged: { id: string; title: string }[];
};

export type IssueError = 'issue_not_found' | 'same_issue' | 'already_merged' | 'not_merged' | 'merge_cycle';

/** A ranked theme of a board, as gathering needs it. */
export type ThemeSnapshot = Omit<IssueSource, 'workshopId'>;

export function issuesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('issues');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readSource(v: unknown): IssueSource | null {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
	const r = v as Record<string, unknown>;
	const workshopId = str(r.workshopId);
	const themeId = str(r.themeId);
	if (!workshopId || !themeId) return null;
	return {
		workshopId,
		themeId,
		title: str(r.title),
		catchphrase: str(r.catchphrase),
		rank: numOrNull(r.rank),
		votes: numOrNull(r.votes),
		notes: Array.isArray(r.notes) ? r.notes.filter((n): n is string => typeof n === 'string') : []
	};
}

export const ISSUE_RECORD: RecordType<IssueRecord> = {
	name: 'issue',
	version: ISSUE_VERSION,
	versionOf: (raw) => (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1),
	migrations: {},
	parse(raw) {
		return {
			id: '',
			title: str(raw.title),
			sources: Array.isArray(raw.sources) ? raw.sources.map(readSource).filter((s): s is IssueSource => s !== null) : [],
			priority: raw.priority === true,
			order: numOrNull(raw.order) ?? 0,
			mergedInto: str(raw.mergedInto),
			createdAt: numOrNull(raw.createdAt) ?? 0
		};
	}
};

const KEYS = ['v', 'title', 'sources', 'priority', 'order', 'mergedInto', 'createdAt'] as const;

function rawOf(m: Y.Map<unknown>): RawRecord {
	const raw: Record<string, unknown> = {};
	for (const k of KEYS) {
		const v = m.get(k);
		if (v !== undefined) raw[k] = v;
	}
	return raw;
}

/** Every stored issue (merged ones too), in list order. */
export function readIssues(doc: Y.Doc): IssueRecord[] {
	const out: IssueRecord[] = [];
	issuesMap(doc).forEach((m, id) => {
		if (!(m instanceof Y.Map)) return;
		const r = readRecord(ISSUE_RECORD, rawOf(m));
		r.id = id;
		out.push(r);
	});
	return out.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** The issue a record ends up in, following `mergedInto` (a broken or circular chain stops where it breaks). */
function rootOf(id: string, byId: Map<string, IssueRecord>): string {
	const seen = new Set<string>();
	let cur = id;
	while (!seen.has(cur)) {
		seen.add(cur);
		const next = byId.get(cur)?.mergedInto;
		if (!next || !byId.has(next)) return cur;
		cur = next;
	}
	return cur;
}

/** The plan's list of issues: each record not merged into another, with everything merged into it. */
export function issueViews(doc: Y.Doc): IssueView[] {
	const all = readIssues(doc);
	const byId = new Map(all.map((r) => [r.id, r]));
	const members = new Map<string, IssueRecord[]>();
	for (const r of all) {
		const root = rootOf(r.id, byId);
		if (root !== r.id) members.set(root, [...(members.get(root) ?? []), r]);
	}
	return all
		.filter((r) => rootOf(r.id, byId) === r.id)
		.map((r) => {
			const merged = members.get(r.id) ?? [];
			const sources = [...r.sources, ...merged.flatMap((x) => x.sources)];
			const first = r.sources[0];
			const ranks = sources.map((s) => s.rank).filter((x): x is number => x !== null);
			return {
				id: r.id,
				title: r.title || first?.title || '',
				catchphrase: first?.catchphrase ?? '',
				priority: r.priority,
				order: r.order,
				sources,
				notes: sources.flatMap((s) => s.notes),
				bestRank: ranks.length ? Math.min(...ranks) : null,
				votes: sources.reduce((n, s) => n + (s.votes ?? 0), 0),
				merged: merged.filter((x) => x.mergedInto === r.id).map((x) => ({ id: x.id, title: x.title || x.sources[0]?.title || '' }))
			};
		});
}

/** The ranked themes of a board with the texts of their visible notes (hidden notes stay on the board). */
export function themesForGathering(board: Y.Doc): ThemeSnapshot[] {
	const notes = readNotes(board).filter((n) => !n.hidden && n.themeId !== null);
	return readThemes(board)
		.filter((t) => t.priority !== null)
		.map((t) => ({
			themeId: t.id,
			title: t.title,
			catchphrase: t.catchphrase,
			rank: t.priority,
			votes: t.votes,
			notes: notes.filter((n) => n.themeId === t.id).map((n) => n.text)
		}));
}

const sameSource = (a: IssueSource, b: IssueSource) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Gather the ranked themes of the plan's boards into issues: a theme seen before refreshes its source,
 * a new one becomes a new issue at the end of the list. Returns how many were added and refreshed.
 */
export function gatherIssues(
	doc: Y.Doc,
	boards: { workshopId: string; themes: ThemeSnapshot[] }[],
	opts: { newId: () => string; now: number }
): { added: number; refreshed: number } {
	const map = issuesMap(doc);
	const existing = readIssues(doc);
	const where = new Map<string, { issueId: string; index: number }>();
	for (const r of existing) r.sources.forEach((s, index) => where.set(`${s.workshopId}\n${s.themeId}`, { issueId: r.id, index }));
	let order = existing.reduce((n, r) => Math.max(n, r.order), 0);
	let added = 0;
	let refreshed = 0;
	doc.transact(() => {
		for (const board of boards) {
			const themes = [...board.themes].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
			for (const t of themes) {
				const source: IssueSource = { workshopId: board.workshopId, ...t };
				const at = where.get(`${board.workshopId}\n${t.themeId}`);
				if (at) {
					const m = map.get(at.issueId)!;
					const sources = ISSUE_RECORD.parse(rawOf(m)).sources;
					if (sameSource(sources[at.index]!, source)) continue;
					sources[at.index] = source;
					m.set('sources', sources);
					refreshed++;
					continue;
				}
				const id = opts.newId();
				const m = new Y.Map<unknown>();
				m.set('v', ISSUE_VERSION);
				m.set('title', '');
				m.set('sources', [source]);
				m.set('priority', false);
				m.set('order', ++order);
				m.set('mergedInto', '');
				m.set('createdAt', opts.now);
				map.set(id, m);
				where.set(`${board.workshopId}\n${t.themeId}`, { issueId: id, index: 0 });
				added++;
			}
		}
	});
	return { added, refreshed };
}

/** Merge `fromId` into `intoId` (a duplicate across workshops): both records are kept, so it can be undone. */
export function mergeIssues(doc: Y.Doc, fromId: string, intoId: string): Result<null, IssueError> {
	if (fromId === intoId) return err('same_issue');
	const all = readIssues(doc);
	const byId = new Map(all.map((r) => [r.id, r]));
	const from = byId.get(fromId);
	const into = byId.get(intoId);
	if (!from || !into) return err('issue_not_found');
	if (from.mergedInto && byId.has(from.mergedInto)) return err('already_merged');
	const target = rootOf(intoId, byId);
	if (target === fromId) return err('merge_cycle');
	const m = issuesMap(doc).get(fromId)!;
	const t = issuesMap(doc).get(target)!;
	doc.transact(() => {
		m.set('mergedInto', target);
		if (from.priority && t.get('priority') !== true) t.set('priority', true);
	});
	return ok(null);
}

/** Undo a merge: the issue is listed on its own again, with its own sources and notes. */
export function unmergeIssue(doc: Y.Doc, id: string): Result<null, IssueError> {
	const m = issuesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('issue_not_found');
	if (!str(m.get('mergedInto'))) return err('not_merged');
	m.set('mergedInto', '');
	return ok(null);
}

/** Mark (or unmark) a priority issue (重点). */
export function setIssuePriority(doc: Y.Doc, id: string, priority: boolean): Result<null, IssueError> {
	const m = issuesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('issue_not_found');
	if ((m.get('priority') === true) !== priority) m.set('priority', priority);
	return ok(null);
}

/** The priority issues (重点) as listed (none merged into another), in list order: the themes of the actions. */
export function priorityIssues(doc: Y.Doc): IssueView[] {
	return issueViews(doc).filter((v) => v.priority);
}

/**
 * Each stored issue's id → the id of the issue it is listed under (its own, unless merged into another),
 * so that what refers to a merged issue (an action) is counted and printed under the issue that shows it.
 */
export function issueRoots(doc: Y.Doc): Map<string, string> {
	const all = readIssues(doc);
	const byId = new Map(all.map((r) => [r.id, r]));
	return new Map(all.map((r) => [r.id, rootOf(r.id, byId)]));
}

/** The listed issue a board's theme was gathered into (following merges), or null if it was not gathered. */
export function issueOfTheme(doc: Y.Doc, workshopId: string, themeId: string): string | null {
	const record = readIssues(doc).find((r) => r.sources.some((s) => s.workshopId === workshopId && s.themeId === themeId));
	return record ? (issueRoots(doc).get(record.id) ?? record.id) : null;
}
