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
import path from 'node:path';
import * as Y from 'yjs';
import { openDatabase } from '../../src/lib/server/db/database';
import { SqliteDocStore } from '../../src/lib/server/sync/docStore';
import { exportReview, type ReviewFormat } from '../../src/lib/server/review/reviewExport';
import type { ReviewTemplateChoice } from '../../src/lib/server/review/reviewDocx';
import { WorkerDocxRenderer, type DocxRenderer } from '../../src/lib/server/export/docxRenderer';
import { describeProblems } from '../../src/lib/server/export/problemText';

export type ReviewCliArgs = { dataDir: string; planId: string | null; year: number | null; format: ReviewFormat; out: string; template?: ReviewTemplateChoice };

/** Parse the review export's own options (unknown ones are refused with a message). */
export function parseReviewArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ReviewCliArgs | string {
	const opts = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const k = argv[i]!;
		if (!k.startsWith('--')) return `unexpected argument: ${k}`;
		const v = argv[i + 1];
		if (v === undefined || v.startsWith('--')) return `missing value for ${k}`;
		opts.set(k.slice(2), v);
		i++;
	}
	for (const k of opts.keys()) if (!['document', 'plan', 'year', 'format', 'out', 'data', 'template'].includes(k)) return `unknown option --${k}`;
	if (opts.has('document') && opts.get('document') !== 'review') return '--document must be review';
	const format = opts.get('format');
	if (format !== 'docx' && format !== 'xlsx') return '--format must be docx or xlsx';
	const out = opts.get('out');
	if (!out) return '--out <file> is required';
	const yearText = opts.get('year');
	const year = yearText === undefined ? null : Number(yearText);
	if (year !== null && !Number.isInteger(year)) return '--year must be a fiscal year such as 2026';
	const templateOpt = opts.get('template') ?? 'council';
	let template: ReviewTemplateChoice;
	if (templateOpt === 'council' || templateOpt === 'builtin') template = templateOpt;
	else if (fs.existsSync(templateOpt)) template = { file: new Uint8Array(fs.readFileSync(templateOpt)), name: path.basename(templateOpt) };
	else return '--template must be council, builtin or an existing .docx file';
	const dataDir = opts.get('data') ?? env.DATA_DIR ?? 'data';
	return { dataDir, planId: opts.get('plan') ?? null, year, format, out, template };
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
		if (!planId) throw new Error('no plan in this data directory: pass --plan <id> or check DATA_DIR');
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
		if (!r.ok && r.error === 'template') {
			const lines = describeProblems(r.problems).map((p) => `  - ${p.message}`);
			throw new Error(`Word の様式に問題があり、評価シートを書き出せませんでした（--template builtin で既定の様式を使えます）:\n${lines.join('\n')}`);
		}
		if (!r.ok) throw new Error(r.error === 'plan_not_found' ? `no plan ${planId}` : 'that plan has no review for that year: open the review on the staff page first');
		fs.writeFileSync(args.out, r.bytes);
		return `wrote ${args.out} (${r.bytes.byteLength} bytes): review sheet of fiscal year ${r.fiscalYear}`;
	} finally {
		db.close();
		await docx.close();
	}
}
