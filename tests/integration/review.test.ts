/**
 * The yearly review through the real server: the review workshop's phone op (`review.rate`) over real
 * sockets (one rating per phone per action, ratings outside the scale refused, an op aimed at another
 * workshop's round refused), a round only on the plan's own workshops, the residents' view taken into
 * the review, bad review input changing nothing, and the review sheet exported as XLSX and DOCX (also
 * through the CLI's function) and read back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import * as Y from 'yjs';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import { actionsMap } from '../../src/lib/domain/plan/actions';
import { openReview, readReview, saveReviewEntry } from '../../src/lib/domain/plan/review';
import { REVIEW_SCALES } from '../../src/lib/domain/council/settings';
import { readRound, tallyRound } from '../../src/lib/domain/board/reviewRound';
import { startReviewRound, takeResidentsView } from '../../src/lib/server/review/reviewWorkshop';
import { exportReview } from '../../src/lib/server/review/reviewExport';
import { parseReviewArgs, runReviewExport } from '../../scripts/export/reviewCli';
import { seedDemoReview } from '../../src/lib/server/demo/review';
import { connect, demoWorkshop, joinParticipant, otherDistrictWorkshop, startTestServer, userByLogin, waitFor, type TestServer, type WireClient } from '../helpers/testServer';

let server: TestServer;
let workshop: Workshop;
const sockets: WireClient[] = [];
const period = { start: 2026, end: 2030 };
/** exceljs's own `Buffer` type is an ArrayBuffer: a copy of the bytes as one. */
const arrayBuffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

beforeEach(async () => {
	server = await startTestServer();
	workshop = (await demoWorkshop(server.app));
	await server.app.sync.change(planDocName(workshop.planId), (doc) => {
		for (const [id, title, issueId, order] of [
			['act-salon', '=サロンを月2回に', 'issue-a', 1],
			['act-watch', '見守りの声かけ', 'issue-a', 2],
			['act-bus', '買い物バス', 'issue-b', 3]
		] as const) {
			const m = new Y.Map<unknown>();
			actionsMap(doc).set(id, m);
			m.set('title', title);
			m.set('issueId', issueId);
			m.set('order', order);
			m.set('schedule', { 2026: 'run' });
			if (id === 'act-salon') m.set('indicator', { what: '参加者数', unit: '人', baseline: '10', targets: { 2026: '30' }, finalTarget: '' });
		}
		doc.getMap('issues').set('issue-a', { title: 'つながりづくり' });
	});
});

afterEach(async () => {
	for (const c of sockets.splice(0)) await c.close();
	await server.close();
});

async function phone(w: Workshop = workshop): Promise<WireClient> {
	const me = (await joinParticipant(server.app, w.id));
	const c = await connect(server.port, { workshopId: w.id, as: 'participant', cookie: me.cookie });
	sockets.push(c);
	await waitFor(() => c.lastView(), 5_000, 'the first view');
	return c;
}

const facilitator = () => userByLogin(server.app, 'facilitator');
const startRound = async (w: Workshop, scale = 'circle', issueId = 'issue-a') =>
	startReviewRound(server.app, { planId: workshop.planId, docName: planDocName(workshop.planId), user: await facilitator(), fiscalYear: 2026, form: { workshopId: w.id, issueId, scale } });

