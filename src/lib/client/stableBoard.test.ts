import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { addNote, deleteOwnNote, editOwnNote, initBoard, moveNote, notesMap, readMeta, readNotes, setMeta, setNoteHidden, type Note } from '../domain/board';
import { assignNotes, createTheme, dissolveTheme, mergeThemes, moveTheme, readThemes, renameTheme, themesMap } from '../domain/themes';
import { readControls, setControl, setSpotlight, startTimer } from '../domain/controls';
import { closeVote, dotCounts, openVote, readVoteConfig, setVote, tally } from '../domain/voting';
import { addTable, chooseTable, readProjectorTable, readTables, seatingMap } from '../domain/tables';
import { allKindDefs, setKinds } from '../domain/kinds';
import { ProjectorMirror } from '../domain/projectorMirror';
import { BoardReader, StableList, changedKeys, collectChanges, compareNotes, compareThemes, keep, noChanges, sameData, tallyFrom, type BoardSnapshot } from './stableBoard';

type Item = { id: string; k: number; v: string };
const cmp = (a: Item, b: Item) => a.k - b.k || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function board(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}

let clock = 1_000;
function note(doc: Y.Doc, id: string, authorId = 'participant-a', tableId?: string, mustWork = true): void {
	const r = addNote(doc, { id, text: `text ${id}`, kind: 'concern', authorId, authorRole: 'participant', nickname: null, now: clock++, tableId });
	if (!r.ok && mustWork) throw new Error(r.error);
}

/** A reader fed by the document's transactions, as BoardClient feeds it. */
function reader(doc: Y.Doc): { reader: BoardReader; touched: () => number } {
	const r = new BoardReader(doc);
	let touched = 0;
	doc.on('afterTransaction', (tr: Y.Transaction) => {
		if (r.track(tr)) touched++;
	});
	return { reader: r, touched: () => touched };
}

/** What a full read of the document gives (the old BoardClient refresh). */
function fullRead(doc: Y.Doc) {
	const vote = readVoteConfig(doc);
	return {
		notes: readNotes(doc),
		themes: readThemes(doc),
		meta: readMeta(doc),
		controls: readControls(doc),
		vote,
		results: vote ? tally(doc, vote) : [],
		tables: readTables(doc),
		seating: seatingMap(doc).toJSON(),
		projectorTable: readProjectorTable(doc),
		kindDefs: allKindDefs(doc)
	};
}

function expectSameAsFullRead(s: BoardSnapshot, doc: Y.Doc): void {
	const f = fullRead(doc);
	expect(s.notes).toEqual(f.notes);
	expect(s.themes).toEqual(f.themes);
	expect(s.meta).toEqual(f.meta);
	expect(s.controls).toEqual(f.controls);
	expect(s.vote).toEqual(f.vote);
	expect(s.results).toEqual(f.results);
	expect(s.tables).toEqual(f.tables);
	expect(s.seating).toEqual(f.seating);
	expect(s.projectorTable).toBe(f.projectorTable);
	expect([...s.kindDefs]).toEqual([...f.kindDefs]);
}

/** Every item of `next` whose data equals the item with its id in `prev` is that very object. */
function expectUnchangedKept<T extends { id: string }>(prev: readonly T[], next: readonly T[]): void {
	const before = new Map(prev.map((x) => [x.id, x]));
	for (const x of next) {
		const p = before.get(x.id);
		if (p && sameData(p, x)) expect(x).toBe(p);
	}
}

