/**
 * One participant's dots in a vote round (投票), as plain data: item id -> dots. The rules here are
 * shared by the board document's code (voting.ts, on the server) and the phone (phoneModel.ts), so
 * this module imports nothing (no Yjs: it is in the phone's bundle).
 *
 * Item ids come from users. A ballot read from anywhere is a null-prototype object holding only
 * whole positive counts under safe keys, and lookups go through `dotsOn` (own keys only): an item
 * id such as `constructor` or `toString` never reaches Object.prototype, so a count is never a
 * function and a budget sum is never NaN.
 */
import { isSafeKey } from './ids';

export type Ballot = Readonly<Record<string, number>>;

/** A ballot from untrusted data (the document, a JSON view): only own, safe keys with whole positive counts. */
export function readBallot(value: unknown): Record<string, number> {
	const out = Object.create(null) as Record<string, number>;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
	for (const [item, n] of Object.entries(value)) if (isSafeKey(item) && Number.isInteger(n) && (n as number) > 0) out[item] = n as number;
	return out;
}

/** The dots on one item (own keys only). */
export function dotsOn(ballot: Ballot, itemId: string): number {
	return Object.hasOwn(ballot, itemId) ? (ballot[itemId] ?? 0) : 0;
}

/** How many dots the ballot spends. */
export function dotsUsed(ballot: Ballot): number {
	let n = 0;
	for (const v of Object.values(ballot)) if (Number.isInteger(v) && v > 0) n += v;
	return n;
}

/** The ballot with `dots` on `itemId` (0 takes them back), as a new null-prototype object. */
export function withDots(ballot: Ballot, itemId: string, dots: number): Record<string, number> {
	const out = readBallot(ballot);
	const n = Math.max(0, Math.floor(dots));
	if (n === 0 || !isSafeKey(itemId)) delete out[itemId];
	else out[itemId] = n;
	return out;
}

/** The ballot as an ordinary object, for storing in a Y.Map (Yjs stores only plain objects). */
export function ballotForStorage(ballot: Ballot): Record<string, number> {
	return { ...readBallot(ballot) };
}

export type Tally = { itemId: string; votes: number };

/**
 * Add one ballot's dots per item to `counts` (`sign` -1 takes them off again: the projector's copy
 * keeps running counts). Reads the ballot as `readBallot` does. Returns the items it touched.
 */
export function addDots(counts: Map<string, number>, ballot: unknown, sign: 1 | -1 = 1): string[] {
	const touched: string[] = [];
	for (const [item, n] of Object.entries(readBallot(ballot))) {
		const next = (counts.get(item) ?? 0) + sign * n;
		if (next === 0) counts.delete(item);
		else counts.set(item, next);
		touched.push(item);
	}
	return touched;
}

/** Dots per item over all ballots. */
export function dotCounts(ballots: Iterable<unknown>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const ballot of ballots) addDots(counts, ballot);
	return counts;
}

/**
 * The vote result: each item with its dots (`counts`: dotCounts of the ballots, or the projector's
 * tally), most dots first; ties keep the items' order. Items with no dots are included; dots on
 * anything else are not counted.
 */
export function rankItems(itemIds: readonly string[], counts: ReadonlyMap<string, number>): Tally[] {
	return itemIds
		.map((itemId, order) => ({ itemId, votes: counts.get(itemId) ?? 0, order }))
		.sort((a, b) => b.votes - a.votes || a.order - b.order)
		.map(({ itemId, votes }) => ({ itemId, votes }));
}
