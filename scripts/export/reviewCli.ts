/**
 * The review sheet export from the command line (評価シート), for the lead to hook into the export CLI
 * (scripts/export/cli.ts): `--document review [--plan <id>] [--year <fiscal year>] --format docx|xlsx --out <file>
 * [--template council|builtin|<file.docx>]`. Word is rendered on the same worker thread, with the same limits, as the
 * server's (export/docxRenderer.ts); a broken council template is refused with its problems in Japanese.
 * Reads the data directory directly (DATA_DIR or --data); run it while the server is stopped, or accept
 * that edits not yet compacted are read from the update log like the server does at load.
 * Without --plan: the only plan, or the latest one created. Without --year: the latest reviewed year.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { openDatabase } from '../../src/lib/server/db/database';
import { SqliteDocStore } from '../../src/lib/server/sync/docStore';
import { exportReview, type ReviewFormat } from '../../src/lib/server/review/reviewExport';
import type { TemplateChoice } from '../../src/lib/server/export/councilTemplates';
import { WorkerDocxRenderer, type DocxRenderer } from '../../src/lib/server/export/docxRenderer';
import { parseTemplateArg, templateProblemsMessage } from './templateArg';

export type ReviewCliArgs = { dataDir: string; planId: string | null; year: number | null; format: ReviewFormat; out: string; template?: TemplateChoice };

/** Parse the review export's own options (unknown ones are refused with a message). */
export function parseReviewArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ReviewCliArgs | string {
	const opts = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const k = argv[i]!;
		if (!k.startsWith('--')) return `「${k}」は使えません。オプションは --format docx のように「--名前 値」で指定してください。`;
		const v = argv[i + 1];
		if (v === undefined || v.startsWith('--')) return `${k} の値がありません。${k} のあとに値を書いてください。`;
		opts.set(k.slice(2), v);
		i++;
	}
	for (const k of opts.keys()) if (!['document', 'plan', 'year', 'format', 'out', 'data', 'template'].includes(k)) return `--${k} という指定はありません。--plan, --year, --format, --out, --data, --template のどれかを使ってください。`;
	if (opts.has('document') && opts.get('document') !== 'review') return '--document は review（評価シート）を指定してください。';
	const format = opts.get('format');
	if (format !== 'docx' && format !== 'xlsx') return format === undefined ? '--format で docx か xlsx を指定してください。' : `--format "${format}" は使えません。評価シートは docx か xlsx を指定してください。`;
	const out = opts.get('out');
	if (!out) return '--out で書き出すファイルの場所を指定してください（例 --out 評価シート.xlsx）。';
	const yearText = opts.get('year');
	const year = yearText === undefined ? null : Number(yearText);
	if (year !== null && !Number.isInteger(year)) return `--year "${yearText}" は年度として読めません。西暦の年度（例 2026）を指定してください。`;
	const template = parseTemplateArg(opts.get('template'));
	if (!template.ok) return template.error;
	const dataDir = opts.get('data') ?? env.DATA_DIR ?? 'data';
	return { dataDir, planId: opts.get('plan') ?? null, year, format, out, template: template.template };
}

/**
 * Run the export; returns a line for the person at the terminal, or throws with what to do. `docx`: the
 * Word renderer (by default a worker thread of its own, ended when the export is done).
 */
export async function runReviewExport(args: ReviewCliArgs, docx: DocxRenderer = new WorkerDocxRenderer()): Promise<string> {
	const db = openDatabase(args.dataDir);
	try {
		const store = new SqliteDocStore(db);
		const planId =
			args.planId ?? db.prepare<[], { id: string }>('SELECT id FROM plans ORDER BY created_at DESC LIMIT 1').get()?.id ?? null;
		if (!planId) throw new Error(`${args.dataDir} に計画がありません。DATA_DIR（または --data）を確かめるか、--plan <計画のID> を指定してください。`);
		const sync = {
			async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
				const doc = new Y.Doc();
				try {
					await store.loadInto(docName, doc, null);
					return fn(doc);
				} finally {
					doc.destroy();
				}
			}
		};
		const r = await exportReview({ db, sync, docx }, planId, { fiscalYear: args.year, format: args.format, template: args.template ?? 'council' });
		if (!r.ok && r.error === 'template') throw new Error(templateProblemsMessage(r.problems, '評価シートを'));
		if (!r.ok) throw new Error(
				r.error === 'plan_not_found'
					? `計画「${planId}」が見つかりません。計画の ID を確かめてください。`
					: `${args.year === null ? 'この計画にはまだ振り返りがありません' : `この計画には${args.year}年度の振り返りがありません`}。職員画面の「振り返り」でその年度の振り返りを始めてから書き出してください。`
			);
		fs.writeFileSync(args.out, r.bytes);
		return `${args.out} に${r.fiscalYear}年度の評価シートを書き出しました（${r.bytes.byteLength.toLocaleString('ja-JP')} バイト）`;
	} finally {
		db.close();
		await docx.close();
	}
}