describe('StableList', () => {
	it('keeps the array when nothing changed, and unchanged items when one changed', () => {
		const data = new Map<string, Item>([
			['a', { id: 'a', k: 1, v: 'x' }],
			['b', { id: 'b', k: 2, v: 'y' }]
		]);
		const read = (id: string) => {
			const d = data.get(id);
			return d ? { ...d } : null;
		};
		const list = new StableList<Item>(cmp);
		expect(list.reset([...data.values()].map((d) => ({ ...d })))).toBe(true);
		const first = list.items;
		expect(list.reset([...data.values()].map((d) => ({ ...d })))).toBe(false);
		expect(list.items).toBe(first);
		// re-read with the same data: nothing changed
		expect(list.update(['a', 'b'], read)).toBe(false);
		expect(list.items).toBe(first);
		data.set('b', { id: 'b', k: 2, v: 'changed' });
		expect(list.update(['b'], read)).toBe(true);
		expect(list.items).not.toBe(first);
		expect(list.items[0]).toBe(first[0]);
		expect(list.items[1]).toEqual({ id: 'b', k: 2, v: 'changed' });
	});

	it('appends new items that sort last, inserts others in order, and removes deleted ones', () => {
		const data = new Map<string, Item>();
		const read = (id: string) => data.get(id) ?? null;
		const list = new StableList<Item>(cmp);
		for (const [id, k] of [['a', 1], ['b', 5], ['c', 9]] as const) data.set(id, { id, k, v: '' });
		list.update(['a', 'b', 'c'], read);
		expect(list.items.map((x) => x.id)).toEqual(['a', 'b', 'c']);
		data.set('d', { id: 'd', k: 10, v: '' });
		data.set('e', { id: 'e', k: 3, v: '' });
		data.delete('b');
		list.update(['d', 'e', 'b', 'missing'], read);
		expect(list.items.map((x) => x.id)).toEqual(['a', 'e', 'c', 'd']);
		expect(list.get('b')).toBeUndefined();
		// a change of sort key moves the item
		data.set('a', { id: 'a', k: 20, v: '' });
		list.update(['a'], read);
		expect(list.items.map((x) => x.id)).toEqual(['e', 'c', 'd', 'a']);
	});
});

describe('sameData and keep', () => {
	it('compares plain data deeply and Maps by entries', () => {
		expect(sameData({ a: 1, t: { x: [1, 2] } }, { a: 1, t: { x: [1, 2] } })).toBe(true);
		expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
		expect(sameData([1, { a: null }], [1, { a: null }])).toBe(true);
		expect(sameData([1], { 0: 1 })).toBe(false);
		expect(sameData(new Map([['k', { a: 1 }]]), new Map([['k', { a: 1 }]]))).toBe(true);
		expect(sameData(new Map([['k', 1]]), new Map([['k', 2]]))).toBe(false);
		expect(sameData(NaN, NaN)).toBe(true);
		expect(sameData(new Date(1), new Date(1))).toBe(false);
		const prev = { timer: null, spotlight: 'n1' };
		expect(keep(prev, { timer: null, spotlight: 'n1' })).toBe(prev);
		expect(keep(prev, { timer: null, spotlight: 'n2' })).not.toBe(prev);
	});
});

describe('changedKeys and collectChanges', () => {
	it('names the notes a transaction added, changed or deleted, and flags the small maps', () => {
		const doc = board();
		note(doc, 'n1');
		note(doc, 'n2');
		const seen: ReturnType<typeof noChanges>[] = [];
		const types = { notes: notesMap(doc), themes: themesMap(doc), sections: [doc.getMap('controls')] };
		doc.on('afterTransaction', (tr: Y.Transaction) => {
			const c = noChanges();
			if (collectChanges(tr, types, c)) seen.push(c);
		});
		note(doc, 'n3');
		moveNote(doc, 'n1', 5, 5);
		deleteOwnNote(doc, { id: 'n2', authorId: 'participant-a' });
		setControl(doc, 'showNames', true);
		doc.transact(() => {
			setNoteHidden(doc, 'n3', true);
			createTheme(doc, { id: 't1', title: 'T', x: 0, y: 0, now: clock++, noteIds: ['n1'] });
		});
		setMeta(doc, { step: 'issues' }); // meta is not in `sections` here: not reported
		expect(seen.map((c) => [[...c.notes].sort(), [...c.themes], c.sections])).toEqual([
			[['n3'], [], false],
			[['n1'], [], false],
			[['n2'], [], false],
			[[], [], true],
			[['n1', 'n3'], ['t1'], false]
		]);
	});

	it('finds the key of a nested change from the events observeDeep gets', () => {
		const doc = board();
		note(doc, 'n1');
		const keys = new Set<string>();
		notesMap(doc).observeDeep((events) => changedKeys(notesMap(doc), events, keys));
		editOwnNote(doc, { id: 'n1', authorId: 'participant-a', text: 'new text' });
		expect([...keys]).toEqual(['n1']);
	});
});

