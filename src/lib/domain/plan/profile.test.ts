import { describe, expect, it } from 'vitest';
import { agingRate, formatRate, latestYear, profileToInput, validateProfile, type ProfileInput, type YearField } from './profile';

const row = (o: Partial<Record<YearField, string>>): Record<YearField, string> => ({
	year: '',
	population: '',
	households: '',
	aged65: '',
	associations: '',
	commissioners: '',
	...o
});
const input = (years: Record<YearField, string>[], extra: Partial<ProfileInput> = {}): ProfileInput => ({ baseDate: '', character: '', years, ...extra });

describe('agingRate (高齢化率)', () => {
	it('is the share aged 65+ in percent, one decimal, rounded half up', () => {
		expect(agingRate(8000, 2270)).toBe(28.4); // 28.375
		expect(agingRate(3, 1)).toBe(33.3);
		expect(agingRate(3, 2)).toBe(66.7);
		expect(agingRate(1000, 0)).toBe(0);
		expect(agingRate(1000, 1000)).toBe(100);
	});
	it('is unknown without a population', () => {
		expect(agingRate(0, 0)).toBeNull();
		expect(agingRate(100, -1)).toBeNull();
	});
	it('always shows one decimal', () => {
		expect(formatRate(30)).toBe('30.0%');
		expect(formatRate(28.4)).toBe('28.4%');
		expect(formatRate(null)).toBe('—');
	});
});

describe('validateProfile', () => {
	it('accepts years in any order, sorts them, reads full-width digits and commas, skips blank rows', () => {
		const r = validateProfile(
			input(
				[
					row({ year: '2025', population: '８，０００', households: '3500', aged65: '2300', associations: '12' }),
					row({}),
					row({ year: '2024', population: '8100', households: '3480', aged65: '2250', commissioners: '15' })
				],
				{ baseDate: '2025-04-01', character: '  坂の多い住宅地  ' }
			)
		);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.years.map((y) => y.year)).toEqual([2024, 2025]);
		expect(r.value.years[1]).toEqual({ year: 2025, population: 8000, households: 3500, aged65: 2300, associations: 12, commissioners: null });
		expect(r.value.baseDate).toBe('2025-04-01');
		expect(r.value.character).toBe('坂の多い住宅地');
		expect(latestYear(r.value)?.agingRate).toBe(28.8);
	});

	it('refuses a negative population, 65+ above the population and households above it, at their fields', () => {
		const r = validateProfile(
			input([row({ year: '2025', population: '-5', households: '10', aged65: '1' }), row({ year: '2024', population: '100', households: '150', aged65: '120' })])
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual(
			expect.arrayContaining([
				{ row: 0, field: 'population', code: 'negative' },
				{ row: 1, field: 'aged65', code: 'aged65_over_population' },
				{ row: 1, field: 'households', code: 'households_over_population' }
			])
		);
	});

	it('refuses decimals, text, missing required figures, duplicate and out-of-range years, too large counts', () => {
		const r = validateProfile(
			input([
				row({ year: '2025', population: '100.5', households: 'たくさん', aged65: '' }),
				row({ year: '2025', population: '100', households: '50', aged65: '20', associations: '5000' }),
				row({ year: '1800', population: '100', households: '50', aged65: '20' }),
				row({ year: '2026', population: '2000000', households: '50', aged65: '20' })
			])
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual(
			expect.arrayContaining([
				{ row: 0, field: 'population', code: 'not_integer' },
				{ row: 0, field: 'households', code: 'not_integer' },
				{ row: 0, field: 'aged65', code: 'required' },
				{ row: 1, field: 'year', code: 'year_duplicate' },
				{ row: 1, field: 'associations', code: 'too_large' },
				{ row: 2, field: 'year', code: 'year_range' },
				{ row: 3, field: 'population', code: 'too_large' }
			])
		);
	});

	it('refuses an impossible base date and too long a text', () => {
		const r = validateProfile(input([], { baseDate: '2025-02-30', character: 'あ'.repeat(2001) }));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual([
			{ field: 'baseDate', code: 'date_invalid' },
			{ field: 'character', code: 'text_too_long' }
		]);
	});

	it('refuses more than ten years', () => {
		const rows = Array.from({ length: 11 }, (_, i) => row({ year: String(2000 + i), population: '100', households: '50', aged65: '20' }));
		const r = validateProfile(input(rows));
		expect(r.ok ? [] : r.errors).toEqual([{ field: 'form', code: 'too_many_years' }]);
	});

	it('round-trips through the form rows', () => {
		const r = validateProfile(input([row({ year: '2025', population: '100', households: '50', aged65: '20', commissioners: '3' })], { baseDate: '2025-04-01' }));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const again = validateProfile(profileToInput(r.value));
		expect(again).toEqual(r);
	});
});
