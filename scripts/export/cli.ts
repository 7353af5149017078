/**
 * Exports a plan from the embedded store (DATA_DIR, default ./data):
 *
 *   npm run export -- --plan <id or title> --format docx|pdf|xlsx|csv|json --out <file> [--template council|builtin|<file.docx>]
 *
 * --plan may be left out when the database holds exactly one plan, whatever its status (策定中 included: see
 * findPlans), or, in demo mode, to take the drafted demo plan, ひばりが丘地区; --format defaults to the --out file's extension, else docx; --out defaults to the plan's
 * file name in the current folder. Errors say what is wrong and exit with 1 (usage) or 2 (export).
 *
 *   npm run export -- --document review [--plan <id>] [--year <fiscal year>] --format docx|xlsx --out <file> [--template council|builtin|<file.docx>]
 *
 * exports a year's review sheet (評価シート) instead (reviewCli.ts; the latest reviewed year by default).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { exportPlanAs, PLAN_FORMATS, type PlanFormat } from '../../src/lib/server/export/planDocument';
import { findPlans } from '../../src/lib/server/export/planSnapshotSource';
import { demoPlanIds } from '../../src/lib/server/demo/plan';
import { parseTemplateArg, templateProblemsMessage } from './templateArg';
import { PdfUnavailable } from '../../src/lib/server/export/planPdf';
import { parseReviewArgs, runReviewExport } from './reviewCli';

const USAGE = [
	'使い方: npm run export -- --plan <計画のIDか名前> --format docx|pdf|xlsx|csv|json --out <ファイル> [--template council|builtin|<様式.docx>]',
	'評価シート: npm run export -- --document review [--plan <計画のID>] [--year <年度 例 2026>] --format docx|xlsx --out <ファイル> [--template council|builtin|<様式.docx>]'
].join('\n');

/** A plan's status as the council says it (messages/ja.json plan_status_*; the CLI runs without paraglide). */
const STATUS_JA: Record<string, string> = { drafting: '策定中', adopted: '策定済み', revising: '見直し中' };

function fail(message: string, code = 1): never {
	console.error(`エラー: ${message}`);
	if (code === 1) console.error(USAGE);
	process.exit(code);
}

// --document review: the year's review sheet (評価シート), with its own options (reviewCli.ts)
const argv = process.argv.slice(2);
if (argv[argv.indexOf('--document') + 1] === 'review' && argv.includes('--document')) {
	const review = parseReviewArgs(argv);
	if (typeof review === 'string') fail(review);
	try {
		console.log(await runReviewExport(review));
	} catch (e) {
		fail(e instanceof Error ? e.message : String(e), 2);
	}
	process.exit(0);
}

let args;
try {
	args = parseArgs({
		options: { document: { type: 'string' }, plan: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, template: { type: 'string' }, help: { type: 'boolean' } },
		strict: true
	}).values;
} catch (e) {
	fail(e instanceof Error ? e.message : String(e));
}
if (args.document !== undefined && args.document !== 'plan') fail(`--document "${args.document}" は使えません。plan（計画書）か review（評価シート）を指定してください。`);
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}

const fromExt = args.out ? path.extname(args.out).slice(1).toLowerCase() : '';
const format = (args.format ?? (fromExt || 'docx')).toLowerCase();
if (!(PLAN_FORMATS as readonly string[]).includes(format)) fail(`--format "${format}" は使えません。docx, pdf, xlsx, csv, json のどれかを指定してください。`);

// an empty --template is the council's, as no --template
const templateArg = parseTemplateArg(args.template || undefined);
if (!templateArg.ok) fail(templateArg.error);
const template = templateArg.template;

const config = { ...readConfig(), preload: false, warmup: false, backups: false, logWriter: 'inline' as const };
if (!fs.existsSync(config.dataDir) && !config.demo) fail(`データフォルダー ${config.dataDir} がありません。DATA_DIR を確かめてください。`);
const app = await createApp(config);
let exitCode = 0;
try {
	const candidates = findPlans(app, args.plan ?? null);
	let planId: string;
	if (args.plan) {
		if (candidates.length === 0) throw new Error(`計画「${args.plan}」が見つかりません。計画の ID か、名前をそのまま指定してください。`);
		if (candidates.length > 1) throw new Error(`「${args.plan}」という名前の計画が ${candidates.length} 件あります。ID で指定してください: ${candidates.map((c) => c.id).join(', ')}`);
		planId = candidates[0]!.id;
	} else if (candidates.length === 1) {
		planId = candidates[0]!.id;
	} else if (config.demo && candidates.length > 0) {
		// in demo data: the drafted demo plan (ひばりが丘地区: issues, priorities, actions), else the first plan
		const council = await app.workshops.firstCouncil();
		planId = (council && (await demoPlanIds(app.plans, council.id))?.planId) || candidates[0]!.id;
	} else if (candidates.length === 0) {
		throw new Error(`${config.dataDir} に計画がありません。`);
	} else {
		throw new Error(`計画が ${candidates.length} 件あります。--plan で選んでください:\n${candidates.map((c) => `  ${c.id}  ${c.title}  （${STATUS_JA[c.status] ?? c.status}）`).join('\n')}`);
	}
	const result = await exportPlanAs(app, planId, format as PlanFormat, { template });
	if (!result) throw new Error(`計画 ${planId} が見つかりません。`);
	if (!result.ok) throw new Error(templateProblemsMessage(result.problems));
	const out = args.out ?? result.value.fileName;
	fs.writeFileSync(out, result.value.bytes);
	console.log(`${out} に書き出しました（${result.value.bytes.byteLength.toLocaleString('ja-JP')} バイト）`);
} catch (e) {
	console.error(`エラー: ${e instanceof PdfUnavailable || e instanceof Error ? e.message : String(e)}`);
	exitCode = 2;
} finally {
	await app.close();
}
process.exit(exitCode);
