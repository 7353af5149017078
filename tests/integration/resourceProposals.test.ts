/**
 * Phones proposing resources in step 地区を知る (op `resource.propose`) over real sockets: the good
 * path up to the district's inventory, and bad input (unknown category, a 10,000-character text, an
 * operation aimed at another workshop, the wrong step, too many open proposals): each refused with its
 * error, nothing stored. Also who may fetch the support map's picture.
 */
import { describe, it, expect } from 'vitest';
import { setMeta } from '../../src/lib/domain/board/board';
import { readProposals, PROPOSAL_LIMITS } from '../../src/lib/domain/board/proposals';
import { randomId } from '../../src/lib/domain/ids';
import { CloseCode, type ParticipantOp } from '../../src/lib/protocol/messages';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { acceptProposal, rejectProposal } from '../../src/lib/server/know/proposalDecisions';
import { mapViewer } from '../../src/lib/server/know/mapAccess';
import { joinParticipant, refusedUpgrade, socketSuite, userByLogin, waitFor } from '../helpers/testServer';
import { councilSettings } from '../../src/lib/server/councilSettings';
import { checkCouncilSettings } from '../../src/lib/domain/council/validate';
import { categoriesFor } from '../../src/lib/server/resourceCategories';
import { syncCouncilBoardCategories } from '../../src/lib/server/know/boardCategories';

const suite = socketSuite();

async function knowBoard(step: 'know' | 'issues' = 'know'): Promise<Workshop> {
	const { workshop } = (await suite.app.workshops.createWorkshop({ planId: suite.planId, title: `know ${randomId(6)}` }));
	await suite.app.sync.change(boardDocName(workshop.id), (doc) => setMeta(doc, { step }));
	return workshop;
}

async function phone(w: Workshop) {
	const me = (await joinParticipant(suite.app, w.id, null));
	const c = await suite.connect({ workshopId: w.id, as: 'participant', cookie: me.cookie });
	await waitFor(() => c.lastView(), 5_000, 'the first view');
	return { c, me };
}

const propose = (o: Partial<Extract<ParticipantOp, { op: 'resource.propose' }>> = {}): ParticipantOp => ({
	op: 'resource.propose',
	id: `r-${randomId(12)}`,
	category: 'salon',
	name: 'ひだまりサロン',
	place: '第二集会所',
	what: '',
	...o
});

const proposalsOf = async (w: Workshop) => await suite.app.sync.read(boardDocName(w.id), (doc) => readProposals(doc));

