/**
 * 将来像 (the district's future vision) in the plan document: the explanation as rich text and the
 * めざす地区の将来像 statements. Pure: no IO.
 *
 * ## The explanation: `vision` (Y.XmlFragment, tiptap's Collaboration field)
 * Written by the vision page's editor (@tiptap/core + StarterKit with everything but the nodes and
 * marks below turned off). The schema is deliberately small, because the Word export maps each block
 * onto one of the template's paragraph styles:
 *   doc         block+
 *   paragraph   inline*                     -> { type: 'paragraph', runs }
 *   heading     inline*, attr level 2 | 3   -> { type: 'heading', level, text }
 *   bulletList  listItem+                   -> { type: 'bullet', items }
 *   orderedList listItem+                   -> { type: 'ordered', items }
 *   listItem    paragraph block*            (a nested list's items follow their parent item in the list, in
 *                                            order, with their depth in `levels`: 0 outermost)
 *   text        marks: bold only            -> runs [{ text, bold }]
 * Anything else a newer or foreign client stored is read as its text (an unknown block as a paragraph).
 *
 * ## The statements: `visionStatements` (Y.Map<id, StatementRecord>)
 * 2-5 short sentences (each ≤ 60 characters) drafted as candidates; the adopted ones are the plan's
 * 将来像. One plain value per statement (a record with a version, ../records.ts): an edit replaces it.
 *   { v: 1, text, status: 'candidate' | 'adopted', order, themeRef: { workshopId, themeId } | null }
 * `themeRef` is the theme made for it on a workshop's board when it was put to a dot vote.
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { checkText, type TextError } from '../text';
import { readRecord, type RawRecord, type RecordType } from '../records';
import { isSafeKey } from '../ids';

export const VISION_FRAGMENT = 'vision';
export const STATEMENTS_MAP = 'visionStatements';

/** A statement is one short sentence. */
export const STATEMENT_TEXT_MAX = 60;
/** How many statements may be drafted (candidates and adopted together). */
export const MAX_STATEMENTS = 10;
/** The plan's 将来像 has 2-5 adopted statements. */
export const MIN_ADOPTED = 2;
export const MAX_ADOPTED = 5;

// ---------------------------------------------------------------------------------------------
// The explanation: fragment -> plain blocks

export type Run = { text: string; bold: boolean };
export type VisionBlock =
	| { type: 'heading'; level: 2 | 3; text: string }
	| { type: 'paragraph'; runs: Run[] }
	| { type: 'bullet' | 'ordered'; items: Run[][]; levels?: number[] };

/** The deepest list level kept (Word's lists have 9 levels, 0-8); deeper items are shown at this level. */
export const MAX_LIST_LEVEL = 8;

export function visionFragment(doc: Y.Doc): Y.XmlFragment {
	return doc.getXmlFragment(VISION_FRAGMENT);
}

type DeltaOp = { insert?: unknown; attributes?: Record<string, unknown> };

/** The runs of an inline container (its text children), with adjacent runs of one style merged. */
function runsOf(el: Y.XmlElement | Y.XmlFragment): Run[] {
	const runs: Run[] = [];
	const push = (text: string, bold: boolean) => {
		if (!text) return;
		const last = runs[runs.length - 1];
		if (last && last.bold === bold) last.text += text;
		else runs.push({ text, bold });
	};
	for (const child of el.toArray()) {
		if (child instanceof Y.XmlText) {
			for (const op of child.toDelta() as DeltaOp[]) {
				if (typeof op.insert === 'string') push(op.insert, op.attributes?.bold !== undefined && op.attributes.bold !== null);
			}
		} else if (child instanceof Y.XmlElement) {
			// an inline node this schema does not have (e.g. hardBreak from another client): its text, or a line break
			const inner = runsOf(child);
			if (inner.length === 0 && child.nodeName === 'hardBreak') push('\n', false);
			for (const r of inner) push(r.text, r.bold);
		}
	}
	return runs;
}

const textOf = (runs: Run[]) => runs.map((r) => r.text).join('');

type ListItem = { runs: Run[]; level: number };

/** The items of a list element: each listItem's paragraphs joined; a nested list's items after it, one level deeper. */
function listItems(list: Y.XmlElement, level = 0): ListItem[] {
	const items: ListItem[] = [];
	for (const li of list.toArray()) {
		if (!(li instanceof Y.XmlElement)) continue;
		const own: Run[] = [];
		const nested: ListItem[] = [];
		for (const part of li.toArray()) {
			if (!(part instanceof Y.XmlElement)) continue;
			if (part.nodeName === 'bulletList' || part.nodeName === 'orderedList') nested.push(...listItems(part, Math.min(level + 1, MAX_LIST_LEVEL)));
			else {
				if (own.length > 0) own.push({ text: '\n', bold: false });
				own.push(...runsOf(part));
			}
		}
		items.push({ runs: own, level }, ...nested);
	}
	return items;
}

