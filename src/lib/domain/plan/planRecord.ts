/**
 * A plan's own record (kept outside the plan document, in the records store): title, period in fiscal
 * years and status (策定中 drafting / 策定済み adopted / 見直し中 revising), and a workshop's record
 * for the plan (participants, steps covered). Validation of what staff enter. Pure.
 */
import { checkText } from '../text';
import { checkPeriod, type Period, type PeriodError } from '../fiscalYear';
import { isStepId, STEP_IDS, type StepId } from '../board/steps';
import { err, ok, type Result } from '../result';

export const PLAN_STATUSES = ['drafting', 'adopted', 'revising'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const isPlanStatus = (v: unknown): v is PlanStatus => typeof v === 'string' && (PLAN_STATUSES as readonly string[]).includes(v);

export const PLAN_TITLE_MAX = 60;
export const PARTICIPANTS_MAX = 10_000;

export type PlanFieldError = PeriodError | 'title_empty' | 'title_too_long' | 'title_control_chars' | 'bad_status';

export type PlanFields = { title: string; period: Period; status: PlanStatus };

/** Title (one line, ≤ 60 characters), period (3-5 fiscal years) and status, checked together. */
export function checkPlanFields(input: { title: string; start: number; end: number; status?: string }): Result<PlanFields, PlanFieldError> {
	const title = checkText(input.title, PLAN_TITLE_MAX);
	if (!title.ok) return err(title.error === 'text_empty' ? 'title_empty' : title.error === 'text_too_long' ? 'title_too_long' : 'title_control_chars');
	const period = checkPeriod(input.start, input.end);
	if (!period.ok) return period;
	const status = input.status ?? 'drafting';
	if (!isPlanStatus(status)) return err('bad_status');
	return ok({ title: title.text.replace(/\n/g, ' '), period: period.value, status });
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
