/**
 * Exporting a workshop's plan material as a Word file in the council's template: gathers the
 * records (council, plan, participants), reads the board, builds the data and renders it. The
 * caller has already checked that the staff member may open the workshop (staffWorkshop).
 */
import type { KyosoApp } from '../app';
import { boardDocName, type Workshop } from '../workshops';
import { readExportBoard, type ExportBoard } from '../../domain/board/exportBoard';
import { buildPlanData, type ExportLabels, type PlanMeta } from '../../domain/exportPlan';
import { tokyoDate } from '../../domain/eraDate';
import { m } from '../../paraglide/messages.js';
import { CouncilTemplates, defaultTemplate } from './councilTemplates';
import { exportFileName } from './download';
import type { TemplateProblem } from './templateProblems';

/** The document is written in Japanese whatever language the staff member's screen uses. */
const ja = { locale: 'ja' } as const;
const KIND_LABELS: Record<string, () => string> = {
	concern: () => m.phone_kind_concern({}, ja),
	strength: () => m.phone_kind_strength({}, ja),
	resource: () => m.phone_kind_resource({}, ja),
	vision: () => m.phone_kind_vision({}, ja),
	action: () => m.phone_kind_action({}, ja),
	review: () => m.phone_kind_review({}, ja)
};

export const DOCUMENT_LABELS: ExportLabels = {
	untitledTheme: m.export_doc_untitled_theme({}, ja),
	kindLabel: (id) => (KIND_LABELS[id] ?? KIND_LABELS.concern!)(),
	tableName: (n) => m.ctl_table_n({ n }, ja),
	rank: (n) => m.export_doc_rank({ n }, ja)
};

const templatesByApp = new WeakMap<KyosoApp, CouncilTemplates>();

/** The council templates store of this app (one per database). */
export function councilTemplates(app: KyosoApp): CouncilTemplates {
	let t = templatesByApp.get(app);
	if (!t) templatesByApp.set(app, (t = new CouncilTemplates(app.db)));
	return t;
}

/** The records around a workshop that the cover needs. */
export async function workshopMeta(app: KyosoApp, w: Workshop, now: number): Promise<PlanMeta> {
	const council = app.db.prepare<[string], { name: string }>('SELECT name FROM councils WHERE id = ?').get(w.councilId);
	const plan = app.db
		.prepare<[string], { title: string; start: number; end: number }>('SELECT title, period_start AS start, period_end AS end FROM plans WHERE id = ?')
		.get(w.planId);
	const participants = (await app.participants.listForWorkshop(w.id)).length;
	return {
		councilName: council?.name ?? '',
		districtName: w.districtName,
		planTitle: plan?.title ?? w.planTitle,
		planPeriod: plan ? { start: plan.start, end: plan.end } : null,
		workshopTitle: w.title,
		heldOn: w.heldOn,
		place: w.place,
		// Nobody joined by phone (staff wrote every note): no count rather than "0人".
		participantCount: participants > 0 ? participants : null,
		exportedAt: now
	};
}

/** The board as it is now (loading it if no one has it open). */
export function readBoard(app: KyosoApp, workshopId: string): Promise<ExportBoard> {
	return app.sync.read(boardDocName(workshopId), (doc) => readExportBoard(doc));
}

export type ExportedPlan = { bytes: Buffer; fileName: string; custom: boolean };
export type ExportOutcome = { ok: true; value: ExportedPlan } | { ok: false; problems: TemplateProblem[]; custom: boolean };

/**
 * The Word file. `useDefault` ignores the council's own template (the way out while a broken
 * template waits to be fixed).
 */
export async function exportPlan(app: KyosoApp, w: Workshop, opts: { useDefault?: boolean; now?: number } = {}): Promise<ExportOutcome> {
	const now = opts.now ?? Date.now();
	// the council's workshop summary template (its plan and review sheet templates have their own slots)
	const template = opts.useDefault ? { data: defaultTemplate(), custom: false } : await councilTemplates(app).effective(w.councilId);
	const data = buildPlanData(await readBoard(app, w.id), await workshopMeta(app, w, now), DOCUMENT_LABELS);
	const rendered = await app.docx.render(template.data, data);
	if (!rendered.ok) return { ok: false, problems: rendered.problems, custom: template.custom };
	return { ok: true, value: { bytes: rendered.value, fileName: exportFileName(w.districtName, w.title, tokyoDate(now)), custom: template.custom } };
}
