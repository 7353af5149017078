import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { myRatings, rateAction, readRound, roundLabels, startRound, summariseRatings, tallyRound } from './reviewRound';
import { REVIEW_SCALES } from '../council/settings';
import { ProjectorMirror, projectedReviewMap } from './projectorMirror';

const actions = [
	{ id: 'salon', title: 'サロンを増やす', plain: '集まれる場所を増やします' },
	{ id: 'watch', title: '見守りの声かけ', plain: '' }
];
const begin = (doc: Y.Doc, roundId = 'round1', scale: 'circle' | 'face5' = 'circle') =>
	startRound(doc, { roundId, planId: 'plan1', themeTitle: 'つながり', scale, actions });

describe('review round', () => {
	it('one rating per phone per action: a new rating replaces the old one', () => {
		const doc = new Y.Doc();
		expect(rateAction(doc, 'p1', { actionId: 'salon', value: 'good', comment: '' }, 1)).toEqual({ ok: false, error: 'review_not_open' });
		begin(doc);
		expect(rateAction(doc, 'p1', { actionId: 'salon', value: 'good', comment: '' }, 1).ok).toBe(true);
		expect(rateAction(doc, 'p1', { actionId: 'salon', value: 'poor', comment: ' 回数が少ない ' }, 2).ok).toBe(true);
		expect(rateAction(doc, 'p2', { actionId: 'salon', value: 'fair', comment: '' }, 3).ok).toBe(true);
		const salon = tallyRound(doc).find((t) => t.actionId === 'salon')!;
		expect(salon.counts).toEqual({ good: 0, fair: 1, poor: 1 });
		expect(salon.total).toBe(2);
		expect(salon.comments).toEqual(['回数が少ない']);
		expect(myRatings(doc, 'p1')).toEqual({ salon: { value: 'poor', comment: '回数が少ない' } });
	});

	it('refuses ratings outside the scale, unknown actions and long comments', () => {
		const doc = new Y.Doc();
		begin(doc, 'r', 'face5');
		expect(rateAction(doc, 'p1', { actionId: 'salon', value: 'good', comment: '' }, 1)).toEqual({ ok: false, error: 'bad_rating' });
		expect(rateAction(doc, 'p1', { actionId: 'salon', value: '6', comment: '' }, 1)).toEqual({ ok: false, error: 'bad_rating' });
		expect(rateAction(doc, 'p1', { actionId: 'other', value: '5', comment: '' }, 1)).toEqual({ ok: false, error: 'item_not_found' });
		expect(rateAction(doc, 'p1', { actionId: 'salon', value: '5', comment: 'あ'.repeat(141) }, 1)).toEqual({ ok: false, error: 'text_too_long' });
		expect(tallyRound(doc).every((t) => t.total === 0)).toBe(true);
		expect(startRound(doc, { roundId: 'constructor', planId: 'p', themeTitle: '', scale: 'circle', actions })).toEqual({ ok: false, error: 'bad_config' });
		expect(startRound(doc, { roundId: 'x1', planId: 'p', themeTitle: '', scale: 'circle', actions: [] })).toEqual({ ok: false, error: 'bad_config' });
	});

	it('a new round starts from zero; the summary reads as a sentence', () => {
		const doc = new Y.Doc();
		begin(doc, 'r1');
		rateAction(doc, 'p1', { actionId: 'salon', value: 'good', comment: '楽しい' }, 1);
		rateAction(doc, 'p2', { actionId: 'salon', value: 'good', comment: '' }, 2);
		const t = tallyRound(doc).find((x) => x.actionId === 'salon')!;
		expect(summariseRatings(t, 'circle')).toBe('住民の評価（2人）: ○できた 2人・△少しできた 0人・×できなかった 0人。主な声: 「楽しい」');
		begin(doc, 'r2');
		expect(readRound(doc)?.roundId).toBe('r2');
		expect(tallyRound(doc).every((x) => x.total === 0)).toBe(true);
	});

	it('the projector copy gets counts only: no comments, no participant ids', () => {
		const board = new Y.Doc();
		const mirror = new ProjectorMirror(board);
		expect(mirror.doc.share.has('reviewTally')).toBe(false);
		begin(board);
		rateAction(board, 'participant-aaaa', { actionId: 'salon', value: 'good', comment: 'ないしょの話' }, 1);
		rateAction(board, 'participant-bbbb', { actionId: 'salon', value: 'fair', comment: '' }, 2);
		const projected = projectedReviewMap(mirror.doc).toJSON();
		expect(projected.counts).toEqual({ salon: { good: 1, fair: 1, poor: 0 }, watch: { good: 0, fair: 0, poor: 0 } });
		const wire = JSON.stringify(mirror.doc.toJSON());
		for (const secret of ['ないしょ', 'participant-aaaa', 'participant-bbbb']) expect(wire).not.toContain(secret);
		// a copy built afresh holds the same
		const fresh = new ProjectorMirror(board);
		expect(projectedReviewMap(fresh.doc).toJSON()).toEqual(projected);
		mirror.destroy();
		fresh.destroy();
	});
});

describe('the council’s wording on the phones', () => {
	const circleWords = { preset: 'circle' as const, levels: [{ id: 'good', label: '○ よくできた' }, { id: 'fair', label: '△ もう少し' }, { id: 'poor', label: '× できなかった' }] };
	it('takes the review’s levels when they are the phones’ values', () => {
		expect(roundLabels('circle', circleWords)).toEqual({ good: '○ よくできた', fair: '△ もう少し', poor: '× できなかった' });
		expect(roundLabels('face5', { preset: 'five', levels: REVIEW_SCALES.five })).toEqual({ '5': '目標を大きく上回った', '4': '目標を上回った', '3': '目標どおり', '2': '目標を下回った', '1': '実施できなかった' });
		// other pairs keep the phones' plain words
		expect(roundLabels('circle', { preset: 'five', levels: REVIEW_SCALES.five })).toEqual({});
		expect(roundLabels('face5', circleWords)).toEqual({});
		expect(roundLabels('circle', { preset: 'abcd', levels: REVIEW_SCALES.abcd })).toEqual({});
		expect(roundLabels('circle', null)).toEqual({});
	});
	it('stores them with the round (only the scale’s values, cut short) and words the summary with them', () => {
		const doc = new Y.Doc();
		const long = 'あ'.repeat(60);
		startRound(doc, { roundId: 'r1', planId: 'p', themeTitle: '', scale: 'circle', actions: [{ id: 'a1', title: 'サロン', plain: '' }], labels: { good: '○ よくできた', fair: long, extra: 'x' } });
		const round = readRound(doc)!;
		expect(round.labels).toEqual({ good: '○ よくできた', fair: 'あ'.repeat(40) });
		expect(rateAction(doc, 'p1', { actionId: 'a1', value: 'good', comment: '' }, 1).ok).toBe(true);
		expect(rateAction(doc, 'p1', { actionId: 'a1', value: '○ よくできた', comment: '' }, 1)).toEqual({ ok: false, error: 'bad_rating' });
		const [t] = tallyRound(doc);
		expect(summariseRatings(t!, 'circle', 5, round.labels)).toBe(`住民の評価（1人）: ○よくできた 1人・${'あ'.repeat(40)} 0人・×できなかった 0人`);
	});
});
