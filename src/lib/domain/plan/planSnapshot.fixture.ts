/**
 * A fully drafted fictional plan (さくら台地区), for the demo, the template tag reference and the
 * export tests; and a big generated one for the speed test. Our own words throughout. Pure.
 */
import type { PlanSnapshot, ScheduleStage, SnapshotAction, SnapshotIssue, SnapshotNote, SnapshotWorkshop } from './planSnapshot';

const COLUMNS = [
	{ id: 'self', label: '自助（わたし）' },
	{ id: 'mutual', label: '互助（ご近所・地域）' },
	{ id: 'community', label: '共助（地区社協・団体）' },
	{ id: 'public', label: '公助（社協・市）' }
];

const GOALS = [
	{ id: 'g1', label: 'だれもが孤立しないまちをつくる' },
	{ id: 'g2', label: '暮らしの困りごとを支え合う' },
	{ id: 'g3', label: '災害に備え、命を守る' }
];

const t0 = Date.UTC(2026, 11, 5, 1, 0, 0);
const note = (kind: string, text: string, theme: string, votes: number | null, minute: number): SnapshotNote => ({
	kind,
	text,
	theme,
	votes,
	createdAt: t0 + minute * 60_000
});

const sched = (pairs: [number, ScheduleStage][]) => pairs.map(([year, stage]) => ({ year, stage }));

