import { describe, expect, it } from 'vitest';
import { checkPeriod, eraFiscalYear, fiscalYearOf, periodFrom, periodLabel, periodYears, yearsOf } from './fiscalYear';

describe('fiscal years', () => {
	it('April starts a fiscal year; January to March belong to the year before', () => {
		expect(fiscalYearOf({ year: 2026, month: 4 })).toBe(2026);
		expect(fiscalYearOf({ year: 2027, month: 3 })).toBe(2026);
		expect(fiscalYearOf({ year: 2027, month: 1 })).toBe(2026);
		expect(fiscalYearOf({ year: 2026, month: 12 })).toBe(2026);
	});

	it('names the fiscal year by the era in force in May (the 2019 year is 令和元年度)', () => {
		expect(eraFiscalYear(2018)).toBe('平成30年度');
		expect(eraFiscalYear(2019)).toBe('令和元年度');
		expect(eraFiscalYear(2020)).toBe('令和2年度');
		expect(eraFiscalYear(2026)).toBe('令和8年度');
		// January to March 2019 still belong to 平成30年度.
		expect(eraFiscalYear(fiscalYearOf({ year: 2019, month: 3 }))).toBe('平成30年度');
		expect(eraFiscalYear(fiscalYearOf({ year: 2019, month: 4 }))).toBe('令和元年度');
	});

	it('labels a period in both styles, also across the era boundary', () => {
		expect(periodLabel({ start: 2026, end: 2030 })).toBe('令和8年度〜令和12年度（2026〜2030年度）');
		expect(periodLabel({ start: 2017, end: 2021 })).toBe('平成29年度〜令和3年度（2017〜2021年度）');
		expect(periodLabel({ start: 2018, end: 2020 })).toBe('平成30年度〜令和2年度（2018〜2020年度）');
	});

	it('lists the years of a period', () => {
		expect(yearsOf({ start: 2026, end: 2030 })).toEqual([2026, 2027, 2028, 2029, 2030]);
		expect(periodYears({ start: 2026, end: 2028 })).toBe(3);
	});

	it('accepts 3 to 5 years and refuses the rest with a reason', () => {
		expect(checkPeriod(2026, 2030)).toEqual({ ok: true, value: { start: 2026, end: 2030 } });
		expect(checkPeriod(2026, 2028).ok).toBe(true);
		expect(checkPeriod(2026, 2027)).toEqual({ ok: false, error: 'period_too_short' });
		expect(checkPeriod(2026, 2032)).toEqual({ ok: false, error: 'period_too_long' });
		expect(checkPeriod(2030, 2026)).toEqual({ ok: false, error: 'period_too_short' });
		expect(checkPeriod(2026.5, 2030)).toEqual({ ok: false, error: 'period_not_years' });
		expect(checkPeriod(1800, 1804)).toEqual({ ok: false, error: 'period_start_out_of_range' });
		expect(periodFrom(2026, 7)).toEqual({ ok: false, error: 'period_too_long' });
		expect(periodFrom(2026, 4)).toEqual({ ok: true, value: { start: 2026, end: 2029 } });
	});
});