describe('resource.propose', () => {
	it('a phone proposes; it shows in its view; a facilitator accepts it once into the inventory', async () => {
		const w = await knowBoard();
		const { c } = await phone(w);
		const first = await waitFor(() => c.lastView()?.know, 5_000, 'the know part of the view');
		expect(first.categories.map((x) => x.id)).toContain('salon');
		const op = propose();
		expect(await c.request(op)).toEqual({ id: op.id, ok: true });
		// a retry of the same operation succeeds again without a second proposal
		expect(await c.request(op)).toEqual({ id: op.id, ok: true });
		const view = await waitFor(() => c.views().findLast((v) => v.know?.mine.length === 1), 5_000, 'the proposal in the view');
		expect(view.know?.mine[0]).toMatchObject({ id: op.id, name: 'ひだまりサロン', status: 'open' });

		const before = (await suite.app.resources.list(w.districtId)).length;
		const facilitator = (await userByLogin(suite.app, 'facilitator'));
		const r1 = await acceptProposal(suite.app, facilitator, w, op.id);
		const r2 = await acceptProposal(suite.app, facilitator, w, op.id);
		expect(r1.ok && r2.ok && r1.value.resourceId === r2.value.resourceId).toBe(true);
		const after = await suite.app.resources.list(w.districtId);
		expect(after).toHaveLength(before + 1);
		expect(after.find((r) => r.name === 'ひだまりサロン' && r.source === 'workshop')).toBeTruthy();
		await waitFor(() => c.views().findLast((v) => v.know?.mine[0]?.status === 'accepted'), 5_000, 'accepted in the view');
		// a rejected one cannot be accepted afterwards
		const op2 = propose({ name: '朝市' });
		expect(await c.request(op2)).toEqual({ id: op2.id, ok: true });
		expect((await rejectProposal(suite.app, facilitator, w, op2.id)).ok).toBe(true);
		expect(await acceptProposal(suite.app, facilitator, w, op2.id)).toEqual({ ok: false, error: 'proposal_rejected' });
		expect(await suite.app.resources.list(w.districtId)).toHaveLength(before + 1);
	});

	it('a custom category saved in the council settings reaches the know form and the phone; an unknown one is refused', async () => {
		const w = await knowBoard();
		// a phone is already in the workshop when the admin adds the category
		const { c } = await phone(w);
		const first = await waitFor(() => c.lastView()?.know, 5_000, 'the know part of the view');
		expect(first.categories.map((x) => x.label)).not.toContain('配食・会食');

		// what the council settings' save action does: store, then copy the categories to the open boards
		const store = councilSettings(suite.app);
		const before = (await store.get(w.councilId))!;
		const checked = checkCouncilSettings({ ...before, resourceCategories: [...before.resourceCategories, { label: '配食・会食' }] });
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		const admin = await userByLogin(suite.app, 'admin');
		await store.save(w.councilId, checked.value, { userId: admin.id });
		expect(await syncCouncilBoardCategories(suite.app, admin)).toBeGreaterThanOrEqual(1);
		expect(await syncCouncilBoardCategories(suite.app, admin)).toBe(0);
		const custom = checked.value.resourceCategories.find((x) => x.label === '配食・会食')!;
		// the know page's form reads the council's categories
		expect((await categoriesFor(w.councilId)).map((x) => x.label)).toContain('配食・会食');
		await waitFor(() => c.views().findLast((v) => v.know?.categories.some((x) => x.id === custom.id && x.label === '配食・会食')), 5_000, 'the new category on the phone');

		const op = propose({ category: custom.id, name: '火曜の会食会' });
		expect(await c.request(op)).toEqual({ id: op.id, ok: true });
		const view = await waitFor(() => c.views().findLast((v) => v.know?.mine.some((p) => p.id === op.id)), 5_000, 'the proposal in the view');
		expect(view.know?.mine.find((p) => p.id === op.id)).toMatchObject({ name: '火曜の会食会', category: custom.id, status: 'open' });
		expect((await proposalsOf(w)).find((p) => p.id === op.id)?.category).toBe(custom.id);

		const unknown = propose({ category: 'nosuchcategory', name: '謎の集まり' });
		expect(await c.request(unknown)).toEqual({ id: unknown.id, ok: false, error: 'bad_category' });
		expect((await proposalsOf(w)).map((p) => p.name)).toEqual(['火曜の会食会']);

		// accepted, it lands in the district's list under the custom category
		const facilitator = await userByLogin(suite.app, 'facilitator');
		const accepted = await acceptProposal(suite.app, facilitator, w, op.id);
		expect(accepted.ok).toBe(true);
		expect((await suite.app.resources.list(w.districtId)).find((r) => r.name === '火曜の会食会')?.category).toBe(custom.id);
	});

	it('an editor cannot accept (editors only read live boards)', async () => {
		const w = await knowBoard();
		const { c } = await phone(w);
		const op = propose();
		expect(await c.request(op)).toEqual({ id: op.id, ok: true });
		const editor = await suite.app.staff.createUser({ councilId: w.councilId, login: `ed.${randomId(6)}`, name: '委員', role: 'editor', password: 'editor-password-2026' });
		await suite.app.staff.assignDistrict(editor.id, w.districtId);
		const before = (await suite.app.resources.list(w.districtId)).length;
		expect(await acceptProposal(suite.app, editor, w, op.id)).toEqual({ ok: false, error: 'forbidden' });
		expect(await suite.app.resources.list(w.districtId)).toHaveLength(before);
		expect((await proposalsOf(w))[0]?.status).toBe('open');
	});

	it('refuses an unknown category, over-long texts, extra fields and prototype names; nothing stored', async () => {
		const w = await knowBoard();
		const { c } = await phone(w);
		const bad: [ParticipantOp, string][] = [
			[propose({ category: 'casino' }), 'bad_category'],
			[propose({ name: 'あ'.repeat(2_001) }), 'bad_message'],
			[propose({ what: 'い'.repeat(2_500) }), 'bad_message'],
			[propose({ what: 'い'.repeat(201) }), 'text_too_long'],
			[propose({ name: 'あ'.repeat(61) }), 'text_too_long'],
			[propose({ name: '   ' }), 'text_empty'],
			[propose({ category: '__proto__' }), 'bad_message'],
			[{ ...propose(), workshopId: 'someother123' } as unknown as ParticipantOp, 'bad_message']
		];
		for (const [op, error] of bad) expect(await c.request(op)).toEqual({ id: op.id, ok: false, error });
		expect(await proposalsOf(w)).toEqual([]);
		expect(c.closeEvent).toBeNull();
	});

	it('a 10,000-character text is stopped at the frame cap: the socket is closed, nothing stored', async () => {
		const w = await knowBoard();
		const { c } = await phone(w);
		c.sendOp(propose({ what: 'あ'.repeat(10_000) }));
		await waitFor(() => c.closeEvent, 10_000, 'the socket to be closed');
		expect(c.closeEvent?.code).toBe(CloseCode.MessageTooBig);
		expect(await proposalsOf(w)).toEqual([]);
	});

	it('an operation aimed at another workshop is refused at the door; that board is unchanged', async () => {
		const a = await knowBoard();
		const b = await knowBoard();
		const { me } = await phone(a);
		// A's device cookie on B's document: not a participant of B
		expect((await refusedUpgrade(suite.server.port, { workshopId: b.id, as: 'participant', cookie: me.cookie })).status).toBe(401);
		expect(await proposalsOf(b)).toEqual([]);
	});

	it('is refused outside step 地区を知る, and after too many open proposals', async () => {
		const issues = await knowBoard('issues');
		const { c } = await phone(issues);
		const op = propose();
		expect(await c.request(op)).toEqual({ id: op.id, ok: false, error: 'wrong_step' });
		expect(c.lastView()?.know).toBeUndefined();

		const w = await knowBoard();
		const { c: c2 } = await phone(w);
		for (let i = 0; i < PROPOSAL_LIMITS.openPerParticipant; i++) {
			const ok = propose({ name: `資源${i}` });
			expect(await c2.request(ok)).toEqual({ id: ok.id, ok: true });
		}
		const over = propose({ name: 'もう一つ' });
		expect(await c2.request(over)).toEqual({ id: over.id, ok: false, error: 'too_many_proposals' });
		expect(await proposalsOf(w)).toHaveLength(PROPOSAL_LIMITS.openPerParticipant);
	});
});

