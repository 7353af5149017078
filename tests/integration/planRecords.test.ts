/**
 * Plan records (issue 17): the demo's drafted plan, plan lists per staff member, steps covered as the
 * board moves, gathering issues from a real board through the sync core (idempotent), the period rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { createPlanWorkshop, gatherPlanIssues, readPlanIssues, recordingSteps } from '../../src/lib/server/planService';
import { DEMO_PLAN_DISTRICT, DEMO_PLAN_TITLE, demoPlanIds } from '../../src/lib/server/demo/plan';
import { boardDocName } from '../../src/lib/server/workshops';
import { addNote, readMeta } from '../../src/lib/domain/board/board';
import { createTheme } from '../../src/lib/domain/board/themes';
import { closeVote, openVote, setVote } from '../../src/lib/domain/board/voting';
import { checkPlanFields } from '../../src/lib/domain/plan/planRecord';
import { boardKind } from '../../src/lib/server/sync/kinds/board';
import * as Y from 'yjs';
import { staffPrincipal } from '../../src/lib/server/sync/principal';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	await server.close();
});

describe('plan records', () => {
	it('the demo has a second district with a drafted plan: two closed workshops, ranked issues, priorities, a merge', async () => {
		const { app } = server;
		const council = (await app.workshops.firstCouncil())!;
		const ids = (await demoPlanIds(app.plans, council.id))!;
		const plan = (await app.plans.get(ids.planId))!;
		expect(plan).toMatchObject({ title: DEMO_PLAN_TITLE, districtName: DEMO_PLAN_DISTRICT, period: { start: 2027, end: 2031 }, status: 'drafting' });
		const workshops = await app.plans.workshops(plan.id);
		expect(workshops.map((w) => [w.status, w.participants, w.stepsCovered])).toEqual([
			['closed', 23, ['issues', 'organise']],
			['closed', 18, ['issues', 'organise']]
		]);
		const issues = await readPlanIssues(app, plan.id);
		expect(issues.map((i) => i.title)).toEqual(['買い物と通院の足', 'ひとり暮らしの見守り', '集まれる場所', '災害時の助け合い', '担い手不足']);
		expect(issues.filter((i) => i.priority).map((i) => i.title)).toEqual(['買い物と通院の足', 'ひとり暮らしの見守り', '災害時の助け合い']);
		expect(issues[0]!.merged.map((m) => m.title)).toEqual(['移動の手段']);
		expect(issues[0]!.notes).toContain('乗り合いの車があれば助かる');
		// The facilitator works in both demo districts; a gathering again changes nothing.
		const fac = (await app.staff.findByLogin('facilitator'))!;
		expect((await app.plans.listFor(fac)).map((p) => p.districtName).sort()).toEqual(['さくら台地区', DEMO_PLAN_DISTRICT].sort());
		expect(await gatherPlanIssues(app, plan, fac)).toMatchObject({ added: 0, refreshed: 0, boards: 2 });
	});

	it('a new workshop starts on the step the plan needs and records the steps its board is moved to', async () => {
		const { app } = server;
		const fac = (await app.staff.findByLogin('facilitator'))!;
		const council = (await app.workshops.firstCouncil())!;
		const plan = (await app.plans.get((await demoPlanIds(app.plans, council.id))!.planId))!;
		// Issues ranked, the vision adopted and every priority issue with actions (the demo's): the next workshop is 振り返り.
		const w = await createPlanWorkshop(app, fac, plan, { title: '第3回 10年後のひばりが丘', heldOn: '2027-01-16' });
		expect(await app.sync.read(boardDocName(w.id), (doc) => readMeta(doc).step)).toBe('review');
		expect((await app.plans.workshops(plan.id)).find((x) => x.id === w.id)?.stepsCovered).toEqual(['review']);

		// A staff change of the board's step reaches the record through the kind's hook.
		const kind = recordingSteps(boardKind({ workshops: app.workshops, participants: app.participants }), app.plans);
		const doc = new Y.Doc();
		doc.getMap('meta').set('step', 'actions');
		kind.onStaffChange!(boardDocName(w.id), staffPrincipal(fac), new Map([['meta', ['step']]]), doc);
		await expect.poll(async () => (await app.plans.workshops(plan.id)).find((x) => x.id === w.id)?.stepsCovered).toEqual(['actions', 'review']);
	});

	it('gathers a live board’s ranked themes once, however often staff press the button', async () => {
		const { app } = server;
		const fac = (await app.staff.findByLogin('facilitator'))!;
		const district = (await app.districts.activeForCouncil(fac.councilId)).find((d) => d.name === 'さくら台地区')!;
		const plan = (await app.plans.listForDistrict(district.id))[0]!;
		const w = (await app.plans.workshops(plan.id))[0]!;
		await app.sync.change(boardDocName(w.id), (doc) => {
			addNote(doc, { id: 'itnote0001', text: '公園のベンチが足りない', kind: 'concern', authorId: 'x', authorRole: 'participant', nickname: null, now: 1 });
			createTheme(doc, { id: 'it-theme', title: '公園', x: 0, y: 0, now: 2, noteIds: ['itnote0001'] });
			openVote(doc, { roundId: 'it-round', target: 'themes', dotsPerPerson: 1, allowStacking: false, hideResults: false, now: 3 });
			setVote(doc, 'voter', 'it-theme', 1);
			closeVote(doc);
		});
		expect(await gatherPlanIssues(app, plan, fac)).toMatchObject({ added: 1, refreshed: 0 });
		expect(await gatherPlanIssues(app, plan, fac)).toMatchObject({ added: 0, refreshed: 0 });
		expect((await readPlanIssues(app, plan.id)).map((i) => [i.title, i.notes, i.votes])).toEqual([['公園', ['公園のベンチが足りない'], 1]]);
	});

	it('plan fields: 3-5 fiscal years, a title, a known status', () => {
		expect(checkPlanFields({ title: '計画', start: 2026, end: 2032 })).toEqual({ ok: false, error: 'period_too_long' });
		expect(checkPlanFields({ title: '   ', start: 2026, end: 2030 })).toEqual({ ok: false, error: 'title_empty' });
		expect(checkPlanFields({ title: '計画', start: 2026, end: 2030, status: 'done' })).toEqual({ ok: false, error: 'bad_status' });
		expect(checkPlanFields({ title: ' 計画 ', start: 2026, end: 2028, status: 'adopted' })).toEqual({
			ok: true,
			value: { title: '計画', period: { start: 2026, end: 2028 }, status: 'adopted', adoptedOn: null, adoptedBy: '' }
		});
		// the cover: 策定日 a real date, 策定者 one line of at most 60 characters
		expect(checkPlanFields({ title: '計画', start: 2026, end: 2030, status: 'adopted', adoptedOn: '2027-03-20', adoptedBy: ' ひばりが丘地区社会福祉協議会 ' })).toEqual({
			ok: true,
			value: { title: '計画', period: { start: 2026, end: 2030 }, status: 'adopted', adoptedOn: '2027-03-20', adoptedBy: 'ひばりが丘地区社会福祉協議会' }
		});
		expect(checkPlanFields({ title: '計画', start: 2026, end: 2030, adoptedOn: '2027-02-30' })).toEqual({ ok: false, error: 'bad_adopted_on' });
		expect(checkPlanFields({ title: '計画', start: 2026, end: 2030, adoptedOn: '令和9年3月' })).toEqual({ ok: false, error: 'bad_adopted_on' });
		expect(checkPlanFields({ title: '計画', start: 2026, end: 2030, adoptedBy: 'あ'.repeat(61) })).toEqual({ ok: false, error: 'bad_adopted_by' });
	});
});