export function demoPlanSnapshot(): PlanSnapshot {
	return {
		council: {
			name: 'みどり市社会福祉協議会（デモ）',
			philosophy: 'ともに生き、ともに支え合う、笑顔あふれるみどりのまち',
			goals: GOALS.map((g) => ({ ...g })),
			actorColumns: COLUMNS.map((c) => ({ ...c }))
		},
		district: { name: 'さくら台地区' },
		plan: {
			id: 'demo-plan',
			title: 'さくら台地区 地域福祉活動計画',
			startYear: 2026,
			endYear: 2030,
			status: 'adopted',
			adoptedOn: '2027-03-20',
			adoptedBy: 'さくら台地区社会福祉協議会'
		},
		profile: {
			years: [
				{ year: 2021, population: 8120, households: 3510, aged65: 2350, associations: 18, welfareCommissioners: 14 },
				{ year: 2023, population: 7960, households: 3540, aged65: 2470, associations: 18, welfareCommissioners: 14 },
				{ year: 2025, population: 7810, households: 3560, aged65: 2590, associations: 17, welfareCommissioners: 13 }
			],
			character:
				'丘の上に昭和40年代に開かれた住宅地と、川沿いの古くからの集落からなる地区です。\n坂道が多く、駅までのバスは1時間に2本です。'
		},
		resources: [
			{
				id: 'salon',
				label: 'サロン・居場所',
				resources: [
					{ name: 'ひだまりサロン', note: '毎月第2水曜、公民館' },
					{ name: '子ども食堂 さくらんぼ', note: '毎月第4土曜' }
				]
			},
			{ id: 'watch', label: '見守り', resources: [{ name: '新聞販売店の見守り協定', note: '配達時に異変を連絡' }] },
			{ id: 'disaster', label: '防災', resources: [{ name: '自主防災会', note: '12の自治会で結成' }] }
		],
		issues: [
			{
				id: 'i-move',
				title: '買い物と通院の足',
				catchphrase: '坂の上にも、いつもの買い物を',
				rank: 2,
				notes: ['バス停まで坂がきつい', '重い荷物を持って帰れない']
			},
			{
				id: 'i-watch',
				title: 'ひとり暮らしの見守り',
				catchphrase: 'となりの窓にあかりを',
				rank: 1,
				notes: ['夜に明かりがつかない家が心配', '顔を合わせる機会が減った']
			},
			{ id: 'i-disaster', title: '災害への備え', catchphrase: '', rank: null, notes: ['避難所までの道が暗い'] }
		],
		vision: {
			statements: ['あいさつが行き交い、だれもが顔見知りのさくら台', '困ったときに「お互いさま」と言えるまち'],
			explanation: [
				{ type: 'heading', level: 2, text: '将来像にこめた思い' },
				{
					type: 'paragraph',
					runs: [
						{ text: 'ワークショップでいちばん多く出たのは、', bold: false },
						{ text: '顔見知りを増やしたい', bold: true },
						{ text: 'という声でした。', bold: false }
					]
				},
				{ type: 'bullet', items: ['あいさつから始める', '集まれる場所を地区の中に増やす', '空き店舗や集会所を使う'], levels: [0, 0, 1] },
				{ type: 'heading', level: 3, text: '5年後のすがた' },
				{ type: 'ordered', items: ['見守りの輪が全自治会に広がっている', '移動の手段が選べる'] },
				{ type: 'paragraph', runs: [{ text: 'そのために、次の順で進めます。', bold: false }] },
				{ type: 'ordered', items: ['サロンを月2回にする', '送迎の声かけを分担する', '班ごとに声かけの当番を決める'], levels: [0, 1, 1] }
			]
		},
		actions: [
			{
				id: 'a1',
				title: '声かけ・あいさつ運動',
				description: '朝の登校時間に、家の前であいさつをする。',
				issueId: 'i-watch',
				columnId: 'self',
				responsible: '住民一人ひとり',
				schedule: sched([
					[2026, '準備'],
					[2027, '実施'],
					[2028, '継続'],
					[2029, '継続'],
					[2030, '継続']
				]),
				indicator: null,
				goalId: 'g1'
			},
			{
				id: 'a2',
				title: 'ご近所見守りネットワーク',
				description: '自治会ごとに見守り協力員を決め、気になる家を民生委員につなぐ。',
				issueId: 'i-watch',
				columnId: 'mutual',
				responsible: '自治会・民生委員',
				schedule: sched([
					[2026, '検討'],
					[2027, '準備'],
					[2028, '実施'],
					[2029, '拡充'],
					[2030, '拡充']
				]),
				indicator: {
					what: '見守り協力員のいる自治会',
					unit: '自治会',
					baseline: 3,
					targets: [
						{ year: 2028, value: 6 },
						{ year: 2030, value: 12 }
					]
				},
				goalId: 'g1'
			},
			{
				id: 'a3',
				title: 'ふれあいサロンの開設',
				description: '集会所で月1回、お茶会を開く。',
				issueId: 'i-watch',
				columnId: 'community',
				responsible: '地区社協',
				schedule: sched([
					[2026, '準備'],
					[2027, '実施'],
					[2028, '継続'],
					[2029, '継続'],
					[2030, '継続']
				]),
				indicator: { what: 'サロンの開催回数', unit: '回/年', baseline: 0, targets: [{ year: 2030, value: 12 }] },
				goalId: 'g1'
			},
			{
				id: 'a4',
				title: '買い物支援の乗り合い',
				description: 'ボランティアの運転で、週1回スーパーへ送迎する。',
				issueId: 'i-move',
				columnId: 'community',
				responsible: '地区社協・ボランティア',
				schedule: sched([
					[2027, '検討'],
					[2028, '準備'],
					[2029, '実施'],
					[2030, '継続']
				]),
				indicator: { what: '送迎の利用者', unit: '人/年', baseline: 0, targets: [{ year: 2030, value: 150 }] },
				goalId: 'g2'
			},
			{
				id: 'a5',
				title: '移動販売の誘致',
				description: '市と事業者に働きかける。',
				issueId: 'i-move',
				columnId: 'public',
				responsible: 'みどり市社協・市',
				schedule: sched([
					[2026, '検討'],
					[2027, '実施']
				]),
				indicator: null,
				goalId: 'g2'
			},
			{
				id: 'a6',
				title: '避難経路の点検',
				description: '防災訓練の日に、避難所までの道を歩いて確かめる。',
				issueId: 'i-disaster',
				columnId: 'mutual',
				responsible: '自主防災会',
				schedule: sched([
					[2026, '実施'],
					[2027, '継続'],
					[2028, '継続'],
					[2029, '継続'],
					[2030, '継続']
				]),
				indicator: null,
				goalId: 'g3'
			}
		],
		review:
			'毎年度の終わりに地区社協の役員会で取り組みを振り返り、指標の値を確かめて次の年度の進め方を決めます。\n3年目に中間の見直しを行い、住民懇談会で報告します。',
		workshops: [
			{
				id: 'w1',
				title: '第1回 みんなで話そう さくら台のこと',
				heldOn: '2026-12-05',
				place: 'さくら台地区公民館 大会議室',
				participants: 32,
				steps: ['地区を知る', '課題を出し合う'],
				notes: [
					note('気になること', '夜に明かりがつかない家が心配', 'ひとり暮らしの見守り', 5, 10),
					note('気になること', 'バス停まで坂がきつい', '買い物と通院の足', 3, 12),
					note('いいところ', '公園の花壇がきれい', '', null, 15)
				]
			},
			{
				id: 'w2',
				title: '第2回 将来像と取り組みを考えよう',
				heldOn: '2027-01-23',
				place: 'さくら台小学校 体育館',
				participants: 27,
				steps: ['将来像を描く', '取り組みを考える'],
				notes: [note('取り組み', '=みんなで朝のあいさつ', '', null, 60 * 24 * 49)]
			}
		]
	};
}

