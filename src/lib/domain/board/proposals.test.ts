import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, setMeta } from './board';
import { decideProposal, proposeResource, readProposalCategories, readProposals, setProposalCategories, PROPOSAL_LIMITS, type ProposeInput } from './proposals';
import { DEFAULT_RESOURCE_CATEGORIES } from '../council/settings';

function board(step: 'know' | 'issues' = 'know') {
	const doc = new Y.Doc();
	initBoard(doc, { step, inputOpen: true });
	return doc;
}
let n = 0;
const input = (o: Partial<ProposeInput> = {}): ProposeInput => ({ id: `prop${String(++n).padStart(6, '0')}`, category: 'salon', name: '朝のラジオ体操', place: '中央公園', what: '毎朝6時半から', authorId: 'p1', nickname: null, now: n, ...o });

describe('resource proposals', () => {
	it('a phone proposes in step know; staff accept it once, naming the resource', () => {
		const doc = board();
		const r = proposeResource(doc, input({ name: '  ふれあいサロン  ' }));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value).toMatchObject({ name: 'ふれあいサロン', status: 'open', resourceId: null, authorId: 'p1' });
		expect(decideProposal(doc, r.value.id, { status: 'accepted', resourceId: 'res1' })).toMatchObject({ ok: true, value: { status: 'accepted', resourceId: 'res1' } });
		// a second decision changes nothing
		expect(decideProposal(doc, r.value.id, { status: 'rejected' })).toMatchObject({ ok: true, value: { status: 'accepted' } });
		expect(decideProposal(doc, 'missing1', { status: 'rejected' })).toEqual({ ok: false, error: 'item_not_found' });
	});

	it('is refused outside step know, with input closed, for an unknown category, for bad texts', () => {
		expect(proposeResource(board('issues'), input())).toEqual({ ok: false, error: 'wrong_step' });
		const doc = board();
		setMeta(doc, { inputOpen: false });
		expect(proposeResource(doc, input())).toEqual({ ok: false, error: 'input_closed' });
		const open = board();
		expect(proposeResource(open, input({ category: 'casino' }))).toEqual({ ok: false, error: 'bad_category' });
		expect(proposeResource(open, input({ name: ' ' }))).toEqual({ ok: false, error: 'text_empty' });
		expect(proposeResource(open, input({ what: 'あ'.repeat(10_000) }))).toEqual({ ok: false, error: 'text_too_long' });
		expect(proposeResource(open, input({ place: 'a\u0007b' }))).toEqual({ ok: false, error: 'text_control_chars' });
		expect(readProposals(open)).toEqual([]);
	});

	it('limits the open proposals of one phone; decided ones do not count', () => {
		const doc = board();
		const ids: string[] = [];
		for (let i = 0; i < PROPOSAL_LIMITS.openPerParticipant; i++) {
			const r = proposeResource(doc, input());
			if (r.ok) ids.push(r.value.id);
		}
		expect(ids).toHaveLength(PROPOSAL_LIMITS.openPerParticipant);
		expect(proposeResource(doc, input())).toEqual({ ok: false, error: 'too_many_proposals' });
		expect(proposeResource(doc, input({ authorId: 'p2' })).ok).toBe(true);
		decideProposal(doc, ids[0]!, { status: 'rejected' });
		expect(proposeResource(doc, input()).ok).toBe(true);
	});

	it('uses the council categories written on the board, the defaults before', () => {
		const doc = board();
		expect(readProposalCategories(doc)).toEqual(DEFAULT_RESOURCE_CATEGORIES);
		expect(setProposalCategories(doc, [{ id: 'shop', label: 'お店' }])).toBe(true);
		expect(setProposalCategories(doc, [{ id: 'shop', label: 'お店' }])).toBe(false);
		expect(proposeResource(doc, input({ category: 'salon' }))).toEqual({ ok: false, error: 'bad_category' });
		expect(proposeResource(doc, input({ category: 'shop' })).ok).toBe(true);
	});
});
