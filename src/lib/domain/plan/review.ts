/**
 * The yearly review of a plan (振り返り, PDCA), in the plan document `plan.<planId>`. Pure: no IO.
 *
 * Layout:
 *   reviews: Y.Map<fiscalYear, Y.Map>   one per reviewed year:
 *     scale     { preset, levels[] }     the council's scale copied when the review was opened, so that a
 *                                        later change of the council's scale leaves this year readable
 *     openedAt  number, openedBy string
 *     entries   Y.Map<actionId, ReviewEntry record>   one per reviewed action (versioned, records.ts)
 *   actionVersions: Y.Map<versionId, ActionVersion>  what the actions said before each revision
 *
 * Rules (typed errors): a level outside the review's own scale, a year outside the plan's period, texts
 * over their limits or with control characters, an action the plan does not have, a review not opened.
 */
import * as Y from 'yjs';
import { err, ok, type Result } from '../result';
import { charCount, normaliseText } from '../text';
import { readRecord, type RawRecord, type RecordType } from '../records';
import type { ReviewScale, ReviewScaleId, ScaleLevel } from '../council/settings';
import { REVIEW_SCALE_IDS } from '../council/settings';
import { actionsMap, readActionsForReview, targetFor, writeScheduleYear, type ReviewAction, type ScheduleStage } from './reviewActions';

/** 次年度に向けて: 継続 / 拡充 / 見直し / 終了. */
export const NEXT_STEPS = ['continue', 'expand', 'revise', 'end'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];
export const NEXT_STEP_LABELS: Record<NextStep, string> = { continue: '継続', expand: '拡充', revise: '見直し', end: '終了' };

/** What each next step puts in the next fiscal year's schedule (終了: nothing). */
export const NEXT_STEP_STAGE: Record<NextStep, ScheduleStage | null> = { continue: '継続', expand: '拡充', revise: '検討', end: null };

export const REVIEW_LIMITS = { done: 1000, comment: 1000, residents: 2000, reason: 200, actual: 1e9 } as const;

export type PlanPeriod = { start: number; end: number };

export type ReviewEntry = {
	/** 実施内容 */
	done: string;
	/** the achievement level's id in the review's scale ('' = not rated yet) */
	level: string;
	/** the indicator's actual value this year */
	actual: number | null;
	comment: string;
	/** 次年度に向けて ('' = not decided) */
	next: NextStep | '';
	/** 住民の声: the residents' view, taken from a review workshop or written */
	residents: string;
	updatedAt: number;
	updatedBy: string;
};

export type ReviewError =
	| 'year_outside_period'
	| 'review_not_open'
	| 'action_not_found'
	| 'level_not_in_scale'
	| 'bad_scale'
	| 'bad_number'
	| 'bad_next_step'
	| 'text_too_long'
	| 'text_control_chars'
	| 'no_next_year'
	| 'nothing_to_carry';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isNextStep = (v: unknown): v is NextStep => typeof v === 'string' && (NEXT_STEPS as readonly string[]).includes(v);

export const ReviewEntryRecord: RecordType<ReviewEntry> = {
	name: 'reviewEntry',
	version: 1,
	versionOf: (raw) => (typeof raw.v === 'number' ? raw.v : 1),
	migrations: {},
	parse: (raw) => ({
		done: str(raw.done),
		level: str(raw.level),
		actual: typeof raw.actual === 'number' && Number.isFinite(raw.actual) ? raw.actual : null,
		comment: str(raw.comment),
		next: isNextStep(raw.next) ? raw.next : '',
		residents: str(raw.residents),
		updatedAt: typeof raw.updatedAt === 'number' ? raw.updatedAt : 0,
		updatedBy: str(raw.updatedBy)
	})
};

export const EMPTY_ENTRY: ReviewEntry = { done: '', level: '', actual: null, comment: '', next: '', residents: '', updatedAt: 0, updatedBy: '' };

export type YearReview = {
	fiscalYear: number;
	scale: ReviewScale;
	openedAt: number;
	openedBy: string;
	/** actionId -> entry (only actions that have one) */
	entries: Record<string, ReviewEntry>;
};

export const reviewsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('reviews');
export const actionVersionsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('actionVersions');

