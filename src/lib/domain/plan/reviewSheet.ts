/**
 * The review sheet (評価シート) of a fiscal year as plain data, for the XLSX and DOCX exports: one row
 * per action with the year's columns (achievement in that year's own scale, indicator actual vs target,
 * comment, next step), and the mid-term view (中間評価: every reviewed year so far per action). Pure.
 */
import type * as Y from 'yjs';
import { formatEraFiscalPeriod, formatEraFiscalYear } from '../eraDate';
import { EMPTY_ENTRY, levelText, midTermReview, NEXT_STEP_LABELS, readReview } from './review';

export type ReviewSheetRow = {
	title: string;
	responsible: string;
	done: string;
	/** e.g. "4 目標を上回った" or "○ できた" (levelText; '' = not rated) */
	level: string;
	indicator: string;
	unit: string;
	actual: number | null;
	target: number | null;
	comment: string;
	next: string;
	residents: string;
};

export type ReviewSheet = {
	districtName: string;
	planTitle: string;
	period: string;
	fiscalYear: number;
	yearLabel: string;
	/** the scale the year was reviewed with, e.g. "5 目標を大きく上回った / 4 …" */
	scale: string;
	rows: ReviewSheetRow[];
	/** 中間評価: per action, each reviewed year up to this one */
	years: { fiscalYear: number; label: string }[];
	midTerm: { title: string; cells: { year: string; level: string; actual: number | null; target: number | null }[] }[];
};

export function buildReviewSheet(
	doc: Y.Doc,
	input: { fiscalYear: number; districtName: string; planTitle: string; periodStart: number; periodEnd: number }
): ReviewSheet | null {
	const review = readReview(doc, input.fiscalYear);
	if (!review) return null;
	const history = midTermReview(doc, input.fiscalYear);
	const rows = history.map(({ action, years }) => {
		const e = review.entries[action.id] ?? EMPTY_ENTRY;
		const thisYear = years.find((y) => y.fiscalYear === input.fiscalYear);
		return {
			title: action.title,
			responsible: action.responsible,
			done: e.done,
			level: levelText(review.scale, e.level),
			indicator: action.indicator?.what ?? '',
			unit: action.indicator?.unit ?? '',
			actual: e.actual,
			target: thisYear?.target ?? null,
			comment: e.comment,
			next: e.next ? NEXT_STEP_LABELS[e.next] : '',
			residents: e.residents
		};
	});
	const years = (history[0]?.years ?? []).map((y) => ({ fiscalYear: y.fiscalYear, label: formatEraFiscalYear(y.fiscalYear) }));
	return {
		districtName: input.districtName,
		planTitle: input.planTitle,
		period: formatEraFiscalPeriod(input.periodStart, input.periodEnd),
		fiscalYear: input.fiscalYear,
		yearLabel: formatEraFiscalYear(input.fiscalYear),
		scale: review.scale.levels.map((l) => levelText(review.scale, l.id)).join(' / '),
		rows,
		years,
		midTerm: history.map(({ action, years: ys }) => ({
			title: action.title,
			cells: ys.map((y) => ({ year: formatEraFiscalYear(y.fiscalYear), level: y.text, actual: y.actual, target: y.target }))
		}))
	};
}
