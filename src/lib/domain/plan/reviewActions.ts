/**
 * The plan's actions as the yearly review reads and revises them (取り組み). Pure: no IO.
 *
 * TODO(lead): switch to src/lib/domain/plan/actions.ts once it is merged (its reader and its schedule
 * writer). Until then this tiny reader follows the layout agreed for the plan document: map `actions`,
 * one Y.Map per action with id, title, description, issueId, column, responsible, order,
 * schedule {fiscalYear: 検討|準備|実施|継続|拡充} and indicator {what, unit, baseline, targets}.
 * It is tolerant: a schedule or indicator may be a Y.Map or plain data, targets a number (the target
 * at the end) or fiscal year -> number.
 */
import * as Y from 'yjs';

/** 検討 / 準備 / 実施 / 継続 / 拡充: a year's stage in an action's schedule. */
export const SCHEDULE_STAGES = ['検討', '準備', '実施', '継続', '拡充'] as const;
export type ScheduleStage = (typeof SCHEDULE_STAGES)[number];

export type ReviewIndicator = { what: string; unit: string; baseline: number | null; targets: Record<number, number> };

export type ReviewAction = {
	id: string;
	title: string;
	description: string;
	issueId: string;
	column: string;
	responsible: string;
	order: number;
	schedule: Record<number, ScheduleStage>;
	indicator: ReviewIndicator | null;
};

export const actionsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('actions');

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function plain(v: unknown): Record<string, unknown> {
	if (v instanceof Y.Map) return v.toJSON() as Record<string, unknown>;
	if (typeof v === 'object' && v !== null && !(v instanceof Y.AbstractType) && !Array.isArray(v)) return v as Record<string, unknown>;
	return {};
}

const isStage = (v: unknown): v is ScheduleStage => typeof v === 'string' && (SCHEDULE_STAGES as readonly string[]).includes(v);

function readSchedule(v: unknown): Record<number, ScheduleStage> {
	const out: Record<number, ScheduleStage> = {};
	for (const [k, s] of Object.entries(plain(v))) {
		const year = Number(k);
		if (Number.isInteger(year) && isStage(s)) out[year] = s;
	}
	return out;
}

function readIndicator(v: unknown): ReviewIndicator | null {
	const p = plain(v);
	const what = str(p.what);
	if (!what) return null;
	const targets: Record<number, number> = {};
	const t = p.targets ?? p.target;
	if (typeof t === 'number' && Number.isFinite(t)) targets[0] = t;
	else
		for (const [k, n] of Object.entries(plain(t))) {
			const year = Number(k);
			const value = num(n);
			if (Number.isInteger(year) && value !== null) targets[year] = value;
		}
	return { what, unit: str(p.unit), baseline: num(p.baseline), targets };
}

export function readAction(id: string, m: unknown): ReviewAction | null {
	if (!(m instanceof Y.Map)) return null;
	return {
		id,
		title: str(m.get('title')),
		description: str(m.get('description')),
		issueId: str(m.get('issueId')),
		column: str(m.get('column')),
		responsible: str(m.get('responsible')),
		order: num(m.get('order')) ?? 0,
		schedule: readSchedule(m.get('schedule')),
		indicator: readIndicator(m.get('indicator'))
	};
}

/** Every action of the plan, in the plan's order (then by title). */
export function readActionsForReview(doc: Y.Doc): ReviewAction[] {
	const out: ReviewAction[] = [];
	actionsMap(doc).forEach((m, id) => {
		const a = readAction(id, m);
		if (a) out.push(a);
	});
	return out.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, 'ja') || a.id.localeCompare(b.id));
}

/**
 * The target of a year: that year's target, else the nearest later one (a target "by the end"), else
 * the last one set. Key 0 holds a single target without a year.
 */
export function targetFor(indicator: ReviewIndicator | null, fiscalYear: number): number | null {
	if (!indicator) return null;
	const years = Object.keys(indicator.targets)
		.map(Number)
		.sort((a, b) => a - b);
	if (years.length === 0) return null;
	const at = years.find((y) => y >= fiscalYear) ?? years[years.length - 1];
	return at === undefined ? null : (indicator.targets[at] ?? null);
}

/** Set (or clear, with null) one year's stage of an action's schedule, in the shape the action stores it. */
export function writeScheduleYear(doc: Y.Doc, actionId: string, fiscalYear: number, stage: ScheduleStage | null): boolean {
	const m = actionsMap(doc).get(actionId);
	if (!(m instanceof Y.Map)) return false;
	const key = String(fiscalYear);
	const current = m.get('schedule');
	if (current instanceof Y.Map) {
		if (stage) current.set(key, stage);
		else current.delete(key);
		return true;
	}
	const next: Record<string, string> = {};
	for (const [k, s] of Object.entries(plain(current))) if (typeof s === 'string') next[k] = s;
	if (stage) next[key] = stage;
	else delete next[key];
	m.set('schedule', next);
	return true;
}
