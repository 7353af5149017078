/**
 * Who reads the plan document's vision (issue 18): staff of the district write the plan; a projector
 * of a workshop of the plan syncs with the plan's projector copy, which holds the vision only (never
 * the rest of the plan) and refuses its writes; a projector of another plan's workshop and a phone
 * cannot open the plan at all.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as Y from 'yjs';
import { addStatement, visionFragment } from '../../src/lib/domain/plan/vision';
import { readProjectedVision } from '../../src/lib/domain/plan/visionProjector';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import type { KyosoApp } from '../../src/lib/server/app';
import { demoWorkshop, joinParticipant, otherDistrictWorkshop, refusedUpgrade, startTestServer, waitFor, whenSynced, yClient, type TestServer, type YClient } from '../helpers/testServer';

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
	// a plan of its own in the demo district (the demo's plan has its vision already)
	demoPlanId = demoWorkshop(app).planId;
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
