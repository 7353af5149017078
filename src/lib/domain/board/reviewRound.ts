/**
 * The review workshop (振り返りワークショップ) on a board: the facilitator puts the actions of one theme
 * before the residents (a round), each phone rates each action once (a new rating replaces its old one)
 * with an optional comment, and the projector shows how many gave each level. Pure: no IO.
 *
 * Board layout:
 *   reviewRound:   Y.Map { roundId, planId, themeTitle, scale: 'circle' | 'face5', actions: [{ id, title, plain }],
 *                          labels: { [value]: the council's wording of that level, from the review's scale } }
 *   reviewRatings: Y.Map<`${participantId}|${actionId}`, { roundId, value, comment, at }>
 * Ratings are keyed by participant, so they never leave the server: phones get their own, the
 * projector only counts (projectReview), staff read counts and comments without names.
 */
import * as Y from 'yjs';
import { err, ok, type Result } from '../result';
import { charCount, normaliseText } from '../text';
import { isSafeKey } from '../ids';
import type { ReviewScale } from '../council/settings';

export const RATING_SCALES = {
	/** ○ / △ / × */
	circle: ['good', 'fair', 'poor'],
	/** 1-5 with a face scale (5 = best) */
	face5: ['5', '4', '3', '2', '1']
} as const;
export type RatingScaleId = keyof typeof RATING_SCALES;
export const isRatingScale = (v: unknown): v is RatingScaleId => v === 'circle' || v === 'face5';

/** How each rating reads, on phones, the projector and in the summary (symbol and plain words). */
export const RATING_LABELS: Record<string, { symbol: string; words: string }> = {
	good: { symbol: '○', words: 'できた' },
	fair: { symbol: '△', words: '少しできた' },
	poor: { symbol: '×', words: 'できなかった' },
	'5': { symbol: '😄 5', words: 'とてもよい' },
	'4': { symbol: '🙂 4', words: 'よい' },
	'3': { symbol: '😐 3', words: 'ふつう' },
	'2': { symbol: '🙁 2', words: 'あまりよくない' },
	'1': { symbol: '😞 1', words: 'よくない' }
};

export const ROUND_LIMITS = { actions: 12, title: 80, plain: 200, themeTitle: 80, comment: 140, label: 40 } as const;

export type RoundAction = { id: string; title: string; plain: string };
/** `labels`: value -> the council's own wording of that level ({} = the phones' plain words). */
export type ReviewRound = { roundId: string; planId: string; themeTitle: string; scale: RatingScaleId; actions: RoundAction[]; labels: Record<string, string> };

/**
 * The council's wording for the phones' rating values, taken from the review's own scale (copied
 * into the review when it was opened) when its levels are the phones' values: ○/△/× for a ○/△/×
 * review, 5-1 faces for a 5-level review. Other pairs ({}) keep the phones' plain words.
 */
export function roundLabels(scale: RatingScaleId, reviewScale: ReviewScale | null): Record<string, string> {
	const values: readonly string[] = RATING_SCALES[scale];
	const levels = reviewScale?.levels ?? [];
	if (levels.length !== values.length || !levels.every((l) => values.includes(l.id))) return {};
	return Object.fromEntries(levels.map((l) => [l.id, cut(normaliseText(l.label), ROUND_LIMITS.label)]).filter(([, label]) => label !== ''));
}

function readLabels(v: unknown, scale: RatingScaleId): Record<string, string> {
	if (typeof v !== 'object' || v === null || v instanceof Y.AbstractType) return {};
	const r = v as Record<string, unknown>;
	return Object.fromEntries(RATING_SCALES[scale].filter((k) => typeof r[k] === 'string' && r[k] !== '').map((k) => [k, cut(str(r[k]), ROUND_LIMITS.label)]));
}
export type Rating = { value: string; comment: string };

export type RoundError = 'review_not_open' | 'item_not_found' | 'bad_rating' | 'text_too_long' | 'text_control_chars' | 'bad_config';

export const REVIEW_ROUND = 'reviewRound';
export const REVIEW_RATINGS = 'reviewRatings';
export const reviewRoundMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(REVIEW_ROUND);
export const reviewRatingsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(REVIEW_RATINGS);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const cut = (s: string, n: number): string => [...s].slice(0, n).join('');

function readActions(v: unknown): RoundAction[] {
	if (!Array.isArray(v)) return [];
	return v
		.filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && isSafeKey(str((a as Record<string, unknown>).id)))
		.map((a) => ({ id: str(a.id), title: str(a.title), plain: str(a.plain) }));
}

export function readRound(doc: Y.Doc): ReviewRound | null {
	const m = reviewRoundMap(doc);
	const roundId = str(m.get('roundId'));
	const scale = m.get('scale');
	if (!roundId || !isRatingScale(scale)) return null;
	return { roundId, planId: str(m.get('planId')), themeTitle: str(m.get('themeTitle')), scale, actions: readActions(m.get('actions')), labels: readLabels(m.get('labels'), scale) };
}

