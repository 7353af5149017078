/**
 * Filling a plan template with docxtemplater, and checking a template before it is accepted.
 *
 * Options: paragraphLoop (a paragraph holding only {#list} or {/list} disappears, so loops make
 * clean paragraphs and bullets), linebreaks (a note written on several lines keeps its line breaks),
 * and a nullGetter that renders a missing value as empty text, never "undefined". docxtemplater
 * escapes < > & in values itself.
 */
import Docxtemplater from 'docxtemplater';
import { SCHEMAS, type Schema, type TemplateKind } from './templateSchema';
import { unpackDocx } from './docxZip';
import { restartOrderedLists, hasListPlaceholders } from '../../domain/plan/docxNumbering';
import { dedupeProblems, problemsFromError, type Checked, type TemplateProblem } from './templateProblems';

export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Part = { type?: string; value?: string; module?: string; inverted?: boolean; subparsed?: Part[] };

/** A docxtemplater module that keeps the parsed tags of every templated file (document, headers, footers). */
class TagCollector {
	readonly name = 'KyosoTagCollector';
	readonly files = new Map<string, Part[]>();
	#file = '';
	set(options: { inspect?: { filePath?: string; postparsed?: Part[] } }): void {
		const inspect = options.inspect;
		if (!inspect) return;
		if (inspect.filePath) this.#file = inspect.filePath;
		if (inspect.postparsed) this.files.set(this.#file, inspect.postparsed);
	}
}

function compile(template: Uint8Array, modules: object[] = []): Checked<Docxtemplater> {
	if (template.byteLength === 0) return { ok: false, problems: [{ code: 'empty_file', tag: null, detail: null }] };
	// unpacked with limits on its expanded size and number of files (a zip bomb stops here)
	const unpacked = unpackDocx(template);
	if (!unpacked.ok) return unpacked;
	const zip = unpacked.value;
	if (!zip.file('word/document.xml')) return { ok: false, problems: [{ code: 'not_docx', tag: null, detail: null }] };
	try {
		const doc = new Docxtemplater(zip, {
			paragraphLoop: true,
			linebreaks: true,
			nullGetter: () => '',
			errorLogging: false,
			modules
		});
		return { ok: true, value: doc };
	} catch (e) {
		return { ok: false, problems: dedupeProblems(problemsFromError(e)) };
	}
}

/** Each generated ordered list its own numbering, restarting at 1 (domain/plan/docxNumbering.ts). */
function numberLists(zip: ReturnType<Docxtemplater['getZip']>): void {
	const document = zip.file('word/document.xml')?.asText();
	if (!document || !hasListPlaceholders(document)) return;
	const out = restartOrderedLists({ document, numbering: zip.file('word/numbering.xml')?.asText() ?? null, styles: zip.file('word/styles.xml')?.asText() ?? null });
	zip.file('word/document.xml', out.document);
	if (out.numbering !== null) zip.file('word/numbering.xml', out.numbering);
}

/** Fill the template; problems instead of an exception when the template is broken. */
export function renderDocx(template: Uint8Array, data: object): Checked<Buffer> {
	const doc = compile(template);
	if (!doc.ok) return doc;
	try {
		doc.value.render(data);
		numberLists(doc.value.getZip());
		return { ok: true, value: doc.value.toBuffer({ compression: 'DEFLATE' }) };
	} catch (e) {
		return { ok: false, problems: dedupeProblems(problemsFromError(e)) };
	}
}

/** Tags that our data does not have, or lists written where text is expected. */
function checkTags(parts: Part[], scopes: Schema[], out: TemplateProblem[]): void {
	for (const part of parts) {
		if (part.type !== 'placeholder') continue;
		const name = (part.value ?? '').trim();
		const field = scopes.reduceRight<ReturnType<Schema['get']>>((found, s) => found ?? s.get(name), undefined);
		if (part.module === 'rawxml') {
			// only our generated XML may be written raw ({@visionXml}); anything else is refused
			if (field?.kind !== 'xml') out.push({ code: 'raw_xml', tag: `@${name}`, detail: null });
			continue;
		}
		if (field?.kind === 'xml') {
			out.push({ code: 'raw_xml', tag: name, detail: null });
			continue;
		}
		if (part.module === 'loop') {
			const shown = `${part.inverted ? '^' : '#'}${name}`;
			if (!field) out.push({ code: 'unknown_tag', tag: shown, detail: null });
			const inner = field?.kind === 'list' && !part.inverted ? [...scopes, field.item] : scopes;
			checkTags(part.subparsed ?? [], inner, out);
			continue;
		}
		if (!field && RENAMED_TAGS[name]) out.push({ code: 'renamed_tag', tag: name, detail: RENAMED_TAGS[name] });
		else if (!field) out.push({ code: 'unknown_tag', tag: name, detail: null });
		else if (field.kind === 'list') out.push({ code: 'list_as_text', tag: name, detail: null });
	}
}

/**
 * Tags that earlier versions of the built-in plan template had, with the tag that replaced them, so a
 * council's template made from an old copy is told exactly what to change (not just "unknown tag").
 */
const RENAMED_TAGS: Readonly<Record<string, string>> = Object.freeze(
	Object.assign(Object.create(null) as Record<string, string>, { associationRate: 'associations' })
);

/** The parsed tags of every templated part, or the problems that stop it from being parsed. */
function inspect(template: Uint8Array): Checked<Part[][]> {
	if (template.byteLength > MAX_TEMPLATE_BYTES) return { ok: false, problems: [{ code: 'too_large', tag: null, detail: null }] };
	const collector = new TagCollector();
	const doc = compile(template, [collector]);
	if (!doc.ok) return doc;
	return { ok: true, value: [...collector.files.values()] };
}

function tagProblems(files: Part[][], kind: TemplateKind): TemplateProblem[] {
	const problems: TemplateProblem[] = [];
	for (const parts of files) checkTags(parts, [SCHEMAS[kind].schema], problems);
	return dedupeProblems(problems);
}

// in this order: a template whose tags fit several kinds is taken as the first
const KINDS: TemplateKind[] = ['plan', 'workshop', 'review'];

/** The problems of a template as one kind: well-formed tags, every tag one we fill in, renders the sample. */
export function checkTemplateAs(template: Uint8Array, kind: TemplateKind): TemplateProblem[] {
	const files = inspect(template);
	if (!files.ok) return files.problems;
	const problems = tagProblems(files.value, kind);
	if (problems.length > 0) return problems;
	const rendered = renderDocx(template, SCHEMAS[kind].sample);
	return rendered.ok ? [] : rendered.problems;
}

/**
 * Is this an acceptable council template? Empty list = yes: a plan template (計画書), a workshop
 * summary template (ワークショップのまとめ) or a review sheet template (評価シート). Otherwise the problems of the kind it comes closest to.
 * The template is parsed once; only the kind whose tags fit renders its sample.
 */
export function checkTemplate(template: Uint8Array): TemplateProblem[] {
	const files = inspect(template);
	if (!files.ok) return files.problems;
	const byKind = KINDS.map((kind) => ({ kind, problems: tagProblems(files.value, kind) }));
	const fits = byKind.find((k) => k.problems.length === 0);
	if (!fits) return byKind.reduce((best, k) => (k.problems.length < best.problems.length ? k : best)).problems;
	const rendered = renderDocx(template, SCHEMAS[fits.kind].sample);
	return rendered.ok ? [] : rendered.problems;
}

/** Which kind of document a council template's tags make; null when they fit neither (or it cannot be read). */
export function templateKindOf(template: Uint8Array): TemplateKind | null {
	const files = inspect(template);
	if (!files.ok) return null;
	return KINDS.find((kind) => tagProblems(files.value, kind).length === 0) ?? null;
}
