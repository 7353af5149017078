/**
 * Issue 15, items 1, 2 and 10, over real sockets: a phone that uses names every JavaScript object
 * already has (`constructor`, `toString`, …) as note or item ids cannot close the workshop for
 * everyone nor spend more dots than the budget; a lone surrogate is refused instead of being
 * acknowledged and stored as U+FFFD. Also: an operation that fails inside the server's rules is
 * refused to that one phone and never closes anybody else's socket (tests/integration/opFailure.test.ts).
 */
import { describe, it, expect } from 'vitest';
import type * as Y from 'yjs';
import { addNote, getNote, readNotes } from '../../src/lib/domain/board/board';
import { ballotOf, openVote } from '../../src/lib/domain/board/voting';
import { randomId } from '../../src/lib/domain/ids';
import type { OpReply, ParticipantOp } from '../../src/lib/protocol/messages';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { joinParticipant, socketSuite, staffCookie, waitFor, type WireClient } from '../helpers/testServer';

const suite = socketSuite();

const PROTOTYPE_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'valueOf', 'propertyIsEnumerable', 'toLocaleString'];

type Hall = { workshop: Workshop; docName: string; staff: WireClient; projector: WireClient; alice: WireClient; aliceId: string; bob: WireClient };

/** A fresh workshop with a facilitator, a projector and two phones connected. */
async function hall(): Promise<Hall> {
	const { workshop, displayToken } = await suite.app.workshops.createWorkshop({ planId: suite.planId, title: `prototype ids ${randomId(6)}` });
	const docName = boardDocName(workshop.id);
	const staff = await suite.connect({ workshopId: workshop.id, as: 'staff', cookie: await staffCookie(suite.app) });
	const projector = await suite.connect({ workshopId: workshop.id, as: 'display', displayToken });
	const a = await joinParticipant(suite.app, workshop.id, 'alice');
	const alice = await suite.connect({ workshopId: workshop.id, as: 'participant', cookie: a.cookie });
	const bob = await suite.connect({ workshopId: workshop.id, as: 'participant', cookie: (await joinParticipant(suite.app, workshop.id, 'bob')).cookie });
	await waitFor(async () => alice.lastView() && bob.lastView(), 5_000, 'both phones\u2019 first views');
	return { workshop, docName, staff, projector, alice, aliceId: a.participant.id, bob };
}

/** Notes whose ids a phone may not choose, as a staff laptop of an earlier build could still write them. */
async function staffNotes(h: Hall, ids: string[]): Promise<void> {
	await suite.app.sync.change(h.docName, (doc: Y.Doc) => {
		for (const id of ids) {
			const r = addNote(doc, { id, text: `付箋 ${id}`, kind: 'concern', authorId: 'staff-1', authorRole: 'staff', nickname: null, now: Date.now() });
			if (!r.ok) throw new Error(r.error);
		}
	});
}

async function openNotesVote(h: Hall, dotsPerPerson: number, allowStacking: boolean): Promise<void> {
	await suite.app.sync.change(h.docName, (doc: Y.Doc) => {
		const r = openVote(doc, { roundId: `r-${randomId(6)}`, target: 'notes', dotsPerPerson, allowStacking, hideResults: false, now: Date.now() });
		if (!r.ok) throw new Error(r.error);
	});
	await waitFor(async () => h.alice.lastView()?.vote?.status === 'open', 5_000, 'the open vote on the phone');
}

/** Nobody of the workshop was disconnected, and the room still takes a note and a vote from another phone. */
async function expectWorkshopCarriesOn(h: Hall, votableNote: string): Promise<void> {
	for (const c of [h.staff, h.projector, h.alice, h.bob]) expect(c.closeEvent).toBeNull();
	expect(suite.app.sync.rooms.get(h.docName)?.destroyed).toBe(false);
	const id = `n-${randomId(12)}`;
	expect(await h.bob.request({ op: 'note.add', id, text: 'まだ書けます', kind: 'concern' })).toEqual({ id, ok: true });
	const vote = `v-${randomId(12)}`;
	expect(await h.bob.request({ op: 'vote.set', id: vote, itemId: votableNote, dots: 1 })).toEqual({ id: vote, ok: true });
	for (const c of [h.staff, h.projector, h.alice, h.bob]) expect(c.closeEvent).toBeNull();
}

const request = (c: WireClient, op: ParticipantOp): Promise<OpReply> => c.request(op);

