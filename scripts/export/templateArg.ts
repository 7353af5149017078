/**
 * The export CLIs' `--template council|builtin|<file.docx>` (cli.ts for the plan, reviewCli.ts for the
 * review sheet) and the lines that explain a template's problems, said the same way by both.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TemplateChoice } from '../../src/lib/server/export/councilTemplates';
import type { TemplateProblem } from '../../src/lib/server/export/templateProblems';
import { describeProblems } from '../../src/lib/server/export/problemText';

/** The template a --template value chooses (none: the council's), or what is wrong with it in Japanese. */
export function parseTemplateArg(value: string | undefined): { ok: true; template: TemplateChoice } | { ok: false; error: string } {
	if (value === undefined || value === 'council' || value === 'builtin') return { ok: true, template: value ?? 'council' };
	if (fs.existsSync(value)) return { ok: true, template: { file: new Uint8Array(fs.readFileSync(value)), name: path.basename(value) } };
	return { ok: false, error: `--template "${value}" は council, builtin, または存在する .docx ファイルの場所を指定してください。` };
}

/** Why the export stopped at a broken template, with one line per problem; `what` names the document ("評価シートを"). */
export function templateProblemsMessage(problems: TemplateProblem[], what = ''): string {
	const lines = describeProblems(problems).map((p) => `  - ${p.message}`);
	return `Word の様式に問題があり、${what}書き出せませんでした（--template builtin で既定の様式を使えます）:\n${lines.join('\n')}`;
}
