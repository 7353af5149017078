import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { addNote, editOwnNote, getNote, initBoard, moveNote, notesMap, readMeta, readNotes, setMeta, setNoteHidden, type AddNoteInput } from './board';
import { assignNotes, createTheme, dissolveTheme, readThemes, renameTheme } from './themes';
import { readControls, setControl, setSpotlight, startTimer } from './controls';
import { addTable, chooseTable, readTables, setProjectorTable, tablesMap } from './tables';
import { allKindDefs, kindsMap, setKinds } from './kinds';
import { closeVote, dotCounts, openVote, readVoteConfig, setVote, tally, tallyMap } from './voting';
import { ProjectorMirror, projectNote } from './projectorMirror';
import { markPromoted, moveToCell, readActionGrid, setActionGrid, setCurrentRow } from './actionGrid';
import { ACTOR_PRESETS } from '../council/settings';

const ALICE = 'participant-alice-7f3k';
const BOB = 'participant-bob-9q2m';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}

let clock = 1_000;
function note(doc: Y.Doc, id: string, patch: Partial<AddNoteInput> = {}): void {
	const r = addNote(doc, { id, text: `付箋 ${id}`, kind: 'concern', authorId: ALICE, authorRole: 'participant', nickname: 'さくら', now: clock++, ...patch });
	if (!r.ok) throw new Error(r.error);
}

/** A projector's replica: a Y.Doc fed only the mirror's updates, from its state at the start. */
function replicaOf(mirror: ProjectorMirror): Y.Doc {
	const replica = new Y.Doc();
	Y.applyUpdate(replica, Y.encodeStateAsUpdate(mirror.doc));
	mirror.doc.on('update', (u: Uint8Array) => Y.applyUpdate(replica, u));
	return replica;
}

const bytesContain = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

/** Everything a projector reads of a board, as plain data. */
function projectorReads(doc: Y.Doc) {
	return {
		notes: readNotes(doc),
		themes: readThemes(doc),
		meta: readMeta(doc),
		controls: readControls(doc),
		tables: readTables(doc),
		kinds: [...allKindDefs(doc)],
		vote: readVoteConfig(doc),
		tally: tallyMap(doc).toJSON()
	};
}

/** A seeded pseudo-random integer in [0, n). */
function seeded(seed: number): (n: number) => number {
	return (n: number) => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed % n;
	};
}

/** A better-mixed one (mulberry32): the low bits of the one above repeat with a short period. */
function mulberry(seed: number): (n: number) => number {
	let a = seed >>> 0;
	return (n: number) => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
	};
}

const PEOPLE = [ALICE, BOB, 'participant-carol-1x'];

/**
 * One random change of a workshop: notes added, hidden, moved, edited, deleted; themes; controls;
 * votes; meta. `extra`: also tables and kinds added and deleted.
 */
