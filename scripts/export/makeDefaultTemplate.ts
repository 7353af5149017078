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
import { AlignmentType, Document, HeadingLevel, Packer } from 'docx';
import { A4_PAGE, GOTHIC, JA, MINCHO, center, finishPackage, font, h1, h2, h3, headingRun, loopTable, p, pageBreak, tag, writeBase64Module } from './docxBlocks';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(ROOT, 'src/lib/server/export');

const bullet = (text: string) => p(text, { bullet: { level: 0 } });

/** One bullet per note, with the author's nickname when the board shows names. */
const noteBullets = (list: string, extra = '') => [
	tag(`{#${list}}`),
	bullet(`{text}{#hasAuthor}（{author}）{/hasAuthor}${extra}`),
	tag(`{/${list}}`)
];

/** The table of themes: one row per theme. */
const themesTable = () =>
	loopTable('themes', [
		{ head: '順位', value: '{rank}', width: 14, align: AlignmentType.CENTER },
		{ head: 'テーマ', value: '{title}{#hasTables}（{table}）{/hasTables}', width: 56 },
		{ head: '付箋の数', value: '{noteCount}', width: 15, align: AlignmentType.CENTER },
		{ head: '票数', value: '{dots}', width: 15, align: AlignmentType.CENTER }
	]);

/* ------------------------------------------------------------ the document */

const cover = [
	center('{councilName}', { spacing: { before: 2400, after: 600 } }),
	p('{planTitle}', { heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
	center('ワークショップのまとめ（計画素案の資料）', { spacing: { after: 1200 } }),
	center('地区：{districtName}'),
	tag('{#planPeriod}'),
	center('計画期間：{planPeriod}'),
	tag('{/planPeriod}'),
	center('ワークショップ：{workshopTitle}'),
	tag('{#heldOn}'),
	center('開催日：{heldOn}'),
	tag('{/heldOn}'),
	tag('{#place}'),
	center('会場：{place}'),
	tag('{/place}'),
	center('作成日：{exportDate}', { spacing: { before: 600 } }),
	pageBreak()
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
			heading1: { run: headingRun(28), paragraph: { spacing: { before: 480, after: 200 } } },
			heading2: { run: headingRun(24), paragraph: { spacing: { before: 360, after: 120 } } },
			heading3: { run: { font: font(GOTHIC), size: 22, bold: true }, paragraph: { spacing: { before: 240, after: 80 } } }
		}
	},
	sections: [
		{
			properties: { page: A4_PAGE },
			children: [...cover, ...overview, ...issues, ...ranking, ...unthemed, ...strengthsAndConcerns, ...note]
		}
	]
});

/* ------------------------------------------------------------ output */

const bytes = finishPackage(await Packer.toBuffer(doc));
fs.writeFileSync(path.join(OUT_DIR, 'defaultTemplate.docx'), bytes);
writeBase64Module(
	path.join(OUT_DIR, 'defaultTemplate.ts'),
	[
		'The built-in plan template (既定の様式) as base64: the bytes of defaultTemplate.docx beside it.',
		'GENERATED by scripts/export/makeDefaultTemplate.ts; do not edit. A module rather than a file read',
		'at run time, so that the dev server, vitest, tsx and the production build all find it.'
	],
	'DEFAULT_TEMPLATE_BASE64',
	bytes
);
console.log(`wrote defaultTemplate.docx (${bytes.length} bytes) and defaultTemplate.ts to ${path.relative(ROOT, OUT_DIR)}`);
