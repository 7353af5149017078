/** The words of the actions page's refusals: what went wrong and what to do, in the staff member's language. */
import { m } from '$lib/paraglide/messages';
import { ACTION_LIMITS, type ActionProblem, type IndicatorPart } from '$lib/domain/plan/actions';
import { formatEraFiscalYear } from '$lib/domain/eraDate';

const fieldLabel: Record<ActionProblem['field'], () => string> = {
	id: m.act_field_title,
	title: m.act_field_title,
	description: m.act_field_description,
	issueId: m.act_field_issue,
	column: m.act_field_column,
	responsible: m.act_field_responsible,
	schedule: m.act_field_schedule,
	indicator: m.act_field_indicator,
	goalId: m.act_field_goal
};

/** The limit of a field (or of an indicator box) when the problem does not carry it (older servers' results). */
const maxOf: Partial<Record<ActionProblem['field'], number>> = {
	title: ACTION_LIMITS.title,
	description: ACTION_LIMITS.description,
	responsible: ACTION_LIMITS.responsible
};
const partMax: Record<IndicatorPart, number> = {
	what: ACTION_LIMITS.indicatorWhat,
	unit: ACTION_LIMITS.indicatorUnit,
	baseline: ACTION_LIMITS.indicatorValue,
	target: ACTION_LIMITS.indicatorValue,
	finalTarget: ACTION_LIMITS.indicatorValue
};

/** The box the problem is in, as the form labels it: 「評価指標：単位」, 「評価指標：令和10年度の目標」. */
function boxName(p: ActionProblem): string {
	const field = fieldLabel[p.field]();
	if (p.field !== 'indicator' || !p.part) return field;
	const part =
		p.part === 'what'
			? m.act_ind_what()
			: p.part === 'unit'
				? m.act_ind_unit()
				: p.part === 'baseline'
					? m.act_ind_baseline()
					: p.part === 'finalTarget'
						? m.act_ind_final()
						: m.act_ind_target({ era: formatEraFiscalYear(p.year ?? 0) });
	return m.act_field_part({ field, part });
}

const limitOf = (p: ActionProblem): number => p.max ?? (p.part ? partMax[p.part] : (maxOf[p.field] ?? ACTION_LIMITS.indicatorValue));

/** A field's name as the form labels it (e.g. for 「変わった項目」). */
export const fieldName = (field: ActionProblem['field']): string => fieldLabel[field]();

export function problemText(p: ActionProblem): string {
	const field = boxName(p);
	switch (p.error) {
		case 'empty':
			return m.act_err_empty({ field });
		case 'too_long':
			return m.act_err_too_long({ field, max: limitOf(p) });
		case 'control_chars':
			return m.act_err_control_chars({ field });
		case 'unknown_column':
			return m.act_err_unknown_column();
		case 'unknown_goal':
			return m.act_err_unknown_goal();
		case 'unknown_issue':
			return m.act_err_unknown_issue();
		case 'year_outside_period':
			return m.act_err_year_outside({ year: p.year ?? 0 });
		case 'unknown_stage':
			return m.act_err_unknown_stage({ year: p.year ?? 0 });
		case 'too_many_actions':
			return m.act_err_too_many({ max: ACTION_LIMITS.actionsPerPlan });
		default:
			return m.act_err_unknown_action();
	}
}