export const inPeriod = (period: PlanPeriod, fiscalYear: number): boolean =>
	Number.isInteger(fiscalYear) && fiscalYear >= period.start && fiscalYear <= period.end;

/** A scale as stored: a known preset and 2-10 levels with distinct ids and short labels; null if not. */
export function checkScale(raw: unknown): ReviewScale | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as { preset?: unknown; levels?: unknown };
	const preset = (REVIEW_SCALE_IDS as readonly unknown[]).includes(r.preset) ? (r.preset as ReviewScaleId) : null;
	if (!preset || !Array.isArray(r.levels) || r.levels.length < 2 || r.levels.length > 10) return null;
	const levels: ScaleLevel[] = [];
	for (const l of r.levels as unknown[]) {
		if (typeof l !== 'object' || l === null) return null;
		const { id, label } = l as { id?: unknown; label?: unknown };
		if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,20}$/.test(id) || typeof label !== 'string' || charCount(label) > 60) return null;
		if (levels.some((x) => x.id === id)) return null;
		levels.push({ id, label });
	}
	return { preset, levels };
}

function yearMap(doc: Y.Doc, fiscalYear: number): Y.Map<unknown> | null {
	const m = reviewsMap(doc).get(String(fiscalYear));
	return m instanceof Y.Map ? m : null;
}

/**
 * Open the review of a fiscal year with the council's scale as it is now (copied). Opening a review
 * that exists leaves it as it was (its scale included): `created` says which happened.
 */
export function openReview(
	doc: Y.Doc,
	input: { fiscalYear: number; period: PlanPeriod; scale: ReviewScale; by: string; now: number }
): Result<{ created: boolean }, ReviewError> {
	if (!inPeriod(input.period, input.fiscalYear)) return err('year_outside_period');
	if (yearMap(doc, input.fiscalYear)) return ok({ created: false });
	const scale = checkScale(input.scale);
	if (!scale) return err('bad_scale');
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		reviewsMap(doc).set(String(input.fiscalYear), m);
		m.set('scale', { preset: scale.preset, levels: scale.levels.map((l) => ({ id: l.id, label: l.label })) });
		m.set('openedAt', input.now);
		m.set('openedBy', input.by);
		m.set('entries', new Y.Map<unknown>());
	});
	return ok({ created: true });
}

export function readReview(doc: Y.Doc, fiscalYear: number): YearReview | null {
	const m = yearMap(doc, fiscalYear);
	if (!m) return null;
	const scale = checkScale(m.get('scale')) ?? { preset: 'five', levels: [] };
	const entries: Record<string, ReviewEntry> = {};
	const e = m.get('entries');
	if (e instanceof Y.Map)
		e.forEach((raw, actionId) => {
			if (typeof raw === 'object' && raw !== null && !(raw instanceof Y.AbstractType)) entries[actionId] = readRecord(ReviewEntryRecord, raw as RawRecord);
		});
	return {
		fiscalYear,
		scale,
		openedAt: typeof m.get('openedAt') === 'number' ? (m.get('openedAt') as number) : 0,
		openedBy: str(m.get('openedBy')),
		entries
	};
}

/** The reviewed fiscal years, oldest first. */
export function reviewedYears(doc: Y.Doc): number[] {
	const out: number[] = [];
	reviewsMap(doc).forEach((m, k) => {
		const y = Number(k);
		if (m instanceof Y.Map && Number.isInteger(y)) out.push(y);
	});
	return out.sort((a, b) => a - b);
}

/** The latest fiscal year with a review, or null. */
export const latestReviewedYear = (doc: Y.Doc): number | null => reviewedYears(doc).at(-1) ?? null;

export type EntryPatch = Partial<Pick<ReviewEntry, 'done' | 'level' | 'actual' | 'comment' | 'next' | 'residents'>>;

function checkField(raw: string, max: number): Result<string, ReviewError> {
	const text = normaliseText(raw);
	if (charCount(text) > max) return err('text_too_long');
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/.test(text)) return err('text_control_chars');
	return ok(text);
}

