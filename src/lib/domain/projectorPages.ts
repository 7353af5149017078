/**
 * Pages of the projector (the action matrix, the vision): a projector cannot scroll, so what it shows is cut
 * into pieces whose heights are estimated from their text, and the pieces are packed greedily into pages that
 * fit the screen. Pure: the view measures the room and the text sizes. Text width: a full-width character
 * (漢字, かな) takes one em, a half-width one (Latin letters, digits, ASCII punctuation, half-width katakana)
 * 0.6 em, a line break starts a new line. Every page holds at least one piece, so the pages always advance.
 */

/** The pieces on one page: indices from (inclusive) to (exclusive). */
export type Slice = { from: number; to: number };

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

/** Heights split greedily into pages of `room`, `gap` between two pieces on a page: at least one per page. */
export function fitPages(heights: readonly number[], room: number, gap = 0): Slice[] {
	const pages: Slice[] = [];
	let from = 0;
	let used = 0;
	heights.forEach((h, i) => {
		const need = i === from ? h : used + gap + h;
		if (i > from && need > room) {
			pages.push({ from, to: i });
			from = i;
			used = h;
		} else used = need;
	});
	if (heights.length > 0) pages.push({ from, to: heights.length });
	return pages;
}

/** The page after `page` (after the last, the first) and before it (before the first, the last). */
export const nextPage = (page: number, count: number): number => (count <= 1 ? 0 : (page + 1) % count);
export const previousPage = (page: number, count: number): number => (count <= 1 ? 0 : (page - 1 + count) % count);
