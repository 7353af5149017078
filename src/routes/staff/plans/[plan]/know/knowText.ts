/** Japanese-first texts for the refusals of the know page (each says what to do). */
import { m } from '$lib/paraglide/messages';
import type { ProfileErrorCode } from '$lib/domain/plan/profile';
import type { ResourceErrorCode } from '$lib/domain/plan/resources';
import type { MapUploadError } from '$lib/domain/plan/mapImage';

const PROFILE: Record<ProfileErrorCode, () => string> = {
	required: m.know_err_required,
	not_integer: m.know_err_not_integer,
	negative: m.know_err_negative,
	too_large: m.know_err_too_large,
	year_range: m.know_err_year_range,
	year_duplicate: m.know_err_year_duplicate,
	aged65_over_population: m.know_err_aged65_over_population,
	households_over_population: m.know_err_households_over_population,
	date_invalid: m.know_err_date_invalid,
	text_too_long: m.know_err_character_too_long,
	text_control_chars: m.error_text_control_chars,
	too_many_years: m.know_err_too_many_years
};
export const profileErrorText = (code: ProfileErrorCode) => PROFILE[code]();

const RESOURCE: Record<ResourceErrorCode, () => string> = {
	text_empty: m.know_err_name_needed,
	text_too_long: m.error_text_too_long,
	text_control_chars: m.error_text_control_chars,
	bad_category: m.know_err_category
};
export const resourceErrorText = (code: ResourceErrorCode) => RESOURCE[code]();

const MAP: Record<MapUploadError, () => string> = {
	no_file: m.know_map_err_no_file,
	forbidden: m.board_forbidden,
	empty: m.know_map_err_no_file,
	too_large: m.know_map_err_too_large,
	not_an_image: m.know_map_err_not_an_image,
	unreadable: m.know_map_err_not_an_image,
	too_many_pixels: m.know_map_err_too_many_pixels,
	too_small: m.know_map_err_too_small
};
export const mapErrorText = (code: MapUploadError) => MAP[code]();
