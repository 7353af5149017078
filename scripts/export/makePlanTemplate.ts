/**
 * Writes the built-in plan template (計画書の既定の様式): the whole district plan, A4, Japanese, with
 * docxtemplater tags (the list is in docs/EXPORT.md and on the admin's template page). Generated with
 * the `docx` library, like the workshop summary template (makeDefaultTemplate.ts), which stays the
 * second built-in template.
 *
 *   node --import tsx scripts/export/makePlanTemplate.ts
 *
 * Output (both committed): src/lib/server/export/planTemplate.docx and planTemplate.ts (the same
 * bytes as base64, imported by the server).
 *
 * Beyond what `docx` writes, two list paragraph styles are added (KyosoListBullet, KyosoListNumber,
 * each carrying its numbering, 9 levels) so that the generated vision text (`{@visionXml}`) can make
 * real Word lists by style id; headings keep with the next paragraph and table rows never split.
 */
import fs from 'node:fs';
import type PizZip from 'pizzip';
import path from 'node:path';
import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { A4_PAGE, GOTHIC, JA, MINCHO, center, finishPackage, font, h1, h2, h3, headingRun, loopTable as table, p, pageBreak, tag, writeBase64Module, type LoopColumn, type PutFile } from './docxBlocks';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(ROOT, 'src/lib/server/export');

const bullet = (text: string) => p(text, { style: 'KyosoListBullet' });
/** The plan's tables: rows never split across pages. */
const loopTable = (list: string, columns: LoopColumn[]) => table(list, columns, { cantSplit: true });

/* ------------------------------------------------------------ the document */

