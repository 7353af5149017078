/**
 * The review sheet (評価シート) as the data a Word template is filled with: the plain sheet
 * (reviewSheet.ts) with numbers as text ('-' for none) and 未評価 for a year not rated. Tags of the
 * template: districtName, planTitle, period, yearLabel, scale; rows[] { title, responsible, done, level,
 * indicator, actual, target, unit, comment, next, residents }; midTerm[] { title, cells[] { year, level,
 * hasValue, actual, target } }. Also the complete sample that defines which tags a council's own review
 * template may use (templateSchema.ts). Pure.
 */
import type { ReviewSheet } from './reviewSheet';

export type ReviewDocRow = {
	title: string;
	responsible: string;
	done: string;
	level: string;
	indicator: string;
	actual: string;
	target: string;
	unit: string;
	comment: string;
	next: string;
	residents: string;
};

export type ReviewDocData = {
	districtName: string;
	planTitle: string;
	period: string;
	yearLabel: string;
	scale: string;
	rows: ReviewDocRow[];
	midTerm: { title: string; cells: { year: string; level: string; hasValue: boolean; actual: string; target: string }[] }[];
};

const num = (n: number | null) => (n === null ? '-' : String(n));

export function buildReviewDocData(sheet: ReviewSheet): ReviewDocData {
	return {
		districtName: sheet.districtName,
		planTitle: sheet.planTitle,
		period: sheet.period,
		yearLabel: sheet.yearLabel,
		scale: sheet.scale,
		rows: sheet.rows.map((r) => ({
			title: r.title,
			responsible: r.responsible,
			done: r.done,
			level: r.level,
			indicator: r.indicator,
			actual: r.indicator ? num(r.actual) : '',
			target: r.indicator ? num(r.target) : '',
			unit: r.indicator ? r.unit : '',
			comment: r.comment,
			next: r.next,
			residents: r.residents
		})),
		midTerm: sheet.midTerm.map((a) => ({
			title: a.title,
			cells: a.cells.map((c) => ({ year: c.year, level: c.level || '未評価', hasValue: c.actual !== null || c.target !== null, actual: num(c.actual), target: num(c.target) }))
		}))
	};
}

/** A complete review sheet (every list has an item, every text is set): the sample of the review template's tags. */
export const SAMPLE_REVIEW_SHEET: ReviewSheet = {
	districtName: 'さくら台地区',
	planTitle: 'さくら台地区 地域福祉活動計画',
	period: '令和8年度〜令和12年度',
	fiscalYear: 2027,
	yearLabel: '令和9年度',
	scale: '5 目標を大きく上回った / 4 目標を上回った / 3 目標どおり / 2 目標を下回った / 1 実施できなかった',
	rows: [
		{
			title: 'ふれあいサロンを月2回にする',
			responsible: '地区社協',
			done: '自治会館で月2回開き、延べ24回になった',
			level: '4 目標を上回った',
			indicator: 'サロンの参加者数',
			unit: '人',
			actual: 26,
			target: 30,
			comment: '新しい参加者が増えた',
			next: '拡充',
			residents: '住民の評価（3人）: ○できた 2人・△少しできた 1人'
		}
	],
	years: [
		{ fiscalYear: 2026, label: '令和8年度' },
		{ fiscalYear: 2027, label: '令和9年度' }
	],
	midTerm: [
		{
			title: 'ふれあいサロンを月2回にする',
			cells: [
				{ year: '令和8年度', level: '3 目標どおり', actual: 20, target: 20 },
				{ year: '令和9年度', level: '4 目標を上回った', actual: 26, target: 30 }
			]
		}
	]
};
