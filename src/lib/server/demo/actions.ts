/**
 * Demo actions (取り組み) for a drafted demo plan: per theme, what each actor does over five fiscal years,
 * with responsible groups and indicators. Our own fictional content. Written through the plan document
 * like a staff edit, checked by the same rules (an action the rules refuse is skipped and logged).
 */
import type { KyosoApp } from '../app';
import { planDocName } from '../sync/kinds/plan';
import { actionContext, planRecord, settingsFor, type IssueRef } from '../planActions';
import { addAction, readActions, type ActionFields, type Stage } from '../../domain/plan/actions';

type DemoAction = Omit<ActionFields, 'issueId' | 'schedule' | 'indicator' | 'goalId'> & {
	/** index into the issues passed in (its theme), or -1 for none */
	issue: number;
	/** one stage per plan year, from the first; '' = nothing that year */
	stages: (Stage | '')[];
	indicator?: { what: string; unit: string; baseline: string; perYear: string[]; finalTarget: string };
	/** index into the council's goals, or -1 */
	goal: number;
};

const DEMO: DemoAction[] = [
	{
		issue: 1,
		column: 'self',
		title: '朝のあいさつ声かけ',
		description: '通勤・通学の時間に、近所の一人暮らしの方へ声をかける。',
		responsible: '住民一人ひとり',
		stages: ['run', 'continue', 'continue', 'continue', 'continue'],
		goal: 0
	},
	{
		issue: 1,
		column: 'mutual',
		title: 'ゆるやか見守り隊',
		description: '新聞や洗濯物の様子で気づいたことを、班長から民生委員へつなぐ。',
		responsible: '自治会の班長会',
		stages: ['study', 'prepare', 'run', 'continue', 'expand'],
		indicator: { what: '見守りに協力する世帯', unit: '世帯', baseline: '25', perYear: ['', '', '40', '50', ''], finalTarget: '60' },
		goal: 1
	},
	{
		issue: 1,
		column: 'community',
		title: '地区サロンを月2回に',
		description: '公民館のサロンを増やし、来られない人には送迎を試す。',
		responsible: '地区社協 ふれあい部会',
		stages: ['prepare', 'run', 'continue', 'continue', 'expand'],
		indicator: { what: 'サロンの延べ参加者', unit: '人／年', baseline: '280', perYear: ['', '400', '450', '500', ''], finalTarget: '560' },
		goal: 0
	},
	{
		issue: 0,
		column: 'mutual',
		title: 'ついでの買い物お手伝い',
		description: '買い物に行く人が、近所の人の頼まれ物をついでに買う仕組みを試す。',
		responsible: 'ひばりが丘商店会',
		stages: ['study', 'study', 'prepare', 'run', 'continue'],
		goal: 1
	},
	{
		issue: 0,
		column: 'public',
		title: '乗り合い送迎の相談窓口',
		description: '社協が福祉有償運送や乗り合いの制度を紹介し、地区の試行を支える。',
		responsible: '市社協 地域福祉課',
		stages: ['prepare', 'run', 'continue', 'continue', 'continue'],
		indicator: { what: '相談件数', unit: '件／年', baseline: '5', perYear: ['', '12', '15', '18', ''], finalTarget: '20' },
		goal: 2
	},
	{
		issue: 2,
		column: 'community',
		title: '防災マップを住民でつくる',
		description: '避難に手助けが必要な方の名前は載せず、集まる場所と道だけを描く。',
		responsible: '自主防災会',
		stages: ['', 'study', 'prepare', 'run', 'continue'],
		goal: 2
	},
	{
		// 担い手 still open: the plan page's checklist points at it
		issue: 2,
		column: 'mutual',
		title: '避難の声かけ班づくり',
		description: '一人で避難所へ行けない方に、近所の誰が声をかけるかを班ごとに話し合う。',
		responsible: '',
		stages: ['study', 'prepare', 'run', 'continue', 'continue'],
		goal: 2
	}
];

/**
 * Adds the demo actions to a plan (once: a plan that has actions is left alone). `issues` are the plan's
 * priority 課題 in order (seed.ts passes the drafted demo plan's: 買い物と通院の足, ひとり暮らしの見守り,
 * 災害時の助け合い); columns fall back to the council's first column when the council does not use the
 * four-column preset. Returns how many were added.
 */
export async function seedDemoActions(app: KyosoApp, planId: string, issues: readonly IssueRef[]): Promise<number> {
	const plan = await planRecord(app, planId);
	if (!plan) throw new Error(`demo plan ${planId} not found`);
	const settings = await settingsFor(app, plan);
	const ctx = actionContext(plan, settings, issues);
	const columns = new Set(ctx.columns);
	return app.sync.change(planDocName(planId), (doc) => {
		if (readActions(doc).length > 0) return 0;
		let added = 0;
		DEMO.forEach((d, i) => {
			const schedule: ActionFields['schedule'] = {};
			d.stages.forEach((s, k) => {
				const year = ctx.years[k];
				if (s && year !== undefined) schedule[year] = s;
			});
			const targets: Record<number, string> = {};
			d.indicator?.perYear.forEach((t, k) => {
				const year = ctx.years[k];
				if (t && year !== undefined) targets[year] = t;
			});
			const fields: ActionFields = {
				title: d.title,
				description: d.description,
				responsible: d.responsible,
				column: columns.has(d.column) ? d.column : (ctx.columns[0] ?? ''),
				issueId: issues[d.issue]?.id ?? '',
				goalId: settings.goals[d.goal]?.id ?? '',
				schedule,
				indicator: d.indicator ? { what: d.indicator.what, unit: d.indicator.unit, baseline: d.indicator.baseline, targets, finalTarget: d.indicator.finalTarget } : null
			};
			const r = addAction(doc, fields, ctx, { userId: 'demo', now: Date.UTC(2026, 11, 1) + i });
			if (r.ok) added++;
			else console.warn('[demo] action skipped', d.title, r.problems);
		});
		return added;
	});
}