const cover = [
	center('{councilName}', { spacing: { before: 2400, after: 600 } }),
	p('{planTitle}', { heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
	center('地区：{districtName}', { spacing: { before: 600 } }),
	center('計画期間：{periodEra}（{periodWestern}）'),
	tag('{#hasAdoptedOn}'),
	center('策定日：{adoptedOn}'),
	tag('{/hasAdoptedOn}'),
	tag('{#hasAdoptedBy}'),
	center('策定者：{adoptedBy}'),
	tag('{/hasAdoptedBy}'),
	tag('{#hasPhilosophy}'),
	center('基本理念「{philosophy}」', { spacing: { before: 1200 } }),
	tag('{/hasPhilosophy}'),
	pageBreak()
];

const profile = [
	h1('1　地区の概要'),
	tag('{#hasProfile}'),
	loopTable('profileYears', [
		{ head: '年', value: '{year}', width: 12 },
		{ head: '人口', value: '{population}', width: 14 },
		{ head: '世帯数', value: '{households}', width: 14 },
		{ head: '65歳以上', value: '{aged65}', width: 14 },
		{ head: '高齢化率', value: '{agingRate}', width: 14 },
		{ head: '自治会・町内会数', value: '{associations}', width: 17 },
		{ head: '民生委員', value: '{commissioners}', width: 15 }
	]),
	tag('{#hasTrend}'),
	p('{trend}', { spacing: { before: 120 } }),
	tag('{/hasTrend}'),
	tag('{/hasProfile}'),
	tag('{^hasProfile}'),
	p('地区の数字はまだ入力されていません。'),
	tag('{/hasProfile}'),
	tag('{#hasCharacter}'),
	h2('地区の特徴'),
	p('{character}'),
	tag('{/hasCharacter}'),
	h2('地域の資源'),
	tag('{#resourceCategories}'),
	h3('{label}'),
	tag('{#resources}'),
	bullet('{name}{#hasNote}（{note}）{/hasNote}'),
	tag('{/resources}'),
	tag('{/resourceCategories}'),
	tag('{^hasResources}'),
	p('地域の資源はまだ入力されていません。'),
	tag('{/hasResources}')
];

const issues = [
	h1('2　地区の課題'),
	p('ワークショップで出し合った課題です。重点課題を先に並べています。'),
	tag('{#issues}'),
	h2('{#hasRank}【{rankLabel}】{/hasRank}{title}'),
	tag('{#hasCatchphrase}'),
	p('「{catchphrase}」'),
	tag('{/hasCatchphrase}'),
	tag('{#notes}'),
	bullet('{text}'),
	tag('{/notes}'),
	tag('{/issues}'),
	tag('{^hasIssues}'),
	p('課題はまだまとめられていません。'),
	tag('{/hasIssues}')
];

const vision = [
	h1('3　めざす将来像'),
	tag('{#statements}'),
	p('{text}', { style: 'KyosoStatement' }),
	tag('{/statements}'),
	tag('{^hasStatements}'),
	p('将来像はまだ決まっていません。'),
	tag('{/hasStatements}'),
	tag('{#hasExplanation}'),
	p('{@visionXml}'),
	tag('{/hasExplanation}')
];

const actions = [
	h1('4　重点目標と取り組み'),
	tag('{#themes}'),
	h2('{#hasRank}【{rankLabel}】{/hasRank}{title}'),
	tag('{#hasCatchphrase}'),
	p('目標：「{catchphrase}」'),
	tag('{/hasCatchphrase}'),
	h3('担い手ごとの取り組み'),
	loopTable('columns', [
		{ head: '担い手', value: '{label}', width: 30 },
		{ head: '取り組み', value: '{actionTitles}', width: 70 }
	]),
	h3('年次計画'),
	p('{@scheduleXml}'),
	h3('取り組みの内容'),
	tag('{#actions}'),
	p('■ {title}（{column}）', { keepNext: true, style: 'KyosoActionTitle' }),
	tag('{#hasDescription}'),
	p('{description}'),
	tag('{/hasDescription}'),
	tag('{#hasResponsible}'),
	bullet('担い手：{responsible}'),
	tag('{/hasResponsible}'),
	tag('{#hasIndicator}'),
	bullet('指標と目標：{indicator}'),
	tag('{/hasIndicator}'),
	tag('{#hasGoal}'),
	bullet('社協の活動目標：{goal}'),
	tag('{/hasGoal}'),
	tag('{/actions}'),
	tag('{/themes}'),
	tag('{^hasThemes}'),
	p('取り組みはまだ決まっていません。'),
	tag('{/hasThemes}')
];

const review = [
	h1('5　計画の推進と評価'),
	tag('{#hasReview}'),
	p('{review}'),
	tag('{/hasReview}'),
	tag('{#hasGoals}'),
	h2('社協の活動目標と取り組み'),
	loopTable('goals', [
		{ head: '活動目標', value: '{label}', width: 40 },
		{ head: '取り組み', value: '{actionTitles}', width: 60 }
	]),
	tag('{/hasGoals}')
];

const record = [
	h1('6　策定の経過'),
	tag('{#hasWorkshops}'),
	loopTable('workshops', [
		{ head: '開催日', value: '{heldOn}', width: 20 },
		{ head: '内容', value: '{title}', width: 32 },
		{ head: '会場', value: '{place}', width: 22 },
		{ head: '参加者', value: '{participants}', width: 10 },
		{ head: '話し合ったこと', value: '{steps}', width: 16 }
	]),
	tag('{/hasWorkshops}'),
	tag('{^hasWorkshops}'),
	p('ワークショップの記録はありません。'),
	tag('{/hasWorkshops}')
];

const doc = new Document({
	creator: '共創キャンバス',
	title: '地域福祉活動計画',
	description: 'Kyoso Canvas built-in plan template (docxtemplater tags)',
	styles: {
		default: {
			document: { run: { font: font(MINCHO), size: 21, language: JA }, paragraph: { spacing: { line: 340 } } },
			title: { run: { font: font(GOTHIC), size: 40, bold: true }, paragraph: { spacing: { after: 240 }, keepNext: true } },
			heading1: { run: headingRun(28), paragraph: { spacing: { before: 480, after: 200 }, keepNext: true, keepLines: true } },
			heading2: { run: headingRun(24), paragraph: { spacing: { before: 360, after: 120 }, keepNext: true, keepLines: true } },
			heading3: { run: { font: font(GOTHIC), size: 22, bold: true }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true } }
		},
		paragraphStyles: [
			{ id: 'KyosoStatement', name: 'Kyoso Statement', basedOn: 'Normal', run: { font: font(GOTHIC), size: 26, bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 } } },
			{ id: 'KyosoActionTitle', name: 'Kyoso Action Title', basedOn: 'Normal', run: { font: font(GOTHIC), bold: true }, paragraph: { keepNext: true, spacing: { before: 200 } } }
		]
	},
	sections: [
		{
			properties: { page: A4_PAGE },
			footers: {
				default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'] })] })] })
			},
			children: [...cover, ...profile, ...issues, ...vision, ...actions, ...review, ...record]
		}
	]
});