describe('tallyFrom', () => {
	it('counts as tally() does, for themes and for notes on one table', () => {
		const doc = board();
		addTable(doc, 'north', 'North');
		for (const [id, t] of [['n1', 'main'], ['n2', 'north'], ['n3', 'north'], ['n4', 'north']] as const) note(doc, id, 'participant-a', t);
		setNoteHidden(doc, 'n4', true);
		createTheme(doc, { id: 't1', title: 'A', x: 0, y: 0, now: clock++ });
		createTheme(doc, { id: 't2', title: 'B', x: 0, y: 0, now: clock++ });
		for (const [target, tableId] of [['themes', null], ['notes', 'north'], ['notes', null]] as const) {
			openVote(doc, { roundId: `r-${target}-${tableId}`, target, dotsPerPerson: 3, allowStacking: true, hideResults: false, tableId, now: clock++ });
			const items = target === 'themes' ? ['t2', 't1'] : ['n3', 'n2'];
			setVote(doc, 'p1', items[0]!, 2);
			setVote(doc, 'p2', items[1]!, 1);
			const config = readVoteConfig(doc)!;
			const ballots = [...doc.getMap('ballots').values()];
			expect(tallyFrom(config, readNotes(doc), readThemes(doc), dotCounts(ballots))).toEqual(tally(doc, config));
		}
	});
});

