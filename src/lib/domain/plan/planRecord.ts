/**
 * A plan's own record (kept outside the plan document, in the records store): title, period in fiscal
 * years and status (策定中 drafting / 策定済み adopted / 見直し中 revising), and a workshop's record
 * for the plan (participants, steps covered). Validation of what staff enter. Pure.
 */
import { checkText } from '../text';
import { checkPeriod, type Period, type PeriodError } from '../fiscalYear';
import { isStepId, STEP_IDS, type StepId } from '../board/steps';
import { err, ok, type Result } from '../result';
import { parseIsoDate } from '../eraDate';

export const PLAN_STATUSES = ['drafting', 'adopted', 'revising'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const isPlanStatus = (v: unknown): v is PlanStatus => typeof v === 'string' && (PLAN_STATUSES as readonly string[]).includes(v);

export const PLAN_TITLE_MAX = 60;
/** 策定者: e.g. 「ひばりが丘地区社会福祉協議会」 */
export const ADOPTED_BY_MAX = 60;
export const PARTICIPANTS_MAX = 10_000;

export type PlanFieldError = PeriodError | 'title_empty' | 'title_too_long' | 'title_control_chars' | 'bad_status' | 'bad_adopted_on' | 'bad_adopted_by';

/** `adoptedOn` 策定日 (ISO date or null) and `adoptedBy` 策定者 ('' = not set): the cover of the plan document. */
export type PlanFields = { title: string; period: Period; status: PlanStatus; adoptedOn: string | null; adoptedBy: string };

/** Title (one line, ≤ 60 characters), period (3-5 fiscal years), status, 策定日 and 策定者, checked together. */
export function checkPlanFields(input: { title: string; start: number; end: number; status?: string; adoptedOn?: string; adoptedBy?: string }): Result<PlanFields, PlanFieldError> {
	const title = checkText(input.title, PLAN_TITLE_MAX);
	if (!title.ok) return err(title.error === 'text_empty' ? 'title_empty' : title.error === 'text_too_long' ? 'title_too_long' : 'title_control_chars');
	const period = checkPeriod(input.start, input.end);
	if (!period.ok) return period;
	const status = input.status ?? 'drafting';
	if (!isPlanStatus(status)) return err('bad_status');
	const on = (input.adoptedOn ?? '').trim();
	if (on !== '' && parseIsoDate(on) === null) return err('bad_adopted_on');
	let adoptedBy = '';
	if ((input.adoptedBy ?? '').trim() !== '') {
		const by = checkText(input.adoptedBy!, ADOPTED_BY_MAX);
		if (!by.ok) return err('bad_adopted_by');
		adoptedBy = by.text.replace(/\n/g, ' ');
	}
	return ok({ title: title.text.replace(/\n/g, ' '), period: period.value, status, adoptedOn: on === '' ? null : on, adoptedBy });
}

/** The steps a workshop covered, from what was stored (unknown ids dropped, first occurrence kept), in arc order. */
export function readStepsCovered(json: string | null | undefined): StepId[] {
	let raw: unknown;
	try {
		raw = JSON.parse(json ?? '[]');
	} catch {
		return [];
	}
	if (!Array.isArray(raw)) return [];
	const seen = new Set(raw.filter(isStepId));
	return STEP_IDS.filter((s) => seen.has(s));
}

/** A participant count staff entered: a whole number 0..10,000, or '' for "count from joins". */
export function checkParticipantCount(raw: string): Result<number | null, 'bad_count'> {
	const s = raw.trim();
	if (s === '') return ok(null);
	if (!/^\d{1,5}$/.test(s)) return err('bad_count');
	const n = Number(s);
	return n <= PARTICIPANTS_MAX ? ok(n) : err('bad_count');
}
