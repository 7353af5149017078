/**
 * Pages of the projector's action matrix (取り組みを考える): the ideas of each actor column of the current theme,
 * in large type, split into pages that fit the column instead of being clipped or shrunk. Pure: the page
 * measures the column (its list's width and height and the text size) and this module estimates each idea's
 * height from its text (projectorPages.ts's textLines) and packs them with its fitPages. Every page holds at
 * least one idea of a column that has any left, so the pages always advance. Page p of the matrix shows page p
 * of every column; a column with fewer pages shows nothing more on the later ones.
 */
import { fitPages, textLines, type Slice } from '../projectorPages';

/** The measured list of a column: what one page of ideas may use. */
export type MatrixLayout = {
	/** width of an idea's text line, px */
	lineWidthPx: number;
	/** height of the list, px */
	heightPx: number;
	/** text size of an idea, px */
	fontPx: number;
	/** line height as a multiple of the text size */
	lineHeight: number;
	/** an idea's own padding and border, top and bottom together, px */
	itemChromePx: number;
	/** space between two ideas, px */
	gapPx: number;
	/** the list's own padding, top and bottom together, px */
	listPaddingPx: number;
};

/** The pages of the matrix: how many, and for each column its slice on each page. */
export type MatrixPaging = { count: number; columns: Slice[][] };

/** An idea's height in px on the projector. */
export function ideaHeight(text: string, layout: MatrixLayout): number {
	const lineEm = layout.lineWidthPx / layout.fontPx;
	return textLines(text, lineEm) * layout.fontPx * layout.lineHeight + layout.itemChromePx;
}

/** One column's ideas split into pages that fit its list; at least one idea per page. */
export function columnPages(texts: readonly string[], layout: MatrixLayout): Slice[] {
	return fitPages(texts.map((t) => ideaHeight(t, layout)), layout.heightPx - layout.listPaddingPx, layout.gapPx);
}

/** The matrix's pages: page p shows page p of every column (empty where a column has no more). */
export function matrixPages(columns: readonly (readonly string[])[], layout: MatrixLayout): MatrixPaging {
	const perColumn = columns.map((texts) => columnPages(texts, layout));
	const count = Math.max(1, ...perColumn.map((p) => p.length));
	return {
		count,
		columns: perColumn.map((pages, c) => Array.from({ length: count }, (_, p) => pages[p] ?? { from: columns[c]!.length, to: columns[c]!.length }))
	};
}
