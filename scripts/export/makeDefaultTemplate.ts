/**
 * Writes the built-in plan template (既定の様式): a Japanese A4 Word document whose text holds
 * docxtemplater tags ({councilName}, {#themes}…{/themes}, see docs/EXPORT.md), generated with the
 * `docx` library so that it can be reviewed and changed as code.
 *
 *   node --import tsx scripts/export/makeDefaultTemplate.ts
 *
 * Output (both committed):
 *   src/lib/server/export/defaultTemplate.docx  the file itself, for people (admins start their own from it)
 *   src/lib/server/export/defaultTemplate.ts    the same bytes as base64, which the server imports: a module
 *                                               works unchanged in vitest, tsx and the Vite production build,
 *                                               with no file path to resolve at run time
 *
 * Fonts: body 游明朝 and headings 游ゴシック as East Asian fonts (w:eastAsia); no font files are
 * embedded. The font table names Windows' alternatives (MS 明朝 / MS ゴシック) with the Shift_JIS
 * charset, so Word picks a Japanese font of the same family where the 游 fonts are missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import {
	AlignmentType,
	BorderStyle,
	Document,
	HeadingLevel,
	Packer,
	PageBreak,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type IParagraphOptions
} from 'docx';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(ROOT, 'src/lib/server/export');

const MINCHO = '游明朝';
const GOTHIC = '游ゴシック';
const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
const JA = { value: 'ja-JP', eastAsia: 'ja-JP' };

/* ------------------------------------------------------------ building blocks */

/** A paragraph of plain text (tags included as typed). */
const p = (text: string, opts: Omit<IParagraphOptions, 'children' | 'text'> = {}) => new Paragraph({ ...opts, children: [new TextRun(text)] });

/** A paragraph that holds only a loop or condition tag: with paragraphLoop it disappears from the output. */
const tag = (t: string) => p(t);

const h1 = (text: string) => p(text, { heading: HeadingLevel.HEADING_1 });
const h2 = (text: string) => p(text, { heading: HeadingLevel.HEADING_2 });
const h3 = (text: string) => p(text, { heading: HeadingLevel.HEADING_3 });
const bullet = (text: string) => p(text, { bullet: { level: 0 } });

/** One bullet per note, with the author's nickname when the board shows names. */
const noteBullets = (list: string, extra = '') => [
	tag(`{#${list}}`),
	bullet(`{text}{#hasAuthor}（{author}）{/hasAuthor}${extra}`),
	tag(`{/${list}}`)
];

const cell = (text: string, opts: { header?: boolean; width: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] }) =>
	new TableCell({
		width: { size: opts.width, type: WidthType.PERCENTAGE },
		shading: opts.header ? { fill: 'E8EEF4' } : undefined,
		children: [new Paragraph({ alignment: opts.align, children: [new TextRun({ text, bold: opts.header })] })]
	});

/** The table of themes: one row per theme ({#themes} in the first cell and {/themes} in the last repeat the row). */
function themesTable(): Table {
	const widths = [14, 56, 15, 15];
	const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
		rows: [
			new TableRow({
				tableHeader: true,
				children: [
					cell('順位', { header: true, width: widths[0]!, align: AlignmentType.CENTER }),
					cell('テーマ', { header: true, width: widths[1]! }),
					cell('付箋の数', { header: true, width: widths[2]!, align: AlignmentType.CENTER }),
					cell('票数', { header: true, width: widths[3]!, align: AlignmentType.CENTER })
				]
			}),
			new TableRow({
				children: [
					cell('{#themes}{rank}', { width: widths[0]!, align: AlignmentType.CENTER }),
					cell('{title}{#hasTables}（{table}）{/hasTables}', { width: widths[1]! }),
					cell('{noteCount}', { width: widths[2]!, align: AlignmentType.CENTER }),
					cell('{dots}{/themes}', { width: widths[3]!, align: AlignmentType.CENTER })
				]
			})
		]
	});
}

/* ------------------------------------------------------------ the document */

