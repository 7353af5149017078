/**
 * The building blocks of the built-in Word templates, shared by makeDefaultTemplate.ts (ワークショップの
 * まとめ), makePlanTemplate.ts (計画書) and makeReviewTemplate.ts (評価シート): paragraphs holding text
 * and docxtemplater tags, a table whose second row repeats per list item, the Japanese fonts, and the
 * finishing of the package (font table, fixed times so that regenerating without changes gives the
 * same bytes) and its output as a base64 module the server imports.
 */
import fs from 'node:fs';
import PizZip from 'pizzip';
import { AlignmentType, BorderStyle, HeadingLevel, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type IParagraphOptions } from 'docx';

export type ParagraphOptions = Omit<IParagraphOptions, 'children' | 'text'>;
export type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType];

/* ------------------------------------------------------------ fonts */

export const MINCHO = '游明朝';
export const GOTHIC = '游ゴシック';
export const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
export const JA = { value: 'ja-JP', eastAsia: 'ja-JP' };

/** The run of headings 1 and 2: 游ゴシック, bold, dark blue. */
export const headingRun = (size: number) => ({ font: font(GOTHIC), size, bold: true, color: '1F3A5F' });

/** A4 portrait, margins 30 mm top, 25 mm elsewhere (in twentieths of a point). */
export const A4_PAGE = { size: { width: 11906, height: 16838 }, margin: { top: 1701, right: 1418, bottom: 1418, left: 1418 } };

/* ------------------------------------------------------------ paragraphs */

/** A paragraph of plain text (tags included as typed). */
export const p = (text: string, opts: ParagraphOptions = {}) => new Paragraph({ ...opts, children: [new TextRun(text)] });

/** A paragraph that holds only a loop or condition tag: with paragraphLoop it disappears from the output. */
export const tag = (t: string) => p(t);

export const h1 = (text: string) => p(text, { heading: HeadingLevel.HEADING_1 });
export const h2 = (text: string) => p(text, { heading: HeadingLevel.HEADING_2 });
export const h3 = (text: string) => p(text, { heading: HeadingLevel.HEADING_3 });
export const center = (text: string, extra: ParagraphOptions = {}) => p(text, { alignment: AlignmentType.CENTER, ...extra });
export const pageBreak = () => new Paragraph({ children: [new PageBreak()] });

/* ------------------------------------------------------------ tables */

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
export const BORDERS = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

/** The shading of header cells (the review sheet has its own, slightly darker). */
export const HEADER_FILL = 'E8EEF4';

/** A table cell `width` percent wide; a header cell is bold on `headerFill`, any other explicitly not bold. */
export const cell = (text: string, opts: { width: number; header?: boolean; align?: Alignment; headerFill?: string }) =>
	new TableCell({
		width: { size: opts.width, type: WidthType.PERCENTAGE },
		shading: opts.header ? { fill: opts.headerFill ?? HEADER_FILL } : undefined,
		children: [new Paragraph({ alignment: opts.align, children: [new TextRun({ text, bold: opts.header ?? false })] })]
	});

export type LoopColumn = { head: string; value: string; width: number; align?: Alignment };

/**
 * A table with a header row and one looped row: `{#list}` opens in the first cell and `{/list}`
 * closes in the last, so docxtemplater repeats the row. With `cantSplit` rows never split across
 * pages.
 */
export function loopTable(list: string, columns: readonly LoopColumn[], opts: { cantSplit?: boolean; headerFill?: string } = {}): Table {
	const last = columns.length - 1;
	const rowOpts = opts.cantSplit ? { cantSplit: true } : {};
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		borders: BORDERS,
		rows: [
			new TableRow({ tableHeader: true, ...rowOpts, children: columns.map((c) => cell(c.head, { width: c.width, header: true, align: c.align, headerFill: opts.headerFill })) }),
			new TableRow({
				...rowOpts,
				children: columns.map((c, i) => cell(`${i === 0 ? `{#${list}}` : ''}${c.value}${i === last ? `{/${list}}` : ''}`, { width: c.width, align: c.align }))
			})
		]
	});
}

/* ------------------------------------------------------------ the package */

/**
 * The font table: 游明朝 / 游ゴシック with Windows' alternatives (MS 明朝 / MS ゴシック) in the
 * Shift_JIS charset, so Word picks a Japanese font of the same family where the 游 fonts are missing.
 */
export const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="${MINCHO}"><w:altName w:val="Yu Mincho"/><w:panose1 w:val="02020400000000000000"/><w:charset w:val="80"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="${GOTHIC}"><w:altName w:val="Yu Gothic"/><w:panose1 w:val="020B0400000000000000"/><w:charset w:val="80"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="ＭＳ 明朝"><w:altName w:val="MS Mincho"/><w:panose1 w:val="02020609040205080304"/><w:charset w:val="80"/><w:family w:val="roman"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="ＭＳ ゴシック"><w:altName w:val="MS Gothic"/><w:panose1 w:val="020B0609070205080204"/><w:charset w:val="80"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>`;

/** Fixed times in the package, so that regenerating without changes gives the same bytes. */
export const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));

/** Replaces a file of the package (dated FIXED_DATE). */
export type PutFile = (name: string, text: string) => void;

/**
 * The package as written by `docx`, with the Japanese font table (unless `fontTable: false`), any
 * further changes `edit` makes, and fixed dates in docProps/core.xml and on every file.
 */
export function finishPackage(bytes: Uint8Array, opts: { fontTable?: boolean; edit?: (zip: PizZip, put: PutFile) => void } = {}): Buffer {
	const zip = new PizZip(bytes);
	const put: PutFile = (name, text) => zip.file(name, text, { date: FIXED_DATE });
	if (opts.fontTable ?? true) put('word/fontTable.xml', FONT_TABLE);
	opts.edit?.(zip, put);
	const core = zip.file('docProps/core.xml')?.asText();
	if (core) put('docProps/core.xml', core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_DATE.toISOString().replace('.000', '')}`));
	for (const name of Object.keys(zip.files)) zip.files[name]!.date = FIXED_DATE;
	return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Writes the bytes as a TypeScript module exporting `constName` (base64), under a doc comment of `commentLines`. */
export function writeBase64Module(file: string, commentLines: readonly string[], constName: string, bytes: Buffer): void {
	fs.writeFileSync(file, `/**\n${commentLines.map((l) => ` * ${l}`).join('\n')}\n */\nexport const ${constName} =\n\t'${bytes.toString('base64')}';\n`);
}
