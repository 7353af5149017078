/**
 * The whole plan (計画書) as one plain-data value: what every export format (Word, print/PDF, Excel,
 * CSV) is built from. Read once from the records and documents (server/export/planSnapshotSource.ts),
 * then handed to pure builders, so that no format touches a live Y.Doc or the database. Pure: no IO.
 *
 * Fiscal years (年度) are numbers (2026 = 令和8年度); dates are ISO 'YYYY-MM-DD' strings or null.
 */

/** An actor column of the actions matrix (自助・互助・共助・公助 …), as the council set it. */
export type SnapshotActorColumn = { id: string; label: string };

/** One of the council's city-wide activity goals (活動目標). */
export type SnapshotGoal = { id: string; label: string };

export type SnapshotCouncil = {
	name: string;
	/** 基本理念 ('' = not set) */
	philosophy: string;
	goals: SnapshotGoal[];
	actorColumns: SnapshotActorColumn[];
};

/** 策定中 / 策定済み / 見直し中 / 推進中 / 終了 */
export type PlanStatus = 'draft' | 'adopted' | 'revising' | 'active' | 'closed';

export type SnapshotPlan = {
	id: string;
	title: string;
	/** first and last fiscal year of the plan period (計画期間) */
	startYear: number;
	endYear: number;
	status: PlanStatus;
	/** 策定日 */
	adoptedOn: string | null;
	/** 策定者 (e.g. 「さくら台地区社会福祉協議会」) */
	adoptedBy: string;
};

/** One year's row of the district profile (地区の概要). */
export type ProfileYear = {
	/** the year the figures are of (基準日の年) */
	year: number;
	population: number | null;
	households: number | null;
	/** 65歳以上人口 */
	aged65: number | null;
	/** 自治会・町内会の数 */
	associations: number | null;
	/** 民生委員・児童委員の数 */
	welfareCommissioners: number | null;
};

export type SnapshotProfile = {
	years: ProfileYear[];
	/** 地区の特徴 (free text, may hold line breaks) */
	character: string;
};

/** 地域資源 by category (サロン、見守り、団体 …). */
export type ResourceCategory = { id: string; label: string; resources: { name: string; note: string }[] };

/** A 課題 (a theme gathered from the boards). */
export type SnapshotIssue = {
	id: string;
	title: string;
	catchphrase: string;
	/** 1 = highest priority (重点); null = not ranked */
	rank: number | null;
	/** the notes behind it, as written */
	notes: string[];
};

/** The explanation of the vision, read from the rich text into plain blocks. */
export type VisionBlock =
	| { type: 'heading'; level: 1 | 2 | 3; text: string }
	| { type: 'paragraph'; runs: { text: string; bold: boolean }[] }
	/** `levels`: each item's depth (0 outermost) when the list is nested, else absent */
	| { type: 'bullet' | 'ordered'; items: string[]; levels?: number[] };

export type SnapshotVision = {
	/** めざす将来像: the adopted statements, in order */
	statements: string[];
	explanation: VisionBlock[];
};

/** The stage of an action in a fiscal year (年次計画). */
export const SCHEDULE_STAGES = ['検討', '準備', '実施', '継続', '拡充'] as const;
export type ScheduleStage = (typeof SCHEDULE_STAGES)[number];

export type SnapshotIndicator = {
	/** 指標 (what is counted) */
	what: string;
	unit: string;
	/** 現状値: a number when staff wrote one, else their words (「月1回」) */
	baseline: number | string | null;
	/** 目標値 per fiscal year (the last year's is the final target), numbers or words as for the baseline */
	targets: { year: number; value: number | string }[];
};

/** A 取り組み. */
export type SnapshotAction = {
	id: string;
	title: string;
	description: string;
	issueId: string;
	/** the actor column it sits in */
	columnId: string;
	/** 担い手 */
	responsible: string;
	/** fiscal year → stage; years without an entry are blank */
	schedule: { year: number; stage: ScheduleStage }[];
	indicator: SnapshotIndicator | null;
	/** the council goal it serves (重点目標 ↔ 活動目標) */
	goalId: string | null;
};

/** A note of one of the plan's workshops (no participant identity). */
export type SnapshotNote = {
	kind: string;
	text: string;
	/** theme title, '' when not in a theme */
	theme: string;
	votes: number | null;
	/** ms since epoch */
	createdAt: number;
};

/** 策定の経過: one workshop held for this plan. */
export type SnapshotWorkshop = {
	id: string;
	title: string;
	heldOn: string | null;
	place: string | null;
	/** phones that joined; null when nobody joined by phone */
	participants: number | null;
	/** what the workshop worked on (its steps, as labels) */
	steps: string[];
	notes: SnapshotNote[];
};

export type PlanSnapshot = {
	council: SnapshotCouncil;
	district: { name: string };
	plan: SnapshotPlan;
	profile: SnapshotProfile;
	resources: ResourceCategory[];
	issues: SnapshotIssue[];
	vision: SnapshotVision;
	actions: SnapshotAction[];
	/** 計画の推進と評価: how the yearly review works */
	review: string;
	workshops: SnapshotWorkshop[];
};

/** The plan's fiscal years, in order. */
export function planYears(plan: Pick<SnapshotPlan, 'startYear' | 'endYear'>): number[] {
	const out: number[] = [];
	for (let y = plan.startYear; y <= plan.endYear; y++) out.push(y);
	return out;
}

/** Issues in the document's order: ranked ones first (1, 2, …), then the others as they came. */
export function issuesInOrder(issues: readonly SnapshotIssue[]): SnapshotIssue[] {
	return issues
		.map((issue, i) => ({ issue, i }))
		.sort((a, b) => (a.issue.rank ?? Infinity) - (b.issue.rank ?? Infinity) || a.i - b.i)
		.map((x) => x.issue);
}

/** 高齢化率 in percent with one decimal, or null when a figure is missing. */
export function agingRate(y: ProfileYear): number | null {
	if (y.population === null || y.aged65 === null || y.population <= 0) return null;
	return Math.round((y.aged65 / y.population) * 1000) / 10;
}

/** The trend of the aging rate between the first and the last year with figures: 'up' | 'down' | 'flat' | null. */
export function agingTrend(years: readonly ProfileYear[]): { from: number; to: number; direction: 'up' | 'down' | 'flat' } | null {
	const rates = years.map(agingRate).filter((r): r is number => r !== null);
	if (rates.length < 2) return null;
	const from = rates[0]!;
	const to = rates[rates.length - 1]!;
	return { from, to, direction: to > from ? 'up' : to < from ? 'down' : 'flat' };
}

/** The stage of an action in a year, or ''. */
export function stageIn(action: SnapshotAction, year: number): ScheduleStage | '' {
	return action.schedule.find((s) => s.year === year)?.stage ?? '';
}
