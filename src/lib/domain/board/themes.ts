/**
 * Themes (テーマ): groups of notes made by affinity grouping (KJ法), each with a title and a
 * catch-phrase (キャッチコピー), and after a dot vote a priority. Pure functions over the Y.Doc.
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { checkText } from '../text';
import { notesMap } from './note';

export const THEME_TITLE_MAX = 40;
export const CATCHPHRASE_MAX = 60;

export type Theme = {
	id: string;
	title: string;
	catchphrase: string;
	tableId: string;
	x: number;
	y: number;
	createdAt: number;
	/** 1 = highest, set when a vote on themes closes; null before */
	priority: number | null;
	votes: number | null;
};

export type ThemeError = 'theme_not_found' | 'theme_exists' | 'text_empty' | 'text_too_long' | 'text_control_chars' | 'same_theme';

export function themesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('themes');
}

function n(v: unknown, fallback = 0): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function themeFromMap(id: string, m: Y.Map<unknown>): Theme {
	const s = (k: string) => (typeof m.get(k) === 'string' ? (m.get(k) as string) : '');
	const priority = m.get('priority');
	const votes = m.get('votes');
	return {
		id,
		title: s('title'),
		catchphrase: s('catchphrase'),
		tableId: s('tableId') || 'main',
		x: n(m.get('x')),
		y: n(m.get('y')),
		createdAt: n(m.get('createdAt')),
		priority: typeof priority === 'number' ? priority : null,
		votes: typeof votes === 'number' ? votes : null
	};
}

export function readThemes(doc: Y.Doc): Theme[] {
	const out: Theme[] = [];
	themesMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) out.push(themeFromMap(id, m));
	});
	return out.sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function getTheme(doc: Y.Doc, id: string): Theme | null {
	const m = themesMap(doc).get(id);
	return m instanceof Y.Map ? themeFromMap(id, m) : null;
}

function checkedTitle(raw: string, max: number, allowEmpty: boolean): Result<string, ThemeError> {
	if (allowEmpty && raw.trim() === '') return ok('');
	const t = checkText(raw, max);
	if (!t.ok) return err(t.error);
	return ok(t.text.replace(/\n/g, ' '));
}

/** A new theme, optionally taking notes into it at once. */
export function createTheme(
	doc: Y.Doc,
	input: { id: string; title: string; tableId?: string; x: number; y: number; now: number; noteIds?: string[] }
): Result<Theme, ThemeError> {
	if (themesMap(doc).has(input.id)) return err('theme_exists');
	const title = checkedTitle(input.title, THEME_TITLE_MAX, true);
	if (!title.ok) return title;
	const m = new Y.Map<unknown>();
	doc.transact(() => {
		m.set('title', title.value);
		m.set('catchphrase', '');
		m.set('tableId', input.tableId ?? 'main');
		m.set('x', Math.round(input.x));
		m.set('y', Math.round(input.y));
		m.set('createdAt', input.now);
		themesMap(doc).set(input.id, m);
		if (input.noteIds) assignNotes(doc, input.noteIds, input.id);
	});
	return ok(themeFromMap(input.id, m));
}

export function renameTheme(doc: Y.Doc, id: string, patch: { title?: string; catchphrase?: string }): Result<Theme, ThemeError> {
	const m = themesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('theme_not_found');
	const title = patch.title === undefined ? null : checkedTitle(patch.title, THEME_TITLE_MAX, true);
	if (title && !title.ok) return title;
	const catchphrase = patch.catchphrase === undefined ? null : checkedTitle(patch.catchphrase, CATCHPHRASE_MAX, true);
	if (catchphrase && !catchphrase.ok) return catchphrase;
	doc.transact(() => {
		if (title && m.get('title') !== title.value) m.set('title', title.value);
		if (catchphrase && m.get('catchphrase') !== catchphrase.value) m.set('catchphrase', catchphrase.value);
	});
	return ok(themeFromMap(id, m));
}

export function moveTheme(doc: Y.Doc, id: string, x: number, y: number): Result<null, ThemeError> {
	const m = themesMap(doc).get(id);
	if (!(m instanceof Y.Map)) return err('theme_not_found');
	doc.transact(() => {
		m.set('x', Math.round(x));
		m.set('y', Math.round(y));
	});
	return ok(null);
}

/** Put notes into a theme (or take them out with null). Unknown note ids are skipped. */
export function assignNotes(doc: Y.Doc, noteIds: string[], themeId: string | null): Result<number, ThemeError> {
	if (themeId !== null && !themesMap(doc).has(themeId)) return err('theme_not_found');
	let moved = 0;
	doc.transact(() => {
		for (const id of noteIds) {
			const note = notesMap(doc).get(id);
			if (!(note instanceof Y.Map)) continue;
			const current = note.get('themeId') ?? null;
			if (current === (themeId ?? '') || (current === null && themeId === null)) continue;
			if (themeId === null) note.delete('themeId');
			else note.set('themeId', themeId);
			moved++;
		}
	});
	return ok(moved);
}

/** Notes of `fromId` join `intoId`; `fromId` is removed. The surviving theme keeps its title. */
export function mergeThemes(doc: Y.Doc, fromId: string, intoId: string): Result<null, ThemeError> {
	if (fromId === intoId) return err('same_theme');
	const themes = themesMap(doc);
	if (!themes.has(fromId) || !themes.has(intoId)) return err('theme_not_found');
	doc.transact(() => {
		notesMap(doc).forEach((note) => {
			if (note instanceof Y.Map && note.get('themeId') === fromId) note.set('themeId', intoId);
		});
		themes.delete(fromId);
	});
	return ok(null);
}

/** The theme goes; its notes stay on the board, ungrouped. */
export function dissolveTheme(doc: Y.Doc, id: string): Result<null, ThemeError> {
	const themes = themesMap(doc);
	if (!themes.has(id)) return err('theme_not_found');
	doc.transact(() => {
		notesMap(doc).forEach((note) => {
			if (note instanceof Y.Map && note.get('themeId') === id) note.delete('themeId');
		});
		themes.delete(id);
	});
	return ok(null);
}

/**
 * Store a ranking (from a closed vote): priority 1.. in the given order, with vote counts.
 * Only the themes of `tableId` (all themes when null), and of `only` when given, lose their previous ranking.
 */
export function setThemeRanking(doc: Y.Doc, ranking: { id: string; votes: number }[], tableId: string | null = null, only: readonly string[] | null = null): void {
	const limited = only ? new Set(only) : null;
	doc.transact(() => {
		const themes = themesMap(doc);
		themes.forEach((m, id) => {
			if (m instanceof Y.Map && (tableId === null || (m.get('tableId') || 'main') === tableId) && (limited === null || limited.has(id))) {
				m.delete('priority');
				m.delete('votes');
			}
		});
		ranking.forEach((r, i) => {
			const m = themes.get(r.id);
			if (!(m instanceof Y.Map)) return;
			m.set('priority', i + 1);
			m.set('votes', r.votes);
		});
	});
}
