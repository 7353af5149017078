/**
 * The plan's formats from the fully drafted demo plan, read back: the Word file (PizZip + its XML),
 * the workbook (exceljs), the CSV, the PDF (poppler's pdfinfo / pdftotext -bbox); a broken council
 * template; and the speed of the 300-note, 12-theme, 60-action plan (figures printed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import PizZip from 'pizzip';
import ExcelJS from 'exceljs';
import { bigPlanSnapshot, demoPlanSnapshot } from '../../domain/plan/planSnapshot.fixture';
import { buildPlanDocData } from '../../domain/plan/planDocData';
import { checkTemplate, checkTemplateAs, renderDocx, templateKindOf } from './renderDocx';
import { planTemplate } from './planDocument';
import { defaultTemplate } from './councilTemplates';
import { planXlsx, safeText, textWidth } from './planXlsx';
import { planNotesCsv } from './planCsv';
import { chromiumPath, closePdfBrowser, fontCss, planPdf } from './planPdf';
import { fileURLToPath } from 'node:url';
import { describeProblems } from './problemText';
import { PLAN_TEMPLATE_BASE64 } from './planTemplate';
import { WorkerDocxRenderer } from './docxRenderer';

const paragraphs = (xml: string) =>
	xml.split(/<\/w:p>/).map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));

function rendered(bytes: Uint8Array = planTemplate(), s = demoPlanSnapshot()): { xml: string; text: string[] } {
	const r = renderDocx(bytes, buildPlanDocData(s));
	if (!r.ok) throw new Error(JSON.stringify(r.problems));
	const xml = new PizZip(r.value).file('word/document.xml')!.asText();
	return { xml, text: paragraphs(xml).filter((t) => t !== '') };
}

/** Each expected line is found, in this order, in the document's paragraphs (a paragraph may hold more). */
function expectInOrder(lines: string[], expected: string[]): void {
	let at = 0;
	for (const e of expected) {
		const found = lines.findIndex((l, i) => i >= at && l.includes(e));
		expect(found, `「${e}」 after paragraph ${at}`).toBeGreaterThanOrEqual(at);
		at = found + 1;
	}
}

describe('the built-in plan template', () => {
	it('module holds the same bytes as planTemplate.docx (regenerate with scripts/export/makePlanTemplate.ts)', () => {
		const file = fs.readFileSync(path.join(import.meta.dirname, 'planTemplate.docx'));
		expect(Buffer.from(PLAN_TEMPLATE_BASE64, 'base64').equals(file)).toBe(true);
	});

	it('passes the template check as a plan template; the workshop summary stays a workshop template', () => {
		expect(checkTemplateAs(planTemplate(), 'plan')).toEqual([]);
		expect(templateKindOf(planTemplate())).toBe('plan');
		expect(templateKindOf(defaultTemplate())).toBe('workshop');
		expect(checkTemplate(planTemplate())).toEqual([]);
	});
});

