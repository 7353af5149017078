import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import { addNote, initBoard, setNoteHidden, type AddNoteInput } from './board';
import { createTheme, getTheme, readThemes, setThemeRanking } from './themes';
import {
	ballotOf,
	ballotsMap,
	closeVote,
	dotsUsed,
	openVote,
	readVoteConfig,
	setVote,
	tally,
	voteItems,
	voteMap,
	MAX_DOTS,
	type VoteConfig,
	type VoteTarget
} from './voting';

const ALICE = 'participant-alice';
const BOB = 'participant-bob';
const CAROL = 'participant-carol';

function freshBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}

let seq = 0;
function note(doc: Y.Doc, id: string, patch: Partial<AddNoteInput> = {}): void {
	seq++;
	const r = addNote(doc, {
		id,
		text: `付箋 ${id}`,
		kind: 'concern',
		authorId: ALICE,
		authorRole: 'participant',
		nickname: null,
		now: 1_000 + seq,
		...patch
	});
	if (!r.ok) throw new Error(`could not add note ${id}: ${r.error}`);
}

function theme(doc: Y.Doc, id: string, now: number, tableId?: string): void {
	const r = createTheme(doc, { id, title: `題 ${id}`, tableId, x: 0, y: 0, now });
	if (!r.ok) throw new Error(`could not create theme ${id}: ${r.error}`);
}

type OpenInput = Parameters<typeof openVote>[1];
function open(doc: Y.Doc, patch: Partial<OpenInput> = {}): VoteConfig {
	const r = openVote(doc, {
		roundId: 'round-1',
		target: 'themes',
		dotsPerPerson: 3,
		allowStacking: false,
		hideResults: false,
		now: 5_000,
		...patch
	});
	if (!r.ok) throw new Error(`could not open vote: ${r.error}`);
	return r.value;
}

function config(doc: Y.Doc): VoteConfig {
	const c = readVoteConfig(doc);
	if (!c) throw new Error('no vote config');
	return c;
}

/** A board with four themes (created in order t1..t4) and four notes (n1..n4). */
function board(): Y.Doc {
	const doc = freshBoard();
	theme(doc, 'theme-t1', 100);
	theme(doc, 'theme-t2', 200);
	theme(doc, 'theme-t3', 300);
	theme(doc, 'theme-t4', 400);
	note(doc, 'note-n1');
	note(doc, 'note-n2');
	note(doc, 'note-n3');
	note(doc, 'note-n4');
	return doc;
}

describe('a vote limited to some items (itemIds)', () => {
	it('offers only those themes, refuses dots on others, and ranks only them when closed', () => {
		const doc = board();
		for (const id of ['t-issue', 't-v1', 't-v2']) createTheme(doc, { id, title: id, x: 0, y: 0, now: 1 });
		setThemeRanking(doc, [{ id: 't-issue', votes: 7 }]);
		expect(openVote(doc, { roundId: 'r1', target: 'themes', dotsPerPerson: 2, allowStacking: false, hideResults: false, itemIds: [], now: 2 })).toEqual({ ok: false, error: 'bad_config' });
		expect(openVote(doc, { roundId: 'r1', target: 'themes', dotsPerPerson: 2, allowStacking: false, hideResults: false, itemIds: ['t-v1', 't-v2'], now: 2 }).ok).toBe(true);
		expect(voteItems(doc, readVoteConfig(doc)!).map((i) => i.id)).toEqual(['t-v1', 't-v2']);
		expect(setVote(doc, 'p1', 't-issue', 1)).toEqual({ ok: false, error: 'item_not_found' });
		expect(setVote(doc, 'p1', 't-v2', 1).ok).toBe(true);
		expect(closeVote(doc).ok).toBe(true);
		expect(getTheme(doc, 't-v2')?.priority).toBe(1);
		expect(getTheme(doc, 't-v1')?.priority).toBe(2);
		// the issue theme keeps the ranking of its own vote
		expect(getTheme(doc, 't-issue')).toMatchObject({ priority: 1, votes: 7 });
	});
});

