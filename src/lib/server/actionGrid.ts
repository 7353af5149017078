/**
 * The action grid of a board (取り組みを考える), server side: where its rows (the plan's priority themes)
 * and columns (the council's actor columns) come from, and filling the board's grid with them when the
 * facilitator enters the step or presses 「重点テーマを読み込む」.
 */
import type * as Y from 'yjs';
import type { KyosoApp } from './app';
import type { StaffUser } from './auth/staff';
import { boardDocName, type Workshop } from './workshops';
import { planDocName } from './sync/kinds/plan';
import { setActionGrid, MAX_GRID_ROWS, type ActionGrid, type GridColumn, type GridError, type GridRow } from '../domain/board/actionGrid';
import { readThemes } from '../domain/board/themes';
import { priorityIssues } from '../domain/plan/issues';
import { councilSettings } from './councilSettings';
import { defaultCouncilSettings } from '../domain/council/settings';
import { err, ok, type Result } from '../domain/result';

/** How many of the board's ranked themes become rows when the plan has no priority issues yet. */
export const BOARD_THEME_ROWS = 5;

export type GridSource = { rows: GridRow[]; columns: GridColumn[]; from: 'plan' | 'board' | 'none' };

/** The plan's priority issues (重点, domain/plan/issues.ts: as listed, none merged) as rows, in the plan's order. */
function priorityRows(doc: Y.Doc): GridRow[] {
	return priorityIssues(doc)
		.filter((i) => i.title.trim() !== '')
		.map((i) => ({ id: i.id, title: i.title }));
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
	const plan = await app.plans.get(planId);
	const settings = plan ? await councilSettings(app).get(plan.councilId) : null;
	const columns = (settings ?? defaultCouncilSettings('')).actorColumns.map(({ id, label, help }) => ({ id, label, help }));
	const fromPlan = (await app.sync.read(planDocName(planId), priorityRows)).slice(0, MAX_GRID_ROWS);
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
