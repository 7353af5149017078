/**
 * 取り組みを考える over real sockets: the server fills a board's action grid from the plan's priority
 * issues or the board's ranked themes, phones post ideas into cells, and ideas aimed at an unknown
 * cell, at another workshop's grid, or with 10,000 characters are refused with a clear error while
 * nothing stored changes. Staff promote an idea into a full action of the plan (its 課題 gathered from
 * the board's theme and marked 重点, the council's column), seen by the actions page and the plan page.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import * as Y from 'yjs';
import { getNote, readNotes, setMeta } from '../../src/lib/domain/board/board';
import { createTheme, setThemeRanking } from '../../src/lib/domain/board/themes';
import { readActionGrid } from '../../src/lib/domain/board/actionGrid';
import { ACTOR_PRESETS } from '../../src/lib/domain/council/settings';
import { randomId } from '../../src/lib/domain/ids';
import { CloseCode } from '../../src/lib/protocol/messages';
import { ParticipantOpSchema } from '../../src/lib/protocol/schema';
import type { KyosoApp } from '../../src/lib/server/app';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import { actionGridSource, fillActionGrid, loadActionGrid } from '../../src/lib/server/actionGrid';
import { promoteIdea, promoteNote } from '../../src/lib/server/promoteIdea';
import { actionContext, issueRefs, planRecord, settingsFor } from '../../src/lib/server/planActions';
import { readPlanState } from '../../src/lib/server/planService';
import { councilSettings } from '../../src/lib/server/councilSettings';
import { checkActionFields, groupActions, readActions } from '../../src/lib/domain/plan/actions';
import { issueViews } from '../../src/lib/domain/plan/issues';
import { connect, demoWorkshop, joinParticipant, otherDistrictWorkshop, refusedUpgrade, startTestServer, userByLogin, waitFor, type TestServer, type WireClient } from '../helpers/testServer';

let server: TestServer;
let app: KyosoApp;
let workshop: Workshop;
let other: Workshop;
const sockets: WireClient[] = [];

const boardState = (w: Workshop) => app.sync.read(boardDocName(w.id), (doc) => Y.encodeStateAsUpdate(doc));

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	workshop = (await demoWorkshop(app));
	other = (await app.workshops.createWorkshop({ planId: workshop.planId, title: '第2回 取り組みを話そう' })).workshop;
	// workshop: themes voted on in the step before, then the step 取り組みを考える
	await app.sync.change(boardDocName(workshop.id), (doc) => {
		createTheme(doc, { id: 'theme-walk', title: '夜道の安全', x: 0, y: 0, now: 1 });
		createTheme(doc, { id: 'theme-salon', title: '集まれる場所', x: 300, y: 0, now: 2 });
		createTheme(doc, { id: 'theme-none', title: '票のないテーマ', x: 600, y: 0, now: 3 });
		setThemeRanking(doc, [
			{ id: 'theme-salon', votes: 7 },
			{ id: 'theme-walk', votes: 4 }
		]);
		setMeta(doc, { step: 'actions' });
	});
	await app.sync.change(boardDocName(other.id), (doc) => setMeta(doc, { step: 'actions' }));
});

afterAll(async () => {
	for (const c of sockets.splice(0)) await c.close();
	await server?.close();
});

afterEach(async () => {
	for (const c of sockets.splice(0)) await c.close();
});

async function phone(w: Workshop): Promise<{ c: WireClient; participantId: string }> {
	const me = (await joinParticipant(app, w.id, null));
	const c = await connect(server.port, { workshopId: w.id, as: 'participant', cookie: me.cookie });
	sockets.push(c);
	await waitFor(() => c.lastView(), 5_000, 'the first view');
	return { c, participantId: me.participant.id };
}

describe('filling the grid', () => {
	it('rows come from the board’s ranked themes (in rank order) while the plan has no priority issues; columns from the council', async () => {
		const source = await actionGridSource(app, workshop.planId, workshop.id);
		expect(source).toEqual({
			from: 'board',
			rows: [
				{ id: 'theme-salon', title: '集まれる場所' },
				{ id: 'theme-walk', title: '夜道の安全' }
			],
			columns: ACTOR_PRESETS.four_help
		});
		const r = await loadActionGrid(app, (await userByLogin(app, 'facilitator')), workshop);
		expect(r.ok).toBe(true);
		expect(await app.sync.read(boardDocName(workshop.id), readActionGrid)).toEqual({ rows: source.rows, columns: source.columns, currentRow: 'theme-salon' });
	});

	it('rows come from the plan’s priority issues once the plan has them', async () => {
		await app.sync.change(planDocName(other.planId), (plan) => {
			const issues = plan.getMap<Y.Map<unknown>>('issues');
			for (const [id, title, priority, order] of [
				['issue-b', '買い物の足', true, 2],
				['issue-a', '見守り', true, 1],
				['issue-c', '重点でない課題', false, 0]
			] as const) {
				const m = new Y.Map<unknown>();
				issues.set(id, m);
				m.set('title', title);
				m.set('priority', priority);
				m.set('order', order);
			}
		});
		const source = await actionGridSource(app, other.planId, other.id);
		expect(source.from).toBe('plan');
		expect(source.rows).toEqual([
			{ id: 'issue-a', title: '見守り' },
			{ id: 'issue-b', title: '買い物の足' }
		]);
		// the plan is shared by both workshops: the other board loads these rows
		expect((await loadActionGrid(app, (await userByLogin(app, 'facilitator')), other)).ok).toBe(true);
		expect((await app.sync.read(boardDocName(other.id), readActionGrid))?.rows.map((r) => r.id)).toEqual(['issue-a', 'issue-b']);
		// and the first workshop's board keeps its own rows until it loads again
		expect((await app.sync.read(boardDocName(workshop.id), readActionGrid))?.rows.map((r) => r.id)).toEqual(['theme-salon', 'theme-walk']);
		await app.sync.change(planDocName(other.planId), (plan) => plan.getMap('issues').clear());
	});

	it('refuses a bad grid and an editor, changing nothing', async () => {
		const before = await boardState(workshop);
		expect(await fillActionGrid(app, workshop.id, [], ACTOR_PRESETS.me_us)).toEqual({ ok: false, error: 'no_rows' });
		expect(await fillActionGrid(app, workshop.id, [{ id: 'r1', title: 'x'.repeat(10_000) }], ACTOR_PRESETS.me_us)).toEqual({ ok: false, error: 'text_too_long' });
		const editor = { ...(await userByLogin(app, 'facilitator')), role: 'editor' as const };
		expect(await loadActionGrid(app, editor, workshop)).toEqual({ ok: false, error: 'forbidden' });
		expect(await boardState(workshop)).toEqual(before);
	});
});

describe('ideas from phones', () => {
	it('the phone’s view carries the grid; an idea lands in its cell', async () => {
		const { c, participantId } = await phone(workshop);
		expect(c.lastView()?.grid).toMatchObject({ rows: [{ id: 'theme-salon' }, { id: 'theme-walk' }], currentRow: 'theme-salon' });
		expect(c.lastView()?.grid?.columns.map((x) => x.label)).toEqual(ACTOR_PRESETS.four_help.map((x) => x.label));
		const id = `idea-${randomId(10)}`;
		expect(await c.request({ op: 'note.add', id, text: '帰り道に声をかけ合う', kind: 'action', cell: { row: 'theme-walk', column: 'mutual' } })).toEqual({ id, ok: true });
		const note = await app.sync.read(boardDocName(workshop.id), (doc) => getNote(doc, id));
		expect(note).toMatchObject({ text: '帰り道に声をかけ合う', kind: 'action', authorId: participantId, cell: { row: 'theme-walk', column: 'mutual' } });
		await waitFor(() => c.lastView()?.mine.find((n) => n.id === id)?.cell, 5_000, 'the idea in the view');
	});

	const refused: [string, Record<string, unknown>, string][] = [
		['an unknown row', { cell: { row: 'theme-gone', column: 'self' } }, 'cell_not_found'],
		['an unknown column', { cell: { row: 'theme-walk', column: 'city' } }, 'cell_not_found'],
		['a theme without votes (not a row)', { cell: { row: 'theme-none', column: 'self' } }, 'cell_not_found'],
		['another workshop’s row', { cell: { row: 'issue-a', column: 'self' } }, 'cell_not_found'],
		['2,001 characters (over the wire bound)', { text: 'a'.repeat(2001), cell: { row: 'theme-walk', column: 'self' } }, 'bad_message'],
		['141 characters', { text: 'あ'.repeat(141), cell: { row: 'theme-walk', column: 'self' } }, 'text_too_long'],
		['a prototype name as the row', { cell: { row: '__proto__', column: 'self' } }, 'bad_message'],
		['a cell without a column', { cell: { row: 'theme-walk' } }, 'bad_message'],
		['extra keys in the cell', { cell: { row: 'theme-walk', column: 'self', x: 1 } }, 'bad_message']
	];
	for (const [what, patch, error] of refused) {
		it(`refuses an idea with ${what} (${error}) and stores nothing`, async () => {
			const { c } = await phone(workshop);
			const before = await boardState(workshop);
			const id = `idea-${randomId(10)}`;
			const op = { op: 'note.add', id, text: '見守りの当番を決める', kind: 'action', ...patch } as Parameters<WireClient['request']>[0];
			expect(await c.request(op)).toEqual({ id, ok: false, error });
			expect(await boardState(workshop)).toEqual(before);
			expect(c.closeEvent).toBeNull();
		});
	}

	it('an idea of 10,000 characters: the socket refuses the frame (1009), the phone form’s schema refuses it, nothing is stored', async () => {
		const op = { op: 'note.add', id: `idea-${randomId(10)}`, text: 'あ'.repeat(10_000), kind: 'action', cell: { row: 'theme-walk', column: 'self' } } as const;
		// the phone's page without script posts through the same schema (routes/p/[workshopId] `note`)
		expect(ParticipantOpSchema.safeParse(op).success).toBe(false);
		const { c } = await phone(workshop);
		const before = await boardState(workshop);
		c.sendOp(op);
		await waitFor(() => c.closeEvent, 5_000, 'the socket closed');
		expect(c.closeEvent?.code).toBe(CloseCode.MessageTooBig);
		expect(await boardState(workshop)).toEqual(before);
		// and a new phone still posts
		const next = await phone(workshop);
		const id = `idea-${randomId(10)}`;
		expect(await next.c.request({ op: 'note.add', id, text: '短いアイデア', kind: 'action', cell: { row: 'theme-walk', column: 'self' } })).toEqual({ id, ok: true });
	});

	it('a phone of another workshop cannot reach this grid: its own board refuses the cell, and this board refuses its socket', async () => {
		const { c } = await phone(other);
		const before = await boardState(other);
		const id = `idea-${randomId(10)}`;
		// this workshop's row on the other board (whose rows are the plan's issues): unknown there
		expect(await c.request({ op: 'note.add', id, text: 'サロンを週2回に', kind: 'action', cell: { row: 'theme-salon', column: 'self' } })).toEqual({ id, ok: false, error: 'cell_not_found' });
		expect(await boardState(other)).toEqual(before);
		// its device cookie opens nothing of this workshop
		const me = (await joinParticipant(app, other.id, null));
		expect((await refusedUpgrade(server.port, { workshopId: workshop.id, as: 'participant', cookie: me.cookie })).status).toBe(401);
		const notes = await app.sync.read(boardDocName(workshop.id), readNotes);
		expect(notes.some((n) => n.text === 'サロンを週2回に')).toBe(false);
	});
});

describe('a grid of another plan', () => {
	it('a phone cannot post into the grid of a workshop of a different plan: its board refuses that plan’s cells, the other board refuses its socket, nothing changes', async () => {
		// a workshop of another plan (another district), in the step 取り組みを考える with its own rows
		const far = (await otherDistrictWorkshop(app)).workshop;
		expect(far.planId).not.toBe(workshop.planId);
		await app.sync.change(boardDocName(far.id), (doc) => setMeta(doc, { step: 'actions' }));
		expect((await fillActionGrid(app, far.id, [{ id: 'far-row', title: '別の計画の重点' }], ACTOR_PRESETS.four_help)).ok).toBe(true);
		const farBefore = await boardState(far);
		const hereBefore = await boardState(workshop);

		// a phone of this workshop aims its idea at the other plan's row: refused as an unknown cell
		const { c } = await phone(workshop);
		const id = `idea-${randomId(10)}`;
		expect(await c.request({ op: 'note.add', id, text: '別の計画へのアイデア', kind: 'action', cell: { row: 'far-row', column: 'self' } })).toEqual({ id, ok: false, error: 'cell_not_found' });
		// and its device cookie opens no socket on the other plan's workshop
		const me = await joinParticipant(app, workshop.id, null);
		expect((await refusedUpgrade(server.port, { workshopId: far.id, as: 'participant', cookie: me.cookie })).status).toBe(401);

		expect(await boardState(far)).toEqual(farBefore);
		expect(await boardState(workshop)).toEqual(hereBefore);
		expect((await app.sync.read(boardDocName(far.id), readNotes)).some((n) => n.text === '別の計画へのアイデア')).toBe(false);
		expect(await app.sync.read(planDocName(far.planId), readActions)).toEqual([]);
	});
});

describe('promoting an idea', () => {
	it('makes a full action of the plan (its 課題, the council’s column), shown on the actions page and in the plan’s facts; a retry makes no second action', async () => {
		const { c } = await phone(workshop);
		const id = `idea-${randomId(10)}`;
		expect((await c.request({ op: 'note.add', id, text: 'サロンの送迎を近所で', kind: 'action', cell: { row: 'theme-salon', column: 'community' } })).ok).toBe(true);
		const facilitator = (await userByLogin(app, 'facilitator'));
		const r = await promoteNote(app, facilitator, workshop, id);
		if (!r.ok) throw new Error(r.error);
		const again = await promoteNote(app, facilitator, workshop, id);
		expect(again).toEqual(r);
		// the mark on the idea lost (a crash between the two writes): promoting again finds the same action
		await app.sync.change(boardDocName(workshop.id), (doc) => doc.getMap<Y.Map<unknown>>('notes').get(id)!.delete('action'));
		expect(await promoteNote(app, facilitator, workshop, id)).toEqual(r);

		// the grid's rows were the board's themes: the plan's issues were gathered, and the theme's issue is 重点
		const plan = (await planRecord(app, workshop.planId))!;
		const page = await app.sync.read(planDocName(plan.id), (doc) => ({ actions: readActions(doc), issues: issueRefs(doc), all: issueViews(doc) }));
		const salon = page.all.find((i) => i.sources.some((s) => s.workshopId === workshop.id && s.themeId === 'theme-salon'))!;
		expect(salon).toMatchObject({ title: '集まれる場所', priority: true });
		expect(page.all.find((i) => i.title === '夜道の安全')?.priority).toBe(false);
		expect(page.issues).toEqual([{ id: salon.id, title: '集まれる場所' }]);
		const made = page.actions.filter((a) => a.id === r.value.actionId);
		expect(made).toEqual([
			{
				id: r.value.actionId,
				title: 'サロンの送迎を近所で',
				description: '',
				issueId: salon.id,
				column: 'community',
				responsible: '',
				schedule: {},
				indicator: null,
				goalId: '',
				order: expect.any(Number),
				createdAt: expect.any(Number),
				createdBy: facilitator.id
			}
		]);
		expect(page.actions).toHaveLength(1);
		// a full action: the actions page's rules accept it as it is, and list it under its theme and column
		const settings = await settingsFor(app, plan);
		const ctx = actionContext(plan, settings, page.issues);
		const { id: _id, order: _o, createdAt: _c, createdBy: _b, ...fields } = made[0]!;
		expect(checkActionFields(fields, ctx)).toEqual({ ok: true, value: fields });
		expect(groupActions(page.actions, page.issues.map((i) => i.id), ctx.columns)).toEqual([{ issueId: salon.id, cells: [{ column: 'community', actions: made }] }]);
		// the plan page counts it for its priority issue, without 担い手 yet
		expect((await readPlanState(app, (await app.plans.get(plan.id))!)).facts.actions).toEqual({ perPriorityIssue: [{ title: '集まれる場所', actions: 1 }], withoutResponsible: 1 });
		expect((await app.sync.read(boardDocName(workshop.id), (doc) => getNote(doc, id)))?.actionId).toBe(r.value.actionId);
	});

	it('refuses an idea under a theme no vote ranked, before writing anything', async () => {
		// a plan without priority issues: the grid's rows are the board's themes (named, none ranked)
		const plan = await app.plans.create({ districtId: workshop.districtId, title: '次期計画', period: { start: 2031, end: 2035 } });
		const third = (await app.workshops.createWorkshop({ planId: plan.id, title: '第1回 テーマだけ' })).workshop;
		await app.sync.change(boardDocName(third.id), (doc) => {
			createTheme(doc, { id: 'theme-unvoted', title: '子どもの居場所', x: 0, y: 0, now: 1 });
			setMeta(doc, { step: 'actions' });
		});
		expect((await loadActionGrid(app, (await userByLogin(app, 'facilitator')), third)).ok).toBe(true);
		const { c } = await phone(third);
		const id = `idea-${randomId(10)}`;
		expect(await c.request({ op: 'note.add', id, text: '放課後に集会所を開ける', kind: 'action', cell: { row: 'theme-unvoted', column: 'self' } })).toEqual({ id, ok: true });
		const before = await app.sync.read(planDocName(third.planId), (doc) => Y.encodeStateAsUpdate(doc));
		expect(await promoteNote(app, (await userByLogin(app, 'facilitator')), third, id)).toEqual({ ok: false, error: 'theme_not_gathered' });
		expect(await app.sync.read(planDocName(third.planId), (doc) => Y.encodeStateAsUpdate(doc))).toEqual(before);
		expect((await app.sync.read(boardDocName(third.id), (doc) => getNote(doc, id)))?.actionId).toBeNull();
	});

	it('refuses an idea whose column the council no longer has (unknown_column), writing nothing', async () => {
		const { c } = await phone(workshop);
		const id = `idea-${randomId(10)}`;
		expect((await c.request({ op: 'note.add', id, text: '夜道に灯りを', kind: 'action', cell: { row: 'theme-walk', column: 'public' } })).ok).toBe(true);
		const admin = (await userByLogin(app, 'admin'));
		const settings = (await councilSettings(app).get(workshop.councilId))!;
		await councilSettings(app).save(workshop.councilId, { ...settings, actorPreset: 'me_us', actorColumns: ACTOR_PRESETS.me_us }, { userId: admin.id });
		try {
			const before = await app.sync.read(planDocName(workshop.planId), (doc) => Y.encodeStateAsUpdate(doc));
			expect(await promoteIdea(app, workshop.planId, { text: '夜道に灯りを', rowId: 'theme-walk', columnId: 'public', noteId: id, workshopId: workshop.id }, admin)).toEqual({
				ok: false,
				error: 'unknown_column'
			});
			expect(await app.sync.read(planDocName(workshop.planId), (doc) => Y.encodeStateAsUpdate(doc))).toEqual(before);
			// and the grid loads the council's columns now
			expect((await actionGridSource(app, workshop.planId, workshop.id)).columns.map((x) => x.id)).toEqual(['me', 'us', 'council', 'city']);
		} finally {
			await councilSettings(app).save(workshop.councilId, settings, { userId: admin.id });
		}
	});

	it('refuses an idea in no cell, an unknown note and an editor, and writes no action', async () => {
		const { c } = await phone(workshop);
		const id = `idea-${randomId(10)}`;
		expect((await c.request({ op: 'note.add', id, text: 'まだ欄のないアイデア', kind: 'action' })).ok).toBe(true);
		const plan = () => app.sync.read(planDocName(workshop.planId), (doc) => Y.encodeStateAsUpdate(doc));
		const before = await plan();
		const facilitator = (await userByLogin(app, 'facilitator'));
		expect(await promoteNote(app, facilitator, workshop, id)).toEqual({ ok: false, error: 'not_in_cell' });
		expect(await promoteNote(app, facilitator, workshop, 'no-such-note')).toEqual({ ok: false, error: 'note_not_found' });
		expect(await promoteNote(app, { ...facilitator, role: 'editor' }, workshop, id)).toEqual({ ok: false, error: 'forbidden' });
		expect(await plan()).toEqual(before);
	});
});
