/**
 * Demo: a second district, ひばりが丘地区 (fictional), with a plan being drafted: two past, closed
 * workshops whose boards hold notes, themes and a closed dot vote, and the ranked themes gathered
 * into the plan's issues with two priorities and one duplicate merged. Written through the board and
 * plan domain functions and the sync core, as staff would. Others add the profile, vision and
 * actions of this district through their own files (look it up with `demoPlanIds`).
 */
import type { StaffAuth } from '../auth/staff';
import type { PlanDeps } from '../planService';
import { changePlanIssues, gatherPlanIssues, readPlanIssues } from '../planService';
import { boardDocName } from '../workshops';
import { addNote, setMeta } from '../../domain/board/board';
import { createTheme, renameTheme } from '../../domain/board/themes';
import { closeVote, openVote, setVote } from '../../domain/board/voting';
import { mergeIssues, setIssuePriority } from '../../domain/plan/issues';
import type { StepId } from '../../domain/board/steps';
import type * as Y from 'yjs';

export const DEMO_PLAN_DISTRICT = 'ひばりが丘地区';
export const DEMO_PLAN_TITLE = 'ひばりが丘地区 地域福祉活動計画';

type DemoTheme = { title: string; catchphrase: string; notes: string[]; dots: number };
type DemoWorkshop = { title: string; heldOn: string; place: string; participants: number; steps: StepId[]; themes: DemoTheme[]; strengths: string[] };

const WORKSHOPS: DemoWorkshop[] = [
	{
		title: '第1回 ひばりが丘の「気になる」を出し合おう',
		heldOn: '2026-06-13',
		place: 'ひばりが丘集会所',
		participants: 23,
		steps: ['issues', 'organise'],
		themes: [
			{ title: '買い物と通院の足', catchphrase: '坂の上でも暮らしやすく', dots: 14, notes: ['スーパーまで歩くと坂がきつい', 'バスが1時間に1本しかない', '通院のたびに家族に頼んでいる'] },
			{ title: 'ひとり暮らしの見守り', catchphrase: '気づける近所づきあい', dots: 11, notes: ['新聞がたまっている家が気になる', '隣に誰が住んでいるか知らない'] },
			{ title: '集まれる場所', catchphrase: '', dots: 6, notes: ['集会所が平日昼しか使えない', '子どもと高齢者が一緒に過ごせる場がほしい'] }
		],
		strengths: ['朝の体操に毎日20人くらい集まる', '小学校の見守り隊が元気']
	},
	{
		title: '第2回 課題を整理して優先順位をつけよう',
		heldOn: '2026-09-12',
		place: 'ひばりが丘小学校 多目的室',
		participants: 18,
		steps: ['issues', 'organise'],
		themes: [
			{ title: '移動の手段', catchphrase: '', dots: 12, notes: ['免許を返したら出かけられなくなる', '乗り合いの車があれば助かる'] },
			{ title: '災害時の助け合い', catchphrase: 'いざというとき声をかけあえる', dots: 9, notes: ['避難所まで一人で行けない人がいる', '防災訓練の参加者が毎年同じ顔ぶれ'] },
			{ title: '担い手不足', catchphrase: '', dots: 5, notes: ['役員のなり手がいない', '若い世代が地域の活動を知らない'] }
		],
		strengths: ['自治会の回覧板がよく回っている']
	}
];

/** The demo district and plan ids, for the other parts of the demo (profile, vision, actions). */
export async function demoPlanIds(plans: PlanDeps['plans'], councilId: string): Promise<{ districtId: string; planId: string } | null> {
	const plan = await plans.findByDistrictName(councilId, DEMO_PLAN_DISTRICT);
	return plan ? { districtId: plan.districtId, planId: plan.id } : null;
}

/** Fill one past workshop's board: notes (one author per note), themes, a closed dot vote on themes. */
function fillBoard(doc: Y.Doc, w: DemoWorkshop, seed: number): void {
	setMeta(doc, { step: 'issues', inputOpen: true });
	let n = 0;
	const at = Date.parse(`${w.heldOn}T10:00:00+09:00`);
	const note = (text: string, kind: 'concern' | 'strength') => {
		const id = `demo${seed}note${++n}`;
		addNote(doc, { id, text, kind, authorId: `demo${seed}p${n}`, authorRole: 'participant', nickname: null, now: at + n * 60_000 });
		return id;
	};
	for (const s of w.strengths) note(s, 'strength');
	w.themes.forEach((t, i) => {
		const ids = t.notes.map((text) => note(text, 'concern'));
		const id = `demo${seed}theme${i + 1}`;
		createTheme(doc, { id, title: t.title, x: 80 + i * 420, y: 520, now: at + 3_600_000 + i, noteIds: ids });
		if (t.catchphrase) renameTheme(doc, id, { catchphrase: t.catchphrase });
	});
	setMeta(doc, { step: 'organise' });
	openVote(doc, { roundId: `demo${seed}round`, target: 'themes', dotsPerPerson: 3, allowStacking: false, hideResults: false, now: at + 5_400_000 });
	// Each voter puts one dot on each of up to three themes, so that every theme gets its dots.
	const left = w.themes.map((t) => t.dots);
	for (let voter = 1; left.some((d) => d > 0); voter++) {
		left.forEach((d, i) => {
			if (d <= 0) return;
			setVote(doc, `demo${seed}voter${voter}`, `demo${seed}theme${i + 1}`, 1);
			left[i] = d - 1;
		});
	}
	closeVote(doc);
	setMeta(doc, { inputOpen: false });
}

export async function seedDemoPlan(deps: PlanDeps & { staff: StaffAuth }, councilId: string, facilitatorLogin: string): Promise<void> {
	const { plans, workshops, sync, staff } = deps;
	const districtId = await workshops.createDistrict(councilId, DEMO_PLAN_DISTRICT);
	const plan = await plans.create({ districtId, title: DEMO_PLAN_TITLE, period: { start: 2027, end: 2031 } });
	const facilitator = await staff.findByLogin(facilitatorLogin);
	if (facilitator) await staff.assignDistrict(facilitator.id, districtId);
	for (const [i, w] of WORKSHOPS.entries()) {
		const { workshop } = await workshops.createWorkshop({ planId: plan.id, title: w.title, heldOn: w.heldOn, place: w.place });
		await sync.change(boardDocName(workshop.id), (doc) => fillBoard(doc, w, i + 1));
		for (const s of w.steps) await plans.stepReached(workshop.id, s);
		await plans.setParticipantCount(workshop.id, w.participants);
		await workshops.setStatus(workshop.id, 'closed');
		// Past workshops: listed after today's workshops, by when they were held.
		await plans.backdateWorkshop(workshop.id, Date.parse(`${w.heldOn}T09:00:00+09:00`));
	}
	await gatherPlanIssues(deps, plan, null);
	const issues = await readPlanIssues(deps, plan.id);
	const byTitle = (t: string) => issues.find((x) => x.title === t)?.id;
	await changePlanIssues(deps, plan.id, (doc) => {
		const shopping = byTitle('買い物と通院の足');
		const moving = byTitle('移動の手段');
		if (shopping && moving) mergeIssues(doc, moving, shopping);
		for (const t of ['買い物と通院の足', 'ひとり暮らしの見守り', '災害時の助け合い']) {
			const id = byTitle(t);
			if (id) setIssuePriority(doc, id, true);
		}
	});
}