describe('openVote', () => {
	it('stores and returns the config of an open round', () => {
		const doc = board();
		const r = openVote(doc, { roundId: 'round-x', target: 'notes', dotsPerPerson: 5, allowStacking: true, hideResults: true, now: 1234 });
		const expected: VoteConfig = {
			roundId: 'round-x',
			target: 'notes',
			dotsPerPerson: 5,
			allowStacking: true,
			hideResults: true,
			status: 'open',
			openedAt: 1234,
			tableId: null,
			itemIds: null
		};
		expect(r).toEqual({ ok: true, value: expected });
		expect(readVoteConfig(doc)).toEqual(expected);
	});

	it('keeps the table a round is limited to', () => {
		const doc = board();
		expect(open(doc, { tableId: 'east' }).tableId).toBe('east');
		expect(readVoteConfig(doc)?.tableId).toBe('east');
		expect(open(doc, { tableId: null }).tableId).toBeNull();
	});

	it.each([1, 2, MAX_DOTS])('accepts %i dots per person', (dots) => {
		const doc = board();
		expect(openVote(doc, { roundId: 'r', target: 'themes', dotsPerPerson: dots, allowStacking: false, hideResults: false, now: 1 }).ok).toBe(true);
		expect(readVoteConfig(doc)?.dotsPerPerson).toBe(dots);
	});

	it.each([0, -1, MAX_DOTS + 1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d dots per person and stores nothing', (dots) => {
		const doc = board();
		expect(openVote(doc, { roundId: 'r', target: 'themes', dotsPerPerson: dots, allowStacking: false, hideResults: false, now: 1 })).toEqual({
			ok: false,
			error: 'bad_config'
		});
		expect(readVoteConfig(doc)).toBeNull();
	});

	it('does not disturb an open round when the new config is refused', () => {
		const doc = board();
		open(doc, { roundId: 'round-keep' });
		setVote(doc, ALICE, 'theme-t1', 1);
		expect(openVote(doc, { roundId: 'round-bad', target: 'themes', dotsPerPerson: 0, allowStacking: false, hideResults: false, now: 1 }).ok).toBe(false);
		expect(readVoteConfig(doc)?.roundId).toBe('round-keep');
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
	});

	it('clears the ballots of the previous round', () => {
		const doc = board();
		open(doc, { roundId: 'round-1' });
		setVote(doc, ALICE, 'theme-t1', 1);
		setVote(doc, BOB, 'theme-t2', 1);
		closeVote(doc);
		open(doc, { roundId: 'round-2' });
		expect(ballotsMap(doc).size).toBe(0);
		expect(ballotOf(doc, ALICE)).toEqual({});
		expect(tally(doc, config(doc)).every((t) => t.votes === 0)).toBe(true);
		// and the full budget is available again
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 2 } });
	});

	it('clears ballots when reopened while still open, in one update', () => {
		const doc = board();
		open(doc);
		setVote(doc, ALICE, 'theme-t1', 1);
		let updates = 0;
		doc.on('update', () => updates++);
		open(doc, { roundId: 'round-again' });
		expect(updates).toBe(1);
		expect(ballotOf(doc, ALICE)).toEqual({});
	});
});

describe('readVoteConfig', () => {
	it('reads null from an empty document or an unusable config', () => {
		const doc = freshBoard();
		expect(readVoteConfig(doc)).toBeNull();
		voteMap(doc).set('config', 'garbage');
		expect(readVoteConfig(doc)).toBeNull();
		voteMap(doc).set('config', { roundId: 'r', target: 'people', dotsPerPerson: 3 });
		expect(readVoteConfig(doc)).toBeNull();
	});

	it('defaults the optional fields', () => {
		const doc = freshBoard();
		voteMap(doc).set('config', { roundId: 'r', target: 'notes', dotsPerPerson: 2 });
		expect(readVoteConfig(doc)).toEqual({
			roundId: 'r',
			target: 'notes',
			dotsPerPerson: 2,
			allowStacking: false,
			hideResults: false,
			status: 'open',
			openedAt: 0,
			tableId: null,
			itemIds: null
		});
	});
});

