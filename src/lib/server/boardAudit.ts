/**
 * Which staff changes made directly on a board (over the sync socket) go into the audit log:
 * step changes, locking, what phones are shown, votes opened and closed, tables and note kinds.
 * Note moves and theme edits are ordinary editing, not audited.
 */
import type * as Y from 'yjs';
import { readMeta } from '../domain/board/board';
import { readControls } from '../domain/board/controls';
import { readVoteConfig } from '../domain/board/voting';

export type AuditItem = { action: string; detail: Record<string, unknown> | null };

export function describeStaffChanges(changed: Map<string, string[]>, doc: Y.Doc): AuditItem[] {
	const out: AuditItem[] = [];
	const meta = changed.get('meta') ?? [];
	if (meta.includes('step')) out.push({ action: 'board.step', detail: { step: readMeta(doc).step } });
	if (meta.includes('inputOpen')) out.push({ action: readMeta(doc).inputOpen ? 'input.open' : 'input.close', detail: null });
	const controls = readControls(doc);
	for (const key of changed.get('controls') ?? []) {
		if (key === 'locked') out.push({ action: controls.locked ? 'board.lock' : 'board.unlock', detail: null });
		if (key === 'showAll') out.push({ action: 'board.show_all', detail: { on: controls.showAll } });
		if (key === 'showNames') out.push({ action: 'board.show_names', detail: { on: controls.showNames } });
	}
	if ((changed.get('vote') ?? []).includes('config')) {
		const v = readVoteConfig(doc);
		if (v) out.push({ action: v.status === 'open' ? 'vote.open' : 'vote.close', detail: { target: v.target, dots: v.dotsPerPerson, roundId: v.roundId } });
	}
	if (changed.has('tables')) out.push({ action: 'board.tables', detail: null });
	if (changed.has('kinds')) out.push({ action: 'board.kinds', detail: { steps: changed.get('kinds') } });
	return out;
}
