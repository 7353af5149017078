/**
 * Demo data for 地区を知る: a district profile over three years and a resource list of eight items.
 * Fictional (our own figures and names). Called from seed.ts for the demo district; when the demo's
 * second district (ひばりが丘地区, demo/plan.ts) exists, it is meant for that one.
 */
import type { DistrictProfiles } from '../districtProfile';
import type { Resources } from '../resources';
import type { ResourceInput } from '../../domain/plan/resources';

export type KnowStores = { profiles: DistrictProfiles; resources: Resources };

const RESOURCES: ResourceInput[] = [
	{ category: 'salon', name: 'ひだまりサロン', place: '第二集会所', what: '毎月第2・第4水曜の午後、お茶とおしゃべりと体操', contact: '地区社協 事務局', contactPublic: true },
	{ category: 'salon', name: '子ども食堂 にこにこ', place: '南町会館', what: '月2回の夕食づくりと学習の見守り', contact: '', contactPublic: false },
	{ category: 'watch', name: '新聞受け見守り協力店', place: '地区内の商店・配達店', what: '配達のときに新聞や郵便のたまりに気づいたら連絡', contact: '民生委員 代表', contactPublic: false },
	{ category: 'childcare', name: 'ぴよぴよ広場', place: '児童館 プレイルーム', what: '未就学の親子が気軽に集まれる火曜の広場', contact: '', contactPublic: false },
	{ category: 'mobility', name: '買い物おたすけ便', place: '集会所前 発着', what: '週1回、ボランティアの車でスーパーへ', contact: '送迎ボランティアの会', contactPublic: true },
	{ category: 'disaster', name: '自主防災会 夜間パトロール', place: '地区全域', what: '冬期の火の用心の巡回と、年1回の避難訓練', contact: '', contactPublic: false },
	{ category: 'group', name: '老人クラブ 若竹会', place: '第一集会所', what: 'グラウンドゴルフと季節の行事', contact: '', contactPublic: false },
	{ category: 'facility', name: '地域包括支援センター（出張相談）', place: '公民館 和室', what: '毎月第1月曜に介護や暮らしの相談', contact: '', contactPublic: false }
];

export async function seedDemoKnow(stores: KnowStores, districtId: string): Promise<void> {
	await stores.profiles.save(
		districtId,
		{
			baseDate: '2026-04-01',
			character: '丘陵地を切り開いた昭和40年代の住宅団地と、古くからの農家の集落からなる地区。坂道が多く、バス便は1時間に1本。団地の入居者とともに住民の高齢化が進む一方、駅に近い区画には子育て世帯の転入もある。',
			years: [
				{ year: 2024, population: 8420, households: 3710, aged65: 2690, associations: 14, commissioners: 17 },
				{ year: 2025, population: 8335, households: 3725, aged65: 2742, associations: 14, commissioners: 17 },
				{ year: 2026, population: 8261, households: 3738, aged65: 2801, associations: 13, commissioners: 16 }
			]
		},
		null
	);
	for (const r of RESOURCES) await stores.resources.add(districtId, r, 'staff');
}