describe('DOCX of the fully drafted plan', () => {
	it('has every section and value, in order', () => {
		const { text } = rendered();
		expectInOrder(text, [
			'みどり市社会福祉協議会（デモ）',
			'さくら台地区 地域福祉活動計画',
			'地区：さくら台地区',
			'計画期間：令和8年度〜令和12年度（2026年度〜2030年度）',
			'策定日：令和9年3月20日',
			'策定者：さくら台地区社会福祉協議会',
			'基本理念「ともに生き、ともに支え合う、笑顔あふれるみどりのまち」',
			'1　地区の概要',
			'高齢化率',
			'2021年',
			'8,120',
			'28.9%',
			'2025年',
			'33.2%',
			'高齢化率は28.9%から33.2%へ上がっています。',
			'地区の特徴',
			'丘の上に昭和40年代に開かれた住宅地',
			'地域の資源',
			'サロン・居場所',
			'ひだまりサロン（毎月第2水曜、公民館）',
			'見守り',
			'新聞販売店の見守り協定',
			'防災',
			'自主防災会（12の自治会で結成）',
			'2　地区の課題',
			'【重点1】ひとり暮らしの見守り',
			'「となりの窓にあかりを」',
			'夜に明かりがつかない家が心配',
			'【重点2】買い物と通院の足',
			'バス停まで坂がきつい',
			'災害への備え',
			'避難所までの道が暗い',
			'3　めざす将来像',
			'あいさつが行き交い、だれもが顔見知りのさくら台',
			'困ったときに「お互いさま」と言えるまち',
			'将来像にこめた思い',
			'ワークショップでいちばん多く出たのは、顔見知りを増やしたいという声でした。',
			'あいさつから始める',
			'5年後のすがた',
			'移動の手段が選べる',
			'4　重点目標と取り組み',
			'【重点1】ひとり暮らしの見守り',
			'担い手ごとの取り組み',
			'自助（わたし）',
			'声かけ・あいさつ運動',
			'公助（社協・市）',
			'年次計画',
			'令和8年度',
			'令和12年度',
			'ご近所見守りネットワーク',
			'自治会・民生委員',
			'取り組みの内容',
			'■ 声かけ・あいさつ運動（自助（わたし））',
			'朝の登校時間に、家の前であいさつをする。',
			'担い手：住民一人ひとり',
			'社協の活動目標：だれもが孤立しないまちをつくる',
			'■ ご近所見守りネットワーク（互助（ご近所・地域））',
			'指標と目標：見守り協力員のいる自治会：現状 3自治会 → 令和10年度 6自治会、令和12年度 12自治会',
			'【重点2】買い物と通院の足',
			'買い物支援の乗り合い',
			'災害への備え',
			'避難経路の点検',
			'5　計画の推進と評価',
			'毎年度の終わりに地区社協の役員会で取り組みを振り返り',
			'社協の活動目標と取り組み',
			'災害に備え、命を守る',
			'6　策定の経過',
			'令和8年12月5日',
			'第1回 みんなで話そう さくら台のこと',
			'さくら台地区公民館 大会議室',
			'32人',
			'令和9年1月23日',
			'第2回 将来像と取り組みを考えよう'
		]);
	});

	it('makes the vision real Word headings, bold runs and lists, and keeps headings with the next paragraph', () => {
		const r = renderDocx(planTemplate(), buildPlanDocData(demoPlanSnapshot()));
		if (!r.ok) throw new Error('render failed');
		const zip = new PizZip(r.value);
		const xml = zip.file('word/document.xml')!.asText();
		expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/><\/w:pPr><w:r><w:t xml:space="preserve">将来像にこめた思い/);
		expect(xml).toMatch(/<w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">顔見知りを増やしたい/);
		expect(xml).toMatch(/KyosoListNumber"\/><w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr><\/w:pPr><w:r><w:t xml:space="preserve">見守りの輪が全自治会に広がっている/);
		expect(xml).not.toContain('{');
		const styles = zip.file('word/styles.xml')!.asText();
		for (const id of ['Heading1', 'Heading2', 'Heading3', 'KyosoListBullet', 'KyosoListNumber']) expect(styles).toContain(`w:styleId="${id}"`);
		expect(styles).toMatch(/w:styleId="Heading1"[\s\S]*?<w:keepNext\/>/);
		// every table row of the document stays on one page; the footer holds the page number
		expect(xml.match(/<w:tr>|<w:tr /g)!.length).toBe(xml.match(/<w:cantSplit\/>/g)!.length);
		const footer = Object.keys(zip.files).find((n) => /word\/footer\d*\.xml/.test(n))!;
		expect(zip.file(footer)!.asText()).toContain('PAGE');
	});

	it('shows the stored 自治会・町内会数 in the profile table (no 加入率 column)', () => {
		const { xml } = rendered();
		const chunk = xml.split('</w:tbl>').find((t) => t.includes('自治会・町内会数'))!;
		const table = chunk.slice(chunk.lastIndexOf('<w:tbl>'));
		const rows = table.split('</w:tr>').filter((r) => r.includes('<w:tc>')).map((r) => r.split('</w:tc>').slice(0, -1).map((c) => paragraphs(c).join('')));
		expect(rows[0]).toEqual(['年', '人口', '世帯数', '65歳以上', '高齢化率', '自治会・町内会数', '民生委員']);
		expect(rows.slice(1).map((r) => [r[0], r[5], r[6]])).toEqual([
			['2021年', '18', '14'],
			['2023年', '18', '14'],
			['2025年', '17', '13']
		]);
		expect(xml).not.toContain('加入率');
	});

	it('starts each ordered list of the vision at 1 (its own w:num), keeps nested levels and leaves bullets alone', () => {
		const r = renderDocx(planTemplate(), buildPlanDocData(demoPlanSnapshot()));
		if (!r.ok) throw new Error('render failed');
		const zip = new PizZip(r.value);
		const xml = zip.file('word/document.xml')!.asText();
		const numbering = zip.file('word/numbering.xml')!.asText();
		const styles = zip.file('word/styles.xml')!.asText();
		/** Each list paragraph: its style, numId and level (null when the paragraph names none), and its text. */
		const listParas = [...xml.matchAll(/<w:p>((?:(?!<\/w:p>).)*?)<\/w:p>/g)]
			.map((m) => m[1]!)
			.filter((p) => /KyosoList(Bullet|Number)/.test(p))
			.map((p) => ({
				style: /w:pStyle w:val="(\w+)"/.exec(p)![1],
				numId: /<w:numId w:val="(\d+)"\/>/.exec(p)?.[1] ?? null,
				level: Number(/<w:ilvl w:val="(\d+)"\/>/.exec(p)?.[1] ?? 0),
				text: paragraphs(p).join('')
			}));
		const ordered = listParas.filter((p) => p.style === 'KyosoListNumber');
		expect(ordered.map((p) => [p.text, p.level])).toEqual([
			['見守りの輪が全自治会に広がっている', 0],
			['移動の手段が選べる', 0],
			['サロンを月2回にする', 0],
			['送迎の声かけを分担する', 1],
			['班ごとに声かけの当番を決める', 1]
		]);
		const [first, second] = [ordered[0]!.numId!, ordered[2]!.numId!];
		expect(first).not.toBe(second);
		expect(ordered.map((p) => p.numId)).toEqual([first, first, second, second, second]);
		// both instances point at the abstract numbering of the template's KyosoListNumber style and restart at 1
		const styleNum = /w:styleId="KyosoListNumber"[\s\S]*?<w:numId w:val="(\d+)"\/>/.exec(styles)![1]!;
		const abstractOf = (numId: string) => new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"\\/>`).exec(numbering)?.[1];
		expect(abstractOf(first)).toBe(abstractOf(styleNum));
		expect(abstractOf(second)).toBe(abstractOf(styleNum));
		for (const id of [first, second]) expect(numbering).toContain(`<w:num w:numId="${id}"><w:abstractNumId w:val="${abstractOf(styleNum)}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`);
		const before = new PizZip(planTemplate()).file('word/numbering.xml')!.asText();
		expect(numbering.match(/<w:num /g)!.length).toBe(before.match(/<w:num /g)!.length + 2);
		// the abstract numbering has the nested level
		expect(numbering).toMatch(new RegExp(`<w:abstractNum w:abstractNumId="${abstractOf(styleNum)}">[\\s\\S]*?<w:lvl w:ilvl="1">`));
		// bullets: top-level items from the style alone, the nested one at level 1 of the style's own numbering; no new instance
		const bullets = listParas.filter((p) => p.style === 'KyosoListBullet' && ['あいさつから始める', '集まれる場所を地区の中に増やす', '空き店舗や集会所を使う'].includes(p.text));
		const bulletNum = /w:styleId="KyosoListBullet"[\s\S]*?<w:numId w:val="(\d+)"\/>/.exec(styles)![1]!;
		expect(bullets.map((p) => [p.numId, p.level])).toEqual([[null, 0], [null, 0], [bulletNum, 1]]);
		expect(xml).not.toContain('kyoso-');
	});

	it('says what is missing when a part is not drafted yet', () => {
		const s = demoPlanSnapshot();
		const empty = { ...s, profile: { years: [], character: '' }, resources: [], issues: [], vision: { statements: [], explanation: [] }, actions: [], workshops: [] };
		const { text } = rendered(planTemplate(), empty);
		for (const line of ['地区の数字はまだ入力されていません。', '課題はまだまとめられていません。', '将来像はまだ決まっていません。', '取り組みはまだ決まっていません。', 'ワークショップの記録はありません。'])
			expect(text).toContain(line);
	});
});

describe('a broken council plan template', () => {
	const broken = () => {
		const zip = new PizZip(planTemplate());
		zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{planTitle}', '{#themes}{planTitel}'));
		return zip.generate({ type: 'uint8array' });
	};

	it('is refused with the problems named in Japanese', () => {
		const problems = checkTemplate(broken());
		expect(problems.length).toBeGreaterThan(0);
		const text = describeProblems(problems).map((p) => p.message).join('\n');
		expect(text).toMatch(/themes/);
		expect(templateKindOf(broken())).toBeNull();
	});

	it('fails to render with problems, not an exception', () => {
		const r = renderDocx(broken(), buildPlanDocData(demoPlanSnapshot()));
		expect(r.ok).toBe(false);
	});

	it('raw XML only where we generate it', () => {
		const zip = new PizZip(planTemplate());
		zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{planTitle}', '{@planTitle}'));
		expect(checkTemplateAs(zip.generate({ type: 'uint8array' }), 'plan')).toEqual([{ code: 'raw_xml', tag: '@planTitle', detail: null }]);
	});
});

describe('XLSX of the actions', () => {
	it('has one column per fiscal year, numbers as numbers, a frozen header and text-only cells', async () => {
		const s = demoPlanSnapshot();
		s.actions[0]!.title = '=HYPERLINK("http://x","y")';
		const wb = new ExcelJS.Workbook();
		const bytes = await planXlsx(s);
		await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		const ws = wb.getWorksheet('取り組み')!;
		const header = (ws.getRow(1).values as unknown[]).slice(1);
		expect(header).toEqual([
			'課題（テーマ）', '担い手の区分', '取り組み', '内容', '担い手',
			'令和8年度', '令和9年度', '令和10年度', '令和11年度', '令和12年度',
			'指標', '単位', '現状値',
			'目標値 令和8年度', '目標値 令和9年度', '目標値 令和10年度', '目標値 令和11年度', '目標値 令和12年度',
			'社協の活動目標'
		]);
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => (ws.getRow(i + 2).values as unknown[]).slice(1));
		// priority order: the 見守り theme first, its actions by actor column
		expect(rows.map((r) => r[2])).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", 'ご近所見守りネットワーク', 'ふれあいサロンの開設', '買い物支援の乗り合い', '移動販売の誘致', '避難経路の点検']);
		const net = rows[1]!;
		expect(net.slice(5, 10)).toEqual(['検討', '準備', '実施', '拡充', '拡充']);
		expect(net[12]).toBe(3);
		expect(typeof net[12]).toBe('number');
		expect(net[15]).toBe(6);
		expect(net[17]).toBe(12);
		expect(ws.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.String);
		// wide enough for the longest Japanese text in a column (full-width = 2)
		expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(textWidth('ひとり暮らしの見守り'));
		const themes = wb.getWorksheet('課題')!;
		expect((themes.getRow(2).values as unknown[]).slice(1)).toEqual([1, 'ひとり暮らしの見守り', 'となりの窓にあかりを', 2, 3]);
	});

	it('guards every formula start, full-width too', () => {
		for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '＝1', '\tx']) expect(safeText(s).startsWith("'")).toBe(true);
		expect(safeText('見守り')).toBe('見守り');
	});
});