/** The explanation as plain blocks, in order (what the Word export and the projector read). Empty paragraphs are left out. */
export function readVisionBlocks(doc: Y.Doc): VisionBlock[] {
	const out: VisionBlock[] = [];
	for (const node of visionFragment(doc).toArray()) {
		if (!(node instanceof Y.XmlElement)) continue;
		switch (node.nodeName) {
			case 'heading': {
				const level = Number(node.getAttribute('level')) === 3 ? 3 : 2;
				const text = textOf(runsOf(node));
				if (text.trim()) out.push({ type: 'heading', level, text });
				break;
			}
			case 'bulletList':
			case 'orderedList': {
				const items = listItems(node).filter((i) => textOf(i.runs).trim() !== '');
				const type = node.nodeName === 'bulletList' ? 'bullet' : 'ordered';
				// levels only when a list is nested, so flat lists read as before
				if (items.some((i) => i.level > 0)) out.push({ type, items: items.map((i) => i.runs), levels: items.map((i) => i.level) });
				else if (items.length > 0) out.push({ type, items: items.map((i) => i.runs) });
				break;
			}
			default: {
				const runs = runsOf(node);
				if (textOf(runs).trim()) out.push({ type: 'paragraph', runs });
			}
		}
	}
	return out;
}

/** The blocks as plain text (phones' read-only view): one line per paragraph, heading and item. */
export function visionPlainText(blocks: readonly VisionBlock[]): string {
	const lines: string[] = [];
	for (const b of blocks) {
		if (b.type === 'heading') lines.push(`【${b.text}】`);
		else if (b.type === 'paragraph') lines.push(textOf(b.runs));
		else b.items.forEach((item, i) => lines.push(`${b.type === 'bullet' ? '・' : `${i + 1}. `}${textOf(item)}`));
	}
	return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The statements

export type StatementStatus = 'candidate' | 'adopted';
export type ThemeRef = { workshopId: string; themeId: string };
export type Statement = { id: string; text: string; status: StatementStatus; order: number; themeRef: ThemeRef | null };

export const STATEMENT_VERSION = 1;

const plainObject = (v: unknown): Record<string, unknown> | null =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Y.AbstractType) ? (v as Record<string, unknown>) : null;

function themeRefOf(v: unknown): ThemeRef | null {
	const o = plainObject(v);
	if (!o || typeof o.workshopId !== 'string' || typeof o.themeId !== 'string') return null;
	return isSafeKey(o.workshopId) && isSafeKey(o.themeId) ? { workshopId: o.workshopId, themeId: o.themeId } : null;
}

/** The statement record (`parse` leaves `id` empty: the id is its key in the map). */
export const STATEMENT_RECORD: RecordType<Statement> = {
	name: 'visionStatement',
	version: STATEMENT_VERSION,
	versionOf: (raw) => (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1),
	migrations: {},
	parse: (raw) => ({
		id: '',
		text: typeof raw.text === 'string' ? raw.text : '',
		status: raw.status === 'adopted' ? 'adopted' : 'candidate',
		order: typeof raw.order === 'number' && Number.isFinite(raw.order) ? raw.order : 0,
		themeRef: themeRefOf(raw.themeRef)
	})
};

export function statementsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(STATEMENTS_MAP);
}

