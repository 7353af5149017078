/**
 * Dot voting (シール投票): the facilitator opens a round on themes or notes with N dots per person;
 * participants place and take back dots within their budget (the server applies these through
 * this module, so budgets hold whatever a phone sends); closing stores the ranking.
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { readNotes } from './board';
import { readThemes, setThemeRanking } from './themes';
import { ballotForStorage, dotCounts, dotsOn, dotsUsed, rankItems, readBallot, withDots, type Tally } from './ballot';
import { isSafeKey } from '../ids';

export { addDots, dotCounts, dotsUsed, type Tally } from './ballot';

export type VoteTarget = 'themes' | 'notes';

export type VoteConfig = {
	roundId: string;
	target: VoteTarget;
	dotsPerPerson: number;
	/** may one person put several dots on the same item */
	allowStacking: boolean;
	/** projector shows bars only after closing */
	hideResults: boolean;
	status: 'open' | 'closed';
	openedAt: number;
	/** table the vote is limited to, or null for the whole workshop */
	tableId: string | null;
	/** the items the vote is limited to (e.g. the themes made for the vision's candidate statements), or null for all */
	itemIds: string[] | null;
};

export type VoteError = 'vote_not_open' | 'item_not_found' | 'budget_exhausted' | 'already_voted_item' | 'bad_config';

export const MAX_DOTS = 10;

export function voteMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('vote');
}

/** Ballots of the current round: participantId -> { itemId: dots } (replaced as a whole per change). */
export function ballotsMap(doc: Y.Doc): Y.Map<Record<string, number>> {
	return doc.getMap('ballots');
}

export function readVoteConfig(doc: Y.Doc): VoteConfig | null {
	const c = voteMap(doc).get('config');
	if (typeof c !== 'object' || c === null) return null;
	const v = c as Partial<VoteConfig>;
	if (typeof v.roundId !== 'string' || (v.target !== 'themes' && v.target !== 'notes') || typeof v.dotsPerPerson !== 'number') return null;
	return {
		roundId: v.roundId,
		target: v.target,
		dotsPerPerson: v.dotsPerPerson,
		allowStacking: v.allowStacking === true,
		hideResults: v.hideResults === true,
		status: v.status === 'closed' ? 'closed' : 'open',
		openedAt: typeof v.openedAt === 'number' ? v.openedAt : 0,
		tableId: typeof v.tableId === 'string' ? v.tableId : null,
		itemIds: Array.isArray(v.itemIds) ? v.itemIds.filter((id): id is string => typeof id === 'string' && isSafeKey(id)) : null
	};
}

/** The items one can vote on in this round: visible themes or visible notes (of the table, if limited). */
export function voteItems(doc: Y.Doc, config: VoteConfig): { id: string; label: string }[] {
	const only = config.itemIds ? new Set(config.itemIds) : null;
	const onTable = (tableId: string, id: string) => (config.tableId === null || tableId === config.tableId) && (only === null || only.has(id));
	if (config.target === 'themes') return readThemes(doc).filter((t) => onTable(t.tableId, t.id)).map((t) => ({ id: t.id, label: t.title }));
	return readNotes(doc)
		.filter((n) => !n.hidden && onTable(n.tableId, n.id))
		.map((n) => ({ id: n.id, label: n.text }));
}

export function openVote(
	doc: Y.Doc,
	input: {
		roundId: string;
		target: VoteTarget;
		dotsPerPerson: number;
		allowStacking: boolean;
		hideResults: boolean;
		tableId?: string | null;
		itemIds?: string[] | null;
		now: number;
	}
): Result<VoteConfig, VoteError> {
	if (!Number.isInteger(input.dotsPerPerson) || input.dotsPerPerson < 1 || input.dotsPerPerson > MAX_DOTS) return err('bad_config');
	if (input.itemIds && (input.itemIds.length === 0 || !input.itemIds.every(isSafeKey))) return err('bad_config');
	const config: VoteConfig = {
		roundId: input.roundId,
		target: input.target,
		dotsPerPerson: input.dotsPerPerson,
		allowStacking: input.allowStacking,
		hideResults: input.hideResults,
		status: 'open',
		openedAt: input.now,
		tableId: input.tableId ?? null,
		itemIds: input.itemIds ? [...input.itemIds] : null
	};
	doc.transact(() => {
		const ballots = ballotsMap(doc);
		for (const k of [...ballots.keys()]) ballots.delete(k);
		voteMap(doc).set('config', config);
	});
	return ok(config);
}

