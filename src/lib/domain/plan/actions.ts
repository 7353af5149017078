/**
 * The plan's actions (取り組み): for each theme (課題), what each actor (the council's actor columns: 自助・
 * 互助・共助・公助 …) will do, when (a stage per fiscal year of the plan), by whom (担い手) and how the
 * district will know it worked (評価指標). Part of the plan document `plan.<planId>` (schema.ts). Pure: no IO.
 *
 * Layout: map `actions` of the plan document: actionId → Y.Map, one key per field, so that two staff editing
 * different fields of one action both keep their edit and the last edit of a field wins:
 *   v            record version (1), written once
 *   title        string, ≤ 80 characters (required)
 *   description  string, ≤ 1000
 *   issueId      the plan's 課題 it answers (map `issues`, issues.ts; by id only; '' = none yet)
 *   column       the actor column id (council settings' actorColumns)
 *   responsible  担い手: the group who does it, free text ≤ 80
 *   schedule     { [fiscalYear]: stage }: one value (a schedule is edited as one row of year cells)
 *   indicator    { what, unit, baseline, targets: { [fiscalYear]: string }, finalTarget } or null
 *   goalId       the council's activity goal it serves ('' = none)
 *   order        number: position within its theme × column cell
 *   createdAt, createdBy   written once
 * Rules return typed problems (field + error) and change nothing when refused.
 */
import * as Y from 'yjs';
import { ITEM_ID_PATTERN, randomId } from '../ids';
import { checkText } from '../text';
import { readRecord, type RawRecord, type RecordType } from '../records';
import { formatEraFiscalYear } from '../eraDate';

/** 取り組みの段階: what happens in a fiscal year. */
export const STAGES = ['study', 'prepare', 'run', 'continue', 'expand'] as const;
export type Stage = (typeof STAGES)[number];
/** The words councils print in the schedule cells. */
export const STAGE_LABELS: Record<Stage, string> = { study: '検討', prepare: '準備', run: '実施', continue: '継続', expand: '拡充' };

export const ACTION_LIMITS = {
	title: 80,
	description: 1000,
	responsible: 80,
	indicatorWhat: 80,
	indicatorUnit: 20,
	indicatorValue: 40,
	/** actions per plan: a plan document stays small enough to load fast */
	actionsPerPlan: 300
} as const;

export type Schedule = Partial<Record<number, Stage>>;
/** 評価指標: what is counted, in which unit, from which baseline, to which targets. */
export type Indicator = { what: string; unit: string; baseline: string; targets: Partial<Record<number, string>>; finalTarget: string };

/** The fields staff write. */
export type ActionFields = {
	title: string;
	description: string;
	issueId: string;
	column: string;
	responsible: string;
	schedule: Schedule;
	indicator: Indicator | null;
	goalId: string;
};
export const ACTION_FIELDS = ['title', 'description', 'issueId', 'column', 'responsible', 'schedule', 'indicator', 'goalId'] as const satisfies readonly (keyof ActionFields)[];
export type ActionField = (typeof ACTION_FIELDS)[number];

export type Action = ActionFields & { id: string; order: number; createdAt: number; createdBy: string };

export type ActionError =
	| 'empty'
	| 'too_long'
	| 'control_chars'
	| 'unknown_issue'
	| 'unknown_column'
	| 'unknown_goal'
	| 'year_outside_period'
	| 'unknown_stage'
	| 'unknown_action'
	| 'too_many_actions';
/** A box of the indicator (評価指標) a problem is in; `target` is the per-year target of `year`. */
export type IndicatorPart = 'what' | 'unit' | 'baseline' | 'target' | 'finalTarget';
/** `part`: which indicator box (field `indicator`); `max`: the limit of that box (error `too_long`). */
export type ActionProblem = { field: ActionField | 'id'; error: ActionError; year?: number; part?: IndicatorPart; max?: number };
export type ActionResult<T> = { ok: true; value: T } | { ok: false; problems: ActionProblem[] };

/**
 * What the rules check an action against: the plan's fiscal years, the council's actor columns and goals,
 * and the plan's issues (null: the caller cannot list them, any id is taken).
 */
export type ActionContext = { years: readonly number[]; columns: readonly string[]; goals: readonly string[]; issues: readonly string[] | null };

export const ACTION_VERSION = 1;

/** The fiscal years of a plan period, first to last (2026, 2030 → 2026…2030). */
export function periodYears(start: number, end: number): number[] {
	const out: number[] = [];
	for (let y = start; y <= end && out.length < 50; y++) out.push(y);
	return out;
}