const cover = [
	p('{councilName}', { alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 600 } }),
	p('{planTitle}', { heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
	p('ワークショップのまとめ（計画素案の資料）', { alignment: AlignmentType.CENTER, spacing: { after: 1200 } }),
	p('地区：{districtName}', { alignment: AlignmentType.CENTER }),
	tag('{#planPeriod}'),
	p('計画期間：{planPeriod}', { alignment: AlignmentType.CENTER }),
	tag('{/planPeriod}'),
	p('ワークショップ：{workshopTitle}', { alignment: AlignmentType.CENTER }),
	tag('{#heldOn}'),
	p('開催日：{heldOn}', { alignment: AlignmentType.CENTER }),
	tag('{/heldOn}'),
	tag('{#place}'),
	p('会場：{place}', { alignment: AlignmentType.CENTER }),
	tag('{/place}'),
	p('作成日：{exportDate}', { alignment: AlignmentType.CENTER, spacing: { before: 600 } }),
	new Paragraph({ children: [new PageBreak()] })
];

const overview = [
	h1('1　ワークショップの概要'),
	p('ワークショップ「{workshopTitle}」で出された付箋をまとめました。'),
	bullet('付箋の数：{noteCount}枚（テーマに入っていない付箋：{unthemedCount}枚）'),
	bullet('テーマの数：{themeCount}'),
	tag('{#hasParticipantCount}'),
	bullet('参加者（スマートフォンで参加した人）：{participantCount}人'),
	tag('{/hasParticipantCount}')
];

const issues = [
	h1('2　地区の課題（テーマ別）'),
	tag('{#hasVotes}'),
	p('シール投票で票の多かった順に並べています。'),
	tag('{/hasVotes}'),
	tag('{#themes}'),
	h2('{#hasRank}{rankLabel}　{/hasRank}{title}'),
	tag('{#hasCatchphrase}'),
	p('キャッチコピー：「{catchphrase}」'),
	tag('{/hasCatchphrase}'),
	tag('{#hasTables}'),
	p('テーブル：{table}'),
	tag('{/hasTables}'),
	tag('{#hasRank}'),
	p('シール投票：{dots}票'),
	tag('{/hasRank}'),
	...noteBullets('notes'),
	tag('{/themes}'),
	tag('{^themes}'),
	p('まだテーマはありません。'),
	tag('{/themes}')
];

const ranking = [
	h1('3　テーマの一覧と優先順位'),
	tag('{^hasVotes}'),
	p('シール投票はまだ行っていません。'),
	tag('{/hasVotes}'),
	themesTable(),
	p('')
];

const unthemed = [
	h1('4　まだテーマに入っていない付箋'),
	tag('{#hasTables}'),
	tag('{#tables}'),
	tag('{#hasUnthemed}'),
	h3('{name}'),
	...noteBullets('unthemed'),
	tag('{/hasUnthemed}'),
	tag('{/tables}'),
	tag('{/hasTables}'),
	tag('{^hasTables}'),
	...noteBullets('unthemed'),
	tag('{/hasTables}'),
	tag('{^hasUnthemed}'),
	p('すべての付箋がテーマに入っています。'),
	tag('{/hasUnthemed}')
];

const strengthsAndConcerns = [
	h1('5　地域のいいところと気になること'),
	tag('{#hasStrengths}'),
	h3('いいところ（強み）'),
	...noteBullets('strengths'),
	tag('{/hasStrengths}'),
	tag('{#hasConcerns}'),
	h3('気になること（課題）'),
	...noteBullets('concerns'),
	tag('{/hasConcerns}')
];

const note = [
	p('付記：この資料は、共創キャンバスに記録されたワークショップの付箋から{exportDate}に作成しました。非表示にした付箋は含めていません。', {
		spacing: { before: 480 }
	})
];

const doc = new Document({
	creator: '共創キャンバス',
	title: '小地域福祉活動計画 ワークショップのまとめ',
	description: 'Kyoso Canvas default plan template (docxtemplater tags)',
	styles: {
		default: {
			document: { run: { font: font(MINCHO), size: 21, language: JA }, paragraph: { spacing: { line: 360 } } },
			title: { run: { font: font(GOTHIC), size: 40, bold: true }, paragraph: { spacing: { after: 240 } } },
			heading1: { run: { font: font(GOTHIC), size: 28, bold: true, color: '1F3A5F' }, paragraph: { spacing: { before: 480, after: 200 } } },
			heading2: { run: { font: font(GOTHIC), size: 24, bold: true, color: '1F3A5F' }, paragraph: { spacing: { before: 360, after: 120 } } },
			heading3: { run: { font: font(GOTHIC), size: 22, bold: true }, paragraph: { spacing: { before: 240, after: 80 } } }
		}
	},
	sections: [
		{
			properties: {
				// A4 portrait, margins 30 mm top, 25 mm elsewhere (in twentieths of a point)
				page: { size: { width: 11906, height: 16838 }, margin: { top: 1701, right: 1418, bottom: 1418, left: 1418 } }
			},
			children: [...cover, ...overview, ...issues, ...ranking, ...unthemed, ...strengthsAndConcerns, ...note]
		}
	]
});

/* ------------------------------------------------------------ font table and output */

const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="${MINCHO}"><w:altName w:val="Yu Mincho"/><w:panose1 w:val="02020400000000000000"/><w:charset w:val="80"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="${GOTHIC}"><w:altName w:val="Yu Gothic"/><w:panose1 w:val="020B0400000000000000"/><w:charset w:val="80"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="ＭＳ 明朝"><w:altName w:val="MS Mincho"/><w:panose1 w:val="02020609040205080304"/><w:charset w:val="80"/><w:family w:val="roman"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="ＭＳ ゴシック"><w:altName w:val="MS Gothic"/><w:panose1 w:val="020B0609070205080204"/><w:charset w:val="80"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>`;

/** Fixed times in the package, so that regenerating without changes gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));

function finish(bytes: Uint8Array): Buffer {
	const zip = new PizZip(bytes);
	zip.file('word/fontTable.xml', FONT_TABLE, { date: FIXED_DATE });
	const core = zip.file('docProps/core.xml')?.asText();
	if (core) zip.file('docProps/core.xml', core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_DATE.toISOString().replace('.000', '')}`), { date: FIXED_DATE });
	for (const name of Object.keys(zip.files)) zip.files[name]!.date = FIXED_DATE;
	return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const bytes = finish(await Packer.toBuffer(doc));
fs.writeFileSync(path.join(OUT_DIR, 'defaultTemplate.docx'), bytes);
fs.writeFileSync(
	path.join(OUT_DIR, 'defaultTemplate.ts'),
	`/**
 * The built-in plan template (既定の様式) as base64: the bytes of defaultTemplate.docx beside it.
 * GENERATED by scripts/export/makeDefaultTemplate.ts; do not edit. A module rather than a file read
 * at run time, so that the dev server, vitest, tsx and the production build all find it.
 */
export const DEFAULT_TEMPLATE_BASE64 =
	'${bytes.toString('base64')}';
`
);
console.log(`wrote defaultTemplate.docx (${bytes.length} bytes) and defaultTemplate.ts to ${path.relative(ROOT, OUT_DIR)}`);