describe('voteItems', () => {
	it('lists themes in board order, or the visible notes oldest first', () => {
		const doc = board();
		setNoteHidden(doc, 'note-n2', true);
		expect(voteItems(doc, open(doc, { target: 'themes' })).map((i) => i.id)).toEqual(['theme-t1', 'theme-t2', 'theme-t3', 'theme-t4']);
		const notes = voteItems(doc, open(doc, { target: 'notes' }));
		expect(notes).toEqual([
			{ id: 'note-n1', label: '付箋 note-n1' },
			{ id: 'note-n3', label: '付箋 note-n3' },
			{ id: 'note-n4', label: '付箋 note-n4' }
		]);
	});

	it('lists only the items of the table a round is limited to', () => {
		const doc = board();
		theme(doc, 'theme-east', 500, 'east');
		note(doc, 'note-east', { tableId: 'east' });
		expect(voteItems(doc, open(doc, { target: 'themes', tableId: 'east' })).map((i) => i.id)).toEqual(['theme-east']);
		expect(voteItems(doc, open(doc, { target: 'notes', tableId: 'east' })).map((i) => i.id)).toEqual(['note-east']);
		expect(voteItems(doc, open(doc, { target: 'notes', tableId: 'main' })).map((i) => i.id)).toEqual(['note-n1', 'note-n2', 'note-n3', 'note-n4']);
		expect(voteItems(doc, open(doc, { target: 'notes', tableId: null }))).toHaveLength(5);
	});
});

