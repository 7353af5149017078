/**
 * Resources proposed from phones in the workshop step 地区を知る (地域資源の提案). Stored on the board:
 *   resourceProposals: Y.Map<proposalId, ProposalRecord>   one plain record per proposal (version 1)
 *   resourceCategories: Y.Array<{ id, label }>            the council's categories, written by the server
 *                                                           (absent: the default categories)
 * A phone proposes (typed op `resource.propose`); staff accept it into the district's inventory (the
 * record then names the resource) or reject it. Pure: no IO.
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../result';
import { checkText, normaliseText, type TextError } from '../text';
import { readRecord, type RawRecord, type RecordType } from '../records';
import { DEFAULT_RESOURCE_CATEGORIES, type SettingsItem } from '../council/settings';
import { RESOURCE_LIMITS } from '../plan/resources';
import { readMeta } from './board';
import { readControls } from './controls';

export type ProposalStatus = 'open' | 'accepted' | 'rejected';

export type Proposal = {
	id: string;
	category: string;
	name: string;
	place: string;
	what: string;
	authorId: string;
	nickname: string | null;
	createdAt: number;
	status: ProposalStatus;
	/** the inventory's resource it became (accepted) */
	resourceId: string | null;
};

/** How many proposals one phone may have waiting at once, and on one board in all. */
export const PROPOSAL_LIMITS = { openPerParticipant: 5, perBoard: 300 } as const;

export type ProposalError = TextError | 'wrong_step' | 'input_closed' | 'board_locked' | 'bad_category' | 'too_many_proposals' | 'board_full' | 'note_exists' | 'item_not_found';

export const PROPOSAL_VERSION = 1;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const ProposalRecord: RecordType<Omit<Proposal, 'id'>> = {
	name: 'resourceProposal',
	version: PROPOSAL_VERSION,
	versionOf: (raw) => (typeof raw.v === 'number' ? raw.v : 1),
	migrations: {},
	parse: (r) => ({
		category: str(r.category),
		name: str(r.name),
		place: str(r.place),
		what: str(r.what),
		authorId: str(r.authorId),
		nickname: typeof r.nickname === 'string' && r.nickname !== '' ? r.nickname : null,
		createdAt: typeof r.createdAt === 'number' ? r.createdAt : 0,
		status: r.status === 'accepted' || r.status === 'rejected' ? r.status : 'open',
		resourceId: typeof r.resourceId === 'string' ? r.resourceId : null
	})
};

export function proposalsMap(doc: Y.Doc): Y.Map<RawRecord> {
	return doc.getMap('resourceProposals');
}

function categoriesArray(doc: Y.Doc): Y.Array<SettingsItem> {
	return doc.getArray('resourceCategories');
}

/** The categories phones choose from: the council's, as the server last wrote them, or the defaults. */
export function readProposalCategories(doc: Y.Doc): SettingsItem[] {
	const list = categoriesArray(doc)
		.toArray()
		.filter((c): c is SettingsItem => typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.label === 'string');
	return list.length > 0 ? list : DEFAULT_RESOURCE_CATEGORIES;
}

/** Write the council's categories to the board (only when they differ: no change, no update). */
export function setProposalCategories(doc: Y.Doc, categories: readonly SettingsItem[]): boolean {
	const now = categoriesArray(doc).toArray();
	const same = now.length === categories.length && now.every((c, i) => c?.id === categories[i]!.id && c?.label === categories[i]!.label);
	if (same) return false;
	doc.transact(() => {
		const a = categoriesArray(doc);
		a.delete(0, a.length);
		a.push(categories.map((c) => ({ id: c.id, label: c.label })));
	});
	return true;
}

export function getProposal(doc: Y.Doc, id: string): Proposal | null {
	const raw = proposalsMap(doc).get(id);
	if (typeof raw !== 'object' || raw === null) return null;
	return { id, ...readRecord(ProposalRecord, raw) };
}

/** Every proposal, oldest first. */
export function readProposals(doc: Y.Doc): Proposal[] {
	const out: Proposal[] = [];
	proposalsMap(doc).forEach((raw, id) => {
		if (typeof raw === 'object' && raw !== null) out.push({ id, ...readRecord(ProposalRecord, raw) });
	});
	return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export type ProposeInput = { id: string; category: string; name: string; place: string; what: string; authorId: string; nickname: string | null; now: number };

function optional(raw: string, max: number): { ok: true; text: string } | { ok: false; error: TextError } {
	return normaliseText(raw) === '' ? { ok: true, text: '' } : checkText(raw, max);
}

/** A phone proposes a resource: only in step 地区を知る, with input open, within the limits. */
export function proposeResource(doc: Y.Doc, input: ProposeInput): Result<Proposal, ProposalError> {
	const meta = readMeta(doc);
	if (meta.step !== 'know') return err('wrong_step');
	if (!meta.inputOpen) return err('input_closed');
	if (readControls(doc).locked) return err('board_locked');
	if (!readProposalCategories(doc).some((c) => c.id === input.category)) return err('bad_category');
	const name = checkText(input.name, RESOURCE_LIMITS.name);
	if (!name.ok) return err(name.error);
	const place = optional(input.place, RESOURCE_LIMITS.place);
	if (!place.ok) return err(place.error);
	const what = optional(input.what, RESOURCE_LIMITS.what);
	if (!what.ok) return err(what.error);
	const map = proposalsMap(doc);
	if (map.has(input.id)) return err('note_exists');
	if (map.size >= PROPOSAL_LIMITS.perBoard) return err('board_full');
	const open = readProposals(doc).filter((p) => p.authorId === input.authorId && p.status === 'open').length;
	if (open >= PROPOSAL_LIMITS.openPerParticipant) return err('too_many_proposals');
	const record = {
		v: PROPOSAL_VERSION,
		category: input.category,
		name: name.text,
		place: place.text,
		what: what.text,
		authorId: input.authorId,
		nickname: input.nickname ?? '',
		createdAt: input.now,
		status: 'open'
	};
	map.set(input.id, record);
	return ok(getProposal(doc, input.id)!);
}

/** Staff decide: accepted (into the inventory, as `resourceId`) or rejected. Deciding again changes nothing. */
export function decideProposal(doc: Y.Doc, id: string, decision: { status: 'accepted'; resourceId: string } | { status: 'rejected' }): Result<Proposal, ProposalError> {
	const raw = proposalsMap(doc).get(id);
	const p = getProposal(doc, id);
	if (!p || !raw) return err('item_not_found');
	if (p.status !== 'open') return ok(p);
	proposalsMap(doc).set(id, { ...raw, status: decision.status, ...(decision.status === 'accepted' ? { resourceId: decision.resourceId } : {}) });
	return ok(getProposal(doc, id)!);
}
