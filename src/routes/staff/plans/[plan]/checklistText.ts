/** The plan checklist's lines (domain/plan/checklist.ts) in plain words, and each step's name and page. */
import { m } from '$lib/paraglide/messages';
import type { ArcStep, ChecklistLine, StepState } from '$lib/domain/plan/checklist';
import { eraFiscalYear } from '$lib/domain/fiscalYear';

export function lineText(l: ChecklistLine): string {
	switch (l.key) {
		case 'not_recorded':
			return m.cl_not_recorded();
		case 'know_profile':
			return m.cl_know_profile({ years: l.years });
		case 'know_resources':
			return m.cl_know_resources({ count: l.count });
		case 'know_no_profile':
			return m.cl_know_no_profile();
		case 'know_no_resources':
			return m.cl_know_no_resources();
		case 'issues_workshops':
			return m.cl_issues_workshops({ count: l.count });
		case 'issues_count':
			return m.cl_issues_count({ count: l.count, priority: l.priority });
		case 'issues_none_yet':
			return m.cl_issues_none_yet();
		case 'issues_not_gathered':
			return m.cl_issues_not_gathered();
		case 'issues_no_priority':
			return m.cl_issues_no_priority();
		case 'vision_adopted':
			return m.cl_vision_adopted({ count: l.count });
		case 'vision_none':
			return m.cl_vision_none();
		case 'actions_count':
			return m.cl_actions_count({ count: l.count });
		case 'actions_need_priority':
			return m.cl_actions_need_priority();
		case 'actions_missing_for':
			return m.cl_actions_missing_for({ title: l.title });
		case 'actions_without_responsible':
			return m.cl_actions_without_responsible({ count: l.count });
		case 'document_exported':
			return m.cl_document_exported();
		case 'document_not_exported':
			return m.cl_document_not_exported();
		case 'review_done':
			return m.cl_review_done({ years: l.years.map(eraFiscalYear).join('、') });
		case 'review_due':
			return m.cl_review_due({ year: eraFiscalYear(l.year) });
		case 'review_not_yet':
			return m.cl_review_not_yet({ year: eraFiscalYear(l.year) });
	}
}

const STEP_NAMES: Record<ArcStep, () => string> = {
	know: m.plan_step_know,
	issues: m.plan_step_issues,
	vision: m.plan_step_vision,
	actions: m.plan_step_actions,
	document: m.plan_step_document,
	review: m.plan_step_review
};
export const arcStepName = (s: ArcStep) => STEP_NAMES[s]();

/** Where each step is worked on (the issues are on the plan page itself). */
export const arcStepHref = (planId: string, s: ArcStep) => (s === 'issues' ? '#issues' : `/staff/plans/${planId}/${s}`);

const STATES: Record<StepState, () => string> = {
	done: m.plan_state_done,
	started: m.plan_state_started,
	todo: m.plan_state_todo,
	unknown: m.plan_state_unknown
};
export const stateText = (s: StepState) => STATES[s]();

const STATUS: Record<string, () => string> = { drafting: m.plan_status_drafting, adopted: m.plan_status_adopted, revising: m.plan_status_revising };
export const planStatusText = (s: string) => (STATUS[s] ?? m.plan_status_drafting)();

const ERRORS: Record<string, () => string> = {
	title_empty: m.plan_err_title_empty,
	title_too_long: m.plan_err_title_too_long,
	title_control_chars: m.plan_err_title_control_chars,
	period_too_long: m.plan_err_period,
	period_too_short: m.plan_err_period,
	period_not_years: m.plan_err_start,
	period_start_out_of_range: m.plan_err_start,
	bad_status: m.plan_err_status,
	bad_adopted_on: m.plan_err_adopted_on,
	bad_adopted_by: m.plan_err_adopted_by,
	district: m.plan_err_district,
	forbidden: m.plan_err_forbidden
};
/** A refusal of the plan's fields, in words that say what to do. */
export const planErrorText = (e: string) => (ERRORS[e] ?? m.plan_err_title_empty)();

const ISSUE_ERRORS: Record<string, () => string> = {
	issue_not_found: m.issues_err_issue_not_found,
	same_issue: m.issues_err_same_issue,
	already_merged: m.issues_err_already_merged,
	merge_cycle: m.issues_err_merge_cycle,
	not_merged: m.issues_err_not_merged,
	bad_request: m.issues_err_bad_request
};
export const issueErrorText = (e: string) => (ISSUE_ERRORS[e] ?? m.issues_err_bad_request)();
