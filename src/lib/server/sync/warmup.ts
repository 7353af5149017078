/**
 * JIT warm-up of the Yjs paths a room load and a first sync take (decode, integrate, encode, and the
 * projectors' copy of the board).
 * A new process runs them in not-yet-optimised code: loading a 2,000-note board took ~200 ms on
 * the first connection of a fresh process and ~90 ms once warm (bench:web, cold start). Running the
 * same paths on a synthetic board in the background at start, before clients come, takes most of
 * that off the first connection. Pure CPU, no IO; cut into slices so sockets are served in between.
 */
import * as Y from 'yjs';
import { addNote, initBoard, moveNote } from '../../domain/board/board';
import { ProjectorMirror } from '../../domain/board/projectorMirror';

/** Builds a synthetic board of `notes` notes as separate updates, then loads and encodes it `rounds` times. */
export async function warmUpYjs(opts: { notes?: number; rounds?: number; yieldEvery?: () => Promise<void> } = {}): Promise<number> {
	const notes = opts.notes ?? 600;
	const rounds = opts.rounds ?? 4;
	const pause = opts.yieldEvery ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
	const started = performance.now();
	const source = new Y.Doc();
	const updates: Uint8Array[] = [];
	source.on('update', (u: Uint8Array) => updates.push(u));
	initBoard(source, { step: 'issues', inputOpen: true });
	for (let i = 0; i < notes; i++) {
		const id = `warm${i.toString(36).padStart(8, '0')}`;
		addNote(source, { id, text: `ウォームアップ ${i}`, kind: i % 3 ? 'concern' : 'strength', authorId: `p${i % 50}`, authorRole: 'participant', nickname: null, now: i });
		moveNote(source, id, i * 7, i * 3);
		if (i % 100 === 99) await pause();
	}
	const state = Y.encodeStateAsUpdate(source);
	for (let r = 0; r < rounds; r++) {
		const fromLog = new Y.Doc();
		fromLog.transact(() => {
			for (const u of updates) Y.applyUpdate(fromLog, u);
		});
		await pause();
		const fromSnapshot = new Y.Doc();
		Y.applyUpdate(fromSnapshot, state);
		Y.encodeStateAsUpdate(fromSnapshot, Y.encodeStateVector(new Y.Doc()));
		await pause();
		// the projectors' copy, built and encoded for the first projector on a board, and built again from
		// that stored state (a board opened unloaded: the copy starts from the stored one)
		const copy = new ProjectorMirror(fromSnapshot);
		const stored = Y.encodeStateAsUpdate(copy.doc);
		copy.destroy();
		moveNote(fromSnapshot, `warm${(r % notes).toString(36).padStart(8, '0')}`, r, r);
		new ProjectorMirror(fromSnapshot, { from: stored }).destroy();
		fromLog.destroy();
		fromSnapshot.destroy();
		await pause();
	}
	source.destroy();
	return performance.now() - started;
}
