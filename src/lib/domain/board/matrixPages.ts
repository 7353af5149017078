/**
 * Pages of the projector's action matrix (取り組みを考える): the ideas of each actor column of the current theme,
 * in large type, split into pages that fit the column instead of being clipped or shrunk. Pure: the page
 * measures the column (its list's width and height and the text size) and this module estimates each idea's
 * height from its text: a full-width character (漢字, かな) takes one em, a half-width one (Latin letters,
 * digits, ASCII punctuation, half-width katakana) 0.6 em, a line break starts a new line. Every page holds at
 * least one idea of a column that has any left, so the pages always advance. Page p of the matrix shows page p
 * of every column; a column with fewer pages shows nothing more on the later ones.
 */

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

/** A column's ideas on one page: indices from (inclusive) to (exclusive). */
export type Slice = { from: number; to: number };

/** The pages of the matrix: how many, and for each column its slice on each page. */
export type MatrixPaging = { count: number; columns: Slice[][] };

/** The width of a character in em: half-width ones 0.6, everything else (CJK, full-width, emoji) one. */
function charEm(ch: string): number {
	const c = ch.codePointAt(0) ?? 0;
	if (c <= 0x7e) return 0.6;
	if (c >= 0xff61 && c <= 0xff9f) return 0.6; // half-width katakana
	return 1;
}

/**
 * How many lines a text takes in a line `lineEm` em wide. A line that breaks mid-way (overflow-wrap,
 * Japanese line-breaking rules moving a 「。」 or 「」」 to the next line) can waste up to one character:
 * each line is counted as one em shorter than it is.
 */
export function textLines(text: string, lineEm: number): number {
	const usable = Math.max(1, lineEm - 1);
	let lines = 0;
	for (const para of text.split('\n')) {
		let width = 0;
		let n = 1;
		for (const ch of para) {
			const w = charEm(ch);
			if (width + w > usable && width > 0) {
				n++;
				width = 0;
			}
			width += w;
		}
		lines += n;
	}
	return lines;
}

/** An idea's height in px on the projector. */
export function ideaHeight(text: string, layout: MatrixLayout): number {
	const lineEm = layout.lineWidthPx / layout.fontPx;
	return textLines(text, lineEm) * layout.fontPx * layout.lineHeight + layout.itemChromePx;
}

/** One column's ideas split into pages that fit its list; at least one idea per page. */
export function columnPages(texts: readonly string[], layout: MatrixLayout): Slice[] {
	const room = layout.heightPx - layout.listPaddingPx;
	const pages: Slice[] = [];
	let from = 0;
	let used = 0;
	texts.forEach((t, i) => {
		const h = ideaHeight(t, layout);
		const need = i === from ? h : used + layout.gapPx + h;
		if (i > from && need > room) {
			pages.push({ from, to: i });
			from = i;
			used = h;
		} else used = need;
	});
	if (texts.length > 0) pages.push({ from, to: texts.length });
	return pages;
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

/** The page after `page` (after the last, the first) and before it (before the first, the last). */
export const nextPage = (page: number, count: number): number => (count <= 1 ? 0 : (page + 1) % count);
export const previousPage = (page: number, count: number): number => (count <= 1 ? 0 : (page - 1 + count) % count);
