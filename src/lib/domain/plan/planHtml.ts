/**
 * The plan as A4 HTML (印刷用): the same sections as the Word document, for the print view and the
 * server's PDF. Returns the body's markup and the print CSS (no scripts, no inline handlers); every
 * value is escaped. The font is Noto Sans JP, bundled by the page (print view) or served from
 * node_modules to Chromium (PDF). Pure.
 */
import { formatEraFiscalYear } from '../eraDate';
import { buildPlanDocData, indicatorText } from './planDocData';
import { issuesInOrder, planYears, stageIn, type PlanSnapshot, type VisionBlock } from './planSnapshot';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Text with its line breaks kept. */
const multi = (s: string) => esc(s).replace(/\r?\n/g, '<br>');

/** A list whose items may be nested (`levels`, 0 outermost) as nested <ul>/<ol>; each list numbers from 1. */
function listHtml(tag: 'ul' | 'ol', items: readonly string[], levels: readonly number[] = []): string {
	let html = `<${tag}>`;
	let depth = 0;
	items.forEach((item, i) => {
		const level = levels[i] ?? 0;
		if (i > 0 && level > depth) html += `<${tag}><li>`.repeat(level - depth - 1) + `<${tag}>`;
		else if (i > 0) html += `</li></${tag}>`.repeat(depth - level) + '</li>';
		if (i === 0 && level > 0) html += `<li><${tag}>`.repeat(level);
		html += `<li>${esc(item)}`;
		depth = level;
	});
	return html + (items.length ? '</li>' : '') + `</${tag}></li>`.repeat(depth) + `</${tag}>`;
}

function visionBlocks(blocks: readonly VisionBlock[]): string {
	return blocks
		.map((b) => {
			if (b.type === 'heading') return `<h${b.level + 2}>${esc(b.text)}</h${b.level + 2}>`;
			if (b.type === 'paragraph') return `<p>${b.runs.map((r) => (r.bold ? `<strong>${esc(r.text)}</strong>` : esc(r.text))).join('')}</p>`;
			return listHtml(b.type === 'bullet' ? 'ul' : 'ol', b.items, b.levels);
		})
		.join('');
}

