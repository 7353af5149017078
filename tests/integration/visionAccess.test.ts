/**
 * Who reads the plan document's vision (issue 18): staff of the district write the plan; a projector
 * of a workshop of the plan syncs with the plan's projector copy, which holds the vision only (never
 * the rest of the plan) and refuses its writes; a projector of another plan's workshop and a phone
 * cannot open the plan at all.
 */
import { demoPlanIds } from '../../src/lib/server/demo/plan';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as Y from 'yjs';
import { addStatement, visionFragment } from '../../src/lib/domain/plan/vision';
import { readProjectedVision } from '../../src/lib/domain/plan/visionProjector';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import type { KyosoApp } from '../../src/lib/server/app';
import { putStatementsToVote, statementVotes, visionForPhones } from '../../src/lib/server/plan/vision';
import { boardDocName } from '../../src/lib/server/workshops';
import { readVoteConfig, setVote, voteItems } from '../../src/lib/domain/board/voting';
import { readThemes } from '../../src/lib/domain/board/themes';
import { adoptTop, adoptedStatements, readStatements } from '../../src/lib/domain/plan/vision';
import { demoWorkshop, joinParticipant, userByLogin, otherDistrictWorkshop, refusedUpgrade, startTestServer, waitFor, whenSynced, yClient, type TestServer, type YClient } from '../helpers/testServer';

let server: TestServer;
let app: KyosoApp;
let planId: string;
let demoPlanId: string;
let workshopId: string;
let displayToken: string;
const clients: YClient[] = [];

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	// a plan of its own in the demo district (the demo's drafted plan, ひばりが丘地区, has its vision already)
	demoPlanId = (await demoPlanIds(app.plans, demoWorkshop(app).councilId))!.planId;
	planId = app.workshops.createPlan(demoWorkshop(app).districtId, 'さくら台地区 第2期計画', 2031, 2035);
	const created = app.workshops.createWorkshop({ planId, title: '将来像を描こう' });
	workshopId = created.workshop.id;
	displayToken = created.displayToken;
	await app.sync.change(planDocName(planId), (doc) => {
		addStatement(doc, { id: 'stmt-0001', text: 'だれもが見守り見守られる地区' });
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('説明の一段落目')]);
		visionFragment(doc).insert(0, [p]);
		doc.getMap('actions').set('secret-action', { title: '計画の内部（プロジェクターに出さない）' });
	});
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.close();
});

describe('the demo plan', () => {
	it('has its vision seeded: adopted statements and an explanation with a heading and a list', async () => {
		const { adoptedStatements, readVisionBlocks } = await import('../../src/lib/domain/plan/vision');
		const demoPlan = planDocName(demoPlanId);
		const [adopted, blocks] = await app.sync.read(demoPlan, (doc) => [adoptedStatements(doc), readVisionBlocks(doc)] as const);
		expect(adopted.length).toBeGreaterThanOrEqual(2);
		expect(blocks.map((b) => b.type)).toEqual(expect.arrayContaining(['heading', 'paragraph', 'bullet']));
	});
});

