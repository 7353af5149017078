/**
 * The review sheet (評価シート) as an Excel workbook (exceljs): sheet 評価シート with one row per action
 * and the year's columns, sheet 中間評価 with every reviewed year so far. Text cells that a spreadsheet
 * would read as a formula (= + - @, tab, CR and their full-width forms) are prefixed with an apostrophe.
 */
import ExcelJS from 'exceljs';
import type { ReviewSheet } from '../../domain/plan/reviewSheet';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell that no spreadsheet runs as a formula. */
export const safeText = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

const HEADERS = ['取り組み', '担い手', '実施内容', '達成度', '評価指標', '実績値', '目標値', '単位', 'コメント', '次年度に向けて', '住民の声'] as const;
const WIDTHS = [30, 16, 36, 22, 20, 10, 10, 8, 36, 14, 36];

export async function reviewXlsx(sheet: ReviewSheet): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Kyoso Canvas';
	const ws = wb.addWorksheet('評価シート', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
	ws.addRow([safeText(`${sheet.districtName} ${sheet.planTitle}（${sheet.period}）`)]).font = { bold: true, size: 14 };
	ws.addRow([safeText(`${sheet.yearLabel} 評価シート`)]).font = { bold: true, size: 12 };
	ws.addRow([safeText(`評価の尺度: ${sheet.scale}`)]);
	ws.addRow([]);
	const head = ws.addRow([...HEADERS]);
	head.font = { bold: true };
	head.eachCell((c) => {
		c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F0' } };
		c.border = { bottom: { style: 'thin' } };
	});
	for (const r of sheet.rows) {
		const row = ws.addRow([
			safeText(r.title),
			safeText(r.responsible),
			safeText(r.done),
			safeText(r.level),
			safeText(r.indicator),
			r.actual,
			r.target,
			safeText(r.unit),
			safeText(r.comment),
			safeText(r.next),
			safeText(r.residents)
		]);
		row.alignment = { vertical: 'top', wrapText: true };
	}
	WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
	ws.views = [{ state: 'frozen', ySplit: 5 }];

	const mid = wb.addWorksheet('中間評価');
	mid.addRow([safeText(`${sheet.districtName} ${sheet.planTitle} 中間評価（${sheet.years.map((y) => y.label).join('・')}）`)]).font = { bold: true, size: 12 };
	const midHead = mid.addRow(['取り組み', ...sheet.years.flatMap((y) => [`${y.label} 達成度`, `${y.label} 実績/目標`])]);
	midHead.font = { bold: true };
	for (const a of sheet.midTerm) {
		mid.addRow([
			safeText(a.title),
			...a.cells.flatMap((c) => [safeText(c.level), c.actual === null && c.target === null ? '' : `${c.actual ?? '-'} / ${c.target ?? '-'}`])
		]);
	}
	mid.getColumn(1).width = 30;
	for (let i = 2; i <= 1 + sheet.years.length * 2; i++) mid.getColumn(i).width = 20;
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
