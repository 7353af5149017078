/**
 * Checking and reading a council's settings (社協の設定, settings.ts): `checkCouncilSettings` turns what an
 * admin submitted into settings or a list of typed problems (one per field), `readCouncilSettings` reads a
 * stored record (any version) filled with the defaults, and `defaultColumnMapping` proposes how the actions
 * of the old actor columns move to new ones. Pure: no IO.
 */
import { randomId, ITEM_ID_PATTERN } from '../ids';
import { checkText } from '../text';
import { readRecord, type RawRecord, type RecordType } from '../records';
import {
	ACTOR_PRESET_IDS,
	ACTOR_PRESETS,
	REVIEW_SCALE_IDS,
	REVIEW_SCALES,
	PLAN_YEARS_MAX,
	PLAN_YEARS_MIN,
	defaultCouncilSettings,
	type ActorColumn,
	type ActorPresetId,
	type CouncilSettings,
	type ReviewScaleId,
	type SettingsItem
} from './settings';

export const LIMITS = {
	name: 80,
	philosophy: 400,
	goalLabel: 40,
	/** 0 goals = not set yet; otherwise 2-6 */
	goalsMin: 2,
	goalsMax: 6,
	columnLabel: 30,
	columnHelp: 60,
	columnsMin: 2,
	columnsMax: 4,
	levelLabel: 40,
	categoryLabel: 30,
	categoriesMin: 1,
	categoriesMax: 20
} as const;

export type SettingsField = 'name' | 'philosophy' | 'goals' | 'actorPreset' | 'actorColumns' | 'reviewScale' | 'defaultPlanYears' | 'resourceCategories';

export type SettingsError =
	| 'empty'
	| 'too_long'
	| 'control_chars'
	| 'too_few'
	| 'too_many'
	| 'duplicate'
	| 'bad_id'
	| 'unknown_preset'
	| 'preset_mismatch'
	| 'out_of_range';

/** One problem: the field, the error, and for lists the row (0-based) it is in. */
export type SettingsProblem = { field: SettingsField; error: SettingsError; index?: number };

/** What an admin submits: lists of rows; a row without an id is new (it gets one). */
export type SettingsInput = {
	name: string;
	philosophy: string;
	goals: { id?: string; label: string }[];
	actorPreset: string;
	actorColumns: { id?: string; label: string; help: string }[];
	reviewScale: { preset: string; levels: { id?: string; label: string }[] };
	defaultPlanYears: number;
	resourceCategories: { id?: string; label: string }[];
};

type Check = { ok: true; value: CouncilSettings } | { ok: false; problems: SettingsProblem[] };

function text(raw: string, max: number, field: SettingsField, problems: SettingsProblem[], index?: number, optional = false): string {
	if (optional && raw.trim() === '') return '';
	const r = checkText(raw, max);
	if (r.ok) return r.text;
	const error: SettingsError = r.error === 'text_empty' ? 'empty' : r.error === 'text_too_long' ? 'too_long' : 'control_chars';
	problems.push(index === undefined ? { field, error } : { field, error, index });
	return raw;
}

/** Rows of a list: labels checked, ids kept (or made for new rows), ids and labels unique. */
function items(rows: { id?: string; label: string }[], field: SettingsField, max: number, problems: SettingsProblem[]): SettingsItem[] {
	const seenIds = new Set<string>();
	const seenLabels = new Set<string>();
	return rows.map((row, index) => {
		const label = text(row.label, max, field, problems, index);
		let id = row.id?.trim() || '';
		if (id && !ITEM_ID_PATTERN.test(id)) problems.push({ field, error: 'bad_id', index });
		if (!id) id = randomId(10);
		if (seenIds.has(id) || (label && seenLabels.has(label))) problems.push({ field, error: 'duplicate', index });
		seenIds.add(id);
		seenLabels.add(label);
		return { id, label };
	});
}

function count(n: number, min: number, max: number, field: SettingsField, problems: SettingsProblem[]): void {
	if (n < min) problems.push({ field, error: 'too_few' });
	if (n > max) problems.push({ field, error: 'too_many' });
}