/* ------------------------------------------------------------ list styles and output */

/** One level of a list's numbering: its number format and text, indented one step (420 twips) per level. */
const level = (ilvl: number, numFmt: string, lvlText: string) =>
	`<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${numFmt}"/><w:lvlText w:val="${lvlText}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="${420 * (ilvl + 1)}" w:hanging="420"/></w:pPr></w:lvl>`;
const LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8];
/** Ordered levels read 1. → (1) → 1) and again (a nested list restarts after each item above it). */
const ORDERED_TEXT = ['%1.', '(%2)', '%3)'];

/**
 * The lists' abstract numbering (9 levels each, so nested items keep their level) and one instance
 * each, which the list styles name. The plan export adds one restarting instance per ordered list
 * of the vision text (src/lib/domain/plan/docxNumbering.ts).
 */
const LIST_NUMBERING = {
	abstract:
		`<w:abstractNum w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>${LEVELS.map((i) => level(i, 'bullet', '・')).join('')}</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="91"><w:multiLevelType w:val="hybridMultilevel"/>${LEVELS.map((i) => level(i, 'decimal', ORDERED_TEXT[i % 3]!.replace(/\d/, String(i + 1)))).join('')}</w:abstractNum>`,
	nums: `<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num><w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>`
};

const LIST_STYLES = `<w:style w:type="paragraph" w:customStyle="1" w:styleId="KyosoListBullet"><w:name w:val="Kyoso List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="90"/></w:numPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="KyosoListNumber"><w:name w:val="Kyoso List Number"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="91"/></w:numPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:style>`;

/** The two list styles and their numbering, added to what `docx` writes. */
function addListStyles(zip: PizZip, put: PutFile): void {
	const numbering = zip.file('word/numbering.xml')!.asText();
	const firstNum = numbering.indexOf('<w:num ');
	const withAbstract = firstNum >= 0 ? numbering.slice(0, firstNum) + LIST_NUMBERING.abstract + numbering.slice(firstNum) : numbering.replace('</w:numbering>', `${LIST_NUMBERING.abstract}</w:numbering>`);
	put('word/numbering.xml', withAbstract.replace('</w:numbering>', `${LIST_NUMBERING.nums}</w:numbering>`));
	put('word/styles.xml', zip.file('word/styles.xml')!.asText().replace('</w:styles>', `${LIST_STYLES}</w:styles>`));
}

const bytes = finishPackage(await Packer.toBuffer(doc), { edit: addListStyles });
fs.writeFileSync(path.join(OUT_DIR, 'planTemplate.docx'), bytes);
writeBase64Module(
	path.join(OUT_DIR, 'planTemplate.ts'),
	['The built-in plan template (計画書の既定の様式) as base64: the bytes of planTemplate.docx beside it.', 'GENERATED by scripts/export/makePlanTemplate.ts; do not edit.'],
	'PLAN_TEMPLATE_BASE64',
	bytes
);
console.log(`wrote planTemplate.docx (${bytes.length} bytes) and planTemplate.ts to ${path.relative(ROOT, OUT_DIR)}`);
