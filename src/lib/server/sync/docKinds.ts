/**
 * Document kinds (in the spirit of Hocuspocus's extension hooks): the sync core hosts documents of
 * several kinds and knows none of them. Each kind says how its documents are named, how a new one
 * is filled, who may read and write it, what phones and projectors get of it, and what happens
 * around its storage (history, audit). The board of a workshop is one kind (kinds/board.ts), the
 * plan of a district another (kinds/plan.ts). A new live document is a new kind registered in
 * app.ts; nothing in the sync core changes.
 *
 * Who may open a document at all (a workshop's join code, a staff member's districts) is decided
 * before the websocket upgrade (upgrade.ts asks the kind's `authorize`); what the opened socket may
 * do with it is `access`.
 */
import type * as Y from 'yjs';
import type { Principal, StaffPrincipal } from './principal';
import type { OpErrorCode, ParticipantOp } from '../../protocol/messages';
import type { StaffUser } from '../auth/staff';

/** What a principal may do with a document of a kind: write it (Yjs updates), only read it, or nothing. */
export type Access = 'write' | 'read' | 'none';

export type OpActor = { participantId: string; nickname: string | null };
export type OpResult = { ok: true } | { ok: false; error: OpErrorCode };

/** A participant as the views are built for: who, with their current nickname and mute state. */
export type ViewMe = { participantId: string; nickname: string | null; muted: boolean };

/**
 * What phones get of a document, built once per change of it and shared by every phone: `view` is
 * one phone's own (JSON), `shared` what everyone at a table sees (JSON), by the table the view names.
 */
export interface ParticipantViews {
	view(me: ViewMe): { json: string; table: string };
	shared(table: string): string;
}

/** Phones: typed operations in, views out. A kind without it refuses participants. */
export interface ParticipantSide {
	/** Apply one validated operation (inside the room's transaction). Must not throw for bad input. */
	apply(doc: Y.Doc, op: ParticipantOp, actor: OpActor, now: number): OpResult;
	/** The views for the document as it is now (called once per change, then for every phone). */
	views(doc: Y.Doc): ParticipantViews;
}

/** A document derived from the kind's document, kept up to date while it lives: what projectors sync with. */
export interface ProjectorCopy {
	readonly doc: Y.Doc;
	/** started from a stored copy (`from`): whether reconciling it with the document changed it */
	readonly changedOnBuild: boolean;
	destroy(): void;
}

/** The outcome of checking an upgrade's credentials for one document. */
export type Authorization = { ok: true; principal: Principal } | { ok: false; status: 400 | 401 | 403 | 404; message: string };

/** The signed-in staff member behind an upgrade, or why there is none. */
export type StaffCheck = { ok: true; user: StaffUser } | { ok: false; status: 401 | 403; message: string };

/** The credentials of an upgrade, as upgrade.ts read them. */
export type Credentials = {
	/** the role the client asks for (`as=`): 'staff' | 'display' | 'participant'; anything else is refused */
	as: string | null;
	/** the signed-in staff member behind the session cookie, looked up when a kind asks */
	staff(): Promise<StaffCheck>;
	/** the projector link's token (display) */
	displayToken: string | null;
	/** the device cookie (participant) */
	deviceToken: string | undefined;
};

export interface DocKind {
	/** e.g. 'board' */
	readonly id: string;
	/** The record id in a document name of this kind, or null if the name is not of this kind. */
	parse(docName: string): string | null;
	/** The document name of a record. */
	docName(id: string): string;
	/**
	 * Who is on the other end, if they may open the document of record `id`. The record is checked
	 * first (404), then the role (400 for an unknown one), then the credentials.
	 */
	authorize(id: string, credentials: Credentials): Promise<Authorization>;
	/** What the principal may do once connected (decided per kind: editors write plans, only read boards). */
	access(principal: Principal): Access;
	/** Fill a new, empty document (stored like any change). */
	init?(doc: Y.Doc, id: string): void;
	/** Phones' operations and views. */
	readonly participants?: ParticipantSide;
	/**
	 * What projectors sync with instead of the document itself (never the stored bytes of the document):
	 * built afresh, or `from` a stored copy and reconciled with the document. It is stored beside the
	 * document's snapshot at unload and shutdown, so that a projector's cold open is answered from it.
	 */
	projector?(doc: Y.Doc, opts?: { from?: Uint8Array }): ProjectorCopy;
	/** After a change to the document was stored (history snapshots). */
	onStored?(docName: string, doc: Y.Doc): void;
	/** Before the document is unloaded or the server shuts down. */
	onUnload?(docName: string, doc: Y.Doc): void;
	/** A staff socket changed keys of top-level maps: `changed` is map name -> keys (for the audit log). */
	onStaffChange?(docName: string, staff: StaffPrincipal, changed: Map<string, string[]>, doc: Y.Doc): void;
	/** Top-level maps whose key changes are editing, not settings (never passed to onStaffChange). */
	readonly contentMaps?: readonly string[];
}

/** The registry of the kinds a server hosts. */
export class DocKinds {
	readonly #kinds: readonly DocKind[];

	constructor(kinds: readonly DocKind[]) {
		const ids = new Set(kinds.map((k) => k.id));
		if (ids.size !== kinds.length) throw new Error('two document kinds with one id');
		this.#kinds = kinds;
	}

	/** The kind and record id of a document name, or null for a name of no kind. */
	resolve(docName: string): { kind: DocKind; id: string } | null {
		for (const kind of this.#kinds) {
			const id = kind.parse(docName);
			if (id !== null) return { kind, id };
		}
		return null;
	}
}
