import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { REVIEW_SCALES, type ReviewScale } from '../council/settings';
import {
	carryIntoNextYear,
	latestReviewedYear,
	levelText,
	listActionVersions,
	midTermReview,
	openReview,
	readReview,
	reviewedYears,
	saveReviewEntry
} from './review';
import { numberIn, readActionsForReview, targetFor, writeScheduleYear } from './reviewActions';
import { addAction, readAction } from './actions';

const period = { start: 2026, end: 2030 };
const five: ReviewScale = { preset: 'five', levels: REVIEW_SCALES.five };
const circle: ReviewScale = { preset: 'circle', levels: REVIEW_SCALES.circle };

const ctx = { years: [2026, 2027, 2028, 2029, 2030], columns: ['self', 'mutual'], goals: [], issues: null };

/** Two actions written as the actions table writes them (actions.ts). */
function planWithActions(): Y.Doc {
	const doc = new Y.Doc();
	const base = { description: '', issueId: '', column: 'mutual', responsible: '', goalId: '' };
	const a = addAction(
		doc,
		{ ...base, title: 'ふれあいサロンを月2回にする', schedule: { 2026: 'run' }, indicator: { what: 'サロンの参加者数', unit: '人', baseline: '20', targets: { 2026: '30' }, finalTarget: '50' } },
		ctx,
		{ userId: 'u1', now: 1, id: 'salon' }
	);
	const b = addAction(doc, { ...base, title: '見守りの声かけ', schedule: { 2026: 'prepare' }, indicator: null }, ctx, { userId: 'u1', now: 2, id: 'watch' });
	if (!a.ok || !b.ok) throw new Error('fixture');
	return doc;
}

const open = (doc: Y.Doc, fiscalYear: number, scale = five) => openReview(doc, { fiscalYear, period, scale, by: 'u1', now: 1 });
const save = (doc: Y.Doc, fiscalYear: number, actionId: string, patch: Parameters<typeof saveReviewEntry>[1]['patch']) =>
	saveReviewEntry(doc, { fiscalYear, period, actionId, patch, by: 'u1', now: 2 });

describe('opening a review', () => {
	it('opens a year of the plan once, keeping its scale', () => {
		const doc = planWithActions();
		expect(open(doc, 2026)).toEqual({ ok: true, value: { created: true } });
		expect(open(doc, 2026, circle)).toEqual({ ok: true, value: { created: false } });
		expect(readReview(doc, 2026)?.scale.preset).toBe('five');
		expect(reviewedYears(doc)).toEqual([2026]);
		expect(latestReviewedYear(doc)).toBe(2026);
	});

	it('refuses a year outside the period and a malformed scale', () => {
		const doc = planWithActions();
		expect(open(doc, 2025)).toEqual({ ok: false, error: 'year_outside_period' });
		expect(open(doc, 2031)).toEqual({ ok: false, error: 'year_outside_period' });
		expect(openReview(doc, { fiscalYear: 2026, period, scale: { preset: 'five', levels: [{ id: 'x', label: 'a' }] }, by: 'u', now: 1 })).toEqual({
			ok: false,
			error: 'bad_scale'
		});
		expect(reviewedYears(doc)).toEqual([]);
	});
});

describe('review entries', () => {
	it('saves fields one by one, keeping the others', () => {
		const doc = planWithActions();
		open(doc, 2026);
		expect(save(doc, 2026, 'salon', { done: ' 月2回開いた ', level: '4' }).ok).toBe(true);
		expect(save(doc, 2026, 'salon', { actual: 34, next: 'expand' }).ok).toBe(true);
		const e = readReview(doc, 2026)!.entries.salon;
		expect(e).toMatchObject({ done: '月2回開いた', level: '4', actual: 34, next: 'expand', comment: '' });
	});

	it('refuses a level outside the scale, unknown actions, long texts, bad numbers, unopened years', () => {
		const doc = planWithActions();
		open(doc, 2026);
		expect(save(doc, 2026, 'salon', { level: '6' })).toEqual({ ok: false, error: 'level_not_in_scale' });
		expect(save(doc, 2026, 'salon', { level: 'good' })).toEqual({ ok: false, error: 'level_not_in_scale' });
		expect(save(doc, 2026, 'nope', { level: '3' })).toEqual({ ok: false, error: 'action_not_found' });
		expect(save(doc, 2026, 'salon', { comment: 'あ'.repeat(10_000) })).toEqual({ ok: false, error: 'text_too_long' });
		expect(save(doc, 2026, 'salon', { comment: 'a\u202Eb' })).toEqual({ ok: false, error: 'text_control_chars' });
		expect(save(doc, 2026, 'salon', { actual: Number.NaN })).toEqual({ ok: false, error: 'bad_number' });
		expect(save(doc, 2027, 'salon', { level: '3' })).toEqual({ ok: false, error: 'review_not_open' });
		expect(save(doc, 2031, 'salon', { level: '3' })).toEqual({ ok: false, error: 'year_outside_period' });
		expect(readReview(doc, 2026)!.entries).toEqual({});
	});

	it('keeps a past review readable in its own scale after the council switches scales', () => {
		const doc = planWithActions();
		open(doc, 2026, five);
		save(doc, 2026, 'salon', { level: '5' });
		// the council now uses ○/△/×: the next year is opened with it
		open(doc, 2027, circle);
		save(doc, 2027, 'salon', { level: 'fair' });
		expect(save(doc, 2027, 'salon', { level: '5' })).toEqual({ ok: false, error: 'level_not_in_scale' });
		const history = midTermReview(doc).find((h) => h.action.id === 'salon')!;
		expect(history.years.map((y) => [y.fiscalYear, y.level, y.label, y.score])).toEqual([
			[2026, '5', '目標を大きく上回った', 1],
			[2027, 'fair', '△ 一部できた', 0.5]
		]);
	});
});