describe('BoardReader', () => {
	it('reads only the notes that changed and keeps everything else', () => {
		const doc = board();
		for (let i = 0; i < 50; i++) note(doc, `n${String(i).padStart(2, '0')}`);
		const { reader: r } = reader(doc);
		const s1 = r.read();
		expectSameAsFullRead(s1, doc);
		expect(r.read()).toBe(s1);

		note(doc, 'n50');
		const s2 = r.read();
		expect(s2.notes).toHaveLength(51);
		expect(s2.notes.slice(0, 50).every((n, i) => n === s1.notes[i])).toBe(true);
		expect(s2.themes).toBe(s1.themes);
		expect(s2.controls).toBe(s1.controls);
		expect(s2.kindDefs).toBe(s1.kindDefs);
		expect(s2.results).toBe(s1.results);

		// a control changes: notes keep their array, controls are new, other sections are kept
		setControl(doc, 'showNames', true);
		const s3 = r.read();
		expect(s3.notes).toBe(s2.notes);
		expect(s3.controls.showNames).toBe(true);
		expect(s3.meta).toBe(s2.meta);
		expect(s3.kindDefs).toBe(s2.kindDefs);
		expect(s3.tables).toBe(s2.tables);

		// a transaction that writes the same values again changes nothing
		setControl(doc, 'showNames', true);
		expect(r.read()).toBe(s3);
	});

	it('reads the notes a remote update changed, gathered over several transactions', () => {
		const a = board();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const { reader: r } = reader(b);
		a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'remote'));
		for (let i = 0; i < 20; i++) note(a, `n${String(i).padStart(2, '0')}`);
		const s1 = r.read();
		expect(s1.notes).toHaveLength(20);
		moveNote(a, 'n03', 1, 2);
		editOwnNote(a, { id: 'n05', authorId: 'participant-a', text: 'edited' });
		const s2 = r.read();
		expectSameAsFullRead(s2, b);
		const changed = s2.notes.filter((n, i) => n !== s1.notes[i]).map((n) => n.id);
		expect(changed).toEqual(['n03', 'n05']);
	});

	it('follows undo and redo of grouping', () => {
		const doc = board();
		for (let i = 0; i < 5; i++) note(doc, `n${i}`);
		const undo = new Y.UndoManager([notesMap(doc), themesMap(doc)], { trackedOrigins: new Set(['user']), captureTimeout: 0 });
		const { reader: r } = reader(doc);
		const s1 = r.read();
		doc.transact(() => createTheme(doc, { id: 't1', title: 'T', x: 0, y: 0, now: clock++, noteIds: ['n1', 'n2'] }), 'user');
		const s2 = r.read();
		expectSameAsFullRead(s2, doc);
		expect(s2.notes[0]).toBe(s1.notes[0]);
		undo.undo();
		const s3 = r.read();
		expectSameAsFullRead(s3, doc);
		expect(s3.themes).toEqual([]);
		expect(s3.notes[0]).toBe(s1.notes[0]);
		undo.redo();
		expectSameAsFullRead(r.read(), doc);
	});

	it('matches a full read after every step of a random session, keeping unchanged objects', () => {
		let seed = 20261123;
		const rand = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x7fffffff;
		};
		const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
		const doc = board();
		const remote = new Y.Doc();
		Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
		doc.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin !== 'from-remote') Y.applyUpdate(remote, u, 'from-doc');
		});
		remote.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin !== 'from-doc') Y.applyUpdate(doc, u, 'from-remote');
		});
		const { reader: r, touched } = reader(doc);
		let prev = r.read();
		let n = 0;
		let maxThemes = 0;
		let votes = 0;
		const ids = () => readNotes(doc).map((x) => x.id);
		const themeIds = () => readThemes(doc).map((x) => x.id);
		const ops: ((d: Y.Doc) => void)[] = [
			(d) => note(d, `note-${n++}`, pick(['participant-a', 'participant-b'])!, pick(['main', 'main', 'north']), false),
			(d) => note(d, `note-${n++}`, 'participant-a', undefined, false),
			(d) => {
				const id = pick(ids());
				if (id) moveNote(d, id, Math.round(rand() * 1000), Math.round(rand() * 1000));
			},
			(d) => {
				const id = pick(ids());
				if (id) setNoteHidden(d, id, rand() < 0.5);
			},
			(d) => {
				const id = pick(ids());
				if (id) editOwnNote(d, { id, authorId: 'participant-a', text: `edit ${rand()}` });
			},
			(d) => {
				const id = pick(ids());
				if (id) deleteOwnNote(d, { id, authorId: 'participant-b' });
			},
			(d) => createTheme(d, { id: `theme-${n++}`, title: 'T', x: 0, y: 0, now: clock++, noteIds: ids().filter(() => rand() < 0.1) }),
			(d) => {
				const t = pick(themeIds());
				if (t) assignNotes(d, ids().filter(() => rand() < 0.1), rand() < 0.8 ? t : null);
			},
			(d) => {
				const t = pick(themeIds());
				if (t) renameTheme(d, t, { title: `title ${Math.floor(rand() * 3)}` });
			},
			(d) => {
				const t = pick(themeIds());
				if (t) moveTheme(d, t, 10, Math.round(rand() * 100));
			},
			(d) => {
				const [a, b] = [pick(themeIds()), pick(themeIds())];
				if (a && b && a !== b) mergeThemes(d, a, b);
			},
			(d) => {
				const t = pick(themeIds());
				if (t) dissolveTheme(d, t);
			},
			(d) => openVote(d, { roundId: `round-${n++}`, target: rand() < 0.5 ? 'themes' : 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ }),
			(d) => {
				const v = readVoteConfig(d);
				const item = v?.target === 'themes' ? pick(themeIds()) : pick(ids());
				if (item) setVote(d, pick(['p1', 'p2', 'p3'])!, item, Math.floor(rand() * 3));
			},
			(d) => closeVote(d),
			(d) => setControl(d, 'showNames', rand() < 0.5),
			(d) => setSpotlight(d, pick(ids()) ?? null),
			(d) => startTimer(d, 60_000, clock++),
			(d) => setMeta(d, { inputOpen: rand() < 0.8 }),
			(d) => addTable(d, 'north', 'North'),
			(d) => chooseTable(d, pick(['p1', 'p2'])!, 'north'),
			(d) => setKinds(d, 'issues', [{ id: 'concern', label: `label ${Math.floor(rand() * 2)}`, colour: 'yellow' }, { id: 'strength', label: 'S', colour: 'blue' }])
		];
		for (let step = 0; step < 600; step++) {
			// one to three transactions before each read, some made on the other document (remote)
			const count = 1 + Math.floor(rand() * 3);
			for (let i = 0; i < count; i++) {
				const op = pick(ops)!;
				const target = rand() < 0.3 ? remote : doc;
				if (rand() < 0.2) target.transact(() => (op(target), pick(ops)!(target)));
				else op(target);
			}
			const next = r.read();
			expectSameAsFullRead(next, doc);
			expectUnchangedKept<Note>(prev.notes, next.notes);
			expectUnchangedKept(prev.themes, next.themes);
			if (sameData(prev.notes, next.notes)) expect(next.notes).toBe(prev.notes);
			if (sameData(prev.themes, next.themes)) expect(next.themes).toBe(prev.themes);
			if (sameData(prev.controls, next.controls)) expect(next.controls).toBe(prev.controls);
			if (sameData(prev.results, next.results)) expect(next.results).toBe(prev.results);
			prev = next;
			maxThemes = Math.max(maxThemes, next.themes.length);
			if (next.results.length > 0) votes++;
		}
		expect(touched()).toBeGreaterThan(600);
		expect(prev.notes.length).toBeGreaterThan(10);
		expect(maxThemes).toBeGreaterThan(2);
		expect(votes).toBeGreaterThan(50);
	});

	it('sorts as readNotes and readThemes do', () => {
		const notes = [
			{ id: 'b', createdAt: 2 },
			{ id: 'a', createdAt: 2 },
			{ id: 'c', createdAt: 1 }
		] as Note[];
		expect([...notes].sort(compareNotes).map((x) => x.id)).toEqual(['c', 'a', 'b']);
		const themes = [
			{ id: 'x', priority: null, createdAt: 1 },
			{ id: 'y', priority: 2, createdAt: 3 },
			{ id: 'z', priority: 1, createdAt: 4 },
			{ id: 'w', priority: null, createdAt: 0 }
		] as Parameters<typeof compareThemes>[0][];
		expect([...themes].sort(compareThemes).map((x) => x.id)).toEqual(['z', 'y', 'w', 'x']);
	});
});

describe('BoardReader on a projector copy', () => {
	it("reads the vote's results from the copy's counts as a staff board reads them from the ballots", () => {
		const doc = board();
		for (const id of ['a', 'b', 'c']) note(doc, id);
		const mirror = new ProjectorMirror(doc);
		const staff = new BoardReader(doc);
		const screen = new BoardReader(mirror.doc, { results: 'tally' });
		mirror.doc.on('afterTransaction', (tr: Y.Transaction) => screen.track(tr));
		doc.on('afterTransaction', (tr: Y.Transaction) => staff.track(tr));
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		setVote(doc, 'p1', 'b', 2);
		setVote(doc, 'p2', 'c', 1);
		const s = screen.read();
		expect(s.results).toEqual(staff.read().results);
		expect(s.results.map((r) => r.votes)).toEqual([2, 1, 0]);
		mirror.destroy();
	});
});