function randomChange(doc: Y.Doc, rand: (n: number) => number, ids: string[], step: number, people = PEOPLE, extra = false): void {
	const id = ids[rand(Math.max(1, ids.length))];
	const who = people[rand(people.length)]!;
	switch (rand(extra ? 16 : 14)) {
		case 0:
		case 1: {
			const nid = `n${step}`;
			// refused while the input is closed
			const r = addNote(doc, { id: nid, text: `付箋 ${nid}`, kind: 'concern', authorId: who, authorRole: 'participant', nickname: 'さくら', now: clock++, tableId: rand(2) ? 'main' : 'north' });
			if (r.ok) ids.push(nid);
			break;
		}
		case 2:
			if (id) setNoteHidden(doc, id, rand(2) === 0);
			break;
		case 3:
			if (id) moveNote(doc, id, rand(900), rand(900));
			break;
		case 4:
			if (id) editOwnNote(doc, { id, authorId: readNotes(doc).find((n) => n.id === id)?.authorId ?? '', text: `書き直し ${step}` });
			break;
		case 5:
			createTheme(doc, { id: `t${step}`, title: `テーマ${step}`, x: rand(500), y: rand(500), now: clock++, noteIds: id ? [id] : [] });
			break;
		case 6: {
			const themes = readThemes(doc);
			const t = themes[rand(Math.max(1, themes.length))];
			if (t && rand(3) === 0) dissolveTheme(doc, t.id);
			else if (t) renameTheme(doc, t.id, { catchphrase: `一言${step}` });
			if (t && id) assignNotes(doc, [id], t.id);
			break;
		}
		case 7:
			setControl(doc, 'showNames', rand(2) === 0);
			setSpotlight(doc, id ?? null);
			break;
		case 8:
			openVote(doc, { roundId: `r${step}`, target: rand(2) ? 'notes' : 'themes', dotsPerPerson: 3, allowStacking: rand(2) === 0, hideResults: rand(2) === 0, now: clock++ });
			break;
		case 9:
		case 10: {
			const config = readVoteConfig(doc);
			const items = config?.target === 'themes' ? readThemes(doc).map((t) => t.id) : ids;
			const item = items[rand(Math.max(1, items.length))];
			if (item) setVote(doc, who, item, rand(3));
			break;
		}
		case 11:
			closeVote(doc);
			break;
		case 12:
			setMeta(doc, { step: rand(2) ? 'issues' : 'organise', inputOpen: rand(2) === 0 });
			setProjectorTable(doc, rand(2) ? 'all' : 'north');
			break;
		case 13:
			if (id) notesMap(doc).delete(id);
			break;
		// (extra) tables and kinds come and go
		case 14:
			if (rand(2)) addTable(doc, `table${step}`, `卓${step}`);
			else {
				const t = readTables(doc).filter((x) => x.id !== 'main');
				if (t.length) tablesMap(doc).delete(t[rand(t.length)]!.id);
			}
			break;
		case 15:
			if (rand(2)) setKinds(doc, rand(2) ? 'issues' : 'organise', [{ id: `k${step}`, label: `種類${step}`, colour: 'pink' }]);
			else kindsMap(doc).delete([...kindsMap(doc).keys()][0] ?? '');
			break;
	}
}

/** Every map of a projector's copy, as plain data. */
function copyData(doc: Y.Doc): Record<string, unknown> {
	const keys = ['actionGrid', 'controls', 'kinds', 'meta', 'notes', 'tables', 'tally', 'themes', 'vote'];
	return Object.fromEntries(keys.map((k) => [k, doc.getMap(k).toJSON()]));
}

describe('projectNote', () => {
	it('leaves out hidden notes, author ids, and nicknames unless names are shown', () => {
		const doc = board();
		note(doc, 'n1');
		const m = notesMap(doc).get('n1')!;
		expect(projectNote('n1', m, false)).toEqual({ text: '付箋 n1', by: { kind: 'concern', nickname: '', createdAt: clock - 1, tableId: 'main' }, pos: expect.any(Object), themeId: null, cell: null, actionId: null });
		expect(projectNote('n1', m, true)?.by.nickname).toBe('さくら');
		setNoteHidden(doc, 'n1', true);
		expect(projectNote('n1', m, true)).toBeNull();
		expect(projectNote('n1', undefined, true)).toBeNull();
	});

	it('reads a note of the earlier layout (x and y keys) into pos', () => {
		const doc = board();
		const m = new Y.Map<unknown>();
		notesMap(doc).set('old', m);
		for (const [k, v] of Object.entries({ text: '古い付箋', kind: 'concern', authorId: ALICE, createdAt: 5, x: 40, y: 60 })) m.set(k, v);
		expect(projectNote('old', m, false)).toMatchObject({ text: '古い付箋', pos: { x: 40, y: 60 }, by: { kind: 'concern', createdAt: 5, tableId: 'main' } });
	});
});

