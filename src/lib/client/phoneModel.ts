/**
 * Pure helpers for the phone page: the optimistic dot-voting ballot (the server's ballot overlaid
 * with `vote.set` operations still waiting in the outbox), results, tables, others' notes and the
 * timer display. No Svelte, no Yjs, no `$lib` alias: vitest loads it directly, and it stays tiny in
 * the phone's bundle.
 */
import type { OpErrorCode, ParticipantOp, ParticipantView, SharedView } from '../protocol/messages';
import { formatRemaining, timerRemaining, type Timer } from '../domain/board/controls';
import { dotsOn, dotsUsed, readBallot, withDots, type Ballot } from '../domain/board/ballot';

export { dotsUsed, type Ballot } from '../domain/board/ballot';
export type VoteSetOp = Extract<ParticipantOp, { op: 'vote.set' }>;
export type VoteState = NonNullable<ParticipantView['vote']>;
export type VoteItem = NonNullable<SharedView['voteItems']>[number];

/* ------------------------------------------------------------------ dot voting */

/** The `vote.set` operations among queued operations, in the order they were queued. */
export function voteOps(ops: readonly ParticipantOp[]): VoteSetOp[] {
	return ops.filter((o): o is VoteSetOp => o.op === 'vote.set');
}

/** `base` with each operation applied in order (the latest for an item wins; 0 takes the dots back). */
export function overlayBallot(base: Ballot, ops: readonly Pick<VoteSetOp, 'itemId' | 'dots'>[]): Record<string, number> {
	let out = readBallot(base);
	for (const o of ops) out = withDots(out, o.itemId, o.dots);
	return out;
}

/** What the phone shows as its dots: the server's ballot, then what is still on its way. */
export function optimisticBallot(vote: Pick<VoteState, 'ballot'> | null, ...queues: (readonly ParticipantOp[])[]): Record<string, number> {
	if (!vote) return readBallot(null);
	return overlayBallot(vote.ballot, queues.flatMap((q) => voteOps(q)));
}

export function dotsLeft(vote: Pick<VoteState, 'dotsPerPerson'>, ballot: Ballot): number {
	return Math.max(0, vote.dotsPerPerson - dotsUsed(ballot));
}

/** May one more dot go on `itemId`? Needs a dot left and, without stacking, none there yet. */
export function canAddDot(vote: Pick<VoteState, 'dotsPerPerson' | 'allowStacking' | 'status'>, ballot: Ballot, itemId: string): boolean {
	if (vote.status !== 'open') return false;
	if (dotsLeft(vote, ballot) <= 0) return false;
	return vote.allowStacking || dotsOn(ballot, itemId) === 0;
}

export function canRemoveDot(vote: Pick<VoteState, 'status'>, ballot: Ballot, itemId: string): boolean {
	return vote.status === 'open' && dotsOn(ballot, itemId) > 0;
}

/** The absolute count to send for a tap on + (delta 1) or − (delta −1), or null if the tap does nothing. */
export function nextDots(vote: Pick<VoteState, 'dotsPerPerson' | 'allowStacking' | 'status'>, ballot: Ballot, itemId: string, delta: 1 | -1): number | null {
	const cur = dotsOn(ballot, itemId);
	if (delta === 1) return canAddDot(vote, ballot, itemId) ? cur + 1 : null;
	return canRemoveDot(vote, ballot, itemId) ? cur - 1 : null;
}

/**
 * How many more dots this phone can actually place: without stacking, at most one per item that has
 * none yet. Less than dotsLeft when there are fewer items than dots (3 dots, 2 themes): the phone
 * then says plainly that there is nothing left to vote for instead of showing dots it cannot spend.
 */
export function spendableDots(vote: Pick<VoteState, 'dotsPerPerson' | 'allowStacking' | 'status'>, items: readonly { id: string }[], ballot: Ballot): number {
	if (vote.status !== 'open' || items.length === 0) return 0;
	const left = dotsLeft(vote, ballot);
	if (vote.allowStacking) return left;
	return Math.min(left, items.filter((i) => dotsOn(ballot, i.id) === 0).length);
}

export type VoteRow = { id: string; label: string; votes: number | null; mine: number; canAdd: boolean; canRemove: boolean };

/** One row per item for the open vote, with this phone's (optimistic) dots. */
export function voteRows(vote: VoteState, items: readonly VoteItem[], ballot: Ballot): VoteRow[] {
	return items.map((i) => ({
		id: i.id,
		label: i.label,
		votes: i.votes,
		mine: dotsOn(ballot, i.id),
		canAdd: canAddDot(vote, ballot, i.id),
		canRemove: canRemoveDot(vote, ballot, i.id)
	}));
}

