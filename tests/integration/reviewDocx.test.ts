/**
 * The review sheet in Word renders off the request thread, as the plan's Word file does: through the
 * app's Word renderer (a worker thread with its time and heap limits, export/docxRenderer.ts), in the
 * council's own review template when it has one, a broken template refused with its problems in
 * Japanese (the export and the CLI's --template), never a file. A big review (1,500 actions) renders
 * while the main thread keeps answering: the longest pause of a 5 ms timer during the export is printed
 * and bounded, and rendering the same sheet in place (no worker) is shown to pause it far longer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PizZip from 'pizzip';
import * as Y from 'yjs';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import { actionsMap } from '../../src/lib/domain/plan/actions';
import { openReview, saveReviewEntry } from '../../src/lib/domain/plan/review';
import { REVIEW_SCALES } from '../../src/lib/domain/council/settings';
import { exportReview } from '../../src/lib/server/review/reviewExport';
import { reviewTemplate } from '../../src/lib/server/review/reviewDocx';
import { CouncilTemplates } from '../../src/lib/server/export/councilTemplates';
import { exportPlan } from '../../src/lib/server/export/planExport';
import { exportPlanAs, planTemplate } from '../../src/lib/server/export/planDocument';
import { InlineDocxRenderer, WorkerDocxRenderer } from '../../src/lib/server/export/docxRenderer';
import { parseReviewArgs, runReviewExport } from '../../scripts/export/reviewCli';
import { describeProblems } from '../../src/lib/server/export/problemText';
import { demoWorkshop, startTestServer, userByLogin, type TestServer } from '../helpers/testServer';

let server: TestServer;
let planId: string;
let councilId: string;
let admin: { id: string; name: string };
const adminOf = () => admin;
const period = { start: 2026, end: 2030 };
const five = { preset: 'five' as const, levels: REVIEW_SCALES.five };

/** A plan with `n` actions, each reviewed in 令和8年度. */
async function reviewedPlan(n: number): Promise<void> {
	await server.app.sync.change(planDocName(planId), (doc) => {
		for (let i = 0; i < n; i++) {
			const m = new Y.Map<unknown>();
			actionsMap(doc).set(`act-${i}`, m);
			m.set('title', `取り組み ${i} ふれあいサロンを月2回にする`);
			m.set('issueId', 'issue-a');
			m.set('order', i);
			m.set('schedule', { 2026: 'run' });
			m.set('indicator', { what: '参加者数', unit: '人', baseline: '10', targets: { 2026: '30' }, finalTarget: '' });
		}
		doc.getMap('issues').set('issue-a', { title: 'つながりづくり' });
		openReview(doc, { fiscalYear: 2026, period, scale: five, by: 'u', now: 1 });
		for (let i = 0; i < n; i++)
			saveReviewEntry(doc, { fiscalYear: 2026, period, actionId: `act-${i}`, patch: { done: `月2回開いた（${i}）。自治会館と集会所で交互に開いた。`, level: '4', actual: 28, comment: '新しい参加者が増えた。男性の参加が少ない。', next: 'expand' }, by: 'u', now: 2 });
	});
}

/** A review template of the council's own: the built-in one with a line of its own. */
function councilReviewTemplate(edit: (xml: string) => string): Uint8Array {
	const zip = new PizZip(reviewTemplate());
	zip.file('word/document.xml', edit(zip.file('word/document.xml')!.asText()));
	return zip.generate({ type: 'uint8array' });
}

const docText = (bytes: Uint8Array) => new PizZip(Buffer.from(bytes)).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '');

/** The longest pause of the main thread (a 5 ms timer's lateness) while `work` runs. */
async function longestPause(work: () => Promise<unknown>): Promise<number> {
	let last = performance.now();
	let worst = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		worst = Math.max(worst, now - last);
		last = now;
	}, 5);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	return Math.max(worst, performance.now() - last);
}

beforeEach(async () => {
	server = await startTestServer();
	const w = await demoWorkshop(server.app);
	planId = w.planId;
	councilId = w.councilId;
	const a = await userByLogin(server.app, 'admin');
	admin = { id: a.id, name: a.name };
});

afterEach(async () => {
	vi.restoreAllMocks();
	await server.close();
});

