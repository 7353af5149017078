/**
 * The data the plan template (計画書の様式) is filled with: every value already formatted as the
 * document shows it (和暦, 西暦, percentages), lists for the loops and `has…` flags for the optional
 * parts, built from a PlanSnapshot. The tags a council template may use are derived from this shape
 * (server/export/templateSchema.ts). Pure.
 */
import { formatEraDate, formatEraFiscalPeriod, formatEraFiscalYear, parseIsoDate } from '../eraDate';
import { agingRate, agingTrend, issuesInOrder, planYears, type PlanSnapshot, type PlanStatus, type SnapshotAction } from './planSnapshot';
import { scheduleXml, visionXml } from './planDocXml';

export const STATUS_LABELS: Record<PlanStatus, string> = { draft: '策定中', adopted: '策定済み', revising: '見直し中', active: '推進中', closed: '終了' };

const num = (n: number | string | null) => (n === null ? '' : typeof n === 'string' ? n : n.toLocaleString('ja-JP'));
const pct = (n: number | null) => (n === null ? '' : `${n.toFixed(1)}%`);
const eraDay = (iso: string | null) => {
	const d = parseIsoDate(iso);
	return d ? formatEraDate(d) : '';
};
const westernDay = (iso: string | null) => {
	const d = parseIsoDate(iso);
	return d ? `${d.year}年${d.month}月${d.day}日` : '';
};
const rankLabel = (rank: number | null) => (rank === null ? '' : `重点${rank}`);

/** "見守り協力員のいる自治会：現状 3自治会 → 令和10年度 6自治会、令和12年度 12自治会" */
export function indicatorText(a: SnapshotAction): string {
	const i = a.indicator;
	if (!i) return '';
	const baseline = i.baseline === null ? '' : `現状 ${num(i.baseline)}${i.unit}`;
	const targets = i.targets.map((t) => `${formatEraFiscalYear(t.year)} ${num(t.value)}${i.unit}`).join('、');
	return `${i.what}：${[baseline, targets].filter(Boolean).join(' → ')}`;
}

export function buildPlanDocData(s: PlanSnapshot) {
	const years = planYears(s.plan);
	const issues = issuesInOrder(s.issues);
	const columnLabel = new Map(s.council.actorColumns.map((c) => [c.id, c.label]));
	const goalLabel = new Map(s.council.goals.map((g) => [g.id, g.label]));
	const trend = agingTrend(s.profile.years);
	const trendWord = trend ? { up: '上がっています', down: '下がっています', flat: '変わっていません' }[trend.direction] : '';

	const actionData = (a: SnapshotAction) => ({
		title: a.title,
		description: a.description,
		hasDescription: a.description.trim() !== '',
		column: columnLabel.get(a.columnId) ?? '',
		responsible: a.responsible,
		hasResponsible: a.responsible.trim() !== '',
		goal: (a.goalId && goalLabel.get(a.goalId)) || '',
		hasGoal: !!(a.goalId && goalLabel.get(a.goalId)),
		indicator: indicatorText(a),
		hasIndicator: a.indicator !== null
	});

	const themes = issues
		.map((issue) => ({ issue, actions: s.actions.filter((a) => a.issueId === issue.id) }))
		.filter((t) => t.actions.length > 0)
		.map(({ issue, actions }) => ({
			title: issue.title,
			rankLabel: rankLabel(issue.rank),
			hasRank: issue.rank !== null,
			catchphrase: issue.catchphrase,
			hasCatchphrase: issue.catchphrase.trim() !== '',
			columns: s.council.actorColumns.map((c) => {
				const inColumn = actions.filter((a) => a.columnId === c.id);
				return { label: c.label, actionTitles: inColumn.map((a) => a.title).join('\n') || '―', hasActions: inColumn.length > 0 };
			}),
			actions: actions.map(actionData),
			scheduleXml: scheduleXml(actions, years)
		}));

	return {
		councilName: s.council.name,
		philosophy: s.council.philosophy,
		hasPhilosophy: s.council.philosophy.trim() !== '',
		districtName: s.district.name,
		planTitle: s.plan.title,
		periodEra: formatEraFiscalPeriod(s.plan.startYear, s.plan.endYear),
		periodWestern: s.plan.startYear === s.plan.endYear ? `${s.plan.startYear}年度` : `${s.plan.startYear}年度〜${s.plan.endYear}年度`,
		yearCount: String(years.length),
		status: STATUS_LABELS[s.plan.status],
		adoptedOn: eraDay(s.plan.adoptedOn),
		adoptedOnWestern: westernDay(s.plan.adoptedOn),
		hasAdoptedOn: parseIsoDate(s.plan.adoptedOn) !== null,
		adoptedBy: s.plan.adoptedBy,
		hasAdoptedBy: s.plan.adoptedBy.trim() !== '',

		hasProfile: s.profile.years.length > 0,
		profileYears: s.profile.years.map((y) => ({
			year: `${y.year}年`,
			population: num(y.population),
			households: num(y.households),
			aged65: num(y.aged65),
			agingRate: pct(agingRate(y)),
			associations: num(y.associations),
			commissioners: num(y.welfareCommissioners)
		})),
		hasTrend: trend !== null,
		trend: trend ? `高齢化率は${pct(trend.from)}から${pct(trend.to)}へ${trendWord}。` : '',
		character: s.profile.character,
		hasCharacter: s.profile.character.trim() !== '',
		hasResources: s.resources.some((c) => c.resources.length > 0),
		resourceCategories: s.resources
			.filter((c) => c.resources.length > 0)
			.map((c) => ({ label: c.label, resources: c.resources.map((r) => ({ name: r.name, note: r.note, hasNote: r.note.trim() !== '' })) })),

		hasIssues: issues.length > 0,
		issues: issues.map((i) => ({
			title: i.title,
			rankLabel: rankLabel(i.rank),
			hasRank: i.rank !== null,
			catchphrase: i.catchphrase,
			hasCatchphrase: i.catchphrase.trim() !== '',
			notes: i.notes.map((text) => ({ text }))
		})),

		hasStatements: s.vision.statements.length > 0,
		statements: s.vision.statements.map((text) => ({ text })),
		hasExplanation: s.vision.explanation.length > 0,
		visionXml: visionXml(s.vision.explanation),

		hasThemes: themes.length > 0,
		themes,

		hasGoals: s.council.goals.length > 0,
		goals: s.council.goals.map((g) => {
			const serving = s.actions.filter((a) => a.goalId === g.id);
			return { label: g.label, actionTitles: serving.map((a) => a.title).join('、') || '―', actionCount: String(serving.length) };
		}),
		review: s.review,
		hasReview: s.review.trim() !== '',

		hasWorkshops: s.workshops.length > 0,
		workshops: s.workshops.map((w) => ({
			title: w.title,
			heldOn: eraDay(w.heldOn),
			place: w.place ?? '',
			participants: w.participants === null ? '' : `${w.participants}人`,
			steps: w.steps.join('、')
		}))
	};
}

export type PlanDocData = ReturnType<typeof buildPlanDocData>;
