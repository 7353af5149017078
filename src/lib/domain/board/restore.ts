/**
 * Bringing a board back to an earlier state (履歴から復元) as ordinary changes on the live
 * document, so that every connected client follows, the change is stored like any other, and
 * a restore can itself be undone by restoring the snapshot taken just before it.
 */
import * as Y from 'yjs';

/** The root maps of a board document. Nested values are at most one Y.Map deep (notes, themes). */
export const BOARD_ROOTS = ['meta', 'notes', 'themes', 'controls', 'vote', 'ballots', 'tables', 'seating', 'actionGrid'] as const;

function sameValue(a: unknown, b: unknown): boolean {
	return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function copyInto(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
	for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
	source.forEach((value, key) => {
		if (value instanceof Y.Map) {
			const current = target.get(key);
			if (current instanceof Y.Map) {
				copyInto(current, value);
			} else {
				const fresh = new Y.Map<unknown>();
				target.set(key, fresh);
				copyInto(fresh, value);
			}
		} else if (!sameValue(target.get(key), value)) {
			target.set(key, value);
		}
	});
}

/** Make `doc` equal to the board in `state` (an update encoding a whole document). */
export function restoreBoard(doc: Y.Doc, state: Uint8Array): void {
	const old = new Y.Doc();
	Y.applyUpdate(old, state);
	doc.transact(() => {
		for (const root of BOARD_ROOTS) copyInto(doc.getMap(root), old.getMap(root));
	});
	old.destroy();
}

/** A short description of a board state for a history list. */
export function summariseBoard(doc: Y.Doc): { notes: number; hidden: number; themes: number; step: string } {
	let notes = 0;
	let hidden = 0;
	doc.getMap('notes').forEach((n) => {
		if (!(n instanceof Y.Map)) return;
		notes++;
		if (n.get('hidden') === true) hidden++;
	});
	const step = doc.getMap('meta').get('step');
	return { notes, hidden, themes: doc.getMap('themes').size, step: typeof step === 'string' ? step : 'issues' };
}