/** One schedule cell per fiscal year of the plan, as printed: 令和元年度 / 2019年度 / 実施. */
export type ScheduleCell = { year: number; era: string; stage: Stage | null; label: string };

export function scheduleCells(schedule: Schedule, years: readonly number[]): ScheduleCell[] {
	return years.map((year) => {
		const stage = schedule[year] ?? null;
		return { year, era: formatEraFiscalYear(year), stage, label: stage ? STAGE_LABELS[stage] : '' };
	});
}

export function actionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('actions');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const plain = (v: unknown): Record<string, unknown> | null =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Y.AbstractType) ? (v as Record<string, unknown>) : null;
const isStage = (s: unknown): s is Stage => typeof s === 'string' && (STAGES as readonly string[]).includes(s);

function readSchedule(v: unknown): Schedule {
	const out: Schedule = {};
	const p = plain(v);
	if (!p) return out;
	for (const [k, s] of Object.entries(p)) if (/^\d{4}$/.test(k) && isStage(s)) out[Number(k)] = s;
	return out;
}

function readIndicator(v: unknown): Indicator | null {
	const p = plain(v);
	if (!p) return null;
	const targets: Partial<Record<number, string>> = {};
	for (const [k, t] of Object.entries(plain(p.targets) ?? {})) if (/^\d{4}$/.test(k) && typeof t === 'string' && t) targets[Number(k)] = t;
	return { what: str(p.what), unit: str(p.unit), baseline: str(p.baseline), targets, finalTarget: str(p.finalTarget) };
}

/** The action record; `parse` leaves `id` empty (the id is the key in the actions map). */
export const ACTION_RECORD: RecordType<Action> = {
	name: 'action',
	version: ACTION_VERSION,
	versionOf: (raw) => (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v >= 1 ? raw.v : 1),
	migrations: {},
	parse: (raw) => ({
		id: '',
		title: str(raw.title),
		description: str(raw.description),
		issueId: str(raw.issueId),
		column: str(raw.column),
		responsible: str(raw.responsible),
		schedule: readSchedule(raw.schedule),
		indicator: readIndicator(raw.indicator),
		goalId: str(raw.goalId),
		order: num(raw.order),
		createdAt: num(raw.createdAt),
		createdBy: str(raw.createdBy)
	})
};

const STORED_KEYS = ['v', ...ACTION_FIELDS, 'order', 'createdAt', 'createdBy'] as const;

function rawOf(m: Y.Map<unknown>): RawRecord {
	const raw: Record<string, unknown> = {};
	for (const k of STORED_KEYS) {
		const v = m.get(k);
		if (v !== undefined) raw[k] = v;
	}
	return raw;
}

export function readAction(doc: Y.Doc, id: string): Action | null {
	const m = actionsMap(doc).get(id);
	return m instanceof Y.Map ? { ...readRecord(ACTION_RECORD, rawOf(m)), id } : null;
}