export type ResultRow = { id: string; label: string; votes: number; rank: number; share: number };

/**
 * Items ranked by votes (ties keep the items' order and share a rank), with each item's share of
 * the highest count (0..1) for a bar. Empty when the counts are hidden.
 */
export function rankResults(items: readonly VoteItem[] | null): ResultRow[] {
	if (!items || items.some((i) => i.votes === null)) return [];
	const sorted = items.map((i, order) => ({ ...i, votes: i.votes ?? 0, order })).sort((a, b) => b.votes - a.votes || a.order - b.order);
	const max = sorted[0]?.votes ?? 0;
	let rank = 0;
	let prev = Number.NaN;
	return sorted.map((i, idx) => {
		if (i.votes !== prev) rank = idx + 1;
		prev = i.votes;
		return { id: i.id, label: i.label, votes: i.votes, rank, share: max > 0 ? i.votes / max : 0 };
	});
}

/**
 * Operations that left the outbox between two of its states (answered by the server, either way).
 * The phone keeps acknowledged votes on screen until the next view shows them: the server answers
 * before it sends the refreshed view.
 */
export function leftOutbox<T extends { id: string }>(before: readonly T[], after: readonly T[]): T[] {
	const still = new Set(after.map((e) => e.id));
	return before.filter((e) => !still.has(e.id));
}

/* ------------------------------------------------------------------ tables */

export type TableChoice = { id: string; label: string };

/** Tables with a name for each: its own, or "table N" by order when it has none. */
export function tableChoices(tables: ParticipantView['tables'], fallback: (n: number) => string): TableChoice[] {
	return tables.map((t, i) => ({ id: t.id, label: t.name.trim() || fallback(i + 1) }));
}

/** The table this phone is at, counting a choice still on its way (the latest wins). */
export function currentTable(view: Pick<ParticipantView, 'table'>, ops: readonly ParticipantOp[]): { id: string; pending: boolean } {
	let pending: string | null = null;
	for (const o of ops) if (o.op === 'table.choose') pending = o.tableId;
	return pending !== null && pending !== view.table ? { id: pending, pending: true } : { id: view.table, pending: false };
}

/* ------------------------------------------------------------------ notes */

/** Everyone's notes at the table except this phone's own (shown above them), or null when hidden. */
export function othersNotes(shared: SharedView | null, mine: readonly { id: string }[]): NonNullable<SharedView['notes']> | null {
	if (!shared?.notes) return null;
	const own = new Set(mine.map((n) => n.id));
	return shared.notes.filter((n) => !own.has(n.id));
}

/* ------------------------------------------------------------------ timer */

export type TimerDisplay = { text: string; ms: number; paused: boolean; done: boolean };

/** The countdown to show at `now` (server time): never more than the duration, never negative. */
export function timerDisplay(timer: Timer | null, now: number): TimerDisplay | null {
	if (!timer) return null;
	const ms = Math.min(timer.durationMs, timerRemaining(timer, now));
	return { text: formatRemaining(ms), ms, paused: timer.endsAt === null && ms > 0, done: ms <= 0 };
}

/**
 * How far the phone's clock is behind the server's (ms to add to Date.now()). Small differences
 * are the time the page took to load, not a wrong clock, and are ignored.
 */
export function clockOffset(serverNow: number, clientNow: number, tolerance = 3000): number {
	const d = serverNow - clientNow;
	return Number.isFinite(d) && Math.abs(d) > tolerance ? d : 0;
}

/* ------------------------------------------------------------------ errors */

export type ErrorArea = 'vote' | 'table' | 'note' | 'resource';

/** Where the answer to an operation is shown: next to what the person tapped. */
export function opArea(op: Pick<ParticipantOp, 'op'>): ErrorArea {
	return op.op === 'vote.set' ? 'vote' : op.op === 'table.choose' ? 'table' : op.op === 'resource.propose' ? 'resource' : 'note';
}

/** Where an error is shown when the refused operation is not known: by its code. */
export function errorArea(code: OpErrorCode): ErrorArea {
	switch (code) {
		case 'vote_not_open':
		case 'item_not_found':
		case 'budget_exhausted':
		case 'already_voted_item':
			return 'vote';
		case 'table_not_found':
		case 'table_exists':
			return 'table';
		case 'wrong_step':
		case 'bad_category':
		case 'too_many_proposals':
			return 'resource';
		default:
			return 'note';
	}
}
