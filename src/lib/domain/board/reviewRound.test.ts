import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { myRatings, rateAction, readRound, startRound, summariseRatings, tallyRound } from './reviewRound';
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
