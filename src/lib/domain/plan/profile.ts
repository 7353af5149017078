/**
 * The district profile (地区の概要): a base date, the district's figures for one or more years
 * (population, households, people aged 65+, 自治会・町内会, 民生委員・児童委員) and free text on the
 * district's character. Validation of what staff type (typed errors per field, shown in Japanese next
 * to the field) and the aging rate (高齢化率). Pure: no IO.
 */
import { charCount, normaliseText } from '../text';

/** One year's figures. `associations` and `commissioners` may be unknown (null). */
export type ProfileYear = {
	year: number;
	population: number;
	households: number;
	/** people aged 65 and over (65歳以上人口) */
	aged65: number;
	/** 自治会・町内会の数 */
	associations: number | null;
	/** 民生委員・児童委員の数 */
	commissioners: number | null;
};

export type DistrictProfile = {
	/** 基準日, ISO yyyy-mm-dd, or null */
	baseDate: string | null;
	/** 地区の特徴 (free text, '' = none) */
	character: string;
	/** oldest year first */
	years: ProfileYear[];
};

export const PROFILE_LIMITS = {
	years: 10,
	yearMin: 1950,
	yearMax: 2100,
	/** a district is a school area: a million people is far beyond any of them */
	population: 1_000_000,
	/** 自治会 and 民生委員 counts of one district */
	count: 2_000,
	character: 2000
} as const;

export type YearField = 'year' | 'population' | 'households' | 'aged65' | 'associations' | 'commissioners';
export const YEAR_FIELDS: readonly YearField[] = ['year', 'population', 'households', 'aged65', 'associations', 'commissioners'];

export type ProfileErrorCode =
	| 'required'
	| 'not_integer'
	| 'negative'
	| 'too_large'
	| 'year_range'
	| 'year_duplicate'
	| 'aged65_over_population'
	| 'households_over_population'
	| 'date_invalid'
	| 'text_too_long'
	| 'text_control_chars'
	| 'too_many_years';

/** Where an error belongs: a year row's field, the base date, the character text or the whole form. */
export type ProfileField = { row: number; field: YearField } | { field: 'baseDate' | 'character' | 'form' };
export type ProfileError = ProfileField & { code: ProfileErrorCode };

/** What the form sends: one row of strings per year (blank rows are ignored). */
export type ProfileInput = { baseDate: string; character: string; years: Record<YearField, string>[] };

export type ProfileResult = { ok: true; value: DistrictProfile } | { ok: false; errors: ProfileError[] };

/** 高齢化率 in percent, rounded to one decimal; null when there is no population to divide by. */
export function agingRate(population: number, aged65: number): number | null {
	if (!(population > 0) || !(aged65 >= 0)) return null;
	return Math.round((aged65 / population) * 1000) / 10;
}

