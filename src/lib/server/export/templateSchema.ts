/**
 * The tags a plan template may use, derived from a complete sample of the data (every list has an
 * item, every flag is on), so that the list can never drift from what the exporter fills in. The
 * sample also serves to test-render an uploaded template.
 */
import type { NoteData, PlanDocData, ThemeData } from '../../domain/exportPlan';
import { buildPlanDocData } from '../../domain/plan/planDocData';
import { demoPlanSnapshot } from '../../domain/plan/planSnapshot.fixture';
import { buildReviewDocData, SAMPLE_REVIEW_SHEET } from '../../domain/plan/reviewDocData';

const note = (text: string, kind: string, theme: string, table = 'テーブル1'): NoteData => ({
	text,
	kind,
	author: 'さくら',
	hasAuthor: true,
	dots: '2',
	hasDots: true,
	theme,
	table
});

const theme: ThemeData = {
	rank: '1',
	rankLabel: '第1位',
	hasRank: true,
	dots: '12',
	title: 'ひとり暮らしの見守り',
	catchphrase: 'となりの窓にあかりを',
	hasCatchphrase: true,
	table: 'テーブル1',
	noteCount: 1,
	notes: [note('夜に明かりがつかない家が心配', '気になること', 'ひとり暮らしの見守り')]
};

const free = note('坂道が多くて買い物が大変', '気になること', '');
const strength = note('あいさつをする人が多い', 'いいところ', '');

export const SAMPLE_DATA: PlanDocData = {
	councilName: 'みどり市社会福祉協議会',
	districtName: 'さくら台地区',
	planTitle: 'さくら台地区 地域福祉活動計画',
	planPeriod: '令和8年度〜令和12年度',
	workshopTitle: '第1回 みんなで話そう',
	heldOn: '令和8年12月5日',
	place: 'さくら台地区公民館',
	exportDate: '令和8年12月20日',
	noteCount: 3,
	participantCount: '18',
	hasParticipantCount: true,
	themeCount: 1,
	unthemedCount: 1,
	hasThemes: true,
	hasVotes: true,
	hasUnthemed: true,
	hasTables: true,
	hasStrengths: true,
	hasConcerns: true,
	hasNoteDots: true,
	themes: [theme],
	unthemed: [free],
	tables: [{ name: 'テーブル1', noteCount: 3, themeCount: 1, themes: [theme], unthemed: [free], hasUnthemed: true }],
	strengths: [strength],
	concerns: [free],
	kinds: [
		{ label: '気になること', count: 2, notes: [free] },
		{ label: 'いいところ', count: 1, notes: [strength] }
	]
};

/** 'xml': generated WordprocessingML, used as a raw tag `{@name}` alone in its paragraph (names ending in Xml). */
export type FieldKind = 'text' | 'flag' | 'list' | 'xml';
export type Field = { kind: 'text' } | { kind: 'flag' } | { kind: 'xml' } | { kind: 'list'; item: Schema };
export type Schema = ReadonlyMap<string, Field>;

function schemaOf(sample: object): Schema {
	const out = new Map<string, Field>();
	for (const [key, value] of Object.entries(sample)) {
		if (Array.isArray(value)) {
			const first: unknown = value[0];
			if (typeof first !== 'object' || first === null) throw new Error(`sample list ${key} needs an object item`);
			out.set(key, { kind: 'list', item: schemaOf(first) });
		} else if (key.endsWith('Xml')) {
			out.set(key, { kind: 'xml' });
		} else if (typeof value === 'boolean') {
			out.set(key, { kind: 'flag' });
		} else {
			out.set(key, { kind: 'text' });
		}
	}
	return out;
}

export const TEMPLATE_SCHEMA: Schema = schemaOf(SAMPLE_DATA);

/** The kinds of template: the workshop summary (ワークショップのまとめ), the whole plan (計画書) and a year's review sheet (評価シート). */
export type TemplateKind = 'workshop' | 'plan' | 'review';

/** The plan template's sample: the fully drafted demo plan (so the tag reference shows real example values). */
export const PLAN_SAMPLE_DATA = buildPlanDocData(demoPlanSnapshot());
export const PLAN_TEMPLATE_SCHEMA: Schema = schemaOf(PLAN_SAMPLE_DATA);

