import { describe, it, expect } from 'vitest';
import { agingRate, agingTrend, issuesInOrder, planYears, stageIn } from './planSnapshot';
import { bigPlanSnapshot, demoPlanSnapshot } from './planSnapshot.fixture';
import { buildPlanDocData, indicatorText } from './planDocData';
import { scheduleXml, visionXml, xmlText } from './planDocXml';
import { planHtmlBody } from './planHtml';

describe('plan snapshot rules', () => {
	it('lists the fiscal years of the period', () => {
		expect(planYears({ startYear: 2026, endYear: 2030 })).toEqual([2026, 2027, 2028, 2029, 2030]);
		expect(planYears({ startYear: 2026, endYear: 2026 })).toEqual([2026]);
	});

	it('puts ranked issues first, then the rest in their order', () => {
		const s = demoPlanSnapshot();
		expect(issuesInOrder(s.issues).map((i) => i.id)).toEqual(['i-watch', 'i-move', 'i-disaster']);
	});

	it('computes the aging rate and its trend', () => {
		const years = demoPlanSnapshot().profile.years;
		expect(agingRate(years[0]!)).toBe(28.9);
		expect(agingRate({ ...years[0]!, population: null })).toBeNull();
		expect(agingTrend(years)).toEqual({ from: 28.9, to: 33.2, direction: 'up' });
		expect(agingTrend(years.slice(0, 1))).toBeNull();
	});

	it('reads an action stage per year, blank where none', () => {
		const a = demoPlanSnapshot().actions.find((x) => x.id === 'a5')!;
		expect(stageIn(a, 2026)).toBe('検討');
		expect(stageIn(a, 2029)).toBe('');
	});

	it('the big fixture has the sizes of the speed test', () => {
		const s = bigPlanSnapshot();
		expect(s.workshops.flatMap((w) => w.notes)).toHaveLength(300);
		expect(s.issues).toHaveLength(12);
		expect(s.actions).toHaveLength(60);
	});
});

describe('plan document data', () => {
	it('formats the cover in 和暦 and 西暦', () => {
		const d = buildPlanDocData(demoPlanSnapshot());
		expect(d.periodEra).toBe('令和8年度〜令和12年度');
		expect(d.periodWestern).toBe('2026年度〜2030年度');
		expect(d.adoptedOn).toBe('令和9年3月20日');
		expect(d.trend).toBe('高齢化率は28.9%から33.2%へ上がっています。');
	});

	it('groups actions per theme in priority order, by actor column', () => {
		const d = buildPlanDocData(demoPlanSnapshot());
		expect(d.themes.map((t) => t.title)).toEqual(['ひとり暮らしの見守り', '買い物と通院の足', '災害への備え']);
		expect(d.themes[0]!.columns.map((c) => c.actionTitles)).toEqual(['声かけ・あいさつ運動', 'ご近所見守りネットワーク', 'ふれあいサロンの開設', '―']);
		expect(d.goals[0]).toEqual({ label: 'だれもが孤立しないまちをつくる', actionTitles: '声かけ・あいさつ運動、ご近所見守りネットワーク、ふれあいサロンの開設', actionCount: '3' });
	});

	it('writes the indicator with baseline and yearly targets', () => {
		const a = demoPlanSnapshot().actions.find((x) => x.id === 'a2')!;
		expect(indicatorText(a)).toBe('見守り協力員のいる自治会：現状 3自治会 → 令和10年度 6自治会、令和12年度 12自治会');
		expect(indicatorText({ ...a, indicator: null })).toBe('');
	});
});

describe('generated WordprocessingML', () => {
	it('escapes text and drops characters XML forbids', () => {
		expect(xmlText('a<b & "c"\u0001')).toBe('a&lt;b &amp; &quot;c&quot;');
	});

	it('makes the vision headings, bold runs and lists in the template styles', () => {
		const xml = visionXml(demoPlanSnapshot().vision.explanation);
		expect(xml).toContain('<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">将来像にこめた思い</w:t>');
		expect(xml).toContain('<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">顔見知りを増やしたい</w:t>');
		expect(xml.match(/KyosoListBullet/g)).toHaveLength(3);
		expect(xml.match(/KyosoListNumber/g)).toHaveLength(5);
		// each ordered list its own placeholder numbering (docxNumbering.ts makes them restarting w:num); nested items keep their level
		expect([...xml.matchAll(/<w:ilvl w:val="(\d)"\/><w:numId w:val="([\w-]+)"\/>/g)].map((m) => `${m[2]}@${m[1]}`)).toEqual([
			'kyoso-bullet@1',
			'kyoso-ordered-1@0',
			'kyoso-ordered-1@0',
			'kyoso-ordered-2@0',
			'kyoso-ordered-2@1',
			'kyoso-ordered-2@1'
		]);
		expect(visionXml([])).toBe('<w:p/>');
	});

	it('makes a schedule table with one column per fiscal year and rows that never split', () => {
		const s = demoPlanSnapshot();
		const xml = scheduleXml(s.actions.slice(0, 2), planYears(s.plan));
		expect(xml.match(/<w:gridCol /g)).toHaveLength(2 + 5);
		expect(xml.match(/<w:cantSplit\/>/g)).toHaveLength(3);
		expect(xml).toContain('令和12年度');
	});
});

describe('print HTML', () => {
	it('escapes every value', () => {
		const s = demoPlanSnapshot();
		s.plan.title = '<script>alert(1)</script>';
		s.issues[0]!.notes.push('"><img src=x onerror=alert(1)>');
		const html = planHtmlBody(s);
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img');
		expect(html).toContain('&lt;script&gt;');
	});

	it('prints each ordered list from 1 and nests the nested items', () => {
		const html = planHtmlBody(demoPlanSnapshot());
		expect(html).toContain('<ul><li>あいさつから始める</li><li>集まれる場所を地区の中に増やす<ul><li>空き店舗や集会所を使う</li></ul></li></ul>');
		expect(html).toContain('<ol><li>見守りの輪が全自治会に広がっている</li><li>移動の手段が選べる</li></ol>');
		expect(html).toContain('<ol><li>サロンを月2回にする<ol><li>送迎の声かけを分担する</li><li>班ごとに声かけの当番を決める</li></ol></li></ol>');
	});

	it('has the six sections in order', () => {
		const html = planHtmlBody(demoPlanSnapshot());
		const at = ['1　地区の概要', '2　地区の課題', '3　めざす将来像', '4　重点目標と取り組み', '5　計画の推進と評価', '6　策定の経過'].map((h) => html.indexOf(h));
		expect(at.every((i) => i > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	it('shows the stored 自治会・町内会数 in the profile table (no 加入率 column)', () => {
		const html = planHtmlBody(demoPlanSnapshot());
		const profile = /<table class="numbers">([\s\S]*?)<\/table>/.exec(html)![1]!;
		const cells = (row: string) => [...row.matchAll(/<t[hd]>([^<]*)<\/t[hd]>/g)].map((m) => m[1]);
		const rows = profile.split('</tr>').filter((r) => r.includes('<t')).map(cells);
		expect(rows[0]).toEqual(['年', '人口', '世帯数', '65歳以上', '高齢化率', '自治会・町内会数', '民生委員']);
		expect(rows.slice(1).map((r) => [r[0], r[5], r[6]])).toEqual([
			['2021年', '18', '14'],
			['2023年', '18', '14'],
			['2025年', '17', '13']
		]);
		expect(html).not.toContain('加入率');
	});
});