describe('ProjectorMirror', () => {
	it('carries the action grid, the current row and the ideas in their cells', () => {
		const doc = board();
		setMeta(doc, { step: 'actions' });
		setActionGrid(doc, [{ id: 'watch', title: '見守り' }, { id: 'salon', title: '居場所' }], ACTOR_PRESETS.three_levels);
		addNote(doc, { id: 'idea-0001', text: '声かけ', kind: 'action', authorId: ALICE, authorRole: 'participant', nickname: null, now: clock++, cell: { row: 'watch', column: 'local' } });
		const mirror = new ProjectorMirror(doc);
		expect(readActionGrid(mirror.doc)).toEqual(readActionGrid(doc));
		expect(getNote(mirror.doc, 'idea-0001')?.cell).toEqual({ row: 'watch', column: 'local' });
		// live: the current row, a move and a promotion follow
		setCurrentRow(doc, 'salon');
		moveToCell(doc, 'idea-0001', { row: 'salon', column: 'council' });
		markPromoted(doc, 'idea-0001', 'act-1');
		expect(readActionGrid(mirror.doc)?.currentRow).toBe('salon');
		expect(getNote(mirror.doc, 'idea-0001')).toMatchObject({ cell: { row: 'salon', column: 'council' }, actionId: 'act-1' });
		// and a copy built from a stored one is reconciled
		const again = new ProjectorMirror(doc, { from: Y.encodeStateAsUpdate(mirror.doc) });
		expect(again.changedOnBuild).toBe(false);
		mirror.destroy();
		again.destroy();
	});

	it('holds the visible board and nothing of hidden notes, ballots, seating or participant ids', () => {
		const doc = board();
		note(doc, 'n-shown', { text: '公園のベンチが少ない' });
		note(doc, 'n-hidden', { text: '秘密の苦情 田中さん', authorId: BOB });
		setNoteHidden(doc, 'n-hidden', true);
		addTable(doc, 'north', '北');
		chooseTable(doc, BOB, 'north');
		setKinds(doc, 'issues', [{ id: 'worry', label: '心配', colour: 'pink' }]);
		createTheme(doc, { id: 't1', title: '見守り', x: 10, y: 20, now: clock++, noteIds: ['n-shown'] });
		startTimer(doc, 60_000, clock);
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: false, hideResults: true, now: clock++ });
		expect(setVote(doc, ALICE, 'n-shown', 1).ok).toBe(true);
		expect(setVote(doc, BOB, 'n-shown', 1).ok).toBe(true);

		const mirror = new ProjectorMirror(doc);
		const state = Y.encodeStateAsUpdate(mirror.doc);
		for (const secret of ['秘密の苦情', 'n-hidden', ALICE, BOB, 'さくら']) expect(bytesContain(state, secret), secret).toBe(false);
		const allowed = ['actionGrid', 'controls', 'kinds', 'meta', 'notes', 'tables', 'tally', 'themes', 'vote'];
		expect([...mirror.doc.share.keys()].filter((k) => !allowed.includes(k))).toEqual([]);

		const seen = projectorReads(mirror.doc);
		const full = projectorReads(doc);
		expect(seen.notes).toEqual(full.notes.filter((n) => !n.hidden).map((n) => ({ ...n, authorId: '', authorRole: 'participant', nickname: null })));
		expect(seen.themes).toEqual(full.themes);
		expect(seen.meta).toEqual(full.meta);
		expect(seen.controls).toEqual(full.controls);
		expect(seen.tables).toEqual(full.tables);
		expect(seen.kinds).toEqual(full.kinds);
		expect(seen.vote).toEqual(full.vote);
		// results hidden until closing: no counts at all
		expect(seen.tally).toEqual({});
		mirror.destroy();
	});

	it('drops a note from the copy when it is hidden (its text is gone from the encoded state) and brings it back when shown', () => {
		const doc = board();
		note(doc, 'n1', { text: '最初の文' });
		const mirror = new ProjectorMirror(doc);
		const replica = replicaOf(mirror);
		const updates: Uint8Array[] = [];
		mirror.doc.on('update', (u: Uint8Array) => updates.push(u));

		setNoteHidden(doc, 'n1', true);
		expect(readNotes(replica)).toEqual([]);
		expect(bytesContain(Y.encodeStateAsUpdate(mirror.doc), '最初の文')).toBe(false);
		expect(bytesContain(Y.encodeStateAsUpdate(replica), '最初の文')).toBe(false);

		// edits of a hidden note do not reach the copy at all
		const before = updates.length;
		expect(editOwnNote(doc, { id: 'n1', authorId: ALICE, text: '隠れている間の文' }).ok).toBe(true);
		moveNote(doc, 'n1', 300, 300);
		expect(updates.length).toBe(before);

		setNoteHidden(doc, 'n1', false);
		expect(readNotes(replica).map((n) => [n.id, n.text, n.x])).toEqual([['n1', '隠れている間の文', 300]]);
		mirror.destroy();
	});

	it('carries nicknames only while names are shown', () => {
		const doc = board();
		note(doc, 'n1');
		note(doc, 'n2', { nickname: null });
		const mirror = new ProjectorMirror(doc);
		const replica = replicaOf(mirror);
		expect(readNotes(replica).map((n) => n.nickname)).toEqual([null, null]);
		setControl(doc, 'showNames', true);
		expect(readNotes(replica).map((n) => n.nickname)).toEqual(['さくら', null]);
		setControl(doc, 'showNames', false);
		expect(readNotes(replica).map((n) => n.nickname)).toEqual([null, null]);
		expect(bytesContain(Y.encodeStateAsUpdate(mirror.doc), 'さくら')).toBe(false);
		mirror.destroy();
	});

	it('rewrites only what a transaction changed: a move is one pos, a vote one count', () => {
		const doc = board();
		for (let i = 0; i < 20; i++) note(doc, `n${i}`);
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		const mirror = new ProjectorMirror(doc);
		const changed: string[] = [];
		const names = new Map<unknown, string>([
			[notesMap(mirror.doc), 'notes'],
			[tallyMap(mirror.doc), 'tally']
		]);
		mirror.doc.on('afterTransaction', (tr: Y.Transaction) => {
			for (const [type, keys] of tr.changed) {
				const where = names.get(type) ?? (names.get(type.parent) === 'notes' ? 'note' : 'other');
				for (const k of keys) changed.push(`${where}.${k}`);
			}
		});
		moveNote(doc, 'n3', 500, 600);
		expect(changed.splice(0)).toEqual(['note.pos']);
		setVote(doc, ALICE, 'n4', 2);
		expect(changed.splice(0)).toEqual(['tally.n4']);
		setVote(doc, BOB, 'n4', 1);
		setVote(doc, ALICE, 'n4', 0);
		expect(tallyMap(mirror.doc).toJSON()).toEqual({ n4: 1 });
		changed.length = 0;
		chooseTable(doc, ALICE, 'main');
		expect(changed).toEqual([]);
		mirror.destroy();
	});

	it('shows counts per item only while the results are shown, and equal to the tally', () => {
		const doc = board();
		for (const id of ['a', 'b', 'c']) note(doc, id);
		const mirror = new ProjectorMirror(doc);
		const replica = replicaOf(mirror);
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: true, now: clock++ });
		setVote(doc, ALICE, 'a', 2);
		setVote(doc, BOB, 'b', 1);
		setVote(doc, BOB, 'a', 1);
		expect(tallyMap(replica).size).toBe(0);
		closeVote(doc);
		const counts = Object.fromEntries(tally(doc, readVoteConfig(doc)!).filter((t) => t.votes > 0).map((t) => [t.itemId, t.votes]));
		expect(tallyMap(replica).toJSON()).toEqual(counts);
		expect(counts).toEqual({ a: 3, b: 1 });
		// a new round starts from nothing; shown live this time
		openVote(doc, { roundId: 'r2', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		expect(tallyMap(replica).size).toBe(0);
		setVote(doc, ALICE, 'c', 1);
		expect(tallyMap(replica).toJSON()).toEqual({ c: 1 });
		// a facilitator switching to "hidden until closing" mid-round takes the counts off
		doc.getMap('vote').set('config', { ...readVoteConfig(doc)!, hideResults: true });
		expect(tallyMap(replica).size).toBe(0);
		expect(bytesContain(Y.encodeStateAsUpdate(replica), ALICE)).toBe(false);
		mirror.destroy();
	});

	it("counts no dots on hidden notes (their ids never reach the projector) and counts them again when shown", () => {
		const doc = board();
		for (const id of ['a', 'b']) note(doc, id);
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		setVote(doc, ALICE, 'a', 1);
		setVote(doc, BOB, 'b', 2);
		const mirror = new ProjectorMirror(doc);
		const replica = replicaOf(mirror);
		expect(tallyMap(replica).toJSON()).toEqual({ a: 1, b: 2 });
		setNoteHidden(doc, 'b', true);
		expect(tallyMap(replica).toJSON()).toEqual({ a: 1 });
		setNoteHidden(doc, 'b', false);
		expect(tallyMap(replica).toJSON()).toEqual({ a: 1, b: 2 });
		setNoteHidden(doc, 'a', true);
		expect(tallyMap(new ProjectorMirror(doc).doc).toJSON()).toEqual({ b: 2 });
		mirror.destroy();
	});

	it('a copy kept from transactions equals a copy built afresh, over a random workshop', () => {
		const rand = seeded(42);
		const doc = board();
		addTable(doc, 'north', '北');
		const mirror = new ProjectorMirror(doc);
		const replica = replicaOf(mirror);
		const ids: string[] = [];
		for (let step = 0; step < 600; step++) {
			randomChange(doc, rand, ids, step);
			if (step % 50 === 49) {
				const fresh = new ProjectorMirror(doc);
				expect(projectorReads(replica)).toEqual(projectorReads(fresh.doc));
				expect(projectorReads(mirror.doc)).toEqual(projectorReads(fresh.doc));
				fresh.destroy();
			}
		}
		const config = readVoteConfig(doc);
		if (config && (config.status === 'closed' || !config.hideResults)) {
			const hidden = new Set(readNotes(doc).filter((n) => n.hidden).map((n) => n.id));
			const counts = [...dotCounts(doc.getMap('ballots').values())].filter(([item]) => !hidden.has(item));
			expect(new Map(tallyMap(replica).entries())).toEqual(new Map(counts));
		}
		mirror.destroy();
	});

	it('a copy started from a stored earlier copy and reconciled equals a copy built afresh, and its catch-up brings a projector holding the stored copy there, over a random workshop', () => {
		const rand = mulberry(7);
		const doc = board();
		addTable(doc, 'north', '北');
		const ids: string[] = [];
		let mirror = new ProjectorMirror(doc);
		// a projector that got the stored copy, then the room's catch-up and changes
		let replica: Y.Doc | null = null;
		let follow: ((u: Uint8Array) => void) | null = null;
		for (let round = 0; round < 8; round++) {
			// changes while the copy is kept from transactions, then it is stored (a compaction) and dropped (an unload)
			for (let i = 0; i < 40; i++) randomChange(doc, rand, ids, round * 100 + i, PEOPLE, true);
			const stored = Y.encodeStateAsUpdate(mirror.doc);
			const storedData = copyData(mirror.doc);
			if (follow) mirror.doc.off('update', follow);
			mirror.destroy();
			// unchanged board: the copy from the stored one is exactly it
			const same = new ProjectorMirror(doc, { from: stored });
			expect(same.changedOnBuild).toBe(false);
			expect(copyData(same.doc)).toEqual(storedData);
			expect(Y.encodeStateVector(same.doc)).toEqual(Y.encodeStateVectorFromUpdate(stored));
			same.destroy();
			// changes while nobody keeps a copy (the board loaded without projectors, or its log after the snapshot)
			const quiet = rand(3) === 0;
			if (!quiet) for (let i = 0; i < 30; i++) randomChange(doc, rand, ids, round * 100 + 50 + i, PEOPLE, true);
			mirror = new ProjectorMirror(doc, { from: stored });
			const fresh = new ProjectorMirror(doc);
			expect(copyData(mirror.doc)).toEqual(copyData(fresh.doc));
			expect(projectorReads(mirror.doc)).toEqual(projectorReads(fresh.doc));
			// a projector answered with the stored copy gets what the copy has beyond it
			replica = new Y.Doc();
			Y.applyUpdate(replica, stored);
			Y.applyUpdate(replica, Y.encodeStateAsUpdate(mirror.doc, Y.encodeStateVectorFromUpdate(stored)));
			expect(copyData(replica)).toEqual(copyData(fresh.doc));
			fresh.destroy();
			// and the copy's later changes apply cleanly on it
			const r = replica;
			follow = (u: Uint8Array) => Y.applyUpdate(r, u);
			mirror.doc.on('update', follow);
			for (let i = 0; i < 10; i++) randomChange(doc, rand, ids, round * 100 + 90 + i, PEOPLE, true);
			const again = new ProjectorMirror(doc);
			expect(copyData(replica)).toEqual(copyData(again.doc));
			again.destroy();
		}
		expect(ids.length).toBeGreaterThan(15);
		mirror.destroy();
	});

	it('a stored copy reconciled with a board that hid, deleted or changed its notes holds none of their earlier text', () => {
		const doc = board();
		note(doc, 'a', { text: '見えていた文' });
		note(doc, 'b', { text: '消される文' });
		note(doc, 'c', { text: '書き直される前の文' });
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		setVote(doc, ALICE, 'a', 2);
		const stored = Y.encodeStateAsUpdate(new ProjectorMirror(doc).doc);
		setNoteHidden(doc, 'a', true);
		notesMap(doc).delete('b');
		editOwnNote(doc, { id: 'c', authorId: ALICE, text: '書き直した文' });
		const mirror = new ProjectorMirror(doc, { from: stored });
		expect(mirror.changedOnBuild).toBe(true);
		const state = Y.encodeStateAsUpdate(mirror.doc);
		for (const gone of ['見えていた文', '消される文', '書き直される前の文']) expect(bytesContain(state, gone), gone).toBe(false);
		expect(readNotes(mirror.doc).map((n) => n.text)).toEqual(['書き直した文']);
		expect(tallyMap(mirror.doc).toJSON()).toEqual({});
		mirror.destroy();

		// counts stored while shown, then a round whose results are hidden until closing: none left
		setNoteHidden(doc, 'a', false);
		const shown = Y.encodeStateAsUpdate(new ProjectorMirror(doc).doc);
		expect(tallyMap(new ProjectorMirror(doc).doc).toJSON()).toEqual({ a: 2 });
		openVote(doc, { roundId: 'r2', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: true, now: clock++ });
		setVote(doc, BOB, 'a', 1);
		const hiddenRound = new ProjectorMirror(doc, { from: shown });
		expect(tallyMap(hiddenRound.doc).size).toBe(0);
		expect(bytesContain(Y.encodeStateAsUpdate(hiddenRound.doc), BOB)).toBe(false);
		hiddenRound.destroy();
	});

	it('stops following the board once destroyed', () => {
		const doc = board();
		const mirror = new ProjectorMirror(doc);
		mirror.destroy();
		note(doc, 'n-after');
		expect(readNotes(doc)).toHaveLength(1);
	});
});
