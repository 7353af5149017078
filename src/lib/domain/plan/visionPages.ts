/**
 * Pages of the projector's vision (将来像 in large type): a projector cannot scroll, so the statements and
 * the explanation are cut into units (one statement, heading, paragraph or list item each) and the units
 * into pages that fit the screen. Pure: the view measures the room (width, height, text sizes) and this
 * module estimates each unit's height from its text with projectorPages.ts's textLines (full-width characters
 * one em, half-width 0.6 em). Every page holds at least one unit, so the pages always advance.
 */
import { fitPages, textLines, type Slice } from '../projectorPages';
import type { ProjectedStatement } from './visionProjector';
import type { Run, VisionBlock } from './vision';

export type VisionUnit =
	| { kind: 'statement'; n: number; id: string; text: string; candidate: boolean }
	| { kind: 'heading'; level: 2 | 3; text: string }
	| { kind: 'paragraph'; runs: Run[] }
	/** one item of a list: `list` counts the lists, so items of one list stay together when drawn; `n` its number (1-based) */
	| { kind: 'item'; list: number; ordered: boolean; n: number; level: number; runs: Run[] };

/** The units in reading order: the statements shown (the adopted ones once any are, else the candidates), then the blocks. */
export function visionUnits(statements: readonly ProjectedStatement[], blocks: readonly VisionBlock[]): VisionUnit[] {
	const adopted = statements.filter((s) => s.status === 'adopted');
	const shown = adopted.length > 0 ? adopted : statements;
	const units: VisionUnit[] = shown.map((s, i) => ({ kind: 'statement', n: i + 1, id: s.id, text: s.text, candidate: s.status !== 'adopted' }));
	blocks.forEach((b, list) => {
		if (b.type === 'heading') units.push({ kind: 'heading', level: b.level, text: b.text });
		else if (b.type === 'paragraph') units.push({ kind: 'paragraph', runs: b.runs });
		else b.items.forEach((runs, i) => units.push({ kind: 'item', list, ordered: b.type === 'ordered', n: i + 1, level: b.levels?.[i] ?? 0, runs }));
	});
	return units;
}

/** What the view measured, px. */
export type VisionLayout = {
	/** width of the text column */
	widthPx: number;
	/** height the units of one page may use */
	heightPx: number;
	/** text size and line height (multiple) of a statement */
	statementPx: number;
	statementLineHeight: number;
	/** text size and line height of the explanation */
	draftPx: number;
	draftLineHeight: number;
	/** a list's (and the statements') indent, in em of its own text */
	indentEm: number;
	/** space above and below a unit, in em of its own text (margins do not collapse in the estimate) */
	marginEm: number;
};

const textOfRuns = (runs: readonly Run[]) => runs.map((r) => r.text).join('');

/** A unit's estimated height in px. */
export function unitHeight(u: VisionUnit, l: VisionLayout): number {
	let px = l.draftPx;
	let lh = l.draftLineHeight;
	let indent = 0;
	let text: string;
	switch (u.kind) {
		case 'statement':
			px = l.statementPx;
			lh = l.statementLineHeight;
			indent = l.indentEm;
			text = u.candidate ? `${u.text}（候補）` : u.text;
			break;
		case 'heading':
			px = l.draftPx * (u.level === 3 ? 1.12 : 1.3);
			lh = 1.45;
			text = u.text;
			break;
		case 'paragraph':
			text = textOfRuns(u.runs);
			break;
		case 'item':
			indent = l.indentEm * (u.level + 1);
			text = textOfRuns(u.runs);
			break;
	}
	const lineEm = l.widthPx / px - indent;
	return textLines(text, lineEm) * px * lh + 2 * l.marginEm * px;
}

/** The vision's pages on the projector (one empty page when there is nothing). */
export function visionPages(units: readonly VisionUnit[], layout: VisionLayout): Slice[] {
	const pages = fitPages(units.map((u) => unitHeight(u, layout)), layout.heightPx);
	return pages.length > 0 ? pages : [{ from: 0, to: 0 }];
}

/** A page's units grouped for drawing: the statements together, each list's items together, other units alone. */
export type UnitGroup =
	| { kind: 'statements'; units: Extract<VisionUnit, { kind: 'statement' }>[] }
	| { kind: 'list'; ordered: boolean; units: Extract<VisionUnit, { kind: 'item' }>[] }
	| { kind: 'block'; unit: Extract<VisionUnit, { kind: 'heading' | 'paragraph' }> };

export function groupUnits(units: readonly VisionUnit[]): UnitGroup[] {
	const groups: UnitGroup[] = [];
	for (const u of units) {
		const last = groups[groups.length - 1];
		if (u.kind === 'statement') {
			if (last?.kind === 'statements') last.units.push(u);
			else groups.push({ kind: 'statements', units: [u] });
		} else if (u.kind === 'item') {
			if (last?.kind === 'list' && last.units[0]!.list === u.list) last.units.push(u);
			else groups.push({ kind: 'list', ordered: u.ordered, units: [u] });
		} else groups.push({ kind: 'block', unit: u });
	}
	return groups;
}
