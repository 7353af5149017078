import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { readKinds, setKinds, resetKinds, allKindDefs, defaultKinds } from './kinds';
import { addNote, initBoard } from './board';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	return doc;
}
const noteOf = (kind: string) => ({ id: `note-${kind}-0001`, text: 'テキスト', kind, authorId: 'p1', authorRole: 'participant' as const, nickname: null, now: 1 });

describe('note kinds per step', () => {
	it('defaults to the step kinds with translated (empty) labels', () => {
		expect(readKinds(board(), 'issues')).toEqual([
			{ id: 'concern', label: '', colour: 'yellow' },
			{ id: 'strength', label: '', colour: 'blue' }
		]);
		expect(defaultKinds('vision')).toEqual([{ id: 'vision', label: '', colour: 'pink' }]);
	});

	it('a custom set replaces the defaults for that step only, and notes must use it', () => {
		const doc = board();
		const r = setKinds(doc, 'issues', [
			{ id: 'k-cause', label: ' 原因 ', colour: 'green' },
			{ id: 'k-remedy', label: '改善策', colour: 'pink' }
		]);
		expect(r.ok).toBe(true);
		expect(readKinds(doc, 'issues').map((k) => k.label)).toEqual(['原因', '改善策']);
		expect(readKinds(doc, 'vision')).toEqual(defaultKinds('vision'));
		expect(addNote(doc, noteOf('concern'))).toEqual({ ok: false, error: 'bad_kind' });
		expect(addNote(doc, noteOf('k-cause')).ok).toBe(true);
		expect(allKindDefs(doc).get('k-remedy')).toEqual({ id: 'k-remedy', label: '改善策', colour: 'pink' });
		resetKinds(doc, 'issues');
		expect(addNote(doc, noteOf('concern')).ok).toBe(true);
	});

	it('refuses empty, too many, duplicated, badly named or over-long kinds and changes nothing', () => {
		const doc = board();
		const k = (id: string, label = 'ラベル') => ({ id, label, colour: 'yellow' as const });
		expect(setKinds(doc, 'issues', [])).toEqual({ ok: false, error: 'no_kinds' });
		expect(setKinds(doc, 'issues', [k('k-a'), k('k-b'), k('k-c'), k('k-d'), k('k-e')])).toEqual({ ok: false, error: 'too_many_kinds' });
		expect(setKinds(doc, 'issues', [k('k-a'), k('k-a')])).toEqual({ ok: false, error: 'duplicate_kind' });
		expect(setKinds(doc, 'issues', [k('K A')])).toEqual({ ok: false, error: 'bad_kind_id' });
		expect(setKinds(doc, 'issues', [k('k-a', 'あ'.repeat(13))])).toEqual({ ok: false, error: 'text_too_long' });
		expect(readKinds(doc, 'issues')).toEqual(defaultKinds('issues'));
	});
});