const table = (head: string[], rows: string[][], cls = '') =>
	`<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
		.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;

export function planHtmlBody(s: PlanSnapshot): string {
	const d = buildPlanDocData(s);
	const years = planYears(s.plan);
	const out: string[] = [];
	out.push(`<section class="cover"><p class="council">${esc(d.councilName)}</p><h1 class="title">${esc(d.planTitle)}</h1>`);
	out.push(`<p>地区：${esc(d.districtName)}</p><p>計画期間：${esc(d.periodEra)}（${esc(d.periodWestern)}）</p>`);
	if (d.hasAdoptedOn) out.push(`<p>策定日：${esc(d.adoptedOn)}</p>`);
	if (d.hasAdoptedBy) out.push(`<p>策定者：${esc(d.adoptedBy)}</p>`);
	if (d.hasPhilosophy) out.push(`<p class="philosophy">基本理念「${esc(d.philosophy)}」</p>`);
	out.push('</section>');

	out.push('<section><h2>1　地区の概要</h2>');
	if (d.hasProfile)
		out.push(
			table(
				['年', '人口', '世帯数', '65歳以上', '高齢化率', '自治会・町内会数', '民生委員'],
				d.profileYears.map((y) => [y.year, y.population, y.households, y.aged65, y.agingRate, y.associations, y.commissioners].map(esc)),
				'numbers'
			)
		);
	else out.push('<p>地区の数字はまだ入力されていません。</p>');
	if (d.hasTrend) out.push(`<p>${esc(d.trend)}</p>`);
	if (d.hasCharacter) out.push(`<h3>地区の特徴</h3><p>${multi(d.character)}</p>`);
	out.push('<h3>地域の資源</h3>');
	for (const c of d.resourceCategories) out.push(`<h4>${esc(c.label)}</h4><ul>${c.resources.map((r) => `<li>${esc(r.name)}${r.hasNote ? `（${esc(r.note)}）` : ''}</li>`).join('')}</ul>`);
	if (!d.hasResources) out.push('<p>地域の資源はまだ入力されていません。</p>');
	out.push('</section>');

	out.push('<section><h2>2　地区の課題</h2><p>ワークショップで出し合った課題です。重点課題を先に並べています。</p>');
	for (const i of d.issues) {
		out.push(`<h3>${i.hasRank ? `【${esc(i.rankLabel)}】` : ''}${esc(i.title)}</h3>`);
		if (i.hasCatchphrase) out.push(`<p>「${esc(i.catchphrase)}」</p>`);
		out.push(`<ul>${i.notes.map((n) => `<li>${esc(n.text)}</li>`).join('')}</ul>`);
	}
	if (!d.hasIssues) out.push('<p>課題はまだまとめられていません。</p>');
	out.push('</section>');

	out.push('<section><h2>3　めざす将来像</h2>');
	for (const st of d.statements) out.push(`<p class="statement">${esc(st.text)}</p>`);
	if (!d.hasStatements) out.push('<p>将来像はまだ決まっていません。</p>');
	out.push(visionBlocks(s.vision.explanation), '</section>');

	out.push('<section><h2>4　重点目標と取り組み</h2>');
	const columnLabel = new Map(s.council.actorColumns.map((c) => [c.id, c.label]));
	const goalLabel = new Map(s.council.goals.map((g) => [g.id, g.label]));
	for (const issue of issuesInOrder(s.issues)) {
		const actions = s.actions.filter((a) => a.issueId === issue.id);
		if (actions.length === 0) continue;
		out.push(`<h3>${issue.rank !== null ? `【重点${issue.rank}】` : ''}${esc(issue.title)}</h3>`);
		if (issue.catchphrase.trim()) out.push(`<p>目標：「${esc(issue.catchphrase)}」</p>`);
		out.push('<h4>担い手ごとの取り組み</h4>');
		out.push(
			table(
				['担い手', '取り組み'],
				s.council.actorColumns.map((c) => [esc(c.label), multi(actions.filter((a) => a.columnId === c.id).map((a) => a.title).join('\n') || '―')])
			)
		);
		out.push('<h4>年次計画</h4>');
		out.push(table(['取り組み', '担い手', ...years.map(formatEraFiscalYear)], actions.map((a) => [esc(a.title), esc(a.responsible), ...years.map((y) => esc(stageIn(a, y)))]), 'schedule'));
		out.push('<h4>取り組みの内容</h4>');
		for (const a of actions) {
			out.push(`<div class="action"><p class="action-title">■ ${esc(a.title)}（${esc(columnLabel.get(a.columnId) ?? '')}）</p>`);
			if (a.description.trim()) out.push(`<p>${multi(a.description)}</p>`);
			const facts = [
				a.responsible.trim() ? `担い手：${esc(a.responsible)}` : '',
				a.indicator ? `指標と目標：${esc(indicatorText(a))}` : '',
				a.goalId && goalLabel.get(a.goalId) ? `社協の活動目標：${esc(goalLabel.get(a.goalId)!)}` : ''
			].filter(Boolean);
			if (facts.length) out.push(`<ul>${facts.map((f) => `<li>${f}</li>`).join('')}</ul>`);
			out.push('</div>');
		}
	}
	if (!d.hasThemes) out.push('<p>取り組みはまだ決まっていません。</p>');
	out.push('</section>');

	out.push('<section><h2>5　計画の推進と評価</h2>');
	if (d.hasReview) out.push(`<p>${multi(d.review)}</p>`);
	if (d.hasGoals) out.push('<h3>社協の活動目標と取り組み</h3>', table(['活動目標', '取り組み'], d.goals.map((g) => [esc(g.label), esc(g.actionTitles)])));
	out.push('</section>');

	out.push('<section><h2>6　策定の経過</h2>');
	if (d.hasWorkshops) out.push(table(['開催日', '内容', '会場', '参加者', '話し合ったこと'], d.workshops.map((w) => [w.heldOn, w.title, w.place, w.participants, w.steps].map(esc))));
	else out.push('<p>ワークショップの記録はありません。</p>');
	out.push('</section>');
	return `<article class="plan-document">${out.join('')}</article>`;
}

/** Print CSS: A4, headings kept with what follows, table rows never split, long words wrapped. */
export const PLAN_PRINT_CSS = `
@page { size: A4; margin: 20mm 18mm 22mm; }
.plan-document { font-family: 'Noto Sans JP', sans-serif; font-size: 10.5pt; line-height: 1.7; color: #111; max-width: 174mm; margin: 0 auto; overflow-wrap: anywhere; }
.plan-document h1, .plan-document h2, .plan-document h3, .plan-document h4, .plan-document h5 { break-after: avoid; page-break-after: avoid; break-inside: avoid; color: #1f3a5f; line-height: 1.4; }
.plan-document h2 { font-size: 15pt; margin: 0 0 6mm; border-bottom: 1.5pt solid #1f3a5f; }
.plan-document h3 { font-size: 12.5pt; margin: 6mm 0 2mm; }
.plan-document h4 { font-size: 11pt; margin: 4mm 0 2mm; color: #111; }
.plan-document h5 { font-size: 10.5pt; margin: 3mm 0 1mm; color: #111; }
.plan-document section { break-before: page; page-break-before: always; }
.plan-document .cover { text-align: center; padding-top: 50mm; break-before: auto; page-break-before: auto; }
.plan-document .cover .title { font-size: 22pt; margin: 10mm 0 14mm; }
.plan-document .philosophy, .plan-document .statement { font-weight: 700; font-size: 12pt; text-align: center; }
.plan-document table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; table-layout: fixed; }
.plan-document thead { display: table-header-group; }
.plan-document tr { break-inside: avoid; page-break-inside: avoid; }
.plan-document th, .plan-document td { border: 0.75pt solid #808080; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
.plan-document th { background: #e8eef4; }
.plan-document table.numbers td, .plan-document table.schedule td + td + td { text-align: center; }
.plan-document .action { break-inside: avoid; page-break-inside: avoid; }
.plan-document .action-title { font-weight: 700; margin: 3mm 0 1mm; break-after: avoid; }
@media screen { .plan-document { padding: 12mm 0; } .plan-document section { border-top: 1px dashed #bbb; margin-top: 12mm; padding-top: 8mm; } }
`;
