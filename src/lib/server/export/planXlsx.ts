/**
 * The plan's actions as an Excel workbook (取り組み一覧), with exceljs: one row per action with its
 * theme, actor column, 担い手, one column per fiscal year (the stage), the indicator (numbers as
 * numbers) and the council goal; a second sheet lists the themes (課題). Header rows are frozen,
 * columns are wide enough for Japanese text (a full-width character counts two), and a text cell
 * starting with = + - @ (or their full-width forms, a tab, a carriage return) is written as text
 * with a leading apostrophe, so that no spreadsheet runs it as a formula.
 */
import ExcelJS from 'exceljs';
import { formatEraFiscalYear } from '../../domain/eraDate';
import { issuesInOrder, planYears, stageIn, type PlanSnapshot } from '../../domain/plan/planSnapshot';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell's value, never a formula. */
export function safeText(s: string): string {
	return FORMULA_START.test(s) ? `'${s}` : s;
}

type Cell = string | number | null;

/** Display width of a text: full-width characters count 2 (Excel's column width unit is about one half-width character). */
export function textWidth(s: string): number {
	let w = 0;
	for (const ch of s) {
		const c = ch.codePointAt(0)!;
		// Latin-1 and half-width katakana are narrow; everything else (kana, kanji, full-width forms) is wide
		w += c <= 0xff || (c >= 0xff61 && c <= 0xff9f) ? 1 : 2;
	}
	return w;
}

function addSheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][]): void {
	const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.addRow(header);
	for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? safeText(v) : v)));
	const headRow = ws.getRow(1);
	headRow.font = { bold: true };
	headRow.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
	header.forEach((h, i) => {
		const longest = Math.max(textWidth(h), ...rows.map((r) => (r[i] === null || r[i] === undefined ? 0 : textWidth(String(r[i])))));
		ws.getColumn(i + 1).width = Math.min(60, Math.max(8, longest + 2));
		ws.getColumn(i + 1).alignment = { vertical: 'top', wrapText: longest > 60 };
	});
}

/** The rows of the actions sheet (also what the tests read back). */
export function actionRows(s: PlanSnapshot): { header: string[]; rows: Cell[][] } {
	const years = planYears(s.plan);
	const issues = issuesInOrder(s.issues);
	const issueOrder = new Map(issues.map((i, n) => [i.id, n]));
	const issueById = new Map(issues.map((i) => [i.id, i]));
	const columnLabel = new Map(s.council.actorColumns.map((c) => [c.id, c.label]));
	const columnOrder = new Map(s.council.actorColumns.map((c, n) => [c.id, n]));
	const goalLabel = new Map(s.council.goals.map((g) => [g.id, g.label]));
	const actions = [...s.actions].sort(
		(a, b) => (issueOrder.get(a.issueId) ?? 1e9) - (issueOrder.get(b.issueId) ?? 1e9) || (columnOrder.get(a.columnId) ?? 1e9) - (columnOrder.get(b.columnId) ?? 1e9)
	);
	const header = ['課題（テーマ）', '担い手の区分', '取り組み', '内容', '担い手', ...years.map(formatEraFiscalYear), '指標', '単位', '現状値', ...years.map((y) => `目標値 ${formatEraFiscalYear(y)}`), '社協の活動目標'];
	const rows = actions.map((a) => {
		const target = (y: number) => a.indicator?.targets.find((t) => t.year === y)?.value ?? null;
		return [
			issueById.get(a.issueId)?.title ?? '',
			columnLabel.get(a.columnId) ?? '',
			a.title,
			a.description,
			a.responsible,
			...years.map((y) => stageIn(a, y)),
			a.indicator?.what ?? '',
			a.indicator?.unit ?? '',
			a.indicator?.baseline ?? null,
			...years.map(target),
			(a.goalId && goalLabel.get(a.goalId)) || ''
		];
	});
	return { header, rows };
}

export async function planXlsx(s: PlanSnapshot): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '共創キャンバス';
	// fixed, so that the same plan gives the same workbook content
	wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
	const actions = actionRows(s);
	addSheet(wb, '取り組み', actions.header, actions.rows);
	const issues = issuesInOrder(s.issues);
	addSheet(
		wb,
		'課題',
		['重点', '課題（テーマ）', 'キャッチフレーズ', '付箋の数', '取り組みの数'],
		issues.map((i) => [i.rank, i.title, i.catchphrase, i.notes.length, s.actions.filter((a) => a.issueId === i.id).length])
	);
	return Buffer.from(await wb.xlsx.writeBuffer());
}