const isPreset = (p: string): p is ActorPresetId => (ACTOR_PRESET_IDS as readonly string[]).includes(p);
const isScale = (p: string): p is ReviewScaleId => (REVIEW_SCALE_IDS as readonly string[]).includes(p);

/**
 * The settings an admin submitted, checked: every problem is listed (not only the first), so that the page
 * can show each one next to its field. Ids of existing rows are kept: actions and resources refer to them.
 */
export function checkCouncilSettings(input: SettingsInput): Check {
	const problems: SettingsProblem[] = [];
	const name = text(input.name, LIMITS.name, 'name', problems);
	const philosophy = text(input.philosophy, LIMITS.philosophy, 'philosophy', problems, undefined, true);

	const goals = items(input.goals, 'goals', LIMITS.goalLabel, problems);
	if (goals.length > 0) count(goals.length, LIMITS.goalsMin, LIMITS.goalsMax, 'goals', problems);

	let actorPreset: ActorPresetId = 'custom';
	if (isPreset(input.actorPreset)) actorPreset = input.actorPreset;
	else problems.push({ field: 'actorPreset', error: 'unknown_preset' });
	const columnItems = items(
		input.actorColumns.map((c) => ({ id: c.id, label: c.label })),
		'actorColumns',
		LIMITS.columnLabel,
		problems
	);
	const actorColumns: ActorColumn[] = columnItems.map((c, index) => ({
		...c,
		help: text(input.actorColumns[index]?.help ?? '', LIMITS.columnHelp, 'actorColumns', problems, index, true)
	}));
	count(actorColumns.length, LIMITS.columnsMin, LIMITS.columnsMax, 'actorColumns', problems);
	if (actorPreset !== 'custom') {
		const ids = ACTOR_PRESETS[actorPreset].map((c) => c.id);
		if (ids.join('\n') !== actorColumns.map((c) => c.id).join('\n')) problems.push({ field: 'actorColumns', error: 'preset_mismatch' });
	}

	let scalePreset: ReviewScaleId = 'five';
	if (isScale(input.reviewScale.preset)) scalePreset = input.reviewScale.preset;
	else problems.push({ field: 'reviewScale', error: 'unknown_preset' });
	// The levels are the preset's (same ids, same order); only their wording is the council's.
	const presetLevels = REVIEW_SCALES[scalePreset];
	const levels = presetLevels.map((level, index) => {
		const submitted = input.reviewScale.levels[index];
		if (!submitted || (submitted.id && submitted.id !== level.id)) {
			problems.push({ field: 'reviewScale', error: 'preset_mismatch', index });
			return { ...level };
		}
		return { id: level.id, label: text(submitted.label, LIMITS.levelLabel, 'reviewScale', problems, index) };
	});
	if (input.reviewScale.levels.length > presetLevels.length) problems.push({ field: 'reviewScale', error: 'preset_mismatch' });

	const years = input.defaultPlanYears;
	if (!Number.isInteger(years) || years < PLAN_YEARS_MIN || years > PLAN_YEARS_MAX) problems.push({ field: 'defaultPlanYears', error: 'out_of_range' });

	const resourceCategories = items(input.resourceCategories, 'resourceCategories', LIMITS.categoryLabel, problems);
	count(resourceCategories.length, LIMITS.categoriesMin, LIMITS.categoriesMax, 'resourceCategories', problems);

	if (problems.length > 0) return { ok: false, problems };
	return {
		ok: true,
		value: { v: 1, name, philosophy, goals, actorPreset, actorColumns, reviewScale: { preset: scalePreset, levels }, defaultPlanYears: years, resourceCategories }
	};
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

function rows<T extends SettingsItem>(v: unknown, fallback: T[], read: (r: Record<string, unknown>) => T | null): T[] {
	if (!Array.isArray(v)) return fallback;
	const out: T[] = [];
	for (const r of v) {
		if (typeof r !== 'object' || r === null) continue;
		const item = read(r as Record<string, unknown>);
		if (item && ITEM_ID_PATTERN.test(item.id)) out.push(item);
	}
	return out;
}

const item = (r: Record<string, unknown>): SettingsItem | null => (typeof r.id === 'string' && typeof r.label === 'string' ? { id: r.id, label: r.label } : null);

/** The stored settings record (version 1 today); what is missing or malformed reads as the default. */
export function councilSettingsRecord(councilName: string): RecordType<CouncilSettings> {
	const d = defaultCouncilSettings(councilName);
	return {
		name: 'councilSettings',
		version: 1,
		versionOf: (raw) => (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1),
		migrations: {},
		parse(raw) {
			const preset = str(raw.actorPreset, d.actorPreset);
			const columns = rows<ActorColumn>(raw.actorColumns, d.actorColumns, (r) => {
				const i = item(r);
				return i ? { ...i, help: str(r.help, '') } : null;
			});
			const scale = typeof raw.reviewScale === 'object' && raw.reviewScale !== null ? (raw.reviewScale as Record<string, unknown>) : {};
			const scalePreset = str(scale.preset, '');
			const years = raw.defaultPlanYears;
			return {
				v: 1,
				name: str(raw.name, d.name) || d.name,
				philosophy: str(raw.philosophy, ''),
				goals: rows(raw.goals, d.goals, item),
				actorPreset: isPreset(preset) ? preset : d.actorPreset,
				actorColumns: columns.length >= LIMITS.columnsMin ? columns : d.actorColumns,
				reviewScale: isScale(scalePreset) ? { preset: scalePreset, levels: rows(scale.levels, REVIEW_SCALES[scalePreset], item) } : d.reviewScale,
				defaultPlanYears:
					typeof years === 'number' && Number.isInteger(years) && years >= PLAN_YEARS_MIN && years <= PLAN_YEARS_MAX ? years : d.defaultPlanYears,
				resourceCategories: rows(raw.resourceCategories, d.resourceCategories, item)
			};
		}
	};
}

/** A council's settings from its stored record (null: it never saved any), with the defaults filled in. */
export function readCouncilSettings(raw: RawRecord | null, councilName: string): CouncilSettings {
	const type = councilSettingsRecord(councilName);
	return readRecord(type, raw ?? {});
}

/** The rows of a preset as a fresh copy (the page switches presets with it). */
export function presetColumns(preset: Exclude<ActorPresetId, 'custom'>): ActorColumn[] {
	return ACTOR_PRESETS[preset].map((c) => ({ ...c }));
}

/**
 * Old actor column id → new column id, as proposed before the admin chooses: the same id if the new
 * columns keep it, else the column at the same position, else the last new column. Every old column gets one.
 */
export function defaultColumnMapping(oldColumns: readonly { id: string }[], newColumns: readonly { id: string }[]): Record<string, string> {
	const mapping: Record<string, string> = {};
	if (newColumns.length === 0) return mapping;
	const newIds = new Set(newColumns.map((c) => c.id));
	oldColumns.forEach((c, i) => {
		mapping[c.id] = newIds.has(c.id) ? c.id : (newColumns[Math.min(i, newColumns.length - 1)]?.id ?? '');
	});
	return mapping;
}

/** The old columns that the new ones no longer have (their actions must be moved). */
export function removedColumns(oldColumns: readonly ActorColumn[], newColumns: readonly { id: string }[]): ActorColumn[] {
	const newIds = new Set(newColumns.map((c) => c.id));
	return oldColumns.filter((c) => !newIds.has(c.id));
}

/**
 * The admin's chosen mapping, checked: every old column maps to one of the new columns (a column the new
 * set keeps maps to itself unless chosen otherwise). Returns null if a choice names no new column.
 */
export function checkColumnMapping(
	oldColumns: readonly { id: string }[],
	newColumns: readonly { id: string }[],
	chosen: Readonly<Record<string, string | undefined>>
): Record<string, string> | null {
	const newIds = new Set(newColumns.map((c) => c.id));
	const fallback = defaultColumnMapping(oldColumns, newColumns);
	const mapping: Record<string, string> = {};
	for (const c of oldColumns) {
		const to = Object.hasOwn(chosen, c.id) ? chosen[c.id] : undefined;
		if (to === undefined || to === '') mapping[c.id] = fallback[c.id] ?? '';
		else if (newIds.has(to)) mapping[c.id] = to;
		else return null;
	}
	return mapping;
}
