/** A plain message for every refusal a phone can get, each saying what to do next. */
import { m } from '$lib/paraglide/messages';
import type { OpErrorCode } from '$lib/protocol/messages';

const ERROR_TEXT: Record<OpErrorCode, () => string> = {
	bad_message: m.error_bad_message,
	text_empty: m.error_text_empty,
	text_too_long: m.error_text_too_long,
	text_control_chars: m.error_text_control_chars,
	note_exists: m.error_note_exists,
	note_not_found: m.error_note_not_found,
	not_owner: m.error_not_owner,
	input_closed: m.error_input_closed,
	bad_kind: m.error_bad_kind,
	board_full: m.error_board_full,
	rate_limited: m.error_rate_limited,
	muted: m.error_muted,
	read_only: m.error_read_only,
	board_locked: m.error_board_locked,
	vote_not_open: m.error_vote_not_open,
	item_not_found: m.error_item_not_found,
	budget_exhausted: m.error_budget_exhausted,
	already_voted_item: m.error_already_voted_item,
	table_not_found: m.error_table_not_found,
	table_exists: m.error_table_exists,
	bad_config: m.error_bad_config,
	cell_not_found: m.error_cell_not_found,
	wrong_step: m.error_wrong_step,
	bad_category: m.error_bad_category,
	too_many_proposals: m.error_too_many_proposals,
	review_not_open: m.error_review_not_open,
	bad_rating: m.error_bad_rating,
	server_error: m.error_server_error
};

export function errorText(code: OpErrorCode): string {
	return (ERROR_TEXT[code] ?? m.error_generic)();
}