describe('the plan document and projectors', () => {
	it("a projector of a workshop of the plan gets the vision only, live, and cannot write", async () => {
		const proj = yClient(server.port, { workshopId, docName: planDocName(planId), as: 'display', displayToken });
		clients.push(proj);
		await whenSynced(proj);
		expect(readProjectedVision(proj.doc)).toEqual({
			statements: [{ id: 'stmt-0001', text: 'だれもが見守り見守られる地区', status: 'candidate' }],
			blocks: [{ type: 'paragraph', runs: [{ text: '説明の一段落目', bold: false }] }]
		});
		expect([...proj.doc.share.keys()]).toEqual(['vision']);
		expect(JSON.stringify(Y.encodeStateAsUpdate(proj.doc))).not.toContain('計画の内部');

		await app.sync.change(planDocName(planId), (doc) => addStatement(doc, { id: 'stmt-0002', text: '子どもの声が聞こえる地区' }));
		await waitFor(() => readProjectedVision(proj.doc).statements.length === 2, 5_000, 'the new statement on the projector');

		// a write from the projector is refused and changes nothing stored
		const before = Y.encodeStateVector(app.sync.room(planDocName(planId)).doc);
		proj.doc.getMap('vision').set('statements', []);
		await waitFor(() => proj.notices.length > 0, 5_000, 'a refusal');
		expect(proj.notices[0]!.code).toBe('read_only');
		expect(Y.encodeStateVector(app.sync.room(planDocName(planId)).doc)).toEqual(before);
	});

	it("a projector link of another plan's workshop is refused (403)", async () => {
		const other = otherDistrictWorkshop(app);
		const r = await refusedUpgrade(server.port, { workshopId: other.workshop.id, docName: planDocName(planId), as: 'display', displayToken: other.displayToken });
		expect(r.status, r.body).toBe(403);
		const forged = await refusedUpgrade(server.port, { workshopId, docName: planDocName(planId), as: 'display', displayToken: 'x'.repeat(32) });
		expect(forged.status).toBe(403);
	});

	it('a phone of the workshop cannot open the plan (403)', async () => {
		const phone = joinParticipant(app, workshopId);
		const r = await refusedUpgrade(server.port, { workshopId, docName: planDocName(planId), as: 'participant', cookie: phone.cookie });
		expect(r.status, r.body).toBe(403);
	});
});

describe('putting the statements to a vote', () => {
	it('is for facilitators and admins of a workshop of the plan; the round offers only the statements; votes read back', async () => {
		const editor = await app.staff.createUser({ councilId: userByLogin(app, 'admin').councilId, login: 'vision-editor', name: '委員', role: 'editor', password: 'vision-editor-pass-2026' });
		app.staff.assignDistrict(editor.id, demoWorkshop(app).districtId);
		const refused = await putStatementsToVote(app, editor, planId, { workshopId, dots: 2 });
		expect(refused).toEqual({ ok: false, error: 'forbidden' });
		const other = otherDistrictWorkshop(app);
		expect(await putStatementsToVote(app, userByLogin(app, 'admin'), planId, { workshopId: other.workshop.id, dots: 2 })).toEqual({ ok: false, error: 'not_found' });
		expect(await app.sync.read(boardDocName(workshopId), (d) => readThemes(d).length)).toBe(0);

		const facilitator = userByLogin(app, 'facilitator');
		const r = await putStatementsToVote(app, facilitator, planId, { workshopId, dots: 2 });
		expect(r).toEqual({ ok: true, value: { count: 2 } });
		const statements = await app.sync.read(planDocName(planId), (d) => readStatementsOf(d));
		await app.sync.change(boardDocName(workshopId), (doc) => {
			const items = voteItems(doc, readVoteConfig(doc)!).map((i) => i.id);
			expect(items.sort()).toEqual(statements.map((s) => s.themeId).sort());
			expect(setVote(doc, 'phone-1', statements[1]!.themeId, 1).ok).toBe(true);
			expect(setVote(doc, 'phone-2', statements[1]!.themeId, 1).ok).toBe(true);
			expect(setVote(doc, 'phone-2', statements[0]!.themeId, 1).ok).toBe(true);
		});
		const votes = await statementVotes(app, planId);
		expect(votes).toEqual({ [statements[0]!.id]: 1, [statements[1]!.id]: 2 });
		await app.sync.change(planDocName(planId), (doc) => adoptTop(doc, new Map(Object.entries(votes)), 1));
		expect(await app.sync.read(planDocName(planId), adoptedStatements)).toEqual([statements[1]!.text]);
		// phones get the adopted statement and the explanation as plain text
		const text = await visionForPhones(app, planId);
		expect(text).toContain(statements[1]!.text);
		expect(text).not.toContain(statements[0]!.text);
		expect(text).toContain('説明の一段落目');
	});
});

function readStatementsOf(doc: Y.Doc): { id: string; text: string; themeId: string }[] {
	return readStatements(doc).map((s) => ({ id: s.id, text: s.text, themeId: s.themeRef?.themeId ?? '' }));
}
