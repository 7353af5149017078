/**
 * Word export timing: a board of N notes in T themes (built with the domain functions, some notes
 * hidden, a closed dot vote on the themes), exported R times with the built-in template. Each run
 * is the server's whole CPU path of GET /staff/w/<id>/export.docx: reading the board
 * (readExportBoard), building the template data (buildPlanData) and rendering the .docx
 * (docxtemplater + DEFLATE). The database and HTTP are left out.
 *
 *   node --import tsx scripts/bench/web/docx.ts --notes 2000 [--themes 40] [--runs 20]
 *
 * Prints a table and, last, one JSON line with the result of benchDocx().
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { addNote, initBoard, setNoteHidden } from '../../../src/lib/domain/board/board.ts';
import { createTheme, renameTheme } from '../../../src/lib/domain/board/themes.ts';
import { closeVote, openVote, setVote } from '../../../src/lib/domain/board/voting.ts';
import { readExportBoard } from '../../../src/lib/domain/board/exportBoard.ts';
import { buildPlanData, type PlanMeta } from '../../../src/lib/domain/exportPlan.ts';
import { renderDocx } from '../../../src/lib/server/export/renderDocx.ts';
import { defaultTemplate } from '../../../src/lib/server/export/councilTemplates.ts';
import { DOCUMENT_LABELS } from '../../../src/lib/server/export/planExport.ts';

export type DocxBenchOptions = { notes: number; themes: number; runs: number };
export type DocxBenchResult = { notes: number; themes: number; runs: number; p50_ms: number; p95_ms: number; max_ms: number; bytes: number };

const PHRASES = [
	'ひとり暮らしの高齢者が増えて、見守りが追いつかない',
	'坂道が多く、買い物に行くのが大変になってきた',
	'子どもの登下校の時間に、あいさつをしてくれる人が多い',
	'自治会の役員のなり手がいない',
	'公民館のサロンが楽しみだという声がある',
	'夜道が暗く、街灯が少ない場所がある',
	'災害のときに誰が誰を助けるか決まっていない',
	'ごみ出しが難しい世帯がある'
];

const META: PlanMeta = {
	councilName: 'みどり市社会福祉協議会',
	districtName: 'さくら台地区',
	planTitle: 'さくら台地区 地域福祉活動計画',
	planPeriod: { start: 2026, end: 2030 },
	workshopTitle: '第2回 課題を整理しよう',
	heldOn: '2027-01-16',
	place: 'さくら台地区公民館',
	participantCount: 64,
	exportedAt: Date.UTC(2027, 0, 20, 3)
};

/** A deterministic board: notes spread over the themes (every fifth note left ungrouped, 1 % hidden). */
export function benchBoard(notes: number, themes: number): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	let clock = 1_000;
	const ids: string[] = [];
	for (let i = 0; i < notes; i++) {
		const id = `note${String(i).padStart(5, '0')}`;
		const text = `${PHRASES[i % PHRASES.length]}（${i + 1}）`;
		const r = addNote(doc, { id, text, kind: i % 4 === 0 ? 'strength' : 'concern', authorId: `p${i % 80}`, authorRole: 'participant', nickname: null, now: clock++ });
		if (!r.ok) throw new Error(`note ${i}: ${r.error}`);
		ids.push(id);
		if (i % 100 === 7) setNoteHidden(doc, id, true);
	}
	for (let t = 0; t < themes; t++) {
		const members = ids.filter((_, i) => i % 5 !== 4 && i % themes === t);
		createTheme(doc, { id: `theme${t}`, title: `テーマ${t + 1} ${PHRASES[t % PHRASES.length]!.slice(0, 12)}`, x: 0, y: 0, now: clock++, noteIds: members });
		renameTheme(doc, `theme${t}`, { catchphrase: `みんなでつくる第${t + 1}の取り組み` });
	}
	openVote(doc, { roundId: 'bench', target: 'themes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
	for (let p = 0; p < 60; p++) setVote(doc, `voter${p}`, `theme${(p * 7) % Math.max(1, themes)}`, 3);
	closeVote(doc);
	return doc;
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

type Run = { read: number; build: number; render: number; total: number; bytes: number };

function exportOnce(doc: Y.Doc, template: Uint8Array): Run {
	const t0 = performance.now();
	const board = readExportBoard(doc);
	const t1 = performance.now();
	const data = buildPlanData(board, META, DOCUMENT_LABELS);
	const t2 = performance.now();
	const out = renderDocx(template, data);
	const t3 = performance.now();
	if (!out.ok) throw new Error(`render failed: ${JSON.stringify(out.problems)}`);
	return { read: t1 - t0, build: t2 - t1, render: t3 - t2, total: t3 - t0, bytes: out.value.byteLength };
}

export async function benchDocx(opts: DocxBenchOptions, log: (line: string) => void = () => {}): Promise<DocxBenchResult> {
	const doc = benchBoard(opts.notes, opts.themes);
	const template = defaultTemplate();
	exportOnce(doc, template); // warm-up (module code, JIT), not counted
	const runs: Run[] = [];
	for (let i = 0; i < opts.runs; i++) {
		runs.push(exportOnce(doc, template));
		await new Promise((r) => setImmediate(r));
	}
	const med = (k: keyof Run) => round1(percentile(runs.map((r) => r[k]).sort((a, b) => a - b), 50));
	log(`read board p50 ${med('read')} ms · build data p50 ${med('build')} ms · render docx p50 ${med('render')} ms`);
	doc.destroy();
	const totals = runs.map((r) => r.total).sort((a, b) => a - b);
	return {
		notes: opts.notes,
		themes: opts.themes,
		runs: opts.runs,
		p50_ms: round1(percentile(totals, 50)),
		p95_ms: round1(percentile(totals, 95)),
		max_ms: round1(totals.at(-1) ?? 0),
		bytes: runs.at(-1)?.bytes ?? 0
	};
}

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
	if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive whole number`);
	return v;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const opts = { notes: arg('notes', 2000), themes: arg('themes', 40), runs: arg('runs', 20) };
	const result = await benchDocx(opts, (line) => console.log(line));
	const rows: [string, string][] = [
		['notes', String(result.notes)],
		['themes', String(result.themes)],
		['runs', String(result.runs)],
		['p50', `${result.p50_ms} ms`],
		['p95', `${result.p95_ms} ms`],
		['max', `${result.max_ms} ms`],
		['docx size', `${(result.bytes / 1024).toFixed(1)} KiB (${result.bytes} bytes)`]
	];
	console.log('\nWord export (read board + build data + render .docx)');
	for (const [k, v] of rows) console.log(`  ${k.padEnd(10)} ${v}`);
	console.log(JSON.stringify(result));
}
