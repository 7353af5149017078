import { describe, it, expect } from 'vitest';
import { eraOf, formatEraDate, formatEraFiscalPeriod, formatEraFiscalYear, isValidDate, parseIsoDate, tokyoDate } from './eraDate';

describe('formatEraDate', () => {
	it.each([
		[{ year: 2026, month: 12, day: 5 }, '令和8年12月5日'],
		[{ year: 2019, month: 5, day: 1 }, '令和元年5月1日'],
		[{ year: 2019, month: 4, day: 30 }, '平成31年4月30日'],
		[{ year: 2020, month: 1, day: 1 }, '令和2年1月1日'],
		[{ year: 1989, month: 1, day: 7 }, '昭和64年1月7日'],
		[{ year: 1989, month: 1, day: 8 }, '平成元年1月8日'],
		[{ year: 1926, month: 12, day: 25 }, '昭和元年12月25日'],
		[{ year: 1926, month: 12, day: 24 }, '大正15年12月24日'],
		[{ year: 1912, month: 7, day: 30 }, '大正元年7月30日'],
		[{ year: 1900, month: 1, day: 1 }, '明治33年1月1日'],
		[{ year: 1873, month: 1, day: 1 }, '明治6年1月1日']
	])('%o → %s', (d, text) => {
		expect(formatEraDate(d)).toBe(text);
	});

	it('writes dates before the Gregorian calendar (1873) in the Western style', () => {
		expect(formatEraDate({ year: 1868, month: 10, day: 23 })).toBe('1868年10月23日');
		expect(eraOf({ year: 1872, month: 12, day: 31 })).toBeNull();
	});

	it('gives an empty string for impossible dates', () => {
		expect(formatEraDate({ year: 2026, month: 2, day: 29 })).toBe('');
		expect(formatEraDate({ year: 2026, month: 13, day: 1 })).toBe('');
		expect(formatEraDate({ year: 2026.5, month: 1, day: 1 })).toBe('');
	});

	it('knows leap days', () => {
		expect(isValidDate({ year: 2028, month: 2, day: 29 })).toBe(true);
		expect(formatEraDate({ year: 2028, month: 2, day: 29 })).toBe('令和10年2月29日');
		expect(isValidDate({ year: 2100, month: 2, day: 29 })).toBe(false);
	});
});

describe('fiscal years (年度)', () => {
	it('names the year an era began in after the new era', () => {
		expect(formatEraFiscalYear(2026)).toBe('令和8年度');
		expect(formatEraFiscalYear(2019)).toBe('令和元年度');
		expect(formatEraFiscalYear(2018)).toBe('平成30年度');
		expect(formatEraFiscalYear(1989)).toBe('平成元年度');
	});

	it('formats a plan period', () => {
		expect(formatEraFiscalPeriod(2026, 2030)).toBe('令和8年度〜令和12年度');
		expect(formatEraFiscalPeriod(2026, 2026)).toBe('令和8年度');
	});
});

describe('parseIsoDate', () => {
	it('reads real calendar days only', () => {
		expect(parseIsoDate('2026-12-05')).toEqual({ year: 2026, month: 12, day: 5 });
		expect(parseIsoDate('2026-02-30')).toBeNull();
		expect(parseIsoDate('2026-1-5')).toBeNull();
		expect(parseIsoDate('')).toBeNull();
		expect(parseIsoDate(null)).toBeNull();
	});
});

describe('tokyoDate', () => {
	it('reads the day in Japan, not in the server zone', () => {
		// 2026-12-05 15:30 UTC is already 2026-12-06 00:30 in Tokyo.
		expect(tokyoDate(Date.UTC(2026, 11, 5, 15, 30))).toEqual({ year: 2026, month: 12, day: 6 });
		expect(tokyoDate(Date.UTC(2026, 11, 5, 14, 59))).toEqual({ year: 2026, month: 12, day: 5 });
	});
});
