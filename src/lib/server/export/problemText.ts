/** Template problems as sentences in the staff member's language (messages tpl_err_<code>). */
import { m } from '../../paraglide/messages.js';
import type { TemplateProblem, TemplateProblemCode } from './templateProblems';
import { MAX_TEMPLATE_ENTRIES, MAX_TEMPLATE_EXPANDED_BYTES } from './docxZip';
import { TEMPLATE_CHECK_TIMEOUT_MS } from './docxRenderer';

const TEXT: Record<TemplateProblemCode, (tag: string) => string> = {
	not_docx: () => m.tpl_err_not_docx(),
	too_large: () => m.tpl_err_too_large(),
	too_large_expanded: () => m.tpl_err_too_large_expanded({ mb: MAX_TEMPLATE_EXPANDED_BYTES / (1024 * 1024) }),
	too_many_files: () => m.tpl_err_too_many_files({ count: MAX_TEMPLATE_ENTRIES }),
	check_failed: () => m.tpl_err_check_failed({ seconds: TEMPLATE_CHECK_TIMEOUT_MS / 1000 }),
	empty_file: () => m.tpl_err_empty_file(),
	unclosed_tag: (tag) => m.tpl_err_unclosed_tag({ tag }),
	unopened_tag: (tag) => m.tpl_err_unopened_tag({ tag }),
	unclosed_loop: (tag) => m.tpl_err_unclosed_loop({ tag }),
	unopened_loop: (tag) => m.tpl_err_unopened_loop({ tag }),
	mismatched_loop: (tag) => m.tpl_err_mismatched_loop({ tag }),
	unbalanced_loop: (tag) => m.tpl_err_unbalanced_loop({ tag }),
	duplicate_open_tag: (tag) => m.tpl_err_duplicate_open_tag({ tag }),
	duplicate_close_tag: (tag) => m.tpl_err_duplicate_close_tag({ tag }),
	misplaced_loop: (tag) => m.tpl_err_misplaced_loop({ tag }),
	unknown_tag: (tag) => m.tpl_err_unknown_tag({ tag }),
	renamed_tag: (tag) => m.tpl_err_unknown_tag({ tag }),
	list_as_text: (tag) => m.tpl_err_list_as_text({ tag }),
	raw_xml: (tag) => m.tpl_err_raw_xml({ tag }),
	other: (tag) => m.tpl_err_other({ tag })
};

export type ProblemText = { code: TemplateProblemCode; tag: string | null; message: string; detail: string | null };

export function describeProblems(problems: TemplateProblem[]): ProblemText[] {
	return problems.map((p) => ({
		code: p.code,
		tag: p.tag,
		// an unexpected problem is named by docxtemplater's own (English) explanation
		message:
			p.code === 'renamed_tag' && p.tag && p.detail
				? m.tpl_err_renamed_tag({ tag: p.tag, to: p.detail })
				: TEXT[p.code](p.tag ?? (p.code === 'other' ? p.detail : null) ?? '?'),
		detail: p.code === 'unbalanced_loop' ? p.detail : null
	}));
}
