/**
 * The board of a workshop (ワークショップのボード), `workshop.<workshopId>`: notes, themes, votes and
 * the workshop's controls (src/lib/domain/board.ts and its neighbours).
 * - Staff of the workshop's district open it; facilitators and admins write it, editors (committee
 *   members) only read it: moderation and workshop controls live in the board.
 * - Participants of the open workshop send typed operations and get views (participantOps.ts,
 *   participantView.ts). Projectors with the workshop's link sync with the board's projector copy
 *   (domain/projectorMirror.ts: no hidden notes, no ballots, no participant ids).
 * - Every stored change may be a history snapshot; staff changes of settings are audited.
 */
import type * as Y from 'yjs';
import { initBoard } from '../../../domain/board/board';
import { ProjectorMirror } from '../../../domain/board/projectorMirror';
import type { DocKind } from '../docKinds';
import { staffPrincipal } from '../principal';
import { applyParticipantOp } from '../participantOps';
import { boardViews } from '../participantView';
import { describeStaffChanges } from '../../boardAudit';
import { boardDocName, type Workshops } from '../../workshops';
import type { Participants } from '../../participants';
import type { History } from '../../history';
import type { AuditLog } from '../../audit';

const NAME = /^workshop\.([a-z0-9]{8,40})$/;

/** What a loaded board's room does, without any IO: access, participants, projector copy. */
export const BOARD_ROOM = {
	// Editors see boards read-only: moderation and workshop controls live in the board.
	access: (p) => (p.kind === 'staff' ? (p.role === 'editor' ? 'read' : 'write') : 'read'),
	participants: { apply: applyParticipantOp, views: boardViews },
	projector: (doc, opts) => new ProjectorMirror(doc, opts)
} satisfies Pick<DocKind, 'access' | 'participants' | 'projector'>;

/** The board's name, its new documents and its room, without the records that authorise sockets (tests, tools). */
export const BOARD_DOCS = {
	id: 'board',
	parse: (name) => NAME.exec(name)?.[1] ?? null,
	docName: boardDocName,
	init: (doc: Y.Doc) => initBoard(doc, { step: 'issues', inputOpen: true }),
	contentMaps: ['notes', 'themes', 'ballots'],
	...BOARD_ROOM
} satisfies Omit<DocKind, 'authorize'>;

export function boardKind(deps: { workshops: Workshops; participants: Participants; history?: History; audit?: AuditLog }): DocKind {
	const { workshops, participants, history, audit } = deps;
	return {
		...BOARD_DOCS,
		async authorize(workshopId, c) {
			const workshop = await workshops.get(workshopId);
			if (!workshop) return { ok: false, status: 404, message: 'unknown workshop' };
			switch (c.as) {
				case 'staff': {
					const staff = await c.staff();
					if (!staff.ok) return staff;
					if (!await workshops.canStaffOpen(staff.user, workshop)) return { ok: false, status: 403, message: 'not your workshop' };
					return { ok: true, principal: staffPrincipal(staff.user) };
				}
				case 'display': {
					const w = await workshops.byDisplayToken(c.displayToken);
					if (!w || w.id !== workshop.id) return { ok: false, status: 403, message: 'projector link is not valid' };
					return { ok: true, principal: { kind: 'display', workshopId: w.id } };
				}
				case 'participant': {
					if (workshop.status !== 'open') return { ok: false, status: 403, message: 'workshop is closed' };
					const p = await participants.find(workshop.id, c.deviceToken);
					if (!p || c.deviceToken === undefined) return { ok: false, status: 401, message: 'join the workshop first' };
					return { ok: true, principal: { kind: 'participant', participantId: p.id, workshopId: workshop.id, nickname: p.nickname, muted: p.muted } };
				}
				default:
					return { ok: false, status: 400, message: 'missing or unknown role (as=staff|display|participant)' };
			}
		},
		// (The history and audit stores are asynchronous: the document is read now, a failed write is logged.)
		onStored: history ? (name, doc) => void history.changed(name, doc).catch(logFailure(`history of ${name}`)) : undefined,
		onUnload: history ? (name, doc) => void history.unloading(name, doc).catch(logFailure(`history of ${name}`)) : undefined,
		onStaffChange: audit
			? (name, staff, changed, doc) => {
					const workshopId = NAME.exec(name)?.[1];
					if (!workshopId) return;
					const entries = describeStaffChanges(changed, doc);
					void (async () => {
						const councilId = (await workshops.get(workshopId))?.councilId;
						if (!councilId) return;
						for (const entry of entries) {
							await audit.record(councilId, { kind: 'staff', id: staff.userId, name: staff.name }, entry.action, `workshop:${workshopId}`, entry.detail);
						}
					})().catch(logFailure(`audit of ${name}`));
				}
			: undefined
	};
}

const logFailure = (what: string) => (e: unknown) => console.error(`[sync] could not write the ${what}`, e);