const STAGES: ScheduleStage[] = ['検討', '準備', '実施', '継続', '拡充'];

/** A big plan (speed test): `notes` notes over `themes` themes in 3 workshops, `actions` actions. */
export function bigPlanSnapshot(size = { notes: 300, themes: 12, actions: 60 }): PlanSnapshot {
	const base = demoPlanSnapshot();
	const issues: SnapshotIssue[] = Array.from({ length: size.themes }, (_, i) => ({
		id: `issue-${i + 1}`,
		title: `課題その${i + 1}：地区の暮らしの困りごと`,
		catchphrase: `みんなでできることを探そう ${i + 1}`,
		rank: i < 5 ? i + 1 : null,
		notes: Array.from({ length: Math.ceil(size.notes / size.themes) }, (_, k) => `テーマ${i + 1}の付箋${k + 1}：近所で気になることを書きました`)
	}));
	const years = [2026, 2027, 2028, 2029, 2030];
	const actions: SnapshotAction[] = Array.from({ length: size.actions }, (_, i) => ({
		id: `action-${i + 1}`,
		title: `取り組み${i + 1}：顔の見える関係づくり`,
		description: `取り組み${i + 1}の説明です。だれが、いつ、どこで、何をするかを書きます。`,
		issueId: issues[i % issues.length]!.id,
		columnId: COLUMNS[i % COLUMNS.length]!.id,
		responsible: i % 2 ? '自治会' : '地区社協',
		schedule: years.map((year, k) => ({ year, stage: STAGES[(i + k) % STAGES.length]! })),
		indicator: i % 3 === 0 ? { what: `参加者数${i + 1}`, unit: '人', baseline: i, targets: [{ year: 2030, value: i * 2 + 10 }] } : null,
		goalId: GOALS[i % GOALS.length]!.id
	}));
	const workshops: SnapshotWorkshop[] = [0, 1, 2].map((w) => ({
		id: `big-w${w + 1}`,
		title: `第${w + 1}回ワークショップ`,
		heldOn: `2027-0${w + 1}-15`,
		place: '公民館',
		participants: 40,
		steps: ['課題を出し合う'],
		notes: Array.from({ length: Math.ceil(size.notes / 3) }, (_, k) => note('気になること', `付箋${w + 1}-${k + 1}：ごみ出しが大変`, issues[k % issues.length]!.title, k % 7, k))
	}));
	return { ...base, issues, actions, workshops };
}
