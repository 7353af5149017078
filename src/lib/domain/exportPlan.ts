/**
 * The data a plan template (計画書の様式) is filled with: cover information, counts, the issues by
 * theme in priority order, the notes not yet in a theme, the same per table, and strengths versus
 * concerns. Pure: a board snapshot and the workshop's records in, plain data out.
 *
 * Privacy rules, enforced here and nowhere else:
 *  - hidden (moderated) notes are never exported, not even counted;
 *  - a note's author is its nickname only when the board shows names (名前を表示) and the note was
 *    written by a participant with a nickname; otherwise it is empty. Staff names never appear.
 */
import type { Note } from './board/note';
import type { Theme } from './board/themes';
import type { ExportBoard } from './board/exportBoard';
import { formatEraDate, formatEraFiscalPeriod, parseIsoDate, tokyoDate } from './eraDate';

export type PlanMeta = {
	councilName: string;
	districtName: string;
	planTitle: string;
	/** the plan's fiscal years, e.g. 2026-2030 */
	planPeriod: { start: number; end: number } | null;
	workshopTitle: string;
	/** "2026-12-05" as stored for the workshop */
	heldOn: string | null;
	place: string | null;
	/** people who joined the workshop on a phone; null when unknown */
	participantCount: number | null;
	/** ms since the epoch; the export date is its day in Japan */
	exportedAt: number;
};

/** Words the document needs that are not on the board (Japanese: the document is the council's). */
export type ExportLabels = {
	untitledTheme: string;
	/** the default label of a built-in kind id (custom kinds carry their own label) */
	kindLabel: (kindId: string) => string;
	/** an unnamed table, by its position (1-based) */
	tableName: (n: number) => string;
	/** 1 → "第1位" */
	rank: (n: number) => string;
};

export type NoteData = {
	text: string;
	/** the kind's label, e.g. 気になること */
	kind: string;
	/** nickname, or '' (see the privacy rules above) */
	author: string;
	hasAuthor: boolean;
	/** dots from a closed vote on notes, or '' */
	dots: string;
	hasDots: boolean;
	/** the theme's title, or '' when the note is in no theme */
	theme: string;
	/** the table's name when the workshop has several tables, else '' */
	table: string;
};

export type ThemeData = {
	/** "1" for the top priority after a vote; '' before */
	rank: string;
	/** "第1位", or '' */
	rankLabel: string;
	hasRank: boolean;
	/** dots the theme got in the vote, or '' */
	dots: string;
	title: string;
	catchphrase: string;
	hasCatchphrase: boolean;
	table: string;
	noteCount: number;
	notes: NoteData[];
};

export type TableData = {
	name: string;
	noteCount: number;
	themeCount: number;
	themes: ThemeData[];
	unthemed: NoteData[];
	hasUnthemed: boolean;
};

export type KindGroup = { label: string; count: number; notes: NoteData[] };

export type PlanDocData = {
	councilName: string;
	districtName: string;
	planTitle: string;
	/** "令和8年度〜令和12年度", or '' */
	planPeriod: string;
	workshopTitle: string;
	/** "令和8年12月5日", or '' */
	heldOn: string;
	place: string;
	/** the day of the export, "令和8年12月5日" */
	exportDate: string;
	noteCount: number;
	/** '' when unknown */
	participantCount: string;
	hasParticipantCount: boolean;
	themeCount: number;
	unthemedCount: number;
	hasThemes: boolean;
	/** some theme has a rank from a closed vote */
	hasVotes: boolean;
	hasUnthemed: boolean;
	/** the workshop has several tables */
	hasTables: boolean;
	hasStrengths: boolean;
	hasConcerns: boolean;
	hasNoteDots: boolean;
	/** all themes: ranked first (rank, then table order), then the others in board order */
	themes: ThemeData[];
	unthemed: NoteData[];
	tables: TableData[];
	/** notes of the built-in kind いいところ (strength) */
	strengths: NoteData[];
	/** notes of the built-in kind 気になること (concern) */
	concerns: NoteData[];
	/** every kind that has notes, in the board's kind order */
	kinds: KindGroup[];
};

export const STRENGTH_KIND = 'strength';
export const CONCERN_KIND = 'concern';

function eraDateOf(iso: string | null): string {
	const d = parseIsoDate(iso);
	return d ? formatEraDate(d) : '';
}