describe('CSV of the notes', () => {
	it('lists every note with kind, theme, votes, workshop and time; BOM; no identity; formula guard', () => {
		const csv = planNotesCsv(demoPlanSnapshot());
		expect(csv.startsWith('\uFEFF"種類","付箋","テーマ","票数","ワークショップ","開催日","書いた時刻"\r\n')).toBe(true);
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(1 + 4);
		expect(lines[1]).toBe('"気になること","夜に明かりがつかない家が心配","ひとり暮らしの見守り","5","第1回 みんなで話そう さくら台のこと","2026-12-05","2026/12/05 10:10"');
		expect(lines[4]).toContain(`"'=みんなで朝のあいさつ"`);
	});
});

describe('the bundled Japanese font', () => {
	it('comes from npm: @font-face rules for 400 and 700 pointing at font files that exist (no CDN)', () => {
		const css = fontCss();
		const urls = [...css.matchAll(/url\((file:[^)]+)\)/g)].map((m) => m[1]!);
		expect(css).toMatch(/font-family:\s*'Noto Sans JP'/);
		expect(css).toMatch(/font-weight:\s*400/);
		expect(css).toMatch(/font-weight:\s*700/);
		expect(urls.length).toBeGreaterThan(0);
		expect(css).not.toMatch(/url\(https?:/);
		for (const u of urls.slice(0, 5)) expect(fs.existsSync(fileURLToPath(u)), u).toBe(true);
	});
});