/** Check a patch against a review's scale; returns the cleaned patch. */
export function checkPatch(patch: EntryPatch, scale: ReviewScale): Result<EntryPatch, ReviewError> {
	const out: EntryPatch = {};
	for (const f of ['done', 'comment', 'residents'] as const) {
		const v = patch[f];
		if (v === undefined) continue;
		const r = checkField(v, REVIEW_LIMITS[f]);
		if (!r.ok) return r;
		out[f] = r.value;
	}
	if (patch.level !== undefined) {
		if (patch.level !== '' && !scale.levels.some((l) => l.id === patch.level)) return err('level_not_in_scale');
		out.level = patch.level;
	}
	if (patch.actual !== undefined) {
		if (patch.actual !== null && (!Number.isFinite(patch.actual) || Math.abs(patch.actual) > REVIEW_LIMITS.actual)) return err('bad_number');
		out.actual = patch.actual;
	}
	if (patch.next !== undefined) {
		if (patch.next !== '' && !isNextStep(patch.next)) return err('bad_next_step');
		out.next = patch.next;
	}
	return ok(out);
}

/** Write some fields of one action's entry in a year's review (the other fields stay as they were). */
export function saveReviewEntry(
	doc: Y.Doc,
	input: { fiscalYear: number; period: PlanPeriod; actionId: string; patch: EntryPatch; by: string; now: number }
): Result<ReviewEntry, ReviewError> {
	if (!inPeriod(input.period, input.fiscalYear)) return err('year_outside_period');
	const m = yearMap(doc, input.fiscalYear);
	const review = readReview(doc, input.fiscalYear);
	if (!m || !review) return err('review_not_open');
	if (!(actionsMap(doc).get(input.actionId) instanceof Y.Map)) return err('action_not_found');
	const checked = checkPatch(input.patch, review.scale);
	if (!checked.ok) return checked;
	const entry: ReviewEntry = { ...(review.entries[input.actionId] ?? EMPTY_ENTRY), ...checked.value, updatedAt: input.now, updatedBy: input.by };
	let entries = m.get('entries');
	doc.transact(() => {
		if (!(entries instanceof Y.Map)) m.set('entries', (entries = new Y.Map<unknown>()));
		(entries as Y.Map<unknown>).set(input.actionId, { v: ReviewEntryRecord.version, ...entry });
	});
	return ok(entry);
}

/** A level's wording in a review's own scale ('' when unrated or unknown). */
export const levelLabel = (scale: ReviewScale, level: string): string => scale.levels.find((l) => l.id === level)?.label ?? '';

/** Scales whose level ids are codes people read (5 … 1, A … D); the others' ids (good, 80) are only keys. */
const CODED_SCALES: readonly ReviewScale['preset'][] = ['five', 'abcd'];

/**
 * A level as people read it, in its review's own scale: "4 目標を上回った", "A 十分に達成できた", but
 * "○ できた" and "80%以上" alone (their ids are keys, not codes). '' when unrated or unknown.
 */
export function levelText(scale: ReviewScale, level: string, separator = ' '): string {
	const label = levelLabel(scale, level);
	if (!label) return '';
	return CODED_SCALES.includes(scale.preset) ? `${level}${separator}${label}` : label;
}

/** Where a level sits on its scale: 1 = best … 0 = worst (null when unrated); scales list the best level first. */
export function levelScore(scale: ReviewScale, level: string): number | null {
	const i = scale.levels.findIndex((l) => l.id === level);
	if (i < 0) return null;
	return scale.levels.length === 1 ? 1 : 1 - i / (scale.levels.length - 1);
}

// ---------------------------------------------------------------------------------------------
// Versions and revision (計画の見直し)

export type ActionVersion = { id: string; at: number; by: string; reason: string; fiscalYear: number; actions: ReviewAction[] };

function readVersion(id: string, raw: unknown): ActionVersion | null {
	if (typeof raw !== 'object' || raw === null || raw instanceof Y.AbstractType) return null;
	const r = raw as Record<string, unknown>;
	return {
		id,
		at: typeof r.at === 'number' ? r.at : 0,
		by: str(r.by),
		reason: str(r.reason),
		fiscalYear: typeof r.fiscalYear === 'number' ? r.fiscalYear : 0,
		actions: Array.isArray(r.actions) ? (r.actions as ReviewAction[]) : []
	};
}