describe('review workshop', () => {
	it('phones rate the theme’s actions once each; a new rating replaces the old; bad ratings are refused', async () => {
		const a = await phone();
		const b = await phone();
		// before a round: refused
		expect(await a.request({ op: 'review.rate', id: 'rate-0000001', actionId: 'act-salon', value: 'good', comment: '' })).toMatchObject({ ok: false, error: 'review_not_open' });
		expect(await startRound(workshop)).toEqual({ ok: true });
		const v = await waitFor(() => a.views().findLast((x) => x.review), 5_000, 'the review view');
		expect(v.review).toMatchObject({ themeTitle: 'つながりづくり', scale: 'circle', mine: {} });
		expect(v.review!.actions.map((x) => x.id)).toEqual(['act-salon', 'act-watch']);

		expect(await a.request({ op: 'review.rate', id: 'rate-0000002', actionId: 'act-salon', value: 'good', comment: '楽しい' })).toMatchObject({ ok: true });
		expect(await a.request({ op: 'review.rate', id: 'rate-0000003', actionId: 'act-salon', value: 'fair', comment: '' })).toMatchObject({ ok: true });
		expect(await b.request({ op: 'review.rate', id: 'rate-0000004', actionId: 'act-salon', value: 'fair', comment: '' })).toMatchObject({ ok: true });
		expect(await b.request({ op: 'review.rate', id: 'rate-0000005', actionId: 'act-salon', value: '5', comment: '' })).toMatchObject({ ok: false, error: 'bad_rating' });
		expect(await b.request({ op: 'review.rate', id: 'rate-0000006', actionId: 'act-bus', value: 'good', comment: '' })).toMatchObject({ ok: false, error: 'item_not_found' });
		expect(await b.request({ op: 'review.rate', id: 'rate-0000007', actionId: 'constructor', value: 'good', comment: '' })).toMatchObject({ ok: false, error: 'bad_message' });

		const tally = await server.app.sync.read(boardDocName(workshop.id), (doc) => tallyRound(doc).find((t) => t.actionId === 'act-salon'));
		expect(tally).toMatchObject({ counts: { good: 0, fair: 2, poor: 0 }, total: 2 });
		await waitFor(() => a.views().findLast((x) => x.review?.mine['act-salon']?.value === 'fair'), 5_000, 'the phone sees its replaced rating');

		// the residents' view goes into the review with one action
		await server.app.sync.change(planDocName(workshop.planId), (doc) =>
			openReview(doc, { fiscalYear: 2026, period, scale: { preset: 'five', levels: REVIEW_SCALES.five }, by: 'u', now: 1 })
		);
		const take = async (form: Record<string, string>) =>
			takeResidentsView(server.app, { planId: workshop.planId, docName: planDocName(workshop.planId), user: await facilitator(), fiscalYear: 2026, period, form });
		expect(await take({ workshopId: workshop.id, actionId: 'act-salon' })).toEqual({ ok: true, actionId: 'act-salon' });
		const entry = await server.app.sync.read(planDocName(workshop.planId), (doc) => readReview(doc, 2026)!.entries['act-salon']);
		expect(entry?.residents).toBe('住民の評価（2人）: ○できた 0人・△少しできた 2人・×できなかった 0人');
		expect(await take({ workshopId: workshop.id, actionId: 'act-watch' })).toMatchObject({ ok: false, error: 'item_not_found' });
	});

	it('phones get the council’s wording of the review’s scale with the round; the server still checks ratings against the scale', async () => {
		const words = [
			{ id: 'good', label: '○ よくできた' },
			{ id: 'fair', label: '△ もう少し' },
			{ id: 'poor', label: '× できなかった' }
		];
		await server.app.sync.change(planDocName(workshop.planId), (doc) => openReview(doc, { fiscalYear: 2026, period, scale: { preset: 'circle', levels: words }, by: 'u', now: 1 }));
		const a = await phone();
		expect(await startRound(workshop)).toEqual({ ok: true });
		const v = await waitFor(() => a.views().findLast((x) => x.review), 5_000, 'the review view');
		expect(v.review!.labels).toEqual({ good: '○ よくできた', fair: '△ もう少し', poor: '× できなかった' });
		// the view stays small: the labels are plain text, a few dozen bytes
		expect(JSON.stringify(v.review!.labels).length).toBeLessThan(120);
		expect(await a.request({ op: 'review.rate', id: 'rate-0000020', actionId: 'act-salon', value: 'よくできた', comment: '' })).toMatchObject({ ok: false, error: 'bad_rating' });
		expect(await a.request({ op: 'review.rate', id: 'rate-0000021', actionId: 'act-salon', value: 'good', comment: '' })).toMatchObject({ ok: true });
		// the residents' view goes into the review in the council's words
		const take = await takeResidentsView(server.app, { planId: workshop.planId, docName: planDocName(workshop.planId), user: await facilitator(), fiscalYear: 2026, period, form: { workshopId: workshop.id, actionId: 'act-salon' } });
		expect(take).toEqual({ ok: true, actionId: 'act-salon' });
		const entry = await server.app.sync.read(planDocName(workshop.planId), (doc) => readReview(doc, 2026)!.entries['act-salon']);
		expect(entry?.residents).toBe('住民の評価（1人）: ○よくできた 1人・△もう少し 0人・×できなかった 0人');

		// a 1-5 face scale on a ○/△/× review: the faces keep the phone's plain words
		expect(await startRound(workshop, 'face5')).toEqual({ ok: true });
		const f = await waitFor(() => a.views().findLast((x) => x.review?.scale === 'face5'), 5_000, 'the face round');
		expect(f.review!.labels).toEqual({});
		// a round of a year without a review: plain words
		const none = await startReviewRound(server.app, { planId: workshop.planId, docName: planDocName(workshop.planId), user: await facilitator(), fiscalYear: 2027, form: { workshopId: workshop.id, issueId: 'issue-a', scale: 'circle' } });
		expect(none).toEqual({ ok: true });
		expect(await server.app.sync.read(boardDocName(workshop.id), (doc) => readRound(doc)?.labels)).toEqual({});
	});

	it('a round only on the plan’s own workshops, by facilitators; an op aimed at another workshop’s round is refused', async () => {
		const other = (await otherDistrictWorkshop(server.app)).workshop;
		expect(await startRound(other)).toEqual({ ok: false, error: 'workshop_not_found' });
		expect(await server.app.sync.read(boardDocName(other.id), (doc) => readRound(doc))).toBeNull();
		expect(await startRound(workshop, 'stars')).toEqual({ ok: false, error: 'bad_request' });
		expect(await startRound(workshop, 'circle', 'issue-none')).toEqual({ ok: false, error: 'no_actions' });
		// an editor may not run the workshop's board
		const editor = await server.app.staff.createUser({ councilId: (await facilitator()).councilId, login: 'editor1', name: '委員', role: 'editor', password: 'editor-password-2026' });
		await server.app.staff.assignDistrict(editor.id, workshop.districtId);
		const r = await startReviewRound(server.app, { planId: workshop.planId, docName: planDocName(workshop.planId), user: (await server.app.staff.getUser(editor.id))!, fiscalYear: 2026, form: { workshopId: workshop.id, issueId: 'issue-a', scale: 'circle' } });
		expect(r).toEqual({ ok: false, error: 'forbidden' });

		// a phone of a workshop without a round cannot rate the other workshop's actions
		expect(await startRound(workshop)).toEqual({ ok: true });
		const second = (await server.app.workshops.createWorkshop({ planId: workshop.planId, title: '第2回' })).workshop;
		const c = await phone(second);
		expect(await c.request({ op: 'review.rate', id: 'rate-0000010', actionId: 'act-salon', value: 'good', comment: '' })).toMatchObject({ ok: false, error: 'review_not_open' });
		expect(await server.app.sync.read(boardDocName(workshop.id), (doc) => tallyRound(doc).every((t) => t.total === 0))).toBe(true);
	});
});