const hasPdfTools = (() => {
	try {
		execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
		return chromiumPath() !== null;
	} catch {
		return false;
	}
})();

describe.skipIf(!hasPdfTools)('PDF', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-pdf-'));
	afterAll(async () => {
		fs.rmSync(dir, { recursive: true, force: true });
		await closePdfBrowser();
	});

	it('has the expected pages (cover + one per section at least) and no text outside the page box', { timeout: 60_000 }, async () => {
		const file = path.join(dir, 'plan.pdf');
		fs.writeFileSync(file, await planPdf(demoPlanSnapshot()));
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
		// the cover and six sections each start a page; nothing of the demo plan runs longer than 2 pages
		expect(pages).toBeGreaterThanOrEqual(7);
		expect(pages).toBeLessThanOrEqual(10);
		const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
		const pageBoxes = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">/g)].map((m) => ({ w: Number(m[1]), h: Number(m[2]) }));
		expect(pageBoxes).toHaveLength(pages);
		expect(Math.round(pageBoxes[0]!.w)).toBe(595); // A4 in points
		const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
		expect(words.length).toBeGreaterThan(100);
		for (const w of words) {
			const [x0, y0, x1, y1] = [1, 2, 3, 4].map((i) => Number(w[i]));
			expect(x0! >= 0 && y0! >= 0 && x1! <= 595.5 && y1! <= 842.5, `「${w[5]}」 at ${x0},${y0}-${x1},${y1}`).toBe(true);
		}
		// the Japanese font is the npm one (@fontsource/noto-sans-jp), embedded: not a system font, not a CDN
		const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
		const noto = fonts.filter((l) => /NotoSansJP/i.test(l.split(/\s+/)[0]!));
		expect(noto.length, `pdffonts:\n${fonts.join('\n')}`).toBeGreaterThan(0);
		// columns: name type encoding emb sub uni object ID; "emb" is the 4th column from the end
		for (const l of noto) expect(l.trim().split(/\s+/).at(-5), l).toBe('yes');
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		for (const s of ['さくら台地区 地域福祉活動計画', '策定の経過', 'ご近所見守りネットワーク', '令和12年度']) expect(text).toContain(s);
		// the page number in each page's footer
		expect(text).toMatch(/-\s*1\s*-/);
		expect(text).toMatch(new RegExp(`-\\s*${pages}\\s*-`));
	});
});

