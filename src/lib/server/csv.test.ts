import { describe, it, expect } from 'vitest';
import { csvCell, csvDocument } from './csv';

describe('csvCell', () => {
	it('quotes every cell and doubles quotes inside', () => {
		expect(csvCell('さくら台地区')).toBe('"さくら台地区"');
		expect(csvCell('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
		expect(csvCell(null)).toBe('""');
		expect(csvCell(42)).toBe('"42"');
	});

	it('defuses cells a spreadsheet would run as formulas, half- and full-width', () => {
		for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '＝1+1', '＋1', '－1', '＠A1']) {
			const cell = csvCell(evil);
			expect(cell.startsWith(`"'`), evil).toBe(true);
		}
		// Text that merely contains those characters later is left alone.
		expect(csvCell('a=b')).toBe('"a=b"');
		expect(csvCell('山田 - 進行役')).toBe('"山田 - 進行役"');
	});
});

describe('csvDocument', () => {
	it('starts with a UTF-8 byte order mark and ends every row with CRLF', () => {
		const text = csvDocument(['日時', '内容'], [['2026-12-05 10:00:00', '=1+1']]);
		expect(text).toBe('\uFEFF"日時","内容"\r\n"2026-12-05 10:00:00","\'=1+1"\r\n');
		expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	});
});
