/** A plain message for every refusal of the review pages, each saying what to do next. */
import { m } from '$lib/paraglide/messages';

const TEXT: Record<string, () => string> = {
	bad_request: m.review_err_bad_request,
	year_outside_period: m.review_err_year_outside_period,
	review_not_open: m.review_err_review_not_open,
	action_not_found: m.review_err_action_not_found,
	level_not_in_scale: m.review_err_level_not_in_scale,
	bad_scale: m.review_err_bad_request,
	bad_number: m.review_err_bad_number,
	bad_next_step: m.review_err_bad_request,
	text_too_long: m.review_err_text_too_long,
	text_control_chars: m.review_err_text_control_chars,
	no_next_year: m.review_err_no_next_year,
	nothing_to_carry: m.review_err_nothing_to_carry,
	workshop_not_found: m.review_err_workshop_not_found,
	forbidden: m.review_err_forbidden,
	no_actions: m.review_err_no_actions,
	item_not_found: m.review_err_no_ratings,
	bad_config: m.review_err_bad_request
};

export const reviewErrorText = (code: string): string => (TEXT[code] ?? m.review_err_bad_request)();