/** Every action, in a stable order: by order, then creation, then id. */
export function readActions(doc: Y.Doc): Action[] {
	const out: Action[] = [];
	actionsMap(doc).forEach((m, id) => {
		if (m instanceof Y.Map) out.push({ ...readRecord(ACTION_RECORD, rawOf(m)), id });
	});
	return out.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checkField(
	problems: ActionProblem[],
	field: ActionField,
	raw: string,
	max: number,
	required: boolean,
	where: { part?: IndicatorPart; year?: number } = {}
): string {
	if (!required && raw.trim() === '') return '';
	const r = checkText(raw, max);
	if (r.ok) return r.text;
	const error = r.error === 'text_empty' ? 'empty' : r.error === 'text_too_long' ? 'too_long' : 'control_chars';
	problems.push({ field, error, ...where, ...(error === 'too_long' ? { max } : {}) });
	return raw;
}

/**
 * Some fields of an action, checked against the plan's context: each field given is normalised (text
 * trimmed, empty schedule cells dropped) or refused with a typed problem. Only the given fields are checked.
 */
export function checkActionFields(fields: Partial<ActionFields>, ctx: ActionContext): ActionResult<Partial<ActionFields>> {
	const problems: ActionProblem[] = [];
	const out: Partial<ActionFields> = {};
	if (fields.title !== undefined) out.title = checkField(problems, 'title', fields.title, ACTION_LIMITS.title, true);
	if (fields.description !== undefined) out.description = checkField(problems, 'description', fields.description, ACTION_LIMITS.description, false);
	if (fields.responsible !== undefined) out.responsible = checkField(problems, 'responsible', fields.responsible, ACTION_LIMITS.responsible, false);
	if (fields.issueId !== undefined) {
		out.issueId = fields.issueId;
		if (fields.issueId !== '' && (!ITEM_ID_PATTERN.test(fields.issueId) || (ctx.issues !== null && !ctx.issues.includes(fields.issueId))))
			problems.push({ field: 'issueId', error: 'unknown_issue' });
	}
	if (fields.column !== undefined) {
		out.column = fields.column;
		if (!ctx.columns.includes(fields.column)) problems.push({ field: 'column', error: 'unknown_column' });
	}
	if (fields.goalId !== undefined) {
		out.goalId = fields.goalId;
		if (fields.goalId !== '' && !ctx.goals.includes(fields.goalId)) problems.push({ field: 'goalId', error: 'unknown_goal' });
	}
	if (fields.schedule !== undefined) {
		const schedule: Schedule = {};
		for (const [k, stage] of Object.entries(fields.schedule)) {
			const year = Number(k);
			if (stage === undefined || (stage as string) === '') continue;
			if (!ctx.years.includes(year)) problems.push({ field: 'schedule', error: 'year_outside_period', year });
			else if (!isStage(stage)) problems.push({ field: 'schedule', error: 'unknown_stage', year });
			else schedule[year] = stage;
		}
		out.schedule = schedule;
	}
	if (fields.indicator !== undefined) out.indicator = checkIndicator(fields.indicator, ctx, problems);
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}

function checkIndicator(ind: Indicator | null, ctx: ActionContext, problems: ActionProblem[]): Indicator | null {
	if (ind === null) return null;
	const small = (raw: string, max: number, part: IndicatorPart, year?: number) =>
		checkField(problems, 'indicator', raw, max, false, year === undefined ? { part } : { part, year });
	const targets: Partial<Record<number, string>> = {};
	for (const [k, t] of Object.entries(ind.targets)) {
		const year = Number(k);
		if (t === undefined || t.trim() === '') continue;
		if (!ctx.years.includes(year)) problems.push({ field: 'indicator', part: 'target', error: 'year_outside_period', year });
		else targets[year] = small(t, ACTION_LIMITS.indicatorValue, 'target', year);
	}
	const out = {
		what: small(ind.what, ACTION_LIMITS.indicatorWhat, 'what'),
		unit: small(ind.unit, ACTION_LIMITS.indicatorUnit, 'unit'),
		baseline: small(ind.baseline, ACTION_LIMITS.indicatorValue, 'baseline'),
		targets,
		finalTarget: small(ind.finalTarget, ACTION_LIMITS.indicatorValue, 'finalTarget')
	};
	// An indicator with nothing counted is no indicator.
	return out.what === '' && out.unit === '' && out.baseline === '' && out.finalTarget === '' && Object.keys(targets).length === 0 ? null : out;
}

/** Stored as plain JSON values with string keys (Yjs stores objects, not number-keyed maps). */
function stored(field: ActionField, v: ActionFields[ActionField]): unknown {
	if (field === 'schedule' || field === 'indicator') return v === null ? null : JSON.parse(JSON.stringify(v));
	return v;
}

/** Adds an action at the end of its cell; returns its id. */
export function addAction(doc: Y.Doc, fields: ActionFields, ctx: ActionContext, by: { userId: string; now: number; id?: string }): ActionResult<string> {
	const checked = checkActionFields(fields, ctx);
	if (!checked.ok) return checked;
	const map = actionsMap(doc);
	if (map.size >= ACTION_LIMITS.actionsPerPlan) return { ok: false, problems: [{ field: 'id', error: 'too_many_actions' }] };
	const id = by.id ?? randomId(12);
	if (!ITEM_ID_PATTERN.test(id) || map.has(id)) return { ok: false, problems: [{ field: 'id', error: 'unknown_action' }] };
	const value = { ...fields, ...checked.value } as ActionFields;
	const order = readActions(doc).reduce((max, a) => Math.max(max, a.order), 0) + 1;
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('v', ACTION_VERSION);
		for (const f of ACTION_FIELDS) m.set(f, stored(f, value[f]));
		m.set('order', order);
		m.set('createdAt', by.now);
		m.set('createdBy', by.userId);
		map.set(id, m);
	});
	return { ok: true, value: id };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Sets some fields of an action: only the fields given, and of those only the ones whose value differs,
 * so that another person's edit of another field is never overwritten. Returns the fields written.
 */
