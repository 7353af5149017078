/**
 * CSV for spreadsheets (Excel in Japanese offices): UTF-8 with a byte order mark so that Excel reads
 * it as UTF-8, CRLF line ends, every cell quoted, and cells that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return, also their full-width forms) prefixed
 * with an apostrophe (OWASP's advice against CSV injection).
 */

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: string | number | null | undefined): string {
	let s = value === null || value === undefined ? '' : String(value);
	if (FORMULA_START.test(s)) s = `'${s}`;
	return `"${s.replace(/"/g, '""')}"`;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
	return cells.map(csvCell).join(',');
}

/** A whole file: BOM, a header row, the rows, CRLF after each. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
	return '\uFEFF' + [header, ...rows].map((r) => `${csvRow(r)}\r\n`).join('');
}