describe('the review sheet in Word', () => {
	it('is rendered by the app’s worker-thread renderer, in the built-in template by default', async () => {
		expect(server.app.docx).toBeInstanceOf(WorkerDocxRenderer);
		await reviewedPlan(2);
		const render = vi.spyOn(server.app.docx, 'render');
		const r = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx' });
		if (!r.ok) throw new Error(r.error);
		expect(render).toHaveBeenCalledTimes(1);
		expect(render.mock.calls[0]![0]).toBe(reviewTemplate());
		expect(r.template).toBe('builtin');
		expect(docText(r.bytes)).toContain('4 目標を上回った');
	});

	it('a council with a plan template AND a review template exports each with its own; the summary keeps the built-in one', async () => {
		await reviewedPlan(1);
		const templates = new CouncilTemplates(server.app.db);
		const own = councilReviewTemplate((xml) => xml.replace('{yearLabel}', '{yearLabel}（みどり市社協様式）'));
		expect(await server.app.docx.check(own, 'review')).toEqual([]);
		expect(await server.app.docx.kindOf(own)).toBe('review');
		const planZip = new PizZip(planTemplate());
		planZip.file('word/document.xml', planZip.file('word/document.xml')!.asText().replace('{planTitle}', '{planTitle}（みどり市社協の計画書様式）'));
		const ownPlan = planZip.generate({ type: 'uint8array' });
		expect(await server.app.docx.check(ownPlan, 'plan')).toEqual([]);
		await templates.put(councilId, 'review', { data: own, fileName: 'review.docx', uploadedBy: adminOf() });
		await templates.put(councilId, 'plan', { data: ownPlan, fileName: 'plan.docx', uploadedBy: adminOf() });
		// both stored side by side (one per kind), neither replacing the other
		expect((await templates.info(councilId, 'review'))?.fileName).toBe('review.docx');
		expect((await templates.info(councilId, 'plan'))?.fileName).toBe('plan.docx');
		expect(await templates.info(councilId, 'summary')).toBeNull();

		const r = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx' });
		if (!r.ok) throw new Error(r.error);
		expect(r.template).toBe('council');
		expect(docText(r.bytes)).toContain('みどり市社協様式');
		expect(docText(r.bytes)).not.toContain('計画書様式');
		const planFile = await exportPlanAs(server.app, planId, 'docx');
		if (!planFile?.ok) throw new Error('plan docx failed');
		expect(planFile.value.template).toBe('council');
		expect(docText(planFile.value.bytes)).toContain('（みどり市社協の計画書様式）');
		// the workshop summary has no council template: the built-in one
		const summary = await exportPlan(server.app, await demoWorkshop(server.app));
		expect(summary.ok && summary.value.custom).toBe(false);
		// ?template=builtin: the built-in one
		const builtin = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx', template: 'builtin' });
		expect(builtin.ok && builtin.template === 'builtin' && !docText(builtin.bytes).includes('みどり市社協様式')).toBe(true);
		// back to the built-in review sheet: the plan template stays
		expect(await templates.reset(councilId, 'review')).toBe(true);
		const after = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx' });
		expect(after.ok && after.template).toBe('builtin');
		expect((await exportPlanAs(server.app, planId, 'docx'))?.ok && (await templates.info(councilId, 'plan'))?.fileName).toBe('plan.docx');
	});

	it('a broken review template gives its problems in Japanese (export and CLI), never a file', async () => {
		await reviewedPlan(1);
		// a review template whose row loop is never closed
		const broken = councilReviewTemplate((xml) => xml.replace('{/rows}', ''));
		expect(await server.app.docx.kindOf(broken)).toBeNull();
		const r = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx', template: { file: broken, name: 'broken.docx' } });
		if (r.ok || r.error !== 'template') throw new Error('expected template problems');
		expect(r.template).toBe('file');
		expect(r.problems.map((p) => p.code)).toContain('unclosed_loop');
		expect(describeProblems(r.problems).map((p) => p.message).join('\n')).toMatch(/rows/);
		// stored as the council's review template (the upload page refuses it; an old store might hold one): its problems, no file
		await new CouncilTemplates(server.app.db).put(councilId, 'review', { data: broken, fileName: 'broken.docx', uploadedBy: adminOf() });
		const stored = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx' });
		if (stored.ok || stored.error !== 'template') throw new Error('expected template problems');
		expect(stored.template).toBe('council');
		expect(stored.problems.map((p) => p.code)).toContain('unclosed_loop');

		// the CLI, on the same data directory, with its own worker renderer
		await server.app.sync.shutdown();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-review-'));
		const file = path.join(dir, 'broken.docx');
		fs.writeFileSync(file, broken);
		const out = path.join(dir, 'review.docx');
		const args = (...more: string[]) => {
			const a = parseReviewArgs(['--document', 'review', '--plan', planId, '--format', 'docx', '--out', out, '--data', server.dataDir, ...more]);
			if (typeof a === 'string') throw new Error(a);
			return a;
		};
		await expect(runReviewExport(args('--template', file))).rejects.toThrow(/^Word の様式に問題があり、評価シートを書き出せませんでした（--template builtin で既定の様式を使えます）:\n {2}- .*rows/);
		expect(fs.existsSync(out)).toBe(false);
		expect(await runReviewExport(args('--template', 'builtin'))).toContain('に2026年度の評価シートを書き出しました');
		expect(docText(fs.readFileSync(out))).toContain('4 目標を上回った');
		expect(parseReviewArgs(['--format', 'docx', '--out', 'x', '--template', path.join(dir, 'missing.docx')])).toMatch(/^--template ".*missing\.docx" は council, builtin, または存在する \.docx ファイルの場所を指定してください。$/);
	});

	it('a big review renders while the main thread keeps answering', async () => {
		const n = 1_500;
		await reviewedPlan(n);
		// the thread started, as on a server that has exported before (starting it is not the measure)
		expect(await server.app.docx.kindOf(reviewTemplate())).toBe('review');
		let bytes: Uint8Array | null = null;
		const started = performance.now();
		const workerPause = await longestPause(async () => {
			const r = await exportReview(server.app, planId, { fiscalYear: 2026, format: 'docx' });
			if (r.ok) bytes = r.bytes;
		});
		const workerMs = performance.now() - started;
		expect(bytes).not.toBeNull();
		expect(docText(bytes!)).toContain(`取り組み ${n - 1} ふれあいサロン`);
		// the same export rendered in place, on the main thread
		const inline = { ...server.app, docx: new InlineDocxRenderer() };
		const inlinePause = await longestPause(() => exportReview(inline, planId, { fiscalYear: 2026, format: 'docx' }));
		console.log(`[review docx] ${n} actions: ${workerMs.toFixed(0)} ms on the worker, longest main-thread pause ${workerPause.toFixed(0)} ms (in place: ${inlinePause.toFixed(0)} ms)`);
		expect(workerPause).toBeLessThan(500);
		expect(inlinePause).toBeGreaterThan(workerPause * 2);
	});
});