/** Every kept version of the plan's actions, oldest first. */
export function listActionVersions(doc: Y.Doc): ActionVersion[] {
	const out: ActionVersion[] = [];
	actionVersionsMap(doc).forEach((raw, id) => {
		const v = readVersion(id, raw);
		if (v) out.push(v);
	});
	return out.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** Keep what the actions say now (plain data), with the date and the reason. */
export function snapshotActions(doc: Y.Doc, input: { id: string; reason: string; fiscalYear: number; by: string; now: number }): Result<ActionVersion, ReviewError> {
	const reason = checkField(input.reason, REVIEW_LIMITS.reason);
	if (!reason.ok) return reason;
	const actions = readActionsForReview(doc);
	const version: ActionVersion = { id: input.id, at: input.now, by: input.by, reason: reason.value, fiscalYear: input.fiscalYear, actions };
	actionVersionsMap(doc).set(input.id, {
		v: 1,
		at: version.at,
		by: version.by,
		reason: version.reason,
		fiscalYear: version.fiscalYear,
		actions: JSON.parse(JSON.stringify(actions)) as unknown
	});
	return ok(version);
}

/**
 * Carry the reviewed actions into the next fiscal year's schedule by their next step (継続 → 継続,
 * 拡充 → 拡充, 見直し → 検討, 終了 → nothing that year), after keeping a version of the actions as they
 * were. Actions without a decided next step are left alone.
 */
export function carryIntoNextYear(
	doc: Y.Doc,
	input: { fiscalYear: number; period: PlanPeriod; reason: string; versionId: string; by: string; now: number }
): Result<{ carried: string[]; version: ActionVersion }, ReviewError> {
	if (!inPeriod(input.period, input.fiscalYear)) return err('year_outside_period');
	const review = readReview(doc, input.fiscalYear);
	if (!review) return err('review_not_open');
	const next = input.fiscalYear + 1;
	if (!inPeriod(input.period, next)) return err('no_next_year');
	const decided = Object.entries(review.entries).filter(([id, e]) => e.next !== '' && actionsMap(doc).get(id) instanceof Y.Map);
	if (decided.length === 0) return err('nothing_to_carry');
	let out: Result<{ carried: string[]; version: ActionVersion }, ReviewError> = err('nothing_to_carry');
	doc.transact(() => {
		const version = snapshotActions(doc, { id: input.versionId, reason: input.reason, fiscalYear: input.fiscalYear, by: input.by, now: input.now });
		if (!version.ok) {
			out = version;
			return;
		}
		const carried: string[] = [];
		for (const [id, e] of decided) if (e.next !== '' && writeScheduleYear(doc, id, next, NEXT_STEP_STAGE[e.next], input.period)) carried.push(id);
		out = ok({ carried, version: version.value });
	});
	return out;
}

// ---------------------------------------------------------------------------------------------
// History across years, and the mid-term review (中間評価)

export type YearCell = {
	fiscalYear: number;
	level: string;
	/** the level's wording in the scale that year's review was made with */
	label: string;
	/** the level as people read it in that scale (levelText: "4 目標を上回った", "○ できた"), '' unrated */
	text: string;
	/** 1 best … 0 worst, null unrated */
	score: number | null;
	actual: number | null;
	target: number | null;
	comment: string;
	done: string;
	next: NextStep | '';
	residents: string;
};

export type ActionHistory = { action: ReviewAction; years: YearCell[] };

/** Per action, every reviewed year up to `upTo` (all when omitted), oldest first: the mid-term review. */
export function midTermReview(doc: Y.Doc, upTo?: number): ActionHistory[] {
	const years = reviewedYears(doc).filter((y) => upTo === undefined || y <= upTo);
	const reviews = years.map((y) => readReview(doc, y)).filter((r): r is YearReview => r !== null);
	return readActionsForReview(doc).map((action) => ({
		action,
		years: reviews.map((r) => {
			const e = r.entries[action.id] ?? EMPTY_ENTRY;
			return {
				fiscalYear: r.fiscalYear,
				level: e.level,
				label: levelLabel(r.scale, e.level),
				text: levelText(r.scale, e.level),
				score: levelScore(r.scale, e.level),
				actual: e.actual,
				target: targetFor(action.indicator, r.fiscalYear),
				comment: e.comment,
				done: e.done,
				next: e.next,
				residents: e.residents
			};
		})
	}));
}