export function updateAction(doc: Y.Doc, id: string, patch: Partial<ActionFields>, ctx: ActionContext): ActionResult<ActionField[]> {
	const m = actionsMap(doc).get(id);
	if (!(m instanceof Y.Map)) return { ok: false, problems: [{ field: 'id', error: 'unknown_action' }] };
	const checked = checkActionFields(patch, ctx);
	if (!checked.ok) return checked;
	const current = readAction(doc, id)!;
	const written: ActionField[] = [];
	doc.transact(() => {
		for (const f of ACTION_FIELDS) {
			const v = checked.value[f];
			if (v === undefined || same(v, current[f])) continue;
			m.set(f, stored(f, v));
			written.push(f);
		}
	});
	return { ok: true, value: written };
}

export function deleteAction(doc: Y.Doc, id: string): ActionResult<true> {
	const map = actionsMap(doc);
	if (!(map.get(id) instanceof Y.Map)) return { ok: false, problems: [{ field: 'id', error: 'unknown_action' }] };
	map.delete(id);
	return { ok: true, value: true };
}

/**
 * The fields a person changed on a form: those whose submitted value differs from the value the form was
 * loaded with (`base`). Writing only these is how two people saving the same action keep both edits.
 */
export function changedFields(base: ActionFields, submitted: ActionFields): Partial<ActionFields> {
	const patch: Partial<ActionFields> = {};
	for (const f of ACTION_FIELDS) if (!same(submitted[f], base[f])) Object.assign(patch, { [f]: submitted[f] });
	return patch;
}

/**
 * Moves actions to the council's new actor columns: `mapping` old column id → new column id. Actions of a
 * column the mapping does not name keep their column; no action is ever removed. Returns how many moved.
 */
export function remapColumns(doc: Y.Doc, mapping: Readonly<Record<string, string>>): number {
	let moved = 0;
	doc.transact(() => {
		actionsMap(doc).forEach((m) => {
			if (!(m instanceof Y.Map)) return;
			const col = str(m.get('column'));
			if (!Object.hasOwn(mapping, col)) return;
			const to = mapping[col];
			if (typeof to === 'string' && to !== col) {
				m.set('column', to);
				moved++;
			}
		});
	});
	return moved;
}

/** The filters of the actions table; each absent filter lets everything through. */
export type ActionFilter = { issueId?: string; column?: string; goalId?: string; year?: number };

export function filterActions(actions: readonly Action[], f: ActionFilter): Action[] {
	return actions.filter(
		(a) =>
			(f.issueId === undefined || a.issueId === f.issueId) &&
			(f.column === undefined || a.column === f.column) &&
			(f.goalId === undefined || a.goalId === f.goalId) &&
			(f.year === undefined || a.schedule[f.year] !== undefined)
	);
}

export type ActionGroup = { issueId: string; cells: { column: string; actions: Action[] }[] };

/**
 * The table councils print: by theme (in the given order, then actions of an unknown or no theme under
 * ''), and within a theme by actor column (in the council's order; actions of a column the council no
 * longer has come last under their own id, never hidden). Themes and cells without actions are left out.
 */
export function groupActions(actions: readonly Action[], issueOrder: readonly string[], columnOrder: readonly string[]): ActionGroup[] {
	const known = new Set(issueOrder);
	const issues = [...issueOrder, ''];
	const byIssue = new Map<string, Action[]>();
	for (const a of actions) {
		const key = known.has(a.issueId) ? a.issueId : '';
		byIssue.set(key, [...(byIssue.get(key) ?? []), a]);
	}
	const groups: ActionGroup[] = [];
	for (const issueId of issues) {
		const list = byIssue.get(issueId);
		if (!list) continue;
		const extra = [...new Set(list.map((a) => a.column).filter((c) => !columnOrder.includes(c)))];
		const cells = [...columnOrder, ...extra].map((column) => ({ column, actions: list.filter((a) => a.column === column) })).filter((c) => c.actions.length > 0);
		groups.push({ issueId, cells });
	}
	return groups;
}

/**
 * An idea of the board's action grid as an action's text (「取り組みにする」): one line for the title (at most
 * ACTION_LIMITS.title characters, cut with 「…」), and the idea as written for the description when the title
 * had to be cut or joined from several lines. An idea of 140 characters thus keeps every word.
 */
export function ideaAsActionText(text: string): { title: string; description: string } {
	const trimmed = text.trim();
	const line = trimmed.replace(/\s*\n\s*/g, ' ');
	const chars = [...line];
	if (chars.length <= ACTION_LIMITS.title) return { title: line, description: line === trimmed ? '' : trimmed };
	return { title: `${chars.slice(0, ACTION_LIMITS.title - 1).join('')}…`, description: trimmed };
}