/** Start a round on a theme's actions (replaces the round shown; older rounds' ratings stay but no longer count). */
export function startRound(doc: Y.Doc, round: Omit<ReviewRound, 'labels'> & { labels?: Record<string, string> }): Result<ReviewRound, RoundError> {
	if (!isRatingScale(round.scale) || !isSafeKey(round.roundId) || round.actions.length === 0 || round.actions.length > ROUND_LIMITS.actions) return err('bad_config');
	if (round.actions.some((a) => !isSafeKey(a.id))) return err('bad_config');
	const clean: ReviewRound = {
		roundId: round.roundId,
		planId: round.planId,
		themeTitle: cut(round.themeTitle, ROUND_LIMITS.themeTitle),
		scale: round.scale,
		actions: round.actions.map((a) => ({ id: a.id, title: cut(a.title, ROUND_LIMITS.title), plain: cut(a.plain, ROUND_LIMITS.plain) })),
		labels: readLabels(round.labels, round.scale)
	};
	doc.transact(() => {
		const m = reviewRoundMap(doc);
		m.set('roundId', clean.roundId);
		m.set('planId', clean.planId);
		m.set('themeTitle', clean.themeTitle);
		m.set('scale', clean.scale);
		m.set('actions', clean.actions);
		m.set('labels', clean.labels);
	});
	return ok(clean);
}

const ratingKey = (participantId: string, actionId: string) => `${participantId}|${actionId}`;

function readRating(raw: unknown, roundId: string): Rating | null {
	if (typeof raw !== 'object' || raw === null || raw instanceof Y.AbstractType) return null;
	const r = raw as Record<string, unknown>;
	if (r.roundId !== roundId || typeof r.value !== 'string') return null;
	return { value: r.value, comment: str(r.comment) };
}

/** A phone rates one action of the current round (its earlier rating of it is replaced). */
export function rateAction(doc: Y.Doc, participantId: string, input: { actionId: string; value: string; comment: string }, now: number): Result<Rating, RoundError> {
	const round = readRound(doc);
	if (!round) return err('review_not_open');
	if (!round.actions.some((a) => a.id === input.actionId)) return err('item_not_found');
	if (!(RATING_SCALES[round.scale] as readonly string[]).includes(input.value)) return err('bad_rating');
	const comment = normaliseText(input.comment);
	if (charCount(comment) > ROUND_LIMITS.comment) return err('text_too_long');
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/.test(comment)) return err('text_control_chars');
	const rating = { value: input.value, comment };
	reviewRatingsMap(doc).set(ratingKey(participantId, input.actionId), { roundId: round.roundId, ...rating, at: now });
	return ok(rating);
}

/** One phone's ratings in the current round: actionId -> rating. */
export function myRatings(doc: Y.Doc, participantId: string): Record<string, Rating> {
	const round = readRound(doc);
	const out: Record<string, Rating> = {};
	if (!round) return out;
	for (const a of round.actions) {
		const r = readRating(reviewRatingsMap(doc).get(ratingKey(participantId, a.id)), round.roundId);
		if (r) out[a.id] = r;
	}
	return out;
}

export type ActionTally = { actionId: string; counts: Record<string, number>; total: number; comments: string[] };

/** Per action of the current round: how many gave each level, and the comments (no names, oldest first). */
export function tallyRound(doc: Y.Doc): ActionTally[] {
	const round = readRound(doc);
	if (!round) return [];
	const byAction = new Map(round.actions.map((a) => [a.id, { actionId: a.id, counts: Object.fromEntries(RATING_SCALES[round.scale].map((v) => [v, 0])), total: 0, comments: [] as { at: number; text: string }[] }]));
	reviewRatingsMap(doc).forEach((raw, key) => {
		const actionId = key.slice(key.indexOf('|') + 1);
		const t = byAction.get(actionId);
		const r = readRating(raw, round.roundId);
		const n = r ? t?.counts[r.value] : undefined;
		if (!t || !r || n === undefined) return;
		t.counts[r.value] = n + 1;
		t.total++;
		if (r.comment) t.comments.push({ at: Number((raw as Record<string, unknown>).at) || 0, text: r.comment });
	});
	return [...byAction.values()].map((t) => ({ ...t, comments: t.comments.sort((a, b) => a.at - b.at).map((c) => c.text) }));
}

/** What a projector may see: the round and the counts (no comments, no participant ids). */
export function projectReview(doc: Y.Doc): Record<string, unknown> {
	const round = readRound(doc);
	if (!round) return {};
	const counts: Record<string, Record<string, number>> = {};
	for (const t of tallyRound(doc)) counts[t.actionId] = t.counts;
	return { round: { roundId: round.roundId, themeTitle: round.themeTitle, scale: round.scale, actions: round.actions.map((a) => ({ id: a.id, title: a.title })), labels: round.labels }, counts };
}

/** The residents' view of one action as a sentence for the review (住民の声), in the round's wording. */
export function summariseRatings(t: ActionTally, scale: RatingScaleId, maxComments = 5, labels: Record<string, string> = {}): string {
	if (t.total === 0) return '';
	const parts = RATING_SCALES[scale].map((v) => {
		const own = labels[v];
		const l = RATING_LABELS[v] ?? { symbol: v, words: '' };
		const words = own !== undefined ? `${scale === 'face5' ? v : ''}${own.replace(/\s+/g, '')}` : `${l.symbol.replace(/^\S+ /, '')}${l.words}`;
		return `${words} ${t.counts[v] ?? 0}人`;
	});
	const head = `住民の評価（${t.total}人）: ${parts.join('・')}`;
	const voices = t.comments.slice(0, maxComments).map((c) => `「${c}」`);
	return voices.length ? `${head}。主な声: ${voices.join('')}` : head;
}