/** The review sheet template's sample: a complete sheet of one reviewed year. */
export const REVIEW_SAMPLE_DATA = buildReviewDocData(SAMPLE_REVIEW_SHEET);
export const REVIEW_TEMPLATE_SCHEMA: Schema = schemaOf(REVIEW_SAMPLE_DATA);

export const SCHEMAS: Record<TemplateKind, { schema: Schema; sample: object }> = {
	workshop: { schema: TEMPLATE_SCHEMA, sample: SAMPLE_DATA },
	plan: { schema: PLAN_TEMPLATE_SCHEMA, sample: PLAN_SAMPLE_DATA },
	review: { schema: REVIEW_TEMPLATE_SCHEMA, sample: REVIEW_SAMPLE_DATA }
};

/** Every tag, depth-first, as "themes.notes.text" paths: the documented list. */
export type TagInfo = { path: string; name: string; kind: FieldKind; depth: number };

export function tagList(schema: Schema = TEMPLATE_SCHEMA, prefix = '', depth = 0): TagInfo[] {
	const out: TagInfo[] = [];
	for (const [name, field] of schema) {
		const path = prefix ? `${prefix}.${name}` : name;
		out.push({ path, name, kind: field.kind, depth });
		if (field.kind === 'list') out.push(...tagList(field.item, path, depth + 1));
	}
	return out;
}

/** The documented groups of tags: the root, and one per kind of list item. */
export type TagGroupId =
	| 'root'
	| 'theme'
	| 'note'
	| 'table'
	| 'kind'
	| 'plan'
	| 'profileYear'
	| 'resourceCategory'
	| 'resource'
	| 'issue'
	| 'issueNote'
	| 'statement'
	| 'planTheme'
	| 'column'
	| 'action'
	| 'goal'
	| 'workshop'
	| 'review'
	| 'reviewRow'
	| 'midTermAction'
	| 'midTermCell';

/** What each list holds (the same item shape under different lists shares one group). */
const LIST_ITEMS: Record<string, Exclude<TagGroupId, 'root'>> = {
	themes: 'theme',
	notes: 'note',
	unthemed: 'note',
	tables: 'table',
	strengths: 'note',
	concerns: 'note',
	kinds: 'kind'
};

/** The same for the plan template. */
const PLAN_LIST_ITEMS: Record<string, Exclude<TagGroupId, 'root'>> = {
	profileYears: 'profileYear',
	resourceCategories: 'resourceCategory',
	resources: 'resource',
	issues: 'issue',
	notes: 'issueNote',
	statements: 'statement',
	themes: 'planTheme',
	columns: 'column',
	actions: 'action',
	goals: 'goal',
	workshops: 'workshop'
};

/** The same for the review sheet template. */
const REVIEW_LIST_ITEMS: Record<string, Exclude<TagGroupId, 'root'>> = {
	rows: 'reviewRow',
	midTerm: 'midTermAction',
	cells: 'midTermCell'
};

const ROOT_GROUP: Record<TemplateKind, TagGroupId> = { workshop: 'root', plan: 'plan', review: 'review' };
const LISTS_OF: Record<TemplateKind, Record<string, Exclude<TagGroupId, 'root'>>> = { workshop: LIST_ITEMS, plan: PLAN_LIST_ITEMS, review: REVIEW_LIST_ITEMS };

export type TagGroup = { id: TagGroupId; lists: string[]; tags: { name: string; kind: FieldKind }[] };

/** Every tag once per group, in data order; `lists` names the lists whose items the group describes. */
export function tagGroups(kind: TemplateKind = 'workshop'): TagGroup[] {
	const schema = SCHEMAS[kind].schema;
	const items = LISTS_OF[kind];
	const rootId = ROOT_GROUP[kind];
	const groups = new Map<TagGroupId, TagGroup>();
	const visit = (id: TagGroupId, s: Schema, list: string | null) => {
		let g = groups.get(id);
		const fresh = !g;
		if (!g) groups.set(id, (g = { id, lists: [], tags: [] }));
		if (list && !g.lists.includes(list)) g.lists.push(list);
		for (const [name, field] of s) {
			if (fresh) g.tags.push({ name, kind: field.kind });
			if (field.kind !== 'list') continue;
			const item = items[name];
			if (!item) throw new Error(`list ${name} has no documented item group`);
			visit(item, field.item, name);
		}
	};
	visit(rootId, schema, null);
	return [...groups.values()];
}