describe('setVote', () => {
	let doc: Y.Doc;
	beforeEach(() => {
		doc = board();
	});

	it('refuses when no vote was ever opened', () => {
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: false, error: 'vote_not_open' });
		expect(ballotsMap(doc).size).toBe(0);
	});

	it('places dots and reports the dots left', () => {
		open(doc, { dotsPerPerson: 3 });
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 2 } });
		expect(setVote(doc, ALICE, 'theme-t3', 1)).toEqual({ ok: true, value: { dotsLeft: 1 } });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1, 'theme-t3': 1 });
		expect(dotsUsed(ballotOf(doc, ALICE))).toBe(2);
		// another participant has a budget of their own
		expect(setVote(doc, BOB, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 2 } });
	});

	it('sets an absolute count, so that a retried operation does not spend twice', () => {
		open(doc, { dotsPerPerson: 2 });
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 1 } });
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 1 } });
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 1 } });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
	});

	it('enforces the budget across items: over budget is refused with no partial change', () => {
		open(doc, { dotsPerPerson: 3 });
		setVote(doc, ALICE, 'theme-t1', 1);
		setVote(doc, ALICE, 'theme-t2', 1);
		setVote(doc, ALICE, 'theme-t3', 1);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(setVote(doc, ALICE, 'theme-t4', 1)).toEqual({ ok: false, error: 'budget_exhausted' });
		expect(updates).toBe(0);
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1, 'theme-t2': 1, 'theme-t3': 1 });
		expect(tally(doc, config(doc)).find((t) => t.itemId === 'theme-t4')?.votes).toBe(0);
	});

	it('takes dots back with 0 and frees the budget for another item', () => {
		open(doc, { dotsPerPerson: 2 });
		setVote(doc, ALICE, 'theme-t1', 1);
		setVote(doc, ALICE, 'theme-t2', 1);
		expect(setVote(doc, ALICE, 'theme-t1', 0)).toEqual({ ok: true, value: { dotsLeft: 1 } });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t2': 1 });
		expect(setVote(doc, ALICE, 'theme-t4', 1)).toEqual({ ok: true, value: { dotsLeft: 0 } });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t2': 1, 'theme-t4': 1 });
	});

	it('accepts 0 on an item without dots, or an unknown item, as a no-op', () => {
		open(doc, { dotsPerPerson: 3 });
		setVote(doc, ALICE, 'theme-t1', 1);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(setVote(doc, ALICE, 'theme-t2', 0)).toEqual({ ok: true, value: { dotsLeft: 2 } });
		expect(setVote(doc, ALICE, 'no-such-item', 0)).toEqual({ ok: true, value: { dotsLeft: 2 } });
		expect(setVote(doc, BOB, 'theme-t1', 0)).toEqual({ ok: true, value: { dotsLeft: 3 } });
		expect(updates).toBe(0);
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
		expect(ballotsMap(doc).has(BOB)).toBe(false);
	});

	it("refuses several dots on one item when stacking is off ('already_voted_item')", () => {
		open(doc, { dotsPerPerson: 3, allowStacking: false });
		expect(setVote(doc, ALICE, 'theme-t1', 2)).toEqual({ ok: false, error: 'already_voted_item' });
		expect(ballotOf(doc, ALICE)).toEqual({});
		setVote(doc, ALICE, 'theme-t1', 1);
		expect(setVote(doc, ALICE, 'theme-t1', 3)).toEqual({ ok: false, error: 'already_voted_item' });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
	});

	it('lets dots stack on one item when allowed, within the budget', () => {
		open(doc, { dotsPerPerson: 5, allowStacking: true });
		expect(setVote(doc, ALICE, 'theme-t1', 3)).toEqual({ ok: true, value: { dotsLeft: 2 } });
		expect(setVote(doc, ALICE, 'theme-t2', 3)).toEqual({ ok: false, error: 'budget_exhausted' });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 3 });
		expect(setVote(doc, ALICE, 'theme-t2', 2)).toEqual({ ok: true, value: { dotsLeft: 0 } });
		// lowering one item's count makes room, the new count replaces the old one
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: true, value: { dotsLeft: 2 } });
		expect(setVote(doc, ALICE, 'theme-t1', 3)).toEqual({ ok: true, value: { dotsLeft: 0 } });
		expect(setVote(doc, ALICE, 'theme-t1', 4)).toEqual({ ok: false, error: 'budget_exhausted' });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 3, 'theme-t2': 2 });
	});

	it('refuses all the budget plus one on a single item even with stacking', () => {
		open(doc, { dotsPerPerson: 3, allowStacking: true });
		expect(setVote(doc, ALICE, 'theme-t1', 4)).toEqual({ ok: false, error: 'budget_exhausted' });
		expect(setVote(doc, ALICE, 'theme-t1', 3)).toEqual({ ok: true, value: { dotsLeft: 0 } });
	});

	it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a dot count of %d', (dots) => {
		open(doc, { dotsPerPerson: 3, allowStacking: true });
		expect(setVote(doc, ALICE, 'theme-t1', dots)).toEqual({ ok: false, error: 'bad_config' });
		expect(ballotOf(doc, ALICE)).toEqual({});
	});

	it('refuses an item that does not exist', () => {
		open(doc, { target: 'themes' });
		expect(setVote(doc, ALICE, 'no-such-theme', 1)).toEqual({ ok: false, error: 'item_not_found' });
		// a note is not an item of a vote on themes, and the other way round
		expect(setVote(doc, ALICE, 'note-n1', 1)).toEqual({ ok: false, error: 'item_not_found' });
		open(doc, { target: 'notes' });
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: false, error: 'item_not_found' });
		expect(setVote(doc, ALICE, 'note-n1', 1).ok).toBe(true);
	});

	it('refuses a hidden note', () => {
		setNoteHidden(doc, 'note-n2', true);
		open(doc, { target: 'notes' });
		expect(setVote(doc, ALICE, 'note-n2', 1)).toEqual({ ok: false, error: 'item_not_found' });
		expect(ballotOf(doc, ALICE)).toEqual({});
	});

	it("refuses items of other tables when the round is limited to one table", () => {
		theme(doc, 'theme-east', 500, 'east');
		note(doc, 'note-east', { tableId: 'east' });
		open(doc, { target: 'notes', tableId: 'east' });
		expect(setVote(doc, ALICE, 'note-n1', 1)).toEqual({ ok: false, error: 'item_not_found' });
		expect(setVote(doc, ALICE, 'note-east', 1).ok).toBe(true);
		open(doc, { target: 'themes', tableId: 'east' });
		expect(setVote(doc, ALICE, 'theme-t1', 1)).toEqual({ ok: false, error: 'item_not_found' });
		expect(setVote(doc, ALICE, 'theme-east', 1).ok).toBe(true);
	});

	it('lets a participant take back a dot from a note hidden after voting', () => {
		open(doc, { target: 'notes', dotsPerPerson: 2 });
		setVote(doc, ALICE, 'note-n1', 1);
		setNoteHidden(doc, 'note-n1', true);
		expect(setVote(doc, ALICE, 'note-n1', 0)).toEqual({ ok: true, value: { dotsLeft: 2 } });
		expect(ballotOf(doc, ALICE)).toEqual({});
	});

	it('refuses every change once the vote is closed', () => {
		open(doc);
		setVote(doc, ALICE, 'theme-t1', 1);
		closeVote(doc);
		expect(setVote(doc, ALICE, 'theme-t2', 1)).toEqual({ ok: false, error: 'vote_not_open' });
		expect(setVote(doc, ALICE, 'theme-t1', 0)).toEqual({ ok: false, error: 'vote_not_open' });
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
	});

	it('writes only the participant’s own ballot', () => {
		open(doc);
		setVote(doc, ALICE, 'theme-t1', 1);
		setVote(doc, BOB, 'theme-t2', 1);
		setVote(doc, BOB, 'theme-t2', 0);
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
		expect(ballotOf(doc, BOB)).toEqual({});
	});

	it('ballotOf returns a copy that does not change the document', () => {
		open(doc);
		setVote(doc, ALICE, 'theme-t1', 1);
		const copy = ballotOf(doc, ALICE);
		copy['theme-t2'] = 5;
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
	});
});

