import { describe, it, expect } from 'vitest';
import type { ParticipantOp } from '../protocol/messages';
import {
	canAddDot,
	clockOffset,
	currentTable,
	dotsLeft,
	errorArea,
	leftOutbox,
	opArea,
	nextDots,
	optimisticBallot,
	othersNotes,
	overlayBallot,
	rankResults,
	spendableDots,
	tableChoices,
	timerDisplay,
	voteOps,
	voteRows,
	type VoteState
} from './phoneModel';

const vote = (over: Partial<VoteState> = {}): VoteState => ({
	roundId: 'r1',
	target: 'themes',
	status: 'open',
	dotsPerPerson: 3,
	allowStacking: false,
	ballot: {},
	dotsLeft: 3,
	...over
});
const set = (id: string, itemId: string, dots: number): ParticipantOp => ({ op: 'vote.set', id, itemId, dots });

describe('optimistic ballot', () => {
	it('overlays queued vote.set operations on the server ballot, latest wins', () => {
		const v = vote({ ballot: { a: 1, b: 1 } });
		const outbox: ParticipantOp[] = [set('o1', 'c', 1), { op: 'note.add', id: 'n1', text: 'x', kind: 'concern' }, set('o2', 'a', 0), set('o3', 'c', 2), set('o4', 'c', 1)];
		expect(voteOps(outbox).map((o) => o.id)).toEqual(['o1', 'o2', 'o3', 'o4']);
		expect(optimisticBallot(v, outbox)).toEqual({ b: 1, c: 1 });
		// the server's ballot is not changed
		expect(v.ballot).toEqual({ a: 1, b: 1 });
	});

	it('applies several queues in order (acknowledged but not yet in the view, then the outbox)', () => {
		const v = vote({ ballot: {} });
		expect(optimisticBallot(v, [set('a1', 'x', 1)], [set('a2', 'x', 2)])).toEqual({ x: 2 });
		expect(optimisticBallot(v, [set('a1', 'x', 2)], [set('a2', 'x', 0)])).toEqual({});
	});

	it('is empty without a vote and ignores nonsense counts', () => {
		expect(optimisticBallot(null, [set('o1', 'a', 1)])).toEqual({});
		expect(overlayBallot({ a: 2 }, [{ itemId: 'a', dots: -3 }])).toEqual({});
		expect(overlayBallot({}, [{ itemId: 'a', dots: 1.7 }])).toEqual({ a: 1 });
	});
});

describe('dots', () => {
	it('counts dots left against the optimistic ballot', () => {
		const v = vote({ dotsPerPerson: 3, ballot: { a: 1 } });
		const b = optimisticBallot(v, [set('o1', 'b', 1)]);
		expect(dotsLeft(v, b)).toBe(1);
		expect(dotsLeft(v, { a: 5 })).toBe(0);
	});

	it('without stacking: one dot per item; + is disabled when no dots are left', () => {
		const v = vote({ dotsPerPerson: 2, allowStacking: false });
		expect(canAddDot(v, {}, 'a')).toBe(true);
		expect(canAddDot(v, { a: 1 }, 'a')).toBe(false);
		expect(canAddDot(v, { a: 1 }, 'b')).toBe(true);
		expect(canAddDot(v, { a: 1, b: 1 }, 'c')).toBe(false);
		expect(nextDots(v, { a: 1 }, 'a', 1)).toBeNull();
		expect(nextDots(v, { a: 1 }, 'b', 1)).toBe(1);
		expect(nextDots(v, { a: 1 }, 'a', -1)).toBe(0);
		expect(nextDots(v, {}, 'a', -1)).toBeNull();
	});

	it('with stacking: several dots on one item, up to the budget', () => {
		const v = vote({ dotsPerPerson: 3, allowStacking: true });
		expect(nextDots(v, { a: 2 }, 'a', 1)).toBe(3);
		expect(nextDots(v, { a: 3 }, 'a', 1)).toBeNull();
		expect(nextDots(v, { a: 3 }, 'a', -1)).toBe(2);
	});

	it('nothing changes on a closed vote', () => {
		const v = vote({ status: 'closed' });
		expect(nextDots(v, {}, 'a', 1)).toBeNull();
		expect(nextDots(v, { a: 1 }, 'a', -1)).toBeNull();
	});

	it('counts the dots that can still be placed: 3 dots, 2 items, no stacking leaves 1 that nothing can take', () => {
		const items = [{ id: 'a' }, { id: 'b' }];
		const v = vote({ dotsPerPerson: 3, allowStacking: false });
		expect(spendableDots(v, items, {})).toBe(2);
		expect(spendableDots(v, items, { a: 1 })).toBe(1);
		expect(spendableDots(v, items, { a: 1, b: 1 })).toBe(0);
		expect(dotsLeft(v, { a: 1, b: 1 })).toBe(1);
		expect(spendableDots(vote({ dotsPerPerson: 3, allowStacking: true }), items, { a: 1, b: 1 })).toBe(1);
		expect(spendableDots(vote({ status: 'closed' }), items, {})).toBe(0);
		expect(spendableDots(v, [], {})).toBe(0);
	});

	it('builds rows with my dots and what each button may do', () => {
		const v = vote({ dotsPerPerson: 1 });
		const rows = voteRows(v, [{ id: 'a', label: 'A', votes: 4 }, { id: 'b', label: 'B', votes: null }], { a: 1 });
		expect(rows).toEqual([
			{ id: 'a', label: 'A', votes: 4, mine: 1, canAdd: false, canRemove: true },
			{ id: 'b', label: 'B', votes: null, mine: 0, canAdd: false, canRemove: false }
		]);
	});
});