describe('who may fetch the support map', () => {
	it('staff of the district; the projector and phones of an open workshop only in step 地区を知る', async () => {
		const w = await knowBoard('issues');
		const me = (await joinParticipant(suite.app, w.id, null));
		const token = (await suite.app.workshops.displayToken(w.id))!;
		const as = (o: Partial<Parameters<typeof mapViewer>[2]>) => mapViewer(suite.app, w.districtId, { user: null, workshopId: null, displayToken: null, deviceToken: undefined, ...o });
		expect(await as({ user: (await userByLogin(suite.app, 'facilitator')) })).toBe('staff');
		expect(await as({ workshopId: w.id, deviceToken: me.deviceToken })).toBeNull();
		expect(await as({ workshopId: w.id, displayToken: token })).toBeNull();
		await suite.app.sync.change(boardDocName(w.id), (doc) => setMeta(doc, { step: 'know' }));
		expect(await as({ workshopId: w.id, deviceToken: me.deviceToken })).toBe('participant');
		expect(await as({ workshopId: w.id, displayToken: token })).toBe('display');
		expect(await as({ workshopId: w.id, displayToken: 'x'.repeat(32) })).toBeNull();
		expect(await as({ workshopId: w.id })).toBeNull();
		// a district the workshop is not in
		const other = (await suite.app.workshops.createDistrict(w.councilId, 'よその地区'));
		expect(await mapViewer(suite.app, other, { user: null, workshopId: w.id, displayToken: null, deviceToken: me.deviceToken })).toBeNull();
	});
});
