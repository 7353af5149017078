/**
 * Japanese era dates (和暦): 令和8年12月5日, 令和元年5月1日, 令和8年度. Councils date their plans
 * this way. Pure; dates are calendar days (no time zone) except `tokyoDate`, which reads a moment
 * in Japan time whatever the server's own zone.
 */

export type CalendarDate = { year: number; month: number; day: number };

/** Eras since the Gregorian calendar was adopted (明治6年 = 1873), newest first, with their first day. */
const ERAS: readonly { name: string; start: CalendarDate }[] = [
	{ name: '令和', start: { year: 2019, month: 5, day: 1 } },
	{ name: '平成', start: { year: 1989, month: 1, day: 8 } },
	{ name: '昭和', start: { year: 1926, month: 12, day: 25 } },
	{ name: '大正', start: { year: 1912, month: 7, day: 30 } },
	{ name: '明治', start: { year: 1868, month: 1, day: 25 } }
];

/** Before this day Japan used the lunisolar calendar: such dates are written in the Western style. */
const GREGORIAN_ADOPTED: CalendarDate = { year: 1873, month: 1, day: 1 };

const key = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;

export function isValidDate(d: CalendarDate): boolean {
	if (![d.year, d.month, d.day].every(Number.isInteger)) return false;
	if (d.month < 1 || d.month > 12 || d.day < 1) return false;
	const last = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
	return d.day <= last;
}

/** The era and the year within it; null before the Gregorian calendar or for an impossible date. */
export function eraOf(d: CalendarDate): { era: string; year: number } | null {
	if (!isValidDate(d) || key(d) < key(GREGORIAN_ADOPTED)) return null;
	const era = ERAS.find((e) => key(d) >= key(e.start));
	return era ? { era: era.name, year: d.year - era.start.year + 1 } : null;
}

/** 1 → 元 (the first year of an era is written 元年). */
const eraYearText = (year: number) => (year === 1 ? '元' : String(year));

/** "令和8年12月5日"; dates before 1873 as "1868年1月1日"; '' for an impossible date. */
export function formatEraDate(d: CalendarDate): string {
	if (!isValidDate(d)) return '';
	const e = eraOf(d);
	const yearPart = e ? `${e.era}${eraYearText(e.year)}年` : `${d.year}年`;
	return `${yearPart}${d.month}月${d.day}日`;
}

/**
 * A Japanese fiscal year (April to March) by the Western year it starts in: 2026 → "令和8年度".
 * The era is the one in force in May, so that the year an era began in is named after it, as
 * councils and ministries do (2019 → 令和元年度, 1989 → 平成元年度).
 */
export function formatEraFiscalYear(startYear: number): string {
	if (!Number.isInteger(startYear)) return '';
	const e = eraOf({ year: startYear, month: 5, day: 1 });
	return e ? `${e.era}${eraYearText(e.year)}年度` : `${startYear}年度`;
}

/** A plan period: "令和8年度〜令和12年度" (one year: "令和8年度"). */
export function formatEraFiscalPeriod(startYear: number, endYear: number): string {
	if (startYear === endYear) return formatEraFiscalYear(startYear);
	return `${formatEraFiscalYear(startYear)}〜${formatEraFiscalYear(endYear)}`;
}

/** "2026-12-05" → { year: 2026, month: 12, day: 5 }; null unless it is a real calendar day. */
export function parseIsoDate(s: string | null | undefined): CalendarDate | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
	if (!m) return null;
	const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
	return isValidDate(d) ? d : null;
}

const TOKYO = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'numeric', day: 'numeric' });

/** The calendar day in Japan at a moment (ms since the epoch). */
export function tokyoDate(ms: number): CalendarDate {
	const parts = Object.fromEntries(TOKYO.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
	return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}
