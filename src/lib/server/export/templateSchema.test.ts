import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { TEMPLATE_SCHEMA, tagGroups, tagList } from './templateSchema';
import { tagDocs, tagMeaning } from './tagDocs';
import { DEFAULT_TEMPLATE_BASE64 } from './defaultTemplate';
import { problemsFromError, dedupeProblems } from './templateProblems';
import { checkTemplate, checkTemplateAs, templateKindOf } from './renderDocx';
import { reviewTemplate } from '../review/reviewDocx';
import { planTemplate } from './planDocument';
import PizZip from 'pizzip';
import { describeProblems } from './problemText';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

describe('template tags', () => {
	it('are grouped so that every tag of every list is documented once', () => {
		const groups = tagGroups();
		expect(groups.map((g) => g.id)).toEqual(['root', 'theme', 'note', 'table', 'kind']);
		expect(groups.find((g) => g.id === 'note')!.lists).toEqual(['notes', 'unthemed', 'strengths', 'concerns']);
		// every path's last name is in its group
		const names = new Set(groups.flatMap((g) => g.tags.map((t) => t.name)));
		for (const t of tagList()) expect(names).toContain(t.name);
		expect(TEMPLATE_SCHEMA.get('themes')).toMatchObject({ kind: 'list' });
	});

	it('each have a meaning in both languages', () => {
		const catalogues = ['ja', 'en'].map((l) => JSON.parse(fs.readFileSync(path.join(ROOT, `messages/${l}.json`), 'utf8')) as Record<string, string>);
		for (const g of tagGroups())
			for (const t of g.tags) {
				expect(tagMeaning(g.id, t.name), `${g.id}.${t.name}`).not.toBe('');
				for (const c of catalogues) expect(c[`tpl_tag_${g.id}_${t.name}`], `${g.id}.${t.name}`).toBeTruthy();
			}
	});

	it('are all listed in docs/EXPORT.md', () => {
		const doc = fs.readFileSync(path.join(ROOT, 'docs/EXPORT.md'), 'utf8');
		for (const g of tagGroups()) for (const t of g.tags) expect(doc, t.name).toContain(t.kind === 'text' ? `{${t.name}}` : `{#${t.name}}…{/${t.name}}`);
	});
});

describe('the built-in template', () => {
	it('module holds the same bytes as defaultTemplate.docx (regenerate both with scripts/export/makeDefaultTemplate.ts)', () => {
		const file = fs.readFileSync(path.join(import.meta.dirname, 'defaultTemplate.docx'));
		expect(Buffer.from(DEFAULT_TEMPLATE_BASE64, 'base64').equals(file)).toBe(true);
	});
});

describe('docxtemplater errors', () => {
	it('become problems with the tag, from a MultiError or a single error', () => {
		const multi = { name: 'TemplateError', properties: { id: 'multi_error', errors: [{ properties: { id: 'unclosed_loop', xtag: 'themes', explanation: 'x' } }] } };
		expect(problemsFromError(multi)).toEqual([{ code: 'unclosed_loop', tag: 'themes', detail: 'x' }]);
		const mismatch = { properties: { id: 'closing_tag_does_not_match_opening_tag', openingtag: 'a', closingtag: 'b', explanation: 'y' } };
		expect(problemsFromError(mismatch)).toEqual([{ code: 'mismatched_loop', tag: 'a / b', detail: 'y' }]);
		expect(problemsFromError(new Error('boom'))).toEqual([{ code: 'other', tag: null, detail: 'boom' }]);
		expect(problemsFromError('odd')).toEqual([{ code: 'other', tag: null, detail: 'odd' }]);
	});

	it('are deduplicated and capped', () => {
		const many = Array.from({ length: 30 }, (_, i) => ({ code: 'unknown_tag' as const, tag: `t${i % 25}`, detail: null }));
		expect(dedupeProblems(many)).toHaveLength(20);
		expect(dedupeProblems(many, 100)).toHaveLength(25);
	});
});

describe('plan template tags', () => {
	it('each have a meaning in both languages and an example value from the demo plan', () => {
		const catalogues = ['ja', 'en'].map((l) => JSON.parse(fs.readFileSync(path.join(ROOT, `messages/${l}.json`), 'utf8')) as Record<string, string>);
		const docs = tagDocs('plan');
		expect(docs.map((g) => g.id)).toEqual(['plan', 'profileYear', 'resourceCategory', 'resource', 'issue', 'issueNote', 'statement', 'planTheme', 'column', 'action', 'goal', 'workshop']);
		for (const g of docs)
			for (const t of g.tags) {
				expect(t.meaning, `${g.id}.${t.name}`).not.toBe('');
				for (const c of catalogues) expect(c[`tpl_tag_${g.id}_${t.name}`], `${g.id}.${t.name}`).toBeTruthy();
				if (t.kind === 'text') expect(t.example, `${g.id}.${t.name}`).not.toBe('');
			}
		const plan = docs.find((g) => g.id === 'plan')!;
		expect(plan.tags.find((t) => t.name === 'periodEra')!.example).toBe('令和8年度〜令和12年度');
		expect(docs.find((g) => g.id === 'action')!.tags.find((t) => t.name === 'responsible')!.example).toBe('住民一人ひとり');
	});
});

describe('review sheet template tags', () => {
	it('each have a meaning in both languages and an example value from the sample sheet', () => {
		const catalogues = ['ja', 'en'].map((l) => JSON.parse(fs.readFileSync(path.join(ROOT, `messages/${l}.json`), 'utf8')) as Record<string, string>);
		const docs = tagDocs('review');
		expect(docs.map((g) => g.id)).toEqual(['review', 'reviewRow', 'midTermAction', 'midTermCell']);
		for (const g of docs)
			for (const t of g.tags) {
				expect(t.meaning, `${g.id}.${t.name}`).not.toBe('');
				for (const c of catalogues) expect(c[`tpl_tag_${g.id}_${t.name}`], `${g.id}.${t.name}`).toBeTruthy();
				if (t.kind === 'text') expect(t.example, `${g.id}.${t.name}`).not.toBe('');
			}
		expect(docs.find((g) => g.id === 'reviewRow')!.tags.find((t) => t.name === 'level')!.example).toBe('4 目標を上回った');
		expect(docs.find((g) => g.id === 'midTermCell')!.tags.find((t) => t.name === 'hasValue')!.kind).toBe('flag');
	});

	it('the built-in review template is a review template; a council may upload one; plan and review templates stay apart', () => {
		expect(checkTemplateAs(reviewTemplate(), 'review')).toEqual([]);
		expect(templateKindOf(reviewTemplate())).toBe('review');
		expect(checkTemplate(reviewTemplate())).toEqual([]);
		expect(templateKindOf(planTemplate())).toBe('plan');
		expect(checkTemplateAs(reviewTemplate(), 'plan').map((p) => p.code)).toContain('unknown_tag');
	});

	it('a plan template made from an older copy with {associationRate} is told which tag replaced it', () => {
		const zip = new PizZip(planTemplate());
		const xml = zip.file('word/document.xml')!.asText();
		expect(xml).toContain('{associations}');
		zip.file('word/document.xml', xml.replace('{associations}', '{associationRate}'));
		const problems = checkTemplateAs(zip.generate({ type: 'uint8array' }), 'plan');
		expect(problems).toEqual([{ code: 'renamed_tag', tag: 'associationRate', detail: 'associations' }]);
		expect(describeProblems(problems)[0]?.message).toBe('「associationRate」は使えなくなりました。「associations」に書き換えてから、もう一度アップロードしてください。');
	});
});