export function buildPlanData(board: ExportBoard, meta: PlanMeta, labels: ExportLabels): PlanDocData {
	const several = board.tables.length > 1;
	const tableIndex = new Map(board.tables.map((t, i) => [t.id, i]));
	const tableName = (id: string) => {
		if (!several) return '';
		const i = tableIndex.get(id);
		if (i === undefined) return '';
		return board.tables[i]!.name || labels.tableName(i + 1);
	};
	const themeById = new Map(board.themes.map((t) => [t.id, t]));
	const themeTitle = (t: Theme) => t.title.trim() || labels.untitledTheme;

	const visible = board.notes.filter((n) => !n.hidden);
	const noteData = (n: Note): NoteData => {
		const author = board.showNames && n.authorRole === 'participant' && n.nickname ? n.nickname : '';
		const dots = board.noteDots?.get(n.id);
		const theme = n.themeId ? themeById.get(n.themeId) : undefined;
		return {
			text: n.text,
			kind: board.kinds.get(n.kind)?.label || labels.kindLabel(n.kind),
			author,
			hasAuthor: author !== '',
			dots: dots === undefined ? '' : String(dots),
			hasDots: dots !== undefined,
			theme: theme ? themeTitle(theme) : '',
			table: tableName(n.tableId)
		};
	};

	const members = new Map<string, Note[]>();
	const unthemedNotes: Note[] = [];
	for (const n of visible) {
		// A note whose theme is gone (dissolved on another laptop) counts as not grouped.
		if (!n.themeId || !themeById.has(n.themeId)) {
			unthemedNotes.push(n);
			continue;
		}
		const list = members.get(n.themeId);
		if (list) list.push(n);
		else members.set(n.themeId, [n]);
	}

	const ordered = [...board.themes].sort(
		(a, b) =>
			(a.priority ?? Infinity) - (b.priority ?? Infinity) ||
			(tableIndex.get(a.tableId) ?? 0) - (tableIndex.get(b.tableId) ?? 0) ||
			a.createdAt - b.createdAt ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
	const themes: ThemeData[] = ordered.map((t) => {
		const notes = (members.get(t.id) ?? []).map(noteData);
		const ranked = t.priority !== null;
		return {
			rank: ranked ? String(t.priority) : '',
			rankLabel: ranked ? labels.rank(t.priority!) : '',
			hasRank: ranked,
			dots: ranked && t.votes !== null ? String(t.votes) : '',
			title: themeTitle(t),
			catchphrase: t.catchphrase,
			hasCatchphrase: t.catchphrase.trim() !== '',
			table: tableName(t.tableId),
			noteCount: notes.length,
			notes
		};
	});
	const themeDataById = new Map(ordered.map((t, i) => [t.id, themes[i]!]));
	const unthemed = unthemedNotes.map(noteData);

	const tables: TableData[] = board.tables.map((table) => {
		const tThemes = ordered.filter((t) => t.tableId === table.id).map((t) => themeDataById.get(t.id)!);
		// Notes on a table that no longer exists are shown with the first table.
		const onTable = (n: Note) => n.tableId === table.id || (table === board.tables[0] && !tableIndex.has(n.tableId));
		const tUnthemed = unthemedNotes.filter(onTable).map(noteData);
		return {
			name: several ? tableName(table.id) : '',
			noteCount: visible.filter(onTable).length,
			themeCount: tThemes.length,
			themes: tThemes,
			unthemed: tUnthemed,
			hasUnthemed: tUnthemed.length > 0
		};
	});

	const kindOrder = [...board.kinds.keys()];
	const kindIds = [...new Set(visible.map((n) => n.kind))].sort((a, b) => rankOf(kindOrder, a) - rankOf(kindOrder, b));
	const kinds: KindGroup[] = kindIds.map((id) => {
		const notes = visible.filter((n) => n.kind === id).map(noteData);
		return { label: board.kinds.get(id)?.label || labels.kindLabel(id), count: notes.length, notes };
	});
	const strengths = visible.filter((n) => n.kind === STRENGTH_KIND).map(noteData);
	const concerns = visible.filter((n) => n.kind === CONCERN_KIND).map(noteData);

	return {
		councilName: meta.councilName,
		districtName: meta.districtName,
		planTitle: meta.planTitle,
		planPeriod: meta.planPeriod ? formatEraFiscalPeriod(meta.planPeriod.start, meta.planPeriod.end) : '',
		workshopTitle: meta.workshopTitle,
		heldOn: eraDateOf(meta.heldOn),
		place: meta.place ?? '',
		exportDate: formatEraDate(tokyoDate(meta.exportedAt)),
		noteCount: visible.length,
		participantCount: meta.participantCount === null ? '' : String(meta.participantCount),
		hasParticipantCount: meta.participantCount !== null,
		themeCount: themes.length,
		unthemedCount: unthemed.length,
		hasThemes: themes.length > 0,
		hasVotes: themes.some((t) => t.hasRank),
		hasUnthemed: unthemed.length > 0,
		hasTables: several,
		hasStrengths: strengths.length > 0,
		hasConcerns: concerns.length > 0,
		hasNoteDots: board.noteDots !== null && visible.some((n) => board.noteDots!.has(n.id)),
		themes,
		unthemed,
		tables,
		strengths,
		concerns,
		kinds
	};
}

function rankOf(order: string[], id: string): number {
	const i = order.indexOf(id);
	return i === -1 ? order.length : i;
}