describe('names every object has, as ids (issue 15, items 1 and 2)', () => {
	it('refuses them as note ids from a phone with bad_message, and stores nothing', async () => {
		const h = await hall();
		for (const name of PROTOTYPE_NAMES) {
			expect(await request(h.alice, { op: 'note.add', id: name, text: 'こんにちは', kind: 'concern' })).toEqual({ id: name, ok: false, error: 'bad_message' });
		}
		expect(readNotes((await suite.app.sync.room(h.docName)).doc)).toEqual([]);
	});

	it('a vote on a note called "constructor" is refused to that phone; laptops, projector and phones stay connected', async () => {
		const h = await hall();
		await staffNotes(h, ['constructor', 'note-real-1', 'note-real-2']);
		await openNotesVote(h, 3, false);
		const id = `v-${randomId(12)}`;
		expect(await request(h.alice, { op: 'vote.set', id, itemId: 'constructor', dots: 1 })).toEqual({ id, ok: false, error: 'bad_message' });
		// and once more, as the attack repeated it
		const again = `v-${randomId(12)}`;
		expect(await request(h.alice, { op: 'vote.set', id: again, itemId: 'constructor', dots: 1 })).toEqual({ id: again, ok: false, error: 'bad_message' });
		await expectWorkshopCarriesOn(h, 'note-real-1');
		expect({ ...ballotOf((await suite.app.sync.room(h.docName)).doc, h.aliceId) }).toEqual({});
	});

	for (const name of ['toString', 'hasOwnProperty', 'isPrototypeOf']) {
		it(`a phone cannot get past its budget with a note called "${name}" (3 dots, no stacking, then a stacking round)`, async () => {
			const h = await hall();
			const real = ['note-real-1', 'note-real-2', 'note-real-3', 'note-real-4'];
			await staffNotes(h, [name, ...real]);
			await openNotesVote(h, 3, false);
			const answers: OpReply[] = [];
			for (const itemId of [name, ...real]) answers.push(await request(h.alice, { op: 'vote.set', id: `v-${randomId(12)}`, itemId, dots: 1 }));
			expect(answers.map((a) => (a.ok ? 'ok' : a.error))).toEqual(['bad_message', 'ok', 'ok', 'ok', 'budget_exhausted']);
			const doc = (await suite.app.sync.room(h.docName)).doc;
			expect(Object.values(ballotOf(doc, h.aliceId)).reduce((a, b) => a + b, 0)).toBe(3);

			await openNotesVote(h, 3, true);
			const stacked = await request(h.alice, { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'note-real-1', dots: 10 });
			expect(stacked).toMatchObject({ ok: false, error: 'budget_exhausted' });
			expect(await request(h.alice, { op: 'vote.set', id: `v-${randomId(12)}`, itemId: name, dots: 3 })).toMatchObject({ ok: false, error: 'bad_message' });
			expect(await request(h.alice, { op: 'vote.set', id: `v-${randomId(12)}`, itemId: 'note-real-1', dots: 3 })).toMatchObject({ ok: true });
			expect({ ...ballotOf(doc, h.aliceId) }).toEqual({ 'note-real-1': 3 });
			await expectWorkshopCarriesOn(h, 'note-real-2');
		});
	}

	it('refuses them as table ids (table.choose) with bad_message', async () => {
		const h = await hall();
		for (const name of PROTOTYPE_NAMES) {
			const id = `t-${randomId(12)}`;
			expect(await request(h.alice, { op: 'table.choose', id, tableId: name })).toEqual({ id, ok: false, error: 'bad_message' });
		}
		for (const c of [h.staff, h.projector, h.alice, h.bob]) expect(c.closeEvent).toBeNull();
	});
});

describe('half of a surrogate pair (issue 15, item 10)', () => {
	for (const [what, text] of [
		['a lone high surrogate', '\ud800'],
		['a lone low surrogate inside text', '見守り\udc00の会'],
		['an emoji cut in half', 'サロン\ud83c']
	] as const) {
		it(`refuses ${what} on add and on edit with text_control_chars, and stores nothing`, async () => {
			const h = await hall();
			const id = `n-${randomId(12)}`;
			expect(await request(h.alice, { op: 'note.add', id, text, kind: 'concern' })).toEqual({ id, ok: false, error: 'text_control_chars' });
			const doc = (await suite.app.sync.room(h.docName)).doc;
			expect(getNote(doc, id)).toBeNull();

			const ok = `n-${randomId(12)}`;
			expect(await request(h.alice, { op: 'note.add', id: ok, text: '元の文', kind: 'concern' })).toEqual({ id: ok, ok: true });
			const edit = `e-${randomId(12)}`;
			expect(await request(h.alice, { op: 'note.edit', id: edit, noteId: ok, text })).toEqual({ id: edit, ok: false, error: 'text_control_chars' });
			expect(getNote(doc, ok)?.text).toBe('元の文');
		});
	}

	it('stores exactly what it acknowledged for a complete pair (an emoji)', async () => {
		const h = await hall();
		const id = `n-${randomId(12)}`;
		expect(await request(h.alice, { op: 'note.add', id, text: '花見🌸', kind: 'concern' })).toEqual({ id, ok: true });
		expect(getNote((await suite.app.sync.room(h.docName)).doc, id)?.text).toBe('花見🌸');
	});
});
