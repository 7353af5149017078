/**
 * The plan document (計画の共同編集用ドキュメント), `plan.<planId>`: the live, co-edited parts of a
 * district's plan (小地域福祉活動計画). Today it holds only its schema marker; the plan issues add the
 * vision text (将来像), the actions table (取り組み) and the yearly review (振り返り), each as a record
 * type with a version and migrations (../records.ts). Pure: no IO.
 *
 * Layout (each part owned by one module of this folder; the plan issues fill them in):
 *   meta: Y.Map { schema: number, planId: string }                      (schema.ts)
 *   issues: Y.Map<issueId, IssueRecord>   課題: themes gathered from the plan's boards, merged, 重点 (issues.ts)
 *   vision: Y.XmlFragment                 将来像: the explanation, tiptap's Collaboration field (vision.ts)
 *   visionStatements: Y.Map<id, record>   めざす将来像: 2-5 short statements, candidate/adopted (vision.ts)
 *   actions: Y.Map<actionId, Y.Map>       取り組み: one Y.Map per action, one key per field (actions.ts)
 *   reviews: Y.Map<fiscalYear, Y.Map>     振り返り: one per reviewed year (review.ts)
 *   actionVersions: Y.Map<id, snapshot>  計画の版: the actions as they were before each revision (review.ts)
 * Records kept outside the document (SQL, through async record stores): the plan's title, period and
 * status, the district's profile and resources, the support map picture, the council's settings.
 */
import type * as Y from 'yjs';

/** The layout version this build writes (meta.schema). */
export const PLAN_SCHEMA_VERSION = 1;

export type PlanMeta = { schema: number; planId: string };

export function planMetaMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('meta');
}

export function readPlanMeta(doc: Y.Doc): PlanMeta {
	const m = planMetaMap(doc);
	const schema = m.get('schema');
	const planId = m.get('planId');
	return { schema: typeof schema === 'number' && Number.isInteger(schema) ? schema : 0, planId: typeof planId === 'string' ? planId : '' };
}

/** Initialise an empty plan document (idempotent: a document that has its schema is left alone). */
export function initPlan(doc: Y.Doc, planId: string): void {
	const m = planMetaMap(doc);
	if (m.has('schema')) return;
	doc.transact(() => {
		m.set('schema', PLAN_SCHEMA_VERSION);
		m.set('planId', planId);
	});
}