describe('speed of a big plan (300 notes, 12 themes, 60 actions)', () => {
	it('DOCX on the renderer thread in under 1 s', async () => {
		const data = buildPlanDocData(bigPlanSnapshot());
		const renderer = new WorkerDocxRenderer();
		try {
			await renderer.render(planTemplate(), data); // the thread started and warmed
			const t0 = performance.now();
			const r = await renderer.render(planTemplate(), buildPlanDocData(bigPlanSnapshot()));
			const ms = performance.now() - t0;
			console.log(`[speed] big plan DOCX: ${ms.toFixed(0)} ms`);
			expect(r.ok).toBe(true);
			expect(ms).toBeLessThan(1000);
		} finally {
			await renderer.close();
		}
	});

	it.skipIf(!hasPdfTools)('PDF in under 5 s (Chromium kept from a first export)', { timeout: 90_000 }, async () => {
		let t0 = performance.now();
		await planPdf(bigPlanSnapshot());
		console.log(`[speed] big plan PDF, Chromium started for it: ${(performance.now() - t0).toFixed(0)} ms`);
		t0 = performance.now();
		const pdf = await planPdf(bigPlanSnapshot());
		const ms = performance.now() - t0;
		await closePdfBrowser();
		console.log(`[speed] big plan PDF, Chromium running: ${ms.toFixed(0)} ms, ${pdf.byteLength} bytes`);
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(ms).toBeLessThan(5000);
	});
});