describe('review records and export', () => {
	it('bad input changes nothing; the sheet exports as XLSX and DOCX, also from the CLI', async () => {
		const doc = planDocName(workshop.planId);
		const five = { preset: 'five' as const, levels: REVIEW_SCALES.five };
		expect(await server.app.sync.change(doc, (d) => openReview(d, { fiscalYear: 2031, period, scale: five, by: 'u', now: 1 }))).toEqual({ ok: false, error: 'year_outside_period' });
		expect(await server.app.sync.change(doc, (d) => openReview(d, { fiscalYear: 2026, period, scale: five, by: 'u', now: 1 }))).toMatchObject({ ok: true });
		const save = (patch: Parameters<typeof saveReviewEntry>[1]['patch']) =>
			server.app.sync.change(doc, (d) => saveReviewEntry(d, { fiscalYear: 2026, period, actionId: 'act-salon', patch, by: 'u', now: 2 }));
		expect(await save({ level: '9' })).toEqual({ ok: false, error: 'level_not_in_scale' });
		expect(await save({ done: 'x'.repeat(10_000) })).toEqual({ ok: false, error: 'text_too_long' });
		expect(await server.app.sync.read(doc, (d) => readReview(d, 2026)!.entries)).toEqual({});
		expect(await save({ done: '月2回開いた', level: '4', actual: 28, comment: '=HYPERLINK("x")', next: 'expand' })).toMatchObject({ ok: true });

		const xlsx = await exportReview(server.app, workshop.planId, { fiscalYear: null, format: 'xlsx' });
		if (!xlsx.ok) throw new Error(xlsx.error);
		expect(xlsx.fiscalYear).toBe(2026);
		expect(xlsx.fileName).toBe('さくら台地区_令和8年度評価シート.xlsx');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(arrayBuffer(xlsx.bytes));
		const ws = wb.getWorksheet('評価シート')!;
		const salon = ws.getRow(6).values as unknown[];
		expect(salon.slice(1, 11)).toEqual(["'=サロンを月2回に", '', '月2回開いた', '4 目標を上回った', '参加者数', 28, 30, '人', `'=HYPERLINK("x")`, '拡充']);
		expect(wb.getWorksheet('中間評価')!.getRow(2).values).toEqual([undefined, '取り組み', '令和8年度 達成度', '令和8年度 実績/目標']);

		const docx = await exportReview(server.app, workshop.planId, { fiscalYear: 2026, format: 'docx' });
		if (!docx.ok) throw new Error(docx.error);
		const xml = new PizZip(Buffer.from(docx.bytes)).file('word/document.xml')!.asText();
		const text = xml.replace(/<[^>]+>/g, '');
		for (const s of ['令和8年度 評価シート', '月2回開いた', '4 目標を上回った', '参加者数 28／30人', '拡充', '見守りの声かけ', '中間評価']) expect(text).toContain(s);
		expect(await exportReview(server.app, workshop.planId, { fiscalYear: 2027, format: 'docx' })).toEqual({ ok: false, error: 'no_review' });

		// the CLI's function on the same data directory
		const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-review-')), 'review.xlsx');
		const args = parseReviewArgs(['--document', 'review', '--plan', workshop.planId, '--format', 'xlsx', '--out', out, '--data', server.dataDir]);
		if (typeof args === 'string') throw new Error(args);
		await server.app.sync.shutdown(); // stored and compacted, as after stopping the server
		expect(await runReviewExport(args)).toContain('に2026年度の評価シートを書き出しました');
		const cli = new ExcelJS.Workbook();
		await cli.xlsx.load(arrayBuffer(fs.readFileSync(out)));
		expect(cli.getWorksheet('評価シート')!.getRow(6).getCell(3).value).toBe('月2回開いた');
		expect(parseReviewArgs(['--format', 'pdf', '--out', 'x'])).toBe('--format "pdf" は使えません。評価シートは docx か xlsx を指定してください。');
		expect(parseReviewArgs(['--format', 'xlsx', '--out', 'x', '--year', 'soon'])).toBe('--year "soon" は年度として読めません。西暦の年度（例 2026）を指定してください。');
	});
});

describe('demo review', () => {
	it('seeds one reviewed year over the plan’s actions', async () => {
		await seedDemoReview(server.app, workshop.planId);
		const review = await server.app.sync.read(planDocName(workshop.planId), (doc) => readReview(doc, 2026));
		expect(Object.keys(review!.entries).sort()).toEqual(['act-bus', 'act-salon', 'act-watch']);
		expect(review!.entries['act-salon']).toMatchObject({ level: '4', next: 'expand', actual: 21 });
	});
});
