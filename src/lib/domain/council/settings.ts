/**
 * A council's settings (社協の設定): the wording and choices every plan of the council uses. Stored as
 * one versioned JSON record per council (server side); read through `readCouncilSettings`, which fills
 * what is missing with the defaults below, so a council that never saved its settings works as is.
 * Pure: no IO.
 *
 * Who uses what:
 *  - `goals`: the council's city-wide activity goals (活動目標, 2-6); actions link to one (取り組み).
 *  - `actorColumns`: the columns of the actions matrix (自助・互助・共助・公助 …), 2-4, each with a plain
 *    label and one line of help shown on phones.
 *  - `reviewScale`: the yearly review's achievement scale (振り返り), with the council's own wording.
 *  - `defaultPlanYears`: the length of a new plan, 3-5 fiscal years.
 *  - `resourceCategories`: the categories of 地域資源 (地区を知る).
 */

export type SettingsItem = { id: string; label: string };
export type ActorColumn = { id: string; label: string; help: string };
export type ScaleLevel = { id: string; label: string };

export const ACTOR_PRESET_IDS = ['four_help', 'me_us', 'three_levels', 'two_columns', 'custom'] as const;
export type ActorPresetId = (typeof ACTOR_PRESET_IDS)[number];

export const REVIEW_SCALE_IDS = ['five', 'abcd', 'circle', 'percent'] as const;
export type ReviewScaleId = (typeof REVIEW_SCALE_IDS)[number];

export type ReviewScale = { preset: ReviewScaleId; levels: ScaleLevel[] };

export type CouncilSettings = {
	/** version of this record's shape (records.ts style) */
	v: 1;
	name: string;
	/** 基本理念: the council's basic philosophy, one or two sentences ('' = not set) */
	philosophy: string;
	goals: SettingsItem[];
	actorPreset: ActorPresetId;
	actorColumns: ActorColumn[];
	reviewScale: ReviewScale;
	defaultPlanYears: number;
	resourceCategories: SettingsItem[];
};

/** The actor-column presets (DOMAIN.md: Isesaki, Komoro, Maebashi, Kakogawa styles). Ids are stable: actions store them. */
export const ACTOR_PRESETS: Record<Exclude<ActorPresetId, 'custom'>, ActorColumn[]> = {
	four_help: [
		{ id: 'self', label: '自助（わたし）', help: '自分や家族でできること' },
		{ id: 'mutual', label: '互助（ご近所・地域）', help: 'ご近所や地域で助け合えること' },
		{ id: 'community', label: '共助（地区社協・団体）', help: '地区社協や団体で取り組むこと' },
		{ id: 'public', label: '公助（社協・市）', help: '社協や市が取り組むこと' }
	],
	me_us: [
		{ id: 'me', label: 'わたし', help: '自分や家族でできること' },
		{ id: 'us', label: 'わたしたち', help: '地域のみんなでできること' },
		{ id: 'council', label: '社協', help: '社会福祉協議会が取り組むこと' },
		{ id: 'city', label: '市', help: '市が取り組むこと' }
	],
	three_levels: [
		{ id: 'individual', label: '個人でできること', help: '自分や家族でできること' },
		{ id: 'local', label: '地域でできること', help: 'ご近所や地域の団体でできること' },
		{ id: 'council', label: '市社協が取り組むこと', help: '市の社会福祉協議会が取り組むこと' }
	],
	two_columns: [
		{ id: 'together', label: 'みんなで協働して取り組むこと', help: '住民・団体・社協がいっしょに取り組むこと' },
		{ id: 'council', label: '社協の取り組み', help: '社会福祉協議会が取り組むこと' }
	]
};

/** The review-scale presets; `percent` is the percentage achieved, its levels are the bands. */
export const REVIEW_SCALES: Record<ReviewScaleId, ScaleLevel[]> = {
	five: [
		{ id: '5', label: '目標を大きく上回った' },
		{ id: '4', label: '目標を上回った' },
		{ id: '3', label: '目標どおり' },
		{ id: '2', label: '目標を下回った' },
		{ id: '1', label: '実施できなかった' }
	],
	abcd: [
		{ id: 'A', label: '十分に達成できた' },
		{ id: 'B', label: 'おおむね達成できた' },
		{ id: 'C', label: 'あまり達成できなかった' },
		{ id: 'D', label: '達成できなかった' }
	],
	circle: [
		{ id: 'good', label: '○ できた' },
		{ id: 'fair', label: '△ 一部できた' },
		{ id: 'poor', label: '× できなかった' }
	],
	percent: [
		{ id: '100', label: '100%以上' },
		{ id: '80', label: '80%以上' },
		{ id: '50', label: '50%以上' },
		{ id: '0', label: '50%未満' }
	]
};

export const DEFAULT_RESOURCE_CATEGORIES: SettingsItem[] = [
	{ id: 'salon', label: 'サロン・居場所' },
	{ id: 'watch', label: '見守り' },
	{ id: 'childcare', label: '子育て' },
	{ id: 'mobility', label: '移動・買い物' },
	{ id: 'disaster', label: '防災' },
	{ id: 'group', label: '団体' },
	{ id: 'facility', label: '施設' },
	{ id: 'other', label: 'その他' }
];

export const PLAN_YEARS_MIN = 3;
export const PLAN_YEARS_MAX = 5;

export function defaultCouncilSettings(name: string): CouncilSettings {
	return {
		v: 1,
		name,
		philosophy: '',
		goals: [],
		actorPreset: 'four_help',
		actorColumns: ACTOR_PRESETS.four_help.map((c) => ({ ...c })),
		reviewScale: { preset: 'five', levels: REVIEW_SCALES.five.map((l) => ({ ...l })) },
		defaultPlanYears: 5,
		resourceCategories: DEFAULT_RESOURCE_CATEGORIES.map((c) => ({ ...c }))
	};
}
