/**
 * What can be wrong with a plan template, as codes the admin page turns into Japanese sentences.
 * docxtemplater reports syntax errors as a TemplateError or a MultiError whose
 * `properties.errors[]` each carry `properties.id`, `properties.xtag` (the tag) and an English
 * `properties.explanation`; they are mapped here. Our own checks add unknown tags and the like.
 */

export const TEMPLATE_PROBLEM_CODES = [
	'not_docx',
	'too_large',
	'too_large_expanded',
	'too_many_files',
	'check_failed',
	'empty_file',
	'unclosed_tag',
	'unopened_tag',
	'unclosed_loop',
	'unopened_loop',
	'mismatched_loop',
	'unbalanced_loop',
	'duplicate_open_tag',
	'duplicate_close_tag',
	'misplaced_loop',
	'unknown_tag',
	'renamed_tag',
	'list_as_text',
	'raw_xml',
	'other'
] as const;
export type TemplateProblemCode = (typeof TEMPLATE_PROBLEM_CODES)[number];

export type TemplateProblem = {
	code: TemplateProblemCode;
	/** the tag concerned, as written inside the braces (e.g. "#themes", "titel"), or null */
	tag: string | null;
	/** docxtemplater's own explanation (English) for problems it found; null for ours */
	detail: string | null;
};

/** A value, or the problems that prevented it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: TemplateProblem[] };

/** docxtemplater error ids → our codes. */
const BY_ID: Record<string, TemplateProblemCode> = {
	unclosed_tag: 'unclosed_tag',
	unopened_tag: 'unopened_tag',
	unclosed_loop: 'unclosed_loop',
	unopened_loop: 'unopened_loop',
	closing_tag_does_not_match_opening_tag: 'mismatched_loop',
	unbalanced_loop_tags: 'unbalanced_loop',
	duplicate_open_tag: 'duplicate_open_tag',
	duplicate_close_tag: 'duplicate_close_tag',
	loop_position_invalid: 'misplaced_loop',
	raw_xml_tag_should_be_only_text_in_paragraph: 'raw_xml',
	raw_tag_outerxml_invalid: 'raw_xml',
	invalid_raw_xml_value: 'raw_xml',
	filetype_not_identified: 'not_docx',
	filetype_not_handled: 'not_docx',
	file_has_invalid_xml: 'not_docx',
	malformed_xml: 'not_docx'
};

type ErrorLike = { name?: unknown; message?: unknown; properties?: Record<string, unknown> };

const asErrorLike = (e: unknown): ErrorLike => (typeof e === 'object' && e !== null ? (e as ErrorLike) : { message: String(e) });
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function one(e: ErrorLike): TemplateProblem {
	const p = e.properties ?? {};
	const id = str(p.id);
	const code = (id && BY_ID[id]) || 'other';
	let tag = str(p.xtag);
	if (code === 'mismatched_loop') tag = [str(p.openingtag), str(p.closingtag)].filter(Boolean).join(' / ') || tag;
	if (code === 'unbalanced_loop' && !tag) tag = str(p.explanation);
	return { code, tag: tag?.slice(0, 80) ?? null, detail: str(p.explanation) ?? str(e.message) };
}

/** Everything docxtemplater (or PizZip) threw, as a flat list of problems. */
export function problemsFromError(e: unknown): TemplateProblem[] {
	const err = asErrorLike(e);
	const list = err.properties?.errors;
	if (Array.isArray(list) && list.length > 0) return list.map((x) => one(asErrorLike(x)));
	return [one(err)];
}

/** At most `max` problems, duplicates (same code and tag) removed: a long list helps nobody. */
export function dedupeProblems(problems: TemplateProblem[], max = 20): TemplateProblem[] {
	const seen = new Set<string>();
	const out: TemplateProblem[] = [];
	for (const p of problems) {
		const key = `${p.code}\u0000${p.tag ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(p);
		if (out.length >= max) break;
	}
	return out;
}
