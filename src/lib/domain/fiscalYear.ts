/**
 * Fiscal years (年度, April to March) and plan periods. A fiscal year is named by the Western year it
 * starts in: 2026 = April 2026 – March 2027 = 令和8年度. Pure; reuses eraDate.ts for the era.
 *
 * The era of a fiscal year: the fiscal year starting April 2019 was called 平成31年度 in documents made
 * before 1 May 2019 and 令和元年度 after; councils and ministries name it 令和元年度 today, and so do we
 * (the era in force in May of the starting year: 2018 → 平成30年度, 2019 → 令和元年度, 2020 → 令和2年度).
 */
import { formatEraFiscalPeriod, formatEraFiscalYear, type CalendarDate } from './eraDate';
import { err, ok, type Result } from './result';
import { PLAN_YEARS_MAX, PLAN_YEARS_MIN } from './council/settings';

/** The fiscal year a calendar day belongs to: January–March belong to the year before. */
export function fiscalYearOf(d: Pick<CalendarDate, 'year' | 'month'>): number {
	return d.month >= 4 ? d.year : d.year - 1;
}

/** "令和8年度" (the era in force in May of the starting year; 2019 → 令和元年度). */
export const eraFiscalYear = (year: number): string => formatEraFiscalYear(year);

export type Period = { start: number; end: number };

/** How many fiscal years a period spans (both ends included). */
export const periodYears = (p: Period): number => p.end - p.start + 1;

/** The fiscal years of a period, in order: 2026-2030 → [2026, 2027, 2028, 2029, 2030]. */
export function yearsOf(p: Period): number[] {
	const out: number[] = [];
	for (let y = p.start; y <= p.end; y++) out.push(y);
	return out;
}

/** "令和8年度〜令和12年度（2026〜2030年度）". */
export function periodLabel(p: Period): string {
	const western = p.start === p.end ? `${p.start}年度` : `${p.start}〜${p.end}年度`;
	return `${formatEraFiscalPeriod(p.start, p.end)}（${western}）`;
}

/** Years a plan can begin in: well after the Gregorian calendar and not absurdly far ahead. */
export const PLAN_START_MIN = 1990;
export const PLAN_START_MAX = 2100;

export type PeriodError = 'period_not_years' | 'period_start_out_of_range' | 'period_too_short' | 'period_too_long';

/** A plan's period: whole fiscal years from a sensible start, 3-5 years long (council plans run 3 to 5 years). */
export function checkPeriod(start: number, end: number): Result<Period, PeriodError> {
	if (!Number.isInteger(start) || !Number.isInteger(end)) return err('period_not_years');
	if (start < PLAN_START_MIN || start > PLAN_START_MAX) return err('period_start_out_of_range');
	const years = end - start + 1;
	if (years < PLAN_YEARS_MIN) return err('period_too_short');
	if (years > PLAN_YEARS_MAX) return err('period_too_long');
	return ok({ start, end });
}

/** The period of a new plan starting in `start` and lasting `years` fiscal years. */
export const periodFrom = (start: number, years: number): Result<Period, PeriodError> => checkPeriod(start, start + years - 1);