/** Every statement, in their order (then by id, so every replica lists them alike). */
export function readStatements(doc: Y.Doc): Statement[] {
	const out: Statement[] = [];
	statementsMap(doc).forEach((v, id) => {
		const raw = plainObject(v);
		if (!raw) return;
		const s = readRecord(STATEMENT_RECORD, raw as RawRecord);
		s.id = id;
		out.push(s);
	});
	return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** The plan's 将来像: the adopted statements' texts, in order (the plan page and the export read this). */
export function adoptedStatements(doc: Y.Doc): string[] {
	return readStatements(doc)
		.filter((s) => s.status === 'adopted')
		.map((s) => s.text);
}

export type StatementError = TextError | 'bad_id' | 'exists' | 'not_found' | 'too_many' | 'too_many_adopted';

function write(doc: Y.Doc, s: Statement): void {
	const rec: Record<string, unknown> = { v: STATEMENT_VERSION, text: s.text, status: s.status, order: s.order, themeRef: s.themeRef };
	statementsMap(doc).set(s.id, rec);
}

function find(doc: Y.Doc, id: string): Statement | null {
	return readStatements(doc).find((s) => s.id === id) ?? null;
}

/** A new candidate statement, last in the order. */
export function addStatement(doc: Y.Doc, input: { id: string; text: string }): Result<Statement, StatementError> {
	if (!isSafeKey(input.id)) return err('bad_id');
	const text = checkText(input.text, STATEMENT_TEXT_MAX);
	if (!text.ok) return err(text.error);
	const all = readStatements(doc);
	if (statementsMap(doc).has(input.id)) return err('exists');
	if (all.length >= MAX_STATEMENTS) return err('too_many');
	const s: Statement = { id: input.id, text: text.text, status: 'candidate', order: (all[all.length - 1]?.order ?? 0) + 1, themeRef: null };
	write(doc, s);
	return ok(s);
}

export function editStatement(doc: Y.Doc, id: string, rawText: string): Result<Statement, StatementError> {
	const s = find(doc, id);
	if (!s) return err('not_found');
	const text = checkText(rawText, STATEMENT_TEXT_MAX);
	if (!text.ok) return err(text.error);
	if (text.text === s.text) return ok(s);
	const next = { ...s, text: text.text };
	write(doc, next);
	return ok(next);
}

export function removeStatement(doc: Y.Doc, id: string): Result<null, StatementError> {
	if (!statementsMap(doc).has(id)) return err('not_found');
	statementsMap(doc).delete(id);
	return ok(null);
}

/** Move a statement one place up (-1) or down (+1): the list is renumbered 1..n with the two swapped. */
export function moveStatement(doc: Y.Doc, id: string, by: -1 | 1): Result<null, StatementError> {
	const all = readStatements(doc);
	const i = all.findIndex((s) => s.id === id);
	if (i < 0) return err('not_found');
	const j = i + by;
	if (j < 0 || j >= all.length) return ok(null);
	[all[i], all[j]] = [all[j]!, all[i]!];
	doc.transact(() => {
		all.forEach((s, k) => {
			if (s.order !== k + 1) write(doc, { ...s, order: k + 1 });
		});
	});
	return ok(null);
}

export function setStatementStatus(doc: Y.Doc, id: string, status: StatementStatus): Result<Statement, StatementError> {
	const s = find(doc, id);
	if (!s) return err('not_found');
	if (s.status === status) return ok(s);
	if (status === 'adopted' && readStatements(doc).filter((x) => x.status === 'adopted').length >= MAX_ADOPTED) return err('too_many_adopted');
	const next = { ...s, status };
	write(doc, next);
	return ok(next);
}

export function linkStatementTheme(doc: Y.Doc, id: string, ref: ThemeRef | null): Result<Statement, StatementError> {
	const s = find(doc, id);
	if (!s) return err('not_found');
	if (ref && !(isSafeKey(ref.workshopId) && isSafeKey(ref.themeId))) return err('bad_id');
	const next = { ...s, themeRef: ref };
	write(doc, next);
	return ok(next);
}

/**
 * 「上位N つを採用」: adopt the `n` statements with the most votes (`votes`: statement id -> dots;
 * ties keep the statements' order; statements without votes are never adopted), the others become
 * candidates. Returns the adopted ids, best first.
 */
export function adoptTop(doc: Y.Doc, votes: ReadonlyMap<string, number>, n: number): Result<string[], StatementError> {
	const count = Math.min(MAX_ADOPTED, Math.max(0, Math.floor(n)));
	const all = readStatements(doc);
	const ranked = all
		.map((s, i) => ({ s, i, votes: votes.get(s.id) ?? 0 }))
		.filter((r) => r.votes > 0)
		.sort((a, b) => b.votes - a.votes || a.i - b.i)
		.slice(0, count)
		.map((r) => r.s.id);
	const top = new Set(ranked);
	doc.transact(() => {
		for (const s of all) {
			const status: StatementStatus = top.has(s.id) ? 'adopted' : 'candidate';
			if (s.status !== status) write(doc, { ...s, status });
		}
	});
	return ok(ranked);
}

/** Whether the plan's 将来像 is complete: 2-5 adopted statements. */
export function visionReady(doc: Y.Doc): boolean {
	const n = adoptedStatements(doc).length;
	return n >= MIN_ADOPTED && n <= MAX_ADOPTED;
}
