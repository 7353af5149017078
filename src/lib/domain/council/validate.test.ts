import { describe, it, expect } from 'vitest';
import { checkCouncilSettings, readCouncilSettings, defaultColumnMapping, checkColumnMapping, removedColumns, presetColumns, type SettingsInput } from './validate';
import { ACTOR_PRESETS, REVIEW_SCALES, defaultCouncilSettings } from './settings';

const input = (over: Partial<SettingsInput> = {}): SettingsInput => ({
	name: 'みどり市社会福祉協議会',
	philosophy: 'だれもが安心して暮らせるまち',
	goals: [
		{ id: 'g1', label: 'つながる' },
		{ label: '支え合う' }
	],
	actorPreset: 'four_help',
	actorColumns: ACTOR_PRESETS.four_help.map((c) => ({ ...c })),
	reviewScale: { preset: 'five', levels: REVIEW_SCALES.five.map((l) => ({ ...l })) },
	defaultPlanYears: 5,
	resourceCategories: [{ id: 'salon', label: 'サロン・居場所' }, { label: '農園' }],
	...over
});

describe('checking council settings', () => {
	it('accepts good settings, keeps existing ids and gives new rows stable ids', () => {
		const r = checkCouncilSettings(input());
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.goals[0]).toEqual({ id: 'g1', label: 'つながる' });
		expect(r.value.goals[1]!.id).toMatch(/^[a-z0-9]{10}$/);
		expect(r.value.resourceCategories.map((c) => c.label)).toEqual(['サロン・居場所', '農園']);
		expect(r.value.v).toBe(1);
	});

	it('lists each problem with its field and row', () => {
		const r = checkCouncilSettings(
			input({
				name: '',
				goals: [{ label: 'ひとつだけ' }],
				actorPreset: 'custom',
				actorColumns: [{ label: 'わたし', help: '' }],
				defaultPlanYears: 7,
				resourceCategories: [
					{ id: 'a', label: '同じ' },
					{ id: 'b', label: '同じ' }
				]
			})
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems).toEqual(
			expect.arrayContaining([
				{ field: 'name', error: 'empty' },
				{ field: 'goals', error: 'too_few' },
				{ field: 'actorColumns', error: 'too_few' },
				{ field: 'defaultPlanYears', error: 'out_of_range' },
				{ field: 'resourceCategories', error: 'duplicate', index: 1 }
			])
		);
	});

	it('allows no goals yet, but not seven', () => {
		expect(checkCouncilSettings(input({ goals: [] })).ok).toBe(true);
		const seven = Array.from({ length: 7 }, (_, i) => ({ label: `目標${i}` }));
		const r = checkCouncilSettings(input({ goals: seven }));
		expect(r.ok ? [] : r.problems).toContainEqual({ field: 'goals', error: 'too_many' });
	});

	it('refuses a preset whose columns are not the preset ones, a bad id, a 10,000-character label and a changed scale', () => {
		const r = checkCouncilSettings(
			input({
				actorPreset: 'me_us',
				goals: [
					{ id: '__proto__', label: 'a' },
					{ label: 'x'.repeat(10_000) }
				],
				reviewScale: { preset: 'abcd', levels: [{ id: 'Z', label: 'なし' }] }
			})
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems).toEqual(
			expect.arrayContaining([
				{ field: 'actorColumns', error: 'preset_mismatch' },
				{ field: 'goals', error: 'bad_id', index: 0 },
				{ field: 'goals', error: 'too_long', index: 1 },
				{ field: 'reviewScale', error: 'preset_mismatch', index: 0 }
			])
		);
	});

	it('takes custom columns (2-4) with their own labels and the scale with its own wording', () => {
		const r = checkCouncilSettings(
			input({
				actorPreset: 'custom',
				actorColumns: [
					{ label: '自分でできること', help: '自分や家族で' },
					{ label: '地域でできること', help: '' },
					{ label: '行政や社協に依頼すること', help: '' }
				],
				reviewScale: { preset: 'circle', levels: [{ label: '○ 実施' }, { label: '△ 一部' }, { label: '× 未実施' }] }
			})
		);
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.value.reviewScale.levels.map((l) => l.id)).toEqual(['good', 'fair', 'poor']);
	});
});

describe('reading stored settings', () => {
	it('gives the defaults for a council that never saved, with its name', () => {
		expect(readCouncilSettings(null, 'あおば市社協')).toEqual(defaultCouncilSettings('あおば市社協'));
	});

	it('keeps what was saved and fills what is missing or malformed', () => {
		const s = readCouncilSettings({ v: 1, name: '保存した名前', goals: [{ id: 'g1', label: 'つながる' }, { id: 'constructor', label: 'x' }], defaultPlanYears: 9 }, '既定');
		expect(s.name).toBe('保存した名前');
		expect(s.goals).toEqual([{ id: 'g1', label: 'つながる' }]);
		expect(s.defaultPlanYears).toBe(5);
		expect(s.actorColumns).toEqual(ACTOR_PRESETS.four_help);
	});
});

describe('column mapping', () => {
	const four = presetColumns('four_help');
	const meUs = presetColumns('me_us');

	it('proposes the same id, else the same position', () => {
		expect(defaultColumnMapping(four, meUs)).toEqual({ self: 'me', mutual: 'us', community: 'council', public: 'city' });
		expect(defaultColumnMapping(meUs, presetColumns('two_columns'))).toEqual({ me: 'together', us: 'council', council: 'council', city: 'council' });
		expect(removedColumns(meUs, presetColumns('three_levels')).map((c) => c.id)).toEqual(['me', 'us', 'city']);
	});

	it('takes the admin choice, fills the rest, refuses a choice that names no new column', () => {
		expect(checkColumnMapping(four, meUs, { community: 'us' })).toEqual({ self: 'me', mutual: 'us', community: 'us', public: 'city' });
		expect(checkColumnMapping(four, meUs, { self: 'nowhere' })).toBeNull();
	});
});
