/**
 * WordprocessingML fragments for the parts of the plan document a template cannot express with text
 * tags: the vision's rich text (real Word headings, lists and bold runs) and the year schedule table
 * (one column per fiscal year, as many as the plan has). docxtemplater puts them in place of a
 * paragraph holding only `{@visionXml}` / `{@scheduleXml}`.
 *
 * They use the template's own styles by id: Heading1-3, KyosoListBullet and KyosoListNumber (list
 * paragraph styles carrying their numbering; the built-in template defines them). A council template
 * without these styles still opens: Word shows such paragraphs in the Normal style. Pure.
 *
 * Lists: every ordered list gets its own numbering instance, so that each starts at 1 (Word would
 * continue one numbering through all paragraphs of the style). Its paragraphs carry a placeholder
 * numId (`listNumId`) that `docxNumbering.ts` replaces after rendering, when the template's numbering
 * is known. A nested item keeps its level (w:ilvl) and is indented one step per level.
 */
import { formatEraFiscalYear } from '../eraDate';
import type { SnapshotAction, VisionBlock } from './planSnapshot';
import { stageIn } from './planSnapshot';

export const STYLE_IDS = { bullet: 'KyosoListBullet', ordered: 'KyosoListNumber', heading: (level: number) => `Heading${level}` } as const;

/** Text for XML: & < > " escaped, characters XML 1.0 forbids removed. */
export function xmlText(s: string): string {
	// eslint-disable-next-line no-control-regex
	return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const run = (text: string, bold = false) => `<w:r>${bold ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
const para = (style: string | null, runs: string, extraPPr = '') =>
	`<w:p><w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${extraPPr}</w:pPr>${runs}</w:p>`;

/**
 * The placeholder numIds of generated list paragraphs: `kyoso-ordered-<n>` for the n-th ordered list
 * (each its own instance, restarting at 1), `kyoso-bullet` for nested bullet items (the bullet
 * style's own numbering). Not valid Word until docxNumbering.ts has replaced them.
 */
export const listNumId = { ordered: (n: number) => `kyoso-ordered-${n}`, bullet: 'kyoso-bullet' } as const;

/** One step of list indentation (twentieths of a point), as the built-in list styles indent. */
const LIST_INDENT = 420;

const listPPr = (numId: string, level: number) =>
	`<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>` + (level > 0 ? `<w:ind w:left="${LIST_INDENT * (level + 1)}" w:hanging="${LIST_INDENT}"/>` : '');

/** The vision's explanation as Word paragraphs (an empty explanation gives one empty paragraph). */
export function visionXml(blocks: readonly VisionBlock[]): string {
	const out: string[] = [];
	let ordered = 0;
	for (const b of blocks) {
		if (b.type === 'heading') out.push(para(STYLE_IDS.heading(b.level), run(b.text)));
		else if (b.type === 'paragraph') out.push(para(null, b.runs.map((r) => run(r.text, r.bold)).join('')));
		else if (b.type === 'ordered') {
			const numId = listNumId.ordered(++ordered);
			b.items.forEach((item, i) => out.push(para(STYLE_IDS.ordered, run(item), listPPr(numId, b.levels?.[i] ?? 0))));
		} else
			b.items.forEach((item, i) => {
				const level = b.levels?.[i] ?? 0;
				// a top-level bullet takes its numbering from the style; a nested one names its level
				out.push(para(STYLE_IDS.bullet, run(item), level > 0 ? listPPr(listNumId.bullet, level) : ''));
			});
	}
	return out.length > 0 ? out.join('') : '<w:p/>';
}

/** A4 with 25 mm side margins: the width tables span, in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1418;

const BORDER = '<w:top w:val="single" w:sz="4" w:color="808080"/><w:left w:val="single" w:sz="4" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:color="808080"/><w:right w:val="single" w:sz="4" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:color="808080"/>';

/** A table cell of `width` fiftieths of a percent. */
const cell = (text: string, width: number, opts: { header?: boolean; center?: boolean } = {}) =>
	`<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="pct"/>${opts.header ? '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/>' : ''}</w:tcPr>` +
	para(null, run(text, opts.header), opts.center ? '<w:jc w:val="center"/>' : '') +
	'</w:tc>';

/** Rows never split across pages; the header row repeats on each page. */
const row = (cells: string, header = false) => `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>${cells}</w:tr>`;

/**
 * The year schedule of a theme's actions: 取り組み | 担い手 | one column per fiscal year (検討・準備・
 * 実施・継続・拡充). Widths in fiftieths of a percent (5000 = the full width).
 */
export function scheduleXml(actions: readonly SnapshotAction[], years: readonly number[]): string {
	const titleW = 1700;
	const whoW = 1000;
	const yearW = Math.floor((5000 - titleW - whoW) / Math.max(1, years.length));
	const head = row(
		cell('取り組み', titleW, { header: true }) + cell('担い手', whoW, { header: true }) + years.map((y) => cell(formatEraFiscalYear(y), yearW, { header: true, center: true })).join(''),
		true
	);
	const body = actions.map((a) => row(cell(a.title, titleW) + cell(a.responsible, whoW) + years.map((y) => cell(stageIn(a, y), yearW, { center: true })).join('')));
	return (
		`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>${BORDER}</w:tblBorders><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>` +
		`<w:tblGrid>${[titleW, whoW, ...years.map(() => yearW)].map((w) => `<w:gridCol w:w="${Math.round((w * TEXT_WIDTH_TWIPS) / 5000)}"/>`).join('')}</w:tblGrid>${head}${body.join('')}</w:tbl>` +
		// a table may not end a cell or the document: Word wants a paragraph after it
		'<w:p/>'
	);
}
