/**
 * The action grid of a board (取り組みを考える), server side: where its rows (the plan's priority themes)
 * and columns (the council's actor columns) come from, and filling the board's grid with them when the
 * facilitator enters the step or presses 「重点テーマを読み込む」.
 */
import * as Y from 'yjs';
import type { KyosoApp } from './app';
import type { StaffUser } from './auth/staff';
import { boardDocName, type Workshop } from './workshops';
import { planDocName } from './sync/kinds/plan';
import { setActionGrid, MAX_GRID_ROWS, type ActionGrid, type GridColumn, type GridError, type GridRow } from '../domain/board/actionGrid';
import { readThemes } from '../domain/board/themes';
import { defaultCouncilSettings } from '../domain/council/settings';
import { err, ok, type Result } from '../domain/result';

/** How many of the board's ranked themes become rows when the plan has no priority issues yet. */
export const BOARD_THEME_ROWS = 5;

export type GridSource = { rows: GridRow[]; columns: GridColumn[]; from: 'plan' | 'board' | 'none' };

/**
 * The plan's priority issues (重点) as rows, in the plan's order.
 * TODO(lead): replace with the reader of src/lib/domain/plan/issues.ts (branch plan-page) once merged;
 * this reads the shape that issue describes (map `issues`: title, priority flag, order, mergedInto).
 */
function priorityIssues(doc: Y.Doc): GridRow[] {
	const out: { id: string; title: string; order: number }[] = [];
	doc.getMap('issues').forEach((v, id) => {
		const get = (k: string): unknown => (v instanceof Y.Map ? v.get(k) : typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined);
		const title = get('title');
		if (get('priority') !== true || get('mergedInto') || typeof title !== 'string' || !title.trim()) return;
		const order = get('order');
		out.push({ id, title, order: typeof order === 'number' ? order : Number.MAX_SAFE_INTEGER });
	});
	return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1)).map(({ id, title }) => ({ id, title }));
}

/** The board's own themes: the ranked ones of the last dot vote, else every named theme, at most BOARD_THEME_ROWS. */
function boardThemes(doc: Y.Doc): GridRow[] {
	const named = readThemes(doc).filter((t) => t.title.trim() !== '');
	const ranked = named.filter((t) => t.priority !== null);
	return (ranked.length > 0 ? ranked : named).slice(0, BOARD_THEME_ROWS).map((t) => ({ id: t.id, title: t.title }));
}

/**
 * Rows and columns for a board's grid: rows from the plan's priority issues, or (before the plan has
 * any) from the board `fallbackWorkshopId`'s ranked themes; columns from the council's settings.
 */
export async function actionGridSource(app: KyosoApp, planId: string, fallbackWorkshopId?: string): Promise<GridSource> {
	// TODO(lead): the council's saved settings (branch council-actions' settings store) instead of the defaults.
	const columns = defaultCouncilSettings('').actorColumns;
	const fromPlan = (await app.sync.read(planDocName(planId), priorityIssues)).slice(0, MAX_GRID_ROWS);
	if (fromPlan.length > 0) return { rows: fromPlan, columns, from: 'plan' };
	if (fallbackWorkshopId) {
		const fromBoard = await app.sync.read(boardDocName(fallbackWorkshopId), boardThemes);
		if (fromBoard.length > 0) return { rows: fromBoard, columns, from: 'board' };
	}
	return { rows: [], columns, from: 'none' };
}

/** Write the grid into the workshop's board (stored and relayed like any change). */
export async function fillActionGrid(app: KyosoApp, workshopId: string, rows: GridRow[], columns: GridColumn[]): Promise<Result<ActionGrid, GridError>> {
	return app.sync.change(boardDocName(workshopId), (doc) => setActionGrid(doc, rows, columns));
}

export type LoadGridError = 'forbidden' | 'no_themes' | GridError;

/** The facilitator loads the priority themes into the board's grid (facilitators and admins of the district). */
export async function loadActionGrid(app: KyosoApp, user: StaffUser, workshop: Workshop): Promise<Result<ActionGrid, LoadGridError>> {
	if (!app.workshops.canStaffModerate(user, workshop)) return err('forbidden');
	const source = await actionGridSource(app, workshop.planId, workshop.id);
	if (source.rows.length === 0) return err('no_themes');
	const r = await fillActionGrid(app, workshop.id, source.rows, source.columns);
	if (!r.ok) return r;
	app.audit.record(workshop.councilId, { kind: 'staff', id: user.id, name: user.name }, 'grid.load', `workshop:${workshop.id}`, { from: source.from, rows: source.rows.length });
	return ok(r.value);
}
