/**
 * What a room sends besides the document: participants' views (each phone's own, and one shared view per
 * table, serialised and framed once per table) and the presence count. Only what changed since the
 * last frame a phone got is sent again.
 */
import type { Conn } from './room';
import type { ParticipantViews } from './docKinds';
import { jsonFrame } from '../../protocol/codec';
import { MessageType, type Presence } from '../../protocol/messages';

/** Send each participant among `conns` their view and their table's shared view, when they changed. */
export function sendViews(conns: Iterable<Conn>, views: () => ParticipantViews): void {
	const sharedByTable = new Map<string, { json: string; frame: Uint8Array }>();
	for (const c of conns) {
		const pr = c.principal;
		if (pr.kind !== 'participant') continue;
		const v = views();
		const state = c.participant ?? { nickname: pr.nickname, muted: pr.muted };
		const view = v.view({ participantId: pr.participantId, ...state });
		if (view.json !== c.lastView) {
			c.lastView = view.json;
			c.send(jsonFrame(MessageType.View, view.json));
		}
		let shared = sharedByTable.get(view.table);
		if (shared === undefined) {
			const json = v.shared(view.table);
			shared = { json, frame: jsonFrame(MessageType.Shared, json) };
			sharedByTable.set(view.table, shared);
		}
		if (shared.json !== c.lastShared) {
			c.lastShared = shared.json;
			c.send(shared.frame);
		}
	}
}

/** How many are connected: phones (one phone with two tabs counts once), staff and projectors. */
export function countPresence(conns: Iterable<Conn>): Presence {
	const p: Presence = { participants: 0, staff: 0, displays: 0 };
	const seen = new Set<string>();
	for (const c of conns) {
		const pr = c.principal;
		if (pr.kind === 'participant') {
			if (!seen.has(pr.participantId)) p.participants++;
			seen.add(pr.participantId);
		} else if (pr.kind === 'staff') p.staff++;
		else p.displays++;
	}
	return p;
}