describe('tally', () => {
	it('orders items by votes, ties by board order, and includes items without votes', () => {
		const doc = board();
		const c = open(doc, { dotsPerPerson: 3 });
		// t3: 3, t2: 1, t4: 1, t1: 0
		setVote(doc, ALICE, 'theme-t3', 1);
		setVote(doc, ALICE, 'theme-t4', 1);
		setVote(doc, BOB, 'theme-t3', 1);
		setVote(doc, BOB, 'theme-t2', 1);
		setVote(doc, CAROL, 'theme-t3', 1);
		expect(tally(doc, c)).toEqual([
			{ itemId: 'theme-t3', votes: 3 },
			{ itemId: 'theme-t2', votes: 1 },
			{ itemId: 'theme-t4', votes: 1 },
			{ itemId: 'theme-t1', votes: 0 }
		]);
	});

	it('lists every item with zero votes, in board order, before anyone votes', () => {
		const doc = board();
		expect(tally(doc, open(doc, { target: 'notes' }))).toEqual([
			{ itemId: 'note-n1', votes: 0 },
			{ itemId: 'note-n2', votes: 0 },
			{ itemId: 'note-n3', votes: 0 },
			{ itemId: 'note-n4', votes: 0 }
		]);
	});

	it('adds stacked dots', () => {
		const doc = board();
		const c = open(doc, { target: 'notes', dotsPerPerson: 5, allowStacking: true });
		setVote(doc, ALICE, 'note-n4', 4);
		setVote(doc, BOB, 'note-n2', 5);
		setVote(doc, CAROL, 'note-n4', 2);
		expect(tally(doc, c).slice(0, 2)).toEqual([
			{ itemId: 'note-n4', votes: 6 },
			{ itemId: 'note-n2', votes: 5 }
		]);
	});

	it('leaves out notes hidden after voting and items of other tables', () => {
		const doc = board();
		note(doc, 'note-east', { tableId: 'east' });
		const c = open(doc, { target: 'notes', tableId: 'main' });
		setVote(doc, ALICE, 'note-n1', 1);
		setVote(doc, BOB, 'note-n3', 1);
		setNoteHidden(doc, 'note-n1', true);
		expect(tally(doc, c)).toEqual([
			{ itemId: 'note-n3', votes: 1 },
			{ itemId: 'note-n2', votes: 0 },
			{ itemId: 'note-n4', votes: 0 }
		]);
	});
});

