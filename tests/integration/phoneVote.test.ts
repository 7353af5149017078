/**
 * Dot voting as phones do it, through real sockets: the server opens a round on themes (as the
 * facilitator's controls will), two participants place and take back dots with absolute
 * `vote.set` counts computed by the phone's own model (src/lib/client/phoneModel.ts), budgets hold
 * (over budget is refused with budget_exhausted), and each phone's view and the table's shared view
 * carry the dots left and the counts.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import { createTheme } from '../../src/lib/domain/board/themes';
import { closeVote, openVote } from '../../src/lib/domain/board/voting';
import { addTable, renameTable } from '../../src/lib/domain/board/tables';
import { randomId } from '../../src/lib/domain/ids';
import { MessageType, type ParticipantOp, type ParticipantView, type SharedView } from '../../src/lib/protocol/messages';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { nextDots, optimisticBallot, dotsLeft, rankResults } from '../../src/lib/client/phoneModel';
import { connect, demoWorkshop, joinParticipant, startTestServer, waitFor, type TestServer, type WireClient } from '../helpers/testServer';

let server: TestServer;
let workshop: Workshop;
let docName: string;
const sockets: WireClient[] = [];

beforeEach(async () => {
	server = await startTestServer();
	workshop = await demoWorkshop(server.app);
	docName = boardDocName(workshop.id);
});

afterEach(async () => {
	for (const c of sockets.splice(0)) await c.close();
	await server.close();
});

const THEMES = [
	{ id: 'theme-walk', title: '夜道の安全' },
	{ id: 'theme-salon', title: 'サロンの場所' },
	{ id: 'theme-watch', title: '見守りの担い手' }
];

function setUpThemesAndVote(doc: Y.Doc, vote: { roundId: string; dotsPerPerson: number; allowStacking: boolean; hideResults: boolean; tableId?: string | null }): void {
	for (const [i, t] of THEMES.entries()) {
		if (doc.getMap('themes').has(t.id)) continue;
		const r = createTheme(doc, { id: t.id, title: t.title, x: 100 * i, y: 0, now: 1_700_000_000_000 + i });
		if (!r.ok) throw new Error(r.error);
	}
	const r = openVote(doc, { ...vote, target: 'themes', now: Date.now() });
	if (!r.ok) throw new Error(r.error);
}

/** The shared (table) views a socket received; the helper's decoder leaves type 105 unparsed. */
function sharedViews(c: WireClient): SharedView[] {
	return c.frames
		.filter((f) => f.type === MessageType.Shared)
		.map((f) => JSON.parse(decoding.readVarString(decoding.createDecoder(f.body))) as SharedView);
}

async function phone(nickname: string): Promise<WireClient> {
	const me = await joinParticipant(server.app, workshop.id, nickname);
	const c = await connect(server.port, { workshopId: workshop.id, as: 'participant', cookie: me.cookie });
	sockets.push(c);
	await waitFor(() => c.lastView(), 5_000, 'the first view');
	return c;
}

const viewWhere = (c: WireClient, pred: (v: ParticipantView) => boolean, what = 'a matching view') => waitFor(() => c.views().findLast(pred), 5_000, what);
const sharedWhere = (c: WireClient, pred: (s: SharedView) => boolean, what = 'a matching shared view') =>
	waitFor(() => sharedViews(c).findLast(pred), 5_000, what);
const countsOf = (s: SharedView) => Object.fromEntries((s.voteItems ?? []).map((i) => [i.id, i.votes]));

/** A tap on + or − as the phone makes it: the absolute count from the phone's own model. */
function tap(c: WireClient, itemId: string, delta: 1 | -1, queued: ParticipantOp[] = []): ParticipantOp {
	const vote = c.lastView()?.vote;
	if (!vote) throw new Error('no vote in the view');
	const ballot = optimisticBallot(vote, queued);
	const dots = nextDots(vote, ballot, itemId, delta);
	if (dots === null) throw new Error(`the phone would not send this tap (${itemId} ${delta})`);
	return { op: 'vote.set', id: `v-${randomId(12)}`, itemId, dots };
}

