/**
 * The facilitator's controls that the server carries out and audits: moderation (hide a note,
 * mute a participant), input open/closed, join code and projector link rotation, closing.
 * Each checks the staff member's right to moderate this workshop first.
 */
import type { StaffUser } from './auth/staff';
import type { AuditLog } from './audit';
import type { Participants } from './participants';
import type { SyncServer } from './sync/syncServer';
import { boardDocName, type Workshop, type Workshops } from './workshops';
import { readMeta, setMeta, setNoteHidden } from '../domain/board/board';
import { CloseCode } from '../protocol/messages';
import type { History } from './history';
import { restoreBoard } from '../domain/board/restore';
import { err, ok, type Result } from '../domain/result';

export type ControlError = 'forbidden' | 'note_not_found' | 'participant_not_found' | 'snapshot_not_found';

type Deps = { workshops: Workshops; participants: Participants; sync: SyncServer; audit: AuditLog; history: History };

export class WorkshopControl {
	#deps: Deps;

	constructor(deps: Deps) {
		this.#deps = deps;
	}

	async #guard(user: StaffUser, w: Workshop): Promise<boolean> {
		return await this.#deps.workshops.canStaffModerate(user, w);
	}

	async #audit(user: StaffUser, w: Workshop, action: string, detail: Record<string, unknown> | null = null): Promise<void> {
		await this.#deps.audit.record(w.councilId, { kind: 'staff', id: user.id, name: user.name }, action, `workshop:${w.id}`, detail);
	}

	async setNoteHidden(user: StaffUser, w: Workshop, noteId: string, hidden: boolean): Promise<Result<null, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		const r = await this.#deps.sync.change(boardDocName(w.id), (doc) => setNoteHidden(doc, noteId, hidden));
		if (!r.ok) return err('note_not_found');
		await this.#audit(user, w, hidden ? 'note.hide' : 'note.restore', { noteId });
		return ok(null);
	}

	async setInputOpen(user: StaffUser, w: Workshop, open: boolean): Promise<Result<null, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		await this.#deps.sync.change(boardDocName(w.id), (doc) => setMeta(doc, { inputOpen: open }));
		await this.#audit(user, w, open ? 'input.open' : 'input.close');
		return ok(null);
	}

	async setMuted(user: StaffUser, w: Workshop, participantId: string, muted: boolean): Promise<Result<null, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		const p = await this.#deps.participants.get(participantId);
		if (!p || p.workshopId !== w.id) return err('participant_not_found');
		await this.#deps.participants.setMuted(p.id, muted);
		this.#deps.sync.updateParticipant(p.id, { muted });
		await this.#audit(user, w, muted ? 'participant.mute' : 'participant.unmute', { participantId: p.id });
		return ok(null);
	}

	async rotateJoinCode(user: StaffUser, w: Workshop): Promise<Result<string, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		const code = await this.#deps.workshops.rotateJoinCode(w.id);
		await this.#deps.sync.change(boardDocName(w.id), (doc) => setMeta(doc, { codeVersion: readMeta(doc).codeVersion + 1 }));
		await this.#audit(user, w, 'workshop.rotate_code');
		return ok(code);
	}

	async rotateDisplayToken(user: StaffUser, w: Workshop): Promise<Result<string, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		const token = await this.#deps.workshops.rotateDisplayToken(w.id);
		// Projectors on the old link lose access now.
		this.#deps.sync.closeWhere(boardDocName(w.id), (c) => c.principal.kind === 'display', CloseCode.Forbidden, 'projector link replaced');
		await this.#audit(user, w, 'workshop.rotate_display');
		return ok(token);
	}

	async setStatus(user: StaffUser, w: Workshop, status: 'open' | 'closed'): Promise<Result<null, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		await this.#deps.workshops.setStatus(w.id, status);
		if (status === 'closed') this.#deps.sync.closeParticipants(boardDocName(w.id), CloseCode.Forbidden, 'workshop closed');
		await this.#audit(user, w, status === 'closed' ? 'workshop.close' : 'workshop.reopen');
		return ok(null);
	}

	/** Keep the board's current state in its history now. */
	async snapshot(user: StaffUser, w: Workshop): Promise<Result<number, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		const name = boardDocName(w.id);
		const id = await this.#deps.sync.read(name, async (doc) => await this.#deps.history.record(name, doc, 'manual'));
		await this.#audit(user, w, 'history.snapshot', { snapshotId: id });
		return ok(id);
	}

	/** Return the board to a snapshot; the state just before is kept, so this can be undone. */
	async restore(user: StaffUser, w: Workshop, snapshotId: number): Promise<Result<{ undoId: number }, ControlError>> {
		if (!(await this.#guard(user, w))) return err('forbidden');
		const name = boardDocName(w.id);
		const state = await this.#deps.history.state(name, snapshotId);
		if (!state) return err('snapshot_not_found');
		const undoId = await this.#deps.sync.read(name, async (doc) => await this.#deps.history.record(name, doc, 'before_restore'));
		await this.#deps.sync.change(name, (doc) => restoreBoard(doc, state));
		await this.#audit(user, w, 'history.restore', { snapshotId, undoId });
		return ok({ undoId });
	}
}
