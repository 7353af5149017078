import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { describeStaffChanges } from './boardAudit';
import { initBoard, setMeta } from '../domain/board/board';
import { setControl } from '../domain/board/controls';
import { openVote, closeVote } from '../domain/board/voting';
import { createTheme } from '../domain/board/themes';

/** Collect what a staff transaction changed, as the sync server does. */
function changesOf(doc: Y.Doc, fn: () => void): Map<string, string[]> {
	const out = new Map<string, string[]>();
	const handler = (tr: Y.Transaction) => {
		for (const [type, keys] of tr.changed) {
			if (type.parent !== null) continue;
			const name = [...doc.share.entries()].find(([, t]) => (t as unknown) === type)?.[0];
			if (name) out.set(name, [...keys].filter((k): k is string => k !== null));
		}
	};
	doc.on('afterTransaction', handler);
	doc.transact(fn);
	doc.off('afterTransaction', handler);
	return out;
}

describe('audit of staff board changes', () => {
	it('records step, lock and vote changes but not editing', () => {
		const doc = new Y.Doc();
		initBoard(doc, { step: 'issues', inputOpen: true });
		createTheme(doc, { id: 'theme-0000001', title: 't', x: 0, y: 0, now: 1 });
		expect(describeStaffChanges(changesOf(doc, () => setMeta(doc, { step: 'organise' })), doc)).toEqual([{ action: 'board.step', detail: { step: 'organise' } }]);
		expect(describeStaffChanges(changesOf(doc, () => setControl(doc, 'locked', true)), doc)).toEqual([{ action: 'board.lock', detail: null }]);
		const opened = describeStaffChanges(changesOf(doc, () => openVote(doc, { roundId: 'r1', target: 'themes', dotsPerPerson: 3, allowStacking: false, hideResults: false, now: 1 })), doc);
		expect(opened).toEqual([{ action: 'vote.open', detail: { target: 'themes', dots: 3, roundId: 'r1' } }]);
		expect(describeStaffChanges(changesOf(doc, () => closeVote(doc)), doc)[0]?.action).toBe('vote.close');
		expect(describeStaffChanges(changesOf(doc, () => createTheme(doc, { id: 'theme-0000002', title: 'u', x: 0, y: 0, now: 2 })), doc)).toEqual([]);
	});
});
