/**
 * Reads a whole plan into a PlanSnapshot (domain/plan/planSnapshot.ts), the one input of every export
 * format. Filled today: the council (name; actor columns from the preset until council settings are
 * stored), the district, the plan record, and the plan's workshops with their boards' notes.
 *
 * The parts other modules own are marked TODO(lead): until they are wired, this file (and only this
 * file) returns them empty, and the document says so in its own words (「まだ…ありません」).
 */
import type { KyosoApp } from '../app';
import { boardDocName } from '../workshops';
import { readExportBoard } from '../../domain/board/exportBoard';
import { defaultCouncilSettings } from '../../domain/council/settings';
import type { PlanSnapshot, SnapshotWorkshop } from '../../domain/plan/planSnapshot';
import { DOCUMENT_LABELS } from './planExport';
import { readSnapshotArcParts } from './snapshotArcParts';

const SQL = {
	plan: `SELECT p.id, p.title, p.period_start AS startYear, p.period_end AS endYear, d.name AS districtName, d.id AS districtId, c.name AS councilName, c.id AS councilId
		FROM plans p JOIN districts d ON d.id = p.district_id JOIN councils c ON c.id = d.council_id WHERE p.id = ?`,
	workshops: `SELECT id, title, held_on AS heldOn, place FROM workshops WHERE plan_id = ? ORDER BY COALESCE(held_on, ''), created_at, id`
} as const;

type PlanRow = { id: string; title: string; startYear: number; endYear: number; districtName: string; districtId: string; councilName: string; councilId: string };
type WorkshopRow = { id: string; title: string; heldOn: string | null; place: string | null };

/** The plan as plain data; null when there is no such plan. */
export async function readPlanSnapshot(app: KyosoApp, planId: string): Promise<PlanSnapshot | null> {
	const plan = app.db.prepare<[string], PlanRow>(SQL.plan).get(planId);
	if (!plan) return null;
	// TODO(lead): the council's stored settings (readCouncilSettings) instead of the defaults
	const settings = defaultCouncilSettings(plan.councilName);
	const workshops: SnapshotWorkshop[] = [];
	for (const w of app.db.prepare<[string], WorkshopRow>(SQL.workshops).all(planId)) {
		const board = await app.sync.read(boardDocName(w.id), (doc) => readExportBoard(doc));
		const themeTitle = new Map(board.themes.map((t) => [t.id, t.title.trim() || DOCUMENT_LABELS.untitledTheme]));
		const kindLabel = (id: string) => board.kinds.get(id)?.label || DOCUMENT_LABELS.kindLabel(id);
		const notes = board.notes
			.filter((n) => !n.hidden)
			.map((n) => ({ kind: kindLabel(n.kind), text: n.text, theme: (n.themeId && themeTitle.get(n.themeId)) || '', votes: board.noteDots?.get(n.id) ?? null, createdAt: n.createdAt }));
		const participants = (await app.participants.listForWorkshop(w.id)).length;
		workshops.push({
			id: w.id,
			title: w.title,
			heldOn: w.heldOn,
			place: w.place,
			participants: participants > 0 ? participants : null,
			// TODO(lead): the workshop's steps from the plan page's workshop records; until then, the kinds of notes written
			steps: [...new Set(notes.map((n) => n.kind))],
			notes
		});
	}
	return {
		council: {
			name: plan.councilName,
			philosophy: settings.philosophy,
			goals: settings.goals.map((g) => ({ id: g.id, label: g.label })),
			actorColumns: settings.actorColumns.map((c) => ({ id: c.id, label: c.label }))
		},
		district: { name: plan.districtName },
		plan: {
			id: plan.id,
			title: plan.title,
			startYear: plan.startYear,
			endYear: plan.endYear,
			// TODO(lead): status, 策定日 and 策定者 from the plan records (src/lib/server/plans.ts)
			status: 'draft',
			adoptedOn: null,
			adoptedBy: ''
		},
		// 地区を知る, 将来像, 計画の推進と評価 (snapshotArcParts.ts)
		...(await readSnapshotArcParts(app, plan)),
		// TODO(lead): the plan's 課題 (domain/plan/issues.ts, read from the plan document `plan.<id>`)
		issues: [],
		// TODO(lead): the actions (domain/plan/actions.ts)
		actions: [],
		workshops
	};
}

/** Plans of a council as the CLI and the document page look them up (by id or by exact title). */
export function findPlans(app: KyosoApp, idOrTitle: string | null): { id: string; title: string }[] {
	if (idOrTitle === null) return app.db.prepare<[], { id: string; title: string }>('SELECT id, title FROM plans ORDER BY created_at, id').all();
	return app.db.prepare<[string, string], { id: string; title: string }>('SELECT id, title FROM plans WHERE id = ? OR title = ? ORDER BY created_at, id').all(idOrTitle, idOrTitle);
}