/** A participant's dots per item; only whole positive counts under safe item ids are taken from the document. */
export function ballotOf(doc: Y.Doc, participantId: string): Record<string, number> {
	return readBallot(ballotsMap(doc).get(participantId));
}

/**
 * Set how many dots this participant has on one item (0 takes them back). An absolute count,
 * not an increment, so that a retried operation cannot spend a dot twice.
 */
export function setVote(
	doc: Y.Doc,
	participantId: string,
	itemId: string,
	dots: number,
	/** the voter's table and the round the phone saw: a vote for another table or round is refused */
	context: { tableId?: string; roundId?: string } = {}
): Result<{ dotsLeft: number }, VoteError> {
	const config = readVoteConfig(doc);
	if (!config || config.status !== 'open') return err('vote_not_open');
	if (context.roundId !== undefined && context.roundId !== config.roundId) return err('vote_not_open');
	if (config.tableId !== null && context.tableId !== undefined && context.tableId !== config.tableId) return err('item_not_found');
	if (!Number.isInteger(dots) || dots < 0) return err('bad_config');
	if (!isSafeKey(itemId)) return err('item_not_found');
	const ballot = ballotOf(doc, participantId);
	if (dots > 0 && !voteItems(doc, config).some((i) => i.id === itemId)) return err('item_not_found');
	if (dots === 0 && dotsOn(ballot, itemId) === 0) return ok({ dotsLeft: config.dotsPerPerson - dotsUsed(ballot) });
	if (dots > 1 && !config.allowStacking) return err('already_voted_item');
	const others = dotsUsed(ballot) - dotsOn(ballot, itemId);
	if (others + dots > config.dotsPerPerson) return err('budget_exhausted');
	const next = withDots(ballot, itemId, dots);
	ballotsMap(doc).set(participantId, ballotForStorage(next));
	return ok({ dotsLeft: config.dotsPerPerson - dotsUsed(next) });
}

/**
 * The projector's copy of the board holds the dots per item (itemId -> dots) instead of anyone's
 * ballot, and holds none while the results are hidden (see projectorMirror.ts).
 */
export function tallyMap(doc: Y.Doc): Y.Map<number> {
	return doc.getMap('tally');
}

/** Whether the projector shows the counts: after closing, or all along unless hidden until closing. */
export function resultsShown(config: VoteConfig | null): boolean {
	return config !== null && (config.status === 'closed' || !config.hideResults);
}

/** Dots per item, highest first; ties keep the items' board order. Items with no dots are included. */
export function tally(doc: Y.Doc, config: VoteConfig): Tally[] {
	return rankItems(
		voteItems(doc, config).map((i) => i.id),
		dotCounts(ballotsMap(doc).values())
	);
}

/** Close the round; a vote on themes stores the ranking as the themes' priority. */
export function closeVote(doc: Y.Doc): Result<Tally[], VoteError> {
	const config = readVoteConfig(doc);
	if (!config || config.status !== 'open') return err('vote_not_open');
	const result = tally(doc, config);
	doc.transact(() => {
		voteMap(doc).set('config', { ...config, status: 'closed' });
		if (config.target === 'themes') setThemeRanking(doc, result.map((r) => ({ id: r.itemId, votes: r.votes })), config.tableId, config.itemIds);
	});
	return ok(result);
}