describe('closeVote', () => {
	it('refuses when no vote is open', () => {
		expect(closeVote(board())).toEqual({ ok: false, error: 'vote_not_open' });
	});

	it('returns the tally, marks the round closed and stores priority 1..n with votes on the themes', () => {
		const doc = board();
		open(doc, { dotsPerPerson: 2 });
		setVote(doc, ALICE, 'theme-t4', 1);
		setVote(doc, ALICE, 'theme-t2', 1);
		setVote(doc, BOB, 'theme-t4', 1);
		const r = closeVote(doc);
		expect(r).toEqual({
			ok: true,
			value: [
				{ itemId: 'theme-t4', votes: 2 },
				{ itemId: 'theme-t2', votes: 1 },
				{ itemId: 'theme-t1', votes: 0 },
				{ itemId: 'theme-t3', votes: 0 }
			]
		});
		expect(readVoteConfig(doc)).toMatchObject({ status: 'closed', roundId: 'round-1' });
		expect(readThemes(doc).map((t) => [t.id, t.priority, t.votes])).toEqual([
			['theme-t4', 1, 2],
			['theme-t2', 2, 1],
			['theme-t1', 3, 0],
			['theme-t3', 4, 0]
		]);
	});

	it('applies as one update', () => {
		const doc = board();
		open(doc);
		setVote(doc, ALICE, 'theme-t2', 1);
		let updates = 0;
		doc.on('update', () => updates++);
		closeVote(doc);
		expect(updates).toBe(1);
	});

	it('refuses a second close and keeps the stored ranking', () => {
		const doc = board();
		open(doc);
		setVote(doc, ALICE, 'theme-t3', 1);
		expect(closeVote(doc).ok).toBe(true);
		const ranked = readThemes(doc);
		expect(closeVote(doc)).toEqual({ ok: false, error: 'vote_not_open' });
		expect(readThemes(doc)).toEqual(ranked);
		expect(readVoteConfig(doc)?.status).toBe('closed');
	});

	it('does not touch the themes when the vote was on notes', () => {
		const doc = board();
		open(doc, { target: 'notes' });
		setVote(doc, ALICE, 'note-n2', 1);
		const r = closeVote(doc);
		expect(r.ok && r.value[0]).toEqual({ itemId: 'note-n2', votes: 1 });
		expect(readThemes(doc).every((t) => t.priority === null && t.votes === null)).toBe(true);
	});

	it('keeps the ballots after closing so that results can be shown', () => {
		const doc = board();
		const c = open(doc);
		setVote(doc, ALICE, 'theme-t1', 1);
		closeVote(doc);
		expect(ballotOf(doc, ALICE)).toEqual({ 'theme-t1': 1 });
		expect(tally(doc, { ...c, status: 'closed' })[0]).toEqual({ itemId: 'theme-t1', votes: 1 });
	});

	it('replaces the ranking of an earlier round on themes', () => {
		const doc = board();
		open(doc, { roundId: 'round-1' });
		setVote(doc, ALICE, 'theme-t1', 1);
		closeVote(doc);
		expect(getTheme(doc, 'theme-t1')).toMatchObject({ priority: 1, votes: 1 });
		open(doc, { roundId: 'round-2' });
		setVote(doc, ALICE, 'theme-t3', 1);
		setVote(doc, BOB, 'theme-t3', 1);
		closeVote(doc);
		expect(getTheme(doc, 'theme-t3')).toMatchObject({ priority: 1, votes: 2 });
		expect(getTheme(doc, 'theme-t1')).toMatchObject({ votes: 0 });
	});

	// Regression test for a bug found by this suite (now fixed).
	it('keeps the ranking of another table when a vote limited to one table closes', () => {
		const doc = freshBoard();
		theme(doc, 'theme-west-1', 1, 'west');
		theme(doc, 'theme-west-2', 2, 'west');
		theme(doc, 'theme-east-1', 3, 'east');
		theme(doc, 'theme-east-2', 4, 'east');
		open(doc, { roundId: 'round-west', tableId: 'west' });
		setVote(doc, ALICE, 'theme-west-2', 1);
		closeVote(doc);
		expect(getTheme(doc, 'theme-west-2')).toMatchObject({ priority: 1, votes: 1 });
		open(doc, { roundId: 'round-east', tableId: 'east' });
		setVote(doc, BOB, 'theme-east-1', 1);
		closeVote(doc);
		expect(getTheme(doc, 'theme-east-1')).toMatchObject({ priority: 1, votes: 1 });
		expect(getTheme(doc, 'theme-west-2')).toMatchObject({ priority: 1, votes: 1 });
		expect(getTheme(doc, 'theme-west-1')).toMatchObject({ priority: 2, votes: 0 });
	});
});