/** "28.4%" (one decimal always), or '—' when unknown. */
export function formatRate(rate: number | null): string {
	return rate === null ? '—' : `${rate.toFixed(1)}%`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
	const m = ISO_DATE.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const t = new Date(Date.UTC(y, mo - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= PROFILE_LIMITS.yearMin && y <= PROFILE_LIMITS.yearMax;
}

/** A whole number as people type it: full-width digits and thousands separators are fine. */
function parseCount(raw: string): { ok: true; value: number | null } | { ok: false; code: ProfileErrorCode } {
	const s = raw
		.normalize('NFKC')
		.replace(/[,，\s]/g, '')
		.trim();
	if (s === '') return { ok: true, value: null };
	if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return { ok: false, code: 'not_integer' };
	const n = Number(s);
	if (n < 0) return { ok: false, code: 'negative' };
	if (!Number.isInteger(n)) return { ok: false, code: 'not_integer' };
	return { ok: true, value: n };
}

const isBlankRow = (row: Record<YearField, string>) => YEAR_FIELDS.every((f) => (row[f] ?? '').trim() === '');

/** Check what staff typed; every problem is reported at once, each at its field. */
export function validateProfile(input: ProfileInput): ProfileResult {
	const errors: ProfileError[] = [];
	const baseDate = input.baseDate.normalize('NFKC').trim();
	if (baseDate !== '' && !validDate(baseDate)) errors.push({ field: 'baseDate', code: 'date_invalid' });
	const character = normaliseText(input.character);
	if (charCount(character) > PROFILE_LIMITS.character) errors.push({ field: 'character', code: 'text_too_long' });
	// eslint-disable-next-line no-control-regex
	else if (/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(character)) errors.push({ field: 'character', code: 'text_control_chars' });

	const rows = input.years.map((row, index) => ({ row, index })).filter(({ row }) => !isBlankRow(row));
	if (rows.length > PROFILE_LIMITS.years) errors.push({ field: 'form', code: 'too_many_years' });

	const years: ProfileYear[] = [];
	const seen = new Map<number, number>();
	for (const { row, index } of rows) {
		const values: Partial<Record<YearField, number | null>> = {};
		let rowOk = true;
		for (const field of YEAR_FIELDS) {
			const parsed = parseCount(row[field] ?? '');
			if (!parsed.ok) {
				errors.push({ row: index, field, code: parsed.code });
				rowOk = false;
				continue;
			}
			const v = parsed.value;
			const optional = field === 'associations' || field === 'commissioners';
			if (v === null && !optional) {
				errors.push({ row: index, field, code: 'required' });
				rowOk = false;
			} else if (v !== null && field === 'year' && (v < PROFILE_LIMITS.yearMin || v > PROFILE_LIMITS.yearMax)) {
				errors.push({ row: index, field, code: 'year_range' });
				rowOk = false;
			} else if (v !== null && field !== 'year' && v > (optional ? PROFILE_LIMITS.count : PROFILE_LIMITS.population)) {
				errors.push({ row: index, field, code: 'too_large' });
				rowOk = false;
			}
			values[field] = v;
		}
		const { year, population, households, aged65 } = values;
		if (typeof year === 'number' && !errors.some((e) => 'row' in e && e.row === index && e.field === 'year')) {
			if (seen.has(year)) {
				errors.push({ row: index, field: 'year', code: 'year_duplicate' });
				rowOk = false;
			} else seen.set(year, index);
		}
		if (typeof population === 'number' && typeof aged65 === 'number' && aged65 > population) {
			errors.push({ row: index, field: 'aged65', code: 'aged65_over_population' });
			rowOk = false;
		}
		if (typeof population === 'number' && typeof households === 'number' && households > population) {
			errors.push({ row: index, field: 'households', code: 'households_over_population' });
			rowOk = false;
		}
		if (rowOk)
			years.push({
				year: year as number,
				population: population as number,
				households: households as number,
				aged65: aged65 as number,
				associations: values.associations ?? null,
				commissioners: values.commissioners ?? null
			});
	}
	if (errors.length > 0) return { ok: false, errors };
	years.sort((a, b) => a.year - b.year);
	return { ok: true, value: { baseDate: baseDate || null, character, years } };
}

/** The form's rows from a stored profile (strings, as the form shows them). */
export function profileToInput(p: DistrictProfile | null): ProfileInput {
	if (!p) return { baseDate: '', character: '', years: [] };
	return {
		baseDate: p.baseDate ?? '',
		character: p.character,
		years: p.years.map((y) => ({
			year: String(y.year),
			population: String(y.population),
			households: String(y.households),
			aged65: String(y.aged65),
			associations: y.associations === null ? '' : String(y.associations),
			commissioners: y.commissioners === null ? '' : String(y.commissioners)
		}))
	};
}

/** The latest year's figures (what the plan page and the plan document show), or null. */
export function latestYear(p: DistrictProfile | null): (ProfileYear & { agingRate: number | null }) | null {
	const y = p?.years.at(-1);
	return y ? { ...y, agingRate: agingRate(y.population, y.aged65) } : null;
}