describe('dot voting from phones', () => {
	it('places dots within the budget, refuses over budget, and shows dots left and counts', async () => {
		const alice = await phone('alice');
		const bob = await phone('bob');
		await server.app.sync.change(docName, (doc) => setUpThemesAndVote(doc, { roundId: 'r1', dotsPerPerson: 2, allowStacking: false, hideResults: false }));

		const v0 = await viewWhere(alice, (v) => v.vote?.status === 'open', 'the open vote');
		expect(v0.vote).toEqual({ roundId: 'r1', target: 'themes', status: 'open', dotsPerPerson: 2, allowStacking: false, ballot: {}, dotsLeft: 2 });
		const s0 = await sharedWhere(alice, (s) => s.voteItems !== null, 'vote items');
		expect(s0.voteItems).toEqual(THEMES.map((t) => ({ id: t.id, label: t.title, votes: 0 })));

		// Alice taps + twice quickly: the second count comes from the optimistic ballot (first still queued).
		const first = tap(alice, 'theme-walk', 1);
		const second = tap(alice, 'theme-salon', 1, [first]);
		expect(second).toMatchObject({ itemId: 'theme-salon', dots: 1 });
		expect(dotsLeft(v0.vote!, optimisticBallot(v0.vote, [first, second]))).toBe(0);
		alice.sendOp(first);
		expect(await alice.request(second)).toEqual({ id: second.id, ok: true });
		const v1 = await viewWhere(alice, (v) => v.vote?.dotsLeft === 0, 'no dots left');
		expect(v1.vote?.ballot).toEqual({ 'theme-walk': 1, 'theme-salon': 1 });
		expect(alice.replies().find((r) => r.id === first.id)).toEqual({ id: first.id, ok: true });

		// Over budget: the phone would not send it, but a phone that does is refused by the server.
		const vote1 = v1.vote!;
		expect(nextDots(vote1, vote1.ballot, 'theme-watch', 1)).toBeNull();
		const over = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'theme-watch', dots: 1 } as const;
		expect(await alice.request(over)).toEqual({ id: over.id, ok: false, error: 'budget_exhausted' });
		// Without stacking, a second dot on the same item is refused too.
		const stack = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'theme-walk', dots: 2 } as const;
		expect(await alice.request(stack)).toEqual({ id: stack.id, ok: false, error: 'already_voted_item' });
		// A retried absolute count spends nothing twice.
		expect(await alice.request({ ...first, id: `v-${randomId(12)}` })).toMatchObject({ ok: true });
		expect(alice.lastView()?.vote).toMatchObject({ dotsLeft: 0, ballot: { 'theme-walk': 1, 'theme-salon': 1 } });

		// Bob votes too; both phones see the same counts.
		const b = tap(bob, 'theme-walk', 1);
		expect(await bob.request(b)).toMatchObject({ ok: true });
		await viewWhere(bob, (v) => v.vote?.dotsLeft === 1, 'bob has one dot left');
		for (const c of [alice, bob]) {
			const s = await sharedWhere(c, (x) => x.voteItems?.[0]?.votes === 2, 'counts with bob');
			expect(countsOf(s)).toEqual({ 'theme-walk': 2, 'theme-salon': 1, 'theme-watch': 0 });
		}

		// Alice takes a dot back with − and places it elsewhere.
		const back = tap(alice, 'theme-salon', -1);
		expect(back).toMatchObject({ itemId: 'theme-salon', dots: 0 });
		expect(await alice.request(back)).toMatchObject({ ok: true });
		await viewWhere(alice, (v) => v.vote?.dotsLeft === 1, 'a dot back');
		expect(await alice.request(tap(alice, 'theme-watch', 1))).toMatchObject({ ok: true });
		const v2 = await viewWhere(alice, (v) => v.vote?.ballot['theme-watch'] === 1, 'dot moved');
		expect(v2.vote).toMatchObject({ dotsLeft: 0, ballot: { 'theme-walk': 1, 'theme-watch': 1 } });
		const s2 = await sharedWhere(bob, (x) => countsOf(x)['theme-watch'] === 1, 'moved dot in the counts');
		expect(countsOf(s2)).toEqual({ 'theme-walk': 2, 'theme-salon': 0, 'theme-watch': 1 });

		// Closing: counts stay, the ranking is what the phone shows, and later taps are refused.
		await server.app.sync.change(docName, (doc) => closeVote(doc));
		await viewWhere(bob, (v) => v.vote?.status === 'closed', 'the closed vote');
		const closed = await sharedWhere(bob, (x) => x.voteItems !== null && countsOf(x)['theme-walk'] === 2);
		expect(rankResults(closed.voteItems).map((r) => [r.label, r.votes, r.rank])).toEqual([
			['夜道の安全', 2, 1],
			['見守りの担い手', 1, 2],
			['サロンの場所', 0, 3]
		]);
		const late = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'theme-salon', dots: 1 } as const;
		expect(await bob.request(late)).toEqual({ id: late.id, ok: false, error: 'vote_not_open' });
	});

	it('with stacking: several dots on one item up to the budget; hidden counts until closing', async () => {
		const alice = await phone('alice');
		const bob = await phone('bob');
		await server.app.sync.change(docName, (doc) => setUpThemesAndVote(doc, { roundId: 'r2', dotsPerPerson: 3, allowStacking: true, hideResults: true }));
		await viewWhere(alice, (v) => v.vote?.roundId === 'r2', 'round 2');
		const hidden = await sharedWhere(alice, (s) => s.voteItems !== null, 'vote items');
		expect(hidden.voteItems?.every((i) => i.votes === null)).toBe(true);

		const queued: ParticipantOp[] = [];
		for (let i = 0; i < 3; i++) queued.push(tap(alice, 'theme-salon', 1, queued));
		expect(queued.map((o) => (o.op === 'vote.set' ? o.dots : -1))).toEqual([1, 2, 3]);
		for (const op of queued) alice.sendOp(op);
		await viewWhere(alice, (v) => v.vote?.ballot['theme-salon'] === 3, 'three dots stacked');
		expect(alice.lastView()?.vote?.dotsLeft).toBe(0);
		// Views go out at the commit, acknowledgements after the fsync: the replies may follow the view.
		await waitFor(() => queued.every((op) => alice.replies().some((r) => r.id === op.id && r.ok)), 5_000, 'the three acknowledgements');

		const over = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'theme-salon', dots: 4 } as const;
		expect(await alice.request(over)).toEqual({ id: over.id, ok: false, error: 'budget_exhausted' });
		const elsewhere = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'theme-walk', dots: 1 } as const;
		expect(await alice.request(elsewhere)).toEqual({ id: elsewhere.id, ok: false, error: 'budget_exhausted' });
		expect(await bob.request(tap(bob, 'theme-walk', 1))).toMatchObject({ ok: true });
		await viewWhere(bob, (v) => v.vote?.dotsLeft === 2);
		// still hidden while open
		expect(sharedViews(bob).at(-1)?.voteItems?.every((i) => i.votes === null)).toBe(true);

		await server.app.sync.change(docName, (doc) => closeVote(doc));
		const shown = await sharedWhere(alice, (s) => s.voteItems?.some((i) => i.votes !== null) ?? false, 'counts after closing');
		expect(countsOf(shown)).toEqual({ 'theme-walk': 1, 'theme-salon': 3, 'theme-watch': 0 });

		// A new round starts everyone's ballot afresh.
		await server.app.sync.change(docName, (doc) => setUpThemesAndVote(doc, { roundId: 'r3', dotsPerPerson: 1, allowStacking: false, hideResults: false }));
		const fresh = await viewWhere(alice, (v) => v.vote?.roundId === 'r3', 'round 3');
		expect(fresh.vote).toMatchObject({ status: 'open', ballot: {}, dotsLeft: 1 });
	});

	it('a vote limited to one table: phones at another table are shown no items', async () => {
		const alice = await phone('alice');
		const bob = await phone('bob');
		await server.app.sync.change(docName, (doc) => {
			// as the facilitator's screen does: name the implicit main table before adding a second one
			// (addTable alone drops 'main' from the list; a known bug noted in tables.test.ts)
			renameTable(doc, 'main', '北のテーブル');
			const r = addTable(doc, 'table-b', '南のテーブル');
			if (!r.ok) throw new Error(r.error);
			setUpThemesAndVote(doc, { roundId: 'r4', dotsPerPerson: 2, allowStacking: false, hideResults: false, tableId: 'main' });
		});
		await viewWhere(bob, (v) => v.tables.length === 2 && v.vote?.roundId === 'r4', 'two tables and the vote');
		const nowhere = { op: 'table.choose', id: `t-${randomId(12)}`, tableId: 'no-such-table' } as const;
		expect(await bob.request(nowhere)).toEqual({ id: nowhere.id, ok: false, error: 'table_not_found' });
		const move = { op: 'table.choose', id: `t-${randomId(12)}`, tableId: 'table-b' } as const;
		expect(await bob.request(move)).toEqual({ id: move.id, ok: true });
		await viewWhere(bob, (v) => v.table === 'table-b', 'bob at table b');
		await sharedWhere(bob, (s) => s.voteItems === null, 'no vote items at table b');
		await sharedWhere(alice, (s) => (s.voteItems?.length ?? 0) === 3, 'vote items at the main table');

		// the phone at the main table votes as usual
		expect(await alice.request(tap(alice, 'theme-walk', 1))).toMatchObject({ ok: true });
		await viewWhere(alice, (v) => v.vote?.dotsLeft === 1);
		// an item that is not in the round at all is refused
		const unknown = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'no-such-theme', dots: 1 } as const;
		expect(await alice.request(unknown)).toEqual({ id: unknown.id, ok: false, error: 'item_not_found' });
	});

	// Regression: a round limited to one table used to accept crafted dots from another table.
	it('refuses a dot from a phone at another table than the round', async () => {
		const bob = await phone('bob');
		await server.app.sync.change(docName, (doc) => {
			renameTable(doc, 'main', '北のテーブル');
			addTable(doc, 'table-b', '南のテーブル');
			setUpThemesAndVote(doc, { roundId: 'r5', dotsPerPerson: 2, allowStacking: false, hideResults: false, tableId: 'main' });
		});
		await viewWhere(bob, (v) => v.vote?.roundId === 'r5', 'the vote');
		expect(await bob.request({ op: 'table.choose', id: `t-${randomId(12)}`, tableId: 'table-b' })).toMatchObject({ ok: true });
		await viewWhere(bob, (v) => v.table === 'table-b', 'bob at table b');
		const outside = { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'theme-walk', dots: 1 } as const;
		expect((await bob.request(outside)).ok).toBe(false);
	});
});