describe('a vote round end to end', () => {
	it.each<VoteTarget>(['themes', 'notes'])('runs a %s round with several participants', (target) => {
		const doc = board();
		const ids = (target === 'themes' ? ['theme-t1', 'theme-t2', 'theme-t3', 'theme-t4'] : ['note-n1', 'note-n2', 'note-n3', 'note-n4']) as [string, string, string, string];
		open(doc, { target, dotsPerPerson: 2 });
		for (const p of [ALICE, BOB, CAROL]) {
			expect(setVote(doc, p, ids[2], 1).ok).toBe(true);
			expect(setVote(doc, p, p === ALICE ? ids[0] : ids[1], 1)).toEqual({ ok: true, value: { dotsLeft: 0 } });
			expect(setVote(doc, p, ids[3], 1)).toEqual({ ok: false, error: 'budget_exhausted' });
		}
		const r = closeVote(doc);
		expect(r.ok && r.value).toEqual([
			{ itemId: ids[2], votes: 3 },
			{ itemId: ids[1], votes: 2 },
			{ itemId: ids[0], votes: 1 },
			{ itemId: ids[3], votes: 0 }
		]);
	});
});

describe('setVote: item ids that are names every object has (issue 15)', () => {
	// addNote does not check ids (the protocol does): a document may hold such notes anyway.
	for (const name of ['constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'valueOf']) {
		it(`refuses dots on a note with the id "${name}", stores nothing, and the budget still holds`, () => {
			const doc = freshBoard();
			note(doc, name);
			note(doc, 'note-ok-1');
			note(doc, 'note-ok-2');
			open(doc, { target: 'notes', dotsPerPerson: 1, allowStacking: false });
			expect(() => setVote(doc, ALICE, name, 1)).not.toThrow();
			expect(setVote(doc, ALICE, name, 1)).toEqual({ ok: false, error: 'item_not_found' });
			expect(setVote(doc, ALICE, 'note-ok-1', 1).ok).toBe(true);
			expect(setVote(doc, ALICE, 'note-ok-2', 1)).toEqual({ ok: false, error: 'budget_exhausted' });
			expect({ ...ballotOf(doc, ALICE) }).toEqual({ 'note-ok-1': 1 });
			expect(dotsUsed(ballotOf(doc, ALICE))).toBe(1);
		});
	}

	it('ignores such keys in a stored ballot (written by an earlier build or a staff laptop)', () => {
		const doc = freshBoard();
		theme(doc, 'theme-t1', 1);
		theme(doc, 'theme-t2', 2);
		open(doc, { dotsPerPerson: 2 });
		ballotsMap(doc).set(ALICE, JSON.parse('{"theme-t1":1,"toString":5}') as Record<string, number>);
		expect({ ...ballotOf(doc, ALICE) }).toEqual({ 'theme-t1': 1 });
		expect(setVote(doc, ALICE, 'theme-t2', 1)).toEqual({ ok: true, value: { dotsLeft: 0 } });
		expect(tally(doc, readVoteConfig(doc)!)).toEqual([
			{ itemId: 'theme-t1', votes: 1 },
			{ itemId: 'theme-t2', votes: 1 }
		]);
	});
});
