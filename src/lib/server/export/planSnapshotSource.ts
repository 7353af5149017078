/**
 * Reads a whole plan into a PlanSnapshot (domain/plan/planSnapshot.ts), the one input of every export
 * format: the council's settings (名前, 基本理念, 活動目標, actor columns: councilSettings.ts), the district,
 * the plan record (Plans store: status, 策定日, 策定者), the plan document's issues and actions (domain/plan/issues.ts,
 * actions.ts, put in the document's order by domain/plan/planSnapshotParts.ts), and the plan's workshops
 * with their record (date, place, participants, steps covered) and their boards' notes; the district
 * profile, resources, vision and 計画の推進と評価 come from snapshotArcParts.ts. A part with nothing in it
 * is said so in the document's own words (「まだ…ありません」).
 */
import type { KyosoApp } from '../app';
import { boardDocName } from '../workshops';
import { planDocName } from '../sync/kinds/plan';
import { councilSettings } from '../councilSettings';
import { readExportBoard } from '../../domain/board/exportBoard';
import { issueRoots, issueViews } from '../../domain/plan/issues';
import { periodYears, readActions } from '../../domain/plan/actions';
import { SNAPSHOT_STATUS, snapshotActions, snapshotIssues } from '../../domain/plan/planSnapshotParts';
import type { PlanSnapshot, SnapshotWorkshop } from '../../domain/plan/planSnapshot';
import { m } from '../../paraglide/messages.js';
import type { StepId } from '../../domain/board/steps';
import { DOCUMENT_LABELS } from './planExport';
import { readSnapshotArcParts } from './snapshotArcParts';

/** The document is written in Japanese whatever language the staff member's screen uses. */
const ja = { locale: 'ja' } as const;
const STEP_WORDS: Record<StepId, () => string> = {
	know: () => m.step_know({}, ja),
	issues: () => m.step_issues({}, ja),
	organise: () => m.step_organise({}, ja),
	vision: () => m.step_vision({}, ja),
	actions: () => m.step_actions({}, ja),
	compile: () => m.step_compile({}, ja),
	review: () => m.step_review({}, ja)
};

/** The plan as plain data; null when there is no such plan. */
export async function readPlanSnapshot(app: KyosoApp, planId: string): Promise<PlanSnapshot | null> {
	const plan = await app.plans.get(planId);
	if (!plan) return null;
	const settings = await councilSettings(app).get(plan.councilId);
	if (!settings) return null;
	const years = periodYears(plan.period.start, plan.period.end);
	const { issues, actions } = await app.sync.read(planDocName(plan.id), (doc) => {
		const listed = snapshotIssues(issueViews(doc));
		const columns = settings.actorColumns.map((c) => c.id);
		return { issues: listed, actions: snapshotActions(readActions(doc), issueRoots(doc), listed.map((i) => i.id), columns, years) };
	});
	const workshops: SnapshotWorkshop[] = [];
	for (const w of await app.plans.workshops(plan.id)) {
		const board = await app.sync.read(boardDocName(w.id), (doc) => readExportBoard(doc));
		const themeTitle = new Map(board.themes.map((t) => [t.id, t.title.trim() || DOCUMENT_LABELS.untitledTheme]));
		const kindLabel = (id: string) => board.kinds.get(id)?.label || DOCUMENT_LABELS.kindLabel(id);
		const notes = board.notes
			.filter((n) => !n.hidden)
			.map((n) => ({ kind: kindLabel(n.kind), text: n.text, theme: (n.themeId && themeTitle.get(n.themeId)) || '', votes: board.noteDots?.get(n.id) ?? null, createdAt: n.createdAt }));
		workshops.push({
			id: w.id,
			title: w.title,
			heldOn: w.heldOn,
			place: w.place,
			// staff's own count if they entered one, else the phones that joined
			participants: w.participants > 0 ? w.participants : null,
			steps: w.stepsCovered.map((s) => STEP_WORDS[s]()),
			notes
		});
	}
	return {
		council: {
			name: settings.name,
			philosophy: settings.philosophy,
			goals: settings.goals.map((g) => ({ id: g.id, label: g.label })),
			actorColumns: settings.actorColumns.map((c) => ({ id: c.id, label: c.label }))
		},
		district: { name: plan.districtName },
		plan: {
			id: plan.id,
			title: plan.title,
			startYear: plan.period.start,
			endYear: plan.period.end,
			status: SNAPSHOT_STATUS[plan.status],
			adoptedOn: plan.adoptedOn,
			adoptedBy: plan.adoptedBy
		},
		// 地区を知る, 将来像, 計画の推進と評価 (snapshotArcParts.ts)
		...(await readSnapshotArcParts(app, plan)),
		issues,
		actions,
		workshops
	};
}

/**
 * Plans as the CLI looks them up (by id or by exact title; null: every plan), with their status.
 * Every plan counts, whatever its status (策定中 / 策定済み / 見直し中): a plan still being drafted is
 * the one a district most often exports (to circulate the draft), so "exactly one plan" means one
 * plan of any status; with several, the CLI asks for --plan and lists them with their status.
 */
export function findPlans(app: KyosoApp, idOrTitle: string | null): { id: string; title: string; status: string }[] {
	type Row = { id: string; title: string; status: string };
	if (idOrTitle === null) return app.db.prepare<[], Row>('SELECT id, title, status FROM plans ORDER BY created_at, id').all();
	return app.db.prepare<[string, string], Row>('SELECT id, title, status FROM plans WHERE id = ? OR title = ? ORDER BY created_at, id').all(idOrTitle, idOrTitle);
}