describe('results', () => {
	it('ranks by votes, ties share a rank and keep their order, bars relative to the top', () => {
		const r = rankResults([
			{ id: 'a', label: 'A', votes: 1 },
			{ id: 'b', label: 'B', votes: 4 },
			{ id: 'c', label: 'C', votes: 1 },
			{ id: 'd', label: 'D', votes: 0 }
		]);
		expect(r.map((x) => [x.id, x.rank, x.share])).toEqual([
			['b', 1, 1],
			['a', 2, 0.25],
			['c', 2, 0.25],
			['d', 4, 0]
		]);
	});

	it('is empty when counts are hidden or there are no items', () => {
		expect(rankResults(null)).toEqual([]);
		expect(rankResults([{ id: 'a', label: 'A', votes: null }])).toEqual([]);
		expect(rankResults([{ id: 'a', label: 'A', votes: 0 }])[0]?.share).toBe(0);
	});
});

describe('outbox bookkeeping', () => {
	it('finds operations that left the outbox', () => {
		const a = { id: 'a' };
		const b = { id: 'b' };
		const c = { id: 'c' };
		expect(leftOutbox([a, b], [b, c])).toEqual([a]);
		expect(leftOutbox([], [a])).toEqual([]);
	});
});

describe('tables', () => {
	it('names unnamed tables by their order', () => {
		const names = tableChoices(
			[
				{ id: 'main', name: '' },
				{ id: 't2', name: ' 北のテーブル ' },
				{ id: 't3', name: '' }
			],
			(n) => `テーブル${n}`
		);
		expect(names).toEqual([
			{ id: 'main', label: 'テーブル1' },
			{ id: 't2', label: '北のテーブル' },
			{ id: 't3', label: 'テーブル3' }
		]);
	});

	it('shows a queued choice as pending, the latest one winning', () => {
		expect(currentTable({ table: 'main' }, [])).toEqual({ id: 'main', pending: false });
		const ops: ParticipantOp[] = [
			{ op: 'table.choose', id: 'x1', tableId: 't2' },
			{ op: 'table.choose', id: 'x2', tableId: 't3' }
		];
		expect(currentTable({ table: 'main' }, ops)).toEqual({ id: 't3', pending: true });
		expect(currentTable({ table: 't3' }, ops)).toEqual({ id: 't3', pending: false });
	});
});

describe('others’ notes', () => {
	it('leaves out my own notes and is null when the facilitator does not show them', () => {
		const shared = {
			notes: [
				{ id: 'm1', text: 'mine', kind: 'concern', nickname: null },
				{ id: 'o1', text: 'other', kind: 'strength', nickname: 'はな' }
			],
			voteItems: null
		};
		expect(othersNotes(shared, [{ id: 'm1' }])?.map((n) => n.id)).toEqual(['o1']);
		expect(othersNotes({ notes: null, voteItems: null }, [])).toBeNull();
		expect(othersNotes(null, [])).toBeNull();
	});
});

describe('timer', () => {
	it('counts down a running timer, shows a paused one, and ends at zero', () => {
		const running = { durationMs: 300_000, endsAt: 1_000_000 + 65_000, remainingMs: 300_000 };
		expect(timerDisplay(running, 1_000_000)).toEqual({ text: '1:05', ms: 65_000, paused: false, done: false });
		expect(timerDisplay(running, 1_000_000 + 64_001)?.text).toBe('0:01');
		expect(timerDisplay(running, 1_000_000 + 70_000)).toEqual({ text: '0:00', ms: 0, paused: false, done: true });
		const paused = { durationMs: 300_000, endsAt: null, remainingMs: 125_000 };
		expect(timerDisplay(paused, 0)).toEqual({ text: '2:05', ms: 125_000, paused: true, done: false });
		expect(timerDisplay(null, 0)).toBeNull();
	});

	it('never shows more than the duration (a phone clock that runs behind)', () => {
		const t = { durationMs: 60_000, endsAt: 10_000_000, remainingMs: 60_000 };
		expect(timerDisplay(t, 10_000_000 - 600_000)?.text).toBe('1:00');
	});

	it('corrects only a clearly wrong phone clock', () => {
		expect(clockOffset(100_000, 99_000)).toBe(0);
		expect(clockOffset(100_000, 40_000)).toBe(60_000);
		expect(clockOffset(100_000, 160_000)).toBe(-60_000);
		expect(clockOffset(Number.NaN, 1)).toBe(0);
	});
});

describe('errors', () => {
	it('shows vote and table errors next to those controls, the rest by the note composer', () => {
		expect(errorArea('budget_exhausted')).toBe('vote');
		expect(errorArea('already_voted_item')).toBe('vote');
		expect(errorArea('table_not_found')).toBe('table');
		expect(errorArea('board_locked')).toBe('note');
		expect(errorArea('rate_limited')).toBe('note');
		// when the refused operation is known, its kind decides (a bad_message on a vote shows by the vote)
		expect(opArea({ op: 'vote.set' })).toBe('vote');
		expect(opArea({ op: 'table.choose' })).toBe('table');
		expect(opArea({ op: 'note.delete' })).toBe('note');
	});
});
