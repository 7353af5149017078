/**
 * The review sheet (評価シート) as a Word file: the built-in template (reviewTemplate.ts, made by
 * scripts/export/makeReviewTemplate.ts) filled with docxtemplater from the plain sheet. Tags:
 * districtName, planTitle, period, yearLabel, scale; rows[] { title, responsible, done, level,
 * indicator, actual, target, unit, comment, next, residents }; midTerm[] { title, cells[] { year,
 * level, hasValue, actual, target } }. docxtemplater escapes < > & itself.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { ReviewSheet } from '../../domain/plan/reviewSheet';
import { REVIEW_TEMPLATE_BASE64 } from './reviewTemplate';

const num = (n: number | null) => (n === null ? '-' : String(n));

export function reviewDocx(sheet: ReviewSheet): Uint8Array {
	const zip = new PizZip(Buffer.from(REVIEW_TEMPLATE_BASE64, 'base64'));
	const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
	doc.render({
		districtName: sheet.districtName,
		planTitle: sheet.planTitle,
		period: sheet.period,
		yearLabel: sheet.yearLabel,
		scale: sheet.scale,
		rows: sheet.rows.map((r) => ({ ...r, actual: r.indicator ? num(r.actual) : '', target: r.indicator ? num(r.target) : '', unit: r.indicator ? r.unit : '' })),
		midTerm: sheet.midTerm.map((a) => ({
			title: a.title,
			cells: a.cells.map((c) => ({ year: c.year, level: c.level || '未評価', hasValue: c.actual !== null || c.target !== null, actual: num(c.actual), target: num(c.target) }))
		}))
	});
	return new Uint8Array(doc.getZip().generate({ type: 'uint8array', compression: 'DEFLATE' }));
}