describe('revision', () => {
	it('carries next steps into the next year and keeps the version before', () => {
		const doc = planWithActions();
		open(doc, 2026);
		save(doc, 2026, 'salon', { next: 'expand' });
		save(doc, 2026, 'watch', { next: 'end' });
		const r = carryIntoNextYear(doc, { fiscalYear: 2026, period, reason: '令和8年度の振り返り', versionId: 'v1', by: 'u1', now: 5 });
		expect(r.ok && r.value.carried.sort()).toEqual(['salon', 'watch']);
		const actions = readActionsForReview(doc);
		expect(actions.find((a) => a.id === 'salon')!.schedule).toEqual({ 2026: '実施', 2027: '拡充' });
		expect(actions.find((a) => a.id === 'watch')!.schedule).toEqual({ 2026: '準備' });
		const versions = listActionVersions(doc);
		expect(versions).toHaveLength(1);
		expect(versions[0]!).toMatchObject({ reason: '令和8年度の振り返り', fiscalYear: 2026, at: 5 });
		expect(versions[0]!.actions.find((a) => a.id === 'salon')!.schedule).toEqual({ 2026: '実施' });
	});

	it('refuses the last year and a review without decisions', () => {
		const doc = planWithActions();
		open(doc, 2030);
		save(doc, 2030, 'salon', { next: 'continue' });
		expect(carryIntoNextYear(doc, { fiscalYear: 2030, period, reason: '', versionId: 'v', by: 'u', now: 1 })).toEqual({ ok: false, error: 'no_next_year' });
		open(doc, 2027);
		expect(carryIntoNextYear(doc, { fiscalYear: 2027, period, reason: '', versionId: 'v', by: 'u', now: 1 })).toEqual({ ok: false, error: 'nothing_to_carry' });
		expect(listActionVersions(doc)).toEqual([]);
	});
});

describe('indicator targets', () => {
	it('uses the year’s target, else the next one set, else the final target, else the last', () => {
		const ind = { what: 'x', unit: '人', baseline: 0, targets: { 2026: 30, 2030: 50 } };
		expect(targetFor(ind, 2026)).toBe(30);
		expect(targetFor(ind, 2028)).toBe(50);
		expect(targetFor(ind, 2031)).toBe(50);
		expect(targetFor({ ...ind, targets: { 2026: 30, 0: 60 } }, 2027)).toBe(60);
		expect(targetFor(null, 2026)).toBeNull();
		expect(targetFor({ ...ind, targets: {} }, 2026)).toBeNull();
	});

	it('reads the actions table’s indicator values as numbers where they are numbers', () => {
		expect(readActionsForReview(planWithActions())[0]!.indicator).toEqual({ what: 'サロンの参加者数', unit: '人', baseline: 20, targets: { 2026: 30, 0: 50 } });
		expect(numberIn('1,200')).toBe(1200);
		expect(numberIn('３０人')).toBe(30);
		expect(numberIn('12.5%')).toBe(12.5);
		expect(numberIn('月1回')).toBeNull();
		expect(numberIn('')).toBeNull();
	});

	it('writes a schedule year through the actions’ rules, in their stage ids', () => {
		const doc = planWithActions();
		expect(writeScheduleYear(doc, 'salon', 2027, '継続', period)).toBe(true);
		expect(readAction(doc, 'salon')!.schedule).toEqual({ 2026: 'run', 2027: 'continue' });
		expect(writeScheduleYear(doc, 'salon', 2031, '継続', period)).toBe(false);
		expect(writeScheduleYear(doc, 'nothing', 2027, '継続', period)).toBe(false);
		expect(writeScheduleYear(doc, 'salon', 2027, null, period)).toBe(true);
		expect(readAction(doc, 'salon')!.schedule).toEqual({ 2026: 'run' });
	});

	it('mid-term review pairs actual values with targets', () => {
		const doc = planWithActions();
		open(doc, 2026);
		open(doc, 2027);
		save(doc, 2026, 'salon', { actual: 28 });
		save(doc, 2027, 'salon', { actual: 41 });
		const salon = midTermReview(doc, 2027).find((h) => h.action.id === 'salon')!;
		expect(salon.years.map((y) => [y.actual, y.target])).toEqual([
			[28, 30],
			[41, 50]
		]);
		expect(midTermReview(doc, 2026)[0]!.years).toHaveLength(1);
	});
});

describe('levelText', () => {
	it('shows the code where people read it (5-1, A-D) and the council’s words alone otherwise', () => {
		expect(levelText({ preset: 'five', levels: REVIEW_SCALES.five }, '4')).toBe('4 目標を上回った');
		expect(levelText({ preset: 'five', levels: REVIEW_SCALES.five }, '4', ': ')).toBe('4: 目標を上回った');
		expect(levelText({ preset: 'abcd', levels: REVIEW_SCALES.abcd }, 'B')).toBe('B おおむね達成できた');
		const circle = { preset: 'circle' as const, levels: [{ id: 'good', label: '○ よくできた' }, ...REVIEW_SCALES.circle.slice(1)] };
		expect(levelText(circle, 'good')).toBe('○ よくできた');
		expect(levelText({ preset: 'percent', levels: REVIEW_SCALES.percent }, '80')).toBe('80%以上');
		expect(levelText(circle, '')).toBe('');
		expect(levelText(circle, '4')).toBe('');
	});
});
