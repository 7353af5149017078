/**
 * The sync core: y-websocket protocol for staff and projectors, typed operations for participants,
 * for documents of any registered kind (docKinds.ts). Transport-agnostic apart from the `ws` socket
 * it is handed after authentication. This file wires the parts and is the API the rest of the server
 * uses; each part has its own module:
 *   rooms.ts            loaded documents: load, unload, preload, poison, close connections
 *   room.ts             one loaded document: changes, commit, relay, views, projector copy, compaction
 *   coldOpen.ts         a staff laptop on an unloaded document, answered from the stored bytes
 *   connection.ts       one socket in its room: heartbeat, first messages, close
 *   messageReceiver.ts  one message: sync, awareness, participants' operations
 */
import type { RawData, WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { DocStore } from './docStore';
import { InlineUpdateLog, type UpdateLog } from './updateLog';
import { InProcessFanout, type Fanout } from './fanout';
import type { Principal } from './principal';
import type { DocKinds, OpActor, OpResult } from './docKinds';
import { SERVER_ORIGIN, type Conn, type Room } from './room';
import { RoomRegistry } from './rooms';
import { MessageReceiver, applyOpSafely } from './messageReceiver';
import { connect, type QueuedMessage } from './connection';
import { openFromStore, type SentStored } from './coldOpen';
import { CloseCode, ACCOUNT_DISABLED_REASON, type ParticipantOp } from '../../protocol/messages';
import { PARTICIPANT_MAX_FRAME_BYTES } from './frameLimits';

export { OUTDATED_GRACE_MS } from './connection';

export type SyncServerOptions = {
	/** The kinds of documents this server hosts. */
	kinds: DocKinds;
	/** Reads documents when rooms load. */
	store: DocStore;
	/** Commits rooms' updates (default: on this thread, through `store`). */
	writer?: UpdateLog;
	/** Where rooms publish committed updates for other holders of the document (default: in this process). */
	fanout?: Fanout;
	/** Unload a room this long after its last socket left. */
	unloadAfterMs?: number;
	/**
	 * Largest frame a participant may send. The `ws` server of participant sockets refuses larger
	 * frames already (upgrade.ts); this check is for sockets handed over by other transports.
	 */
	participantMaxBytes?: number;
	/** Resolves to the ms to wait when the participant is over their rate, 0 otherwise. */
	participantRateLimit?: (participantId: string, op: ParticipantOp) => Promise<number> | number;
	heartbeatMs?: number;
	log?: (msg: string, err?: unknown) => void;
};

const defaultLog = (msg: string, err?: unknown) => (err ? console.error(`[sync] ${msg}`, err) : console.log(`[sync] ${msg}`));

export class SyncServer {
	readonly rooms: RoomRegistry;
	readonly writer: UpdateLog;
	readonly kinds: DocKinds;
	readonly fanout: Fanout;
	readonly #store: DocStore;
	readonly #log: (msg: string, err?: unknown) => void;
	readonly #connection: Parameters<typeof connect>[3];
	/** sockets of pages of another build (handleConnection's `outdated`) */
	readonly #outdated = new WeakSet<WebSocket>();

	constructor(opts: SyncServerOptions) {
		this.#log = opts.log ?? defaultLog;
		this.#store = opts.store;
		this.kinds = opts.kinds;
		this.writer = opts.writer ?? new InlineUpdateLog(opts.store);
		this.fanout = opts.fanout ?? new InProcessFanout();
		this.rooms = new RoomRegistry({ store: opts.store, writer: this.writer, kinds: opts.kinds, fanout: this.fanout, unloadAfterMs: opts.unloadAfterMs ?? 30_000, log: this.#log });
		this.#connection = {
			receiver: new MessageReceiver({ participantRateLimit: opts.participantRateLimit, log: this.#log }),
			heartbeatMs: opts.heartbeatMs ?? 15_000,
			participantMaxBytes: opts.participantMaxBytes ?? PARTICIPANT_MAX_FRAME_BYTES,
			log: this.#log,
			onLeave: (room) => this.rooms.idle(room)
		};
	}

	/** Load (or return) a room. Rejects if the stored state cannot be read. */
	room(name: string): Promise<Room> {
		return this.rooms.open(name);
	}

	/**
	 * `outdated`: the page runs another build than this server (see upgrade.ts). Its first update (the
	 * answer to our sync step 1: whatever it changed while away) is stored as usual, then the socket is
	 * closed with CloseCode.Outdated and the page reloads; after OUTDATED_GRACE_MS at the latest.
	 */
	handleConnection(ws: WebSocket, principal: Principal, docName: string, opts: { outdated?: boolean } = {}): void {
		ws.on('error', () => ws.terminate());
		if (opts.outdated) this.#outdated.add(ws);
		if (!this.#admit(ws, docName)) return;
		// Projectors never take the document's stored bytes (a board's hold hidden notes' text and
		// everyone's ballots), only the stored projector copy (coldOpen.ts).
		if ((principal.kind === 'staff' || principal.kind === 'display') && !this.rooms.has(docName)) {
			const settled = (name: string) => !this.rooms.has(name) && this.writer.pending(name) === 0;
			openFromStore(ws, docName, principal.kind, { store: this.#store, settled }, (queued, sentStored) => {
				if (this.#admit(ws, docName)) this.#attach(ws, principal, docName, queued, sentStored);
			});
		} else this.#attach(ws, principal, docName, [], null);
	}

	/** Whether a socket may open `docName` now; closes it (the client retries) if not. */
	#admit(ws: WebSocket, docName: string): boolean {
		if (this.rooms.closing) {
			ws.close(CloseCode.Restarting, 'server restarting');
			return false;
		}
		if (!this.rooms.has(docName) && this.writer.pending(docName) > 0) {
			// The document was just dropped (a failed write) and its last writes are still being
			// settled: loading it now could miss them. The client retries in a moment.
			ws.close(CloseCode.Restarting, 'document reloading');
			return false;
		}
		return true;
	}

	/**
	 * Join the socket to its room (loading the document if needed) and handle `queued` messages.
	 * `sentStored`: what the client already got from the cold open, if anything. Messages that arrive
	 * while the document loads are queued after `queued`, in order.
	 */
	#attach(ws: WebSocket, principal: Principal, docName: string, queued: QueuedMessage[], sentStored: SentStored | null): void {
		// If another connection loaded the document after this client got the stored state, and it has
		// changed since, the client lacks those changes.
		const loaded = this.rooms.get(docName);
		if (loaded) return this.#connect(ws, principal, loaded, queued, sentStored, true);
		const waiting = [...queued];
		const onMessage = (data: RawData, isBinary: boolean) => void waiting.push({ data, isBinary });
		ws.on('message', onMessage);
		this.rooms.open(docName).then(
			(room) => {
				ws.off('message', onMessage);
				if (ws.readyState !== ws.OPEN) return this.rooms.idle(room);
				this.#connect(ws, principal, room, waiting, sentStored, false);
			},
			(e: unknown) => {
				ws.off('message', onMessage);
				if (this.rooms.closing) return ws.close(CloseCode.Restarting, 'server restarting');
				this.#log(`could not load ${docName}`, e);
				ws.close(CloseCode.InternalError, 'could not load document');
			}
		);
	}

	#connect(ws: WebSocket, principal: Principal, room: Room, queued: QueuedMessage[], sentStored: SentStored | null, wasLoaded: boolean): void {
		this.rooms.cancelUnload(room.name);
		connect(ws, room, principal, this.#connection, {
			queued,
			resend: sentStored !== null && 'board' in sentStored && wasLoaded && room.changedSinceLoad,
			projectorFrom: sentStored !== null && 'projector' in sentStored ? sentStored.projector : null,
			outdated: this.#outdated.has(ws)
		});
	}

	/** Load these documents in the background (see RoomRegistry.preload). */
	preload(names: readonly string[]): Promise<number> {
		return this.rooms.preload(names);
	}

	/**
	 * Read a document (loading it if needed, and letting it unload again like any idle room).
	 * `fn` must not change it: changes go through `change`.
	 */
	async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const room = await this.rooms.open(docName);
		this.rooms.idle(room);
		return fn(room.doc);
	}

	/**
	 * Apply a server-side change to a document (loading it if needed), persisted like any other.
	 * Resolves with fn's result once the change is stored; rejects if it could not be.
	 */
	async change<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const room = await this.rooms.open(docName);
		const { result, stored } = room.mutate(SERVER_ORIGIN, () => fn(room.doc));
		this.rooms.idle(room);
		await stored;
		return result;
	}

	/**
	 * Apply a participant's operation that did not come over a socket (the phone's form, before its
	 * script runs), by the document's kind and as safely as a socket's: resolves once it is stored.
	 */
	async applyParticipantOp(docName: string, op: ParticipantOp, actor: OpActor): Promise<OpResult> {
		const room = await this.rooms.open(docName);
		const side = room.kind.participants;
		if (!side) return { ok: false, error: 'read_only' };
		const m = applyOpSafely(room, side, op, actor, this.#log);
		this.rooms.idle(room);
		await m.stored;
		return m.result;
	}

	/** A participant was muted, unmuted or renamed: update their open sockets and views now. */
	updateParticipant(participantId: string, patch: { nickname?: string | null; muted?: boolean }): void {
		for (const [room, c] of this.rooms.connections()) {
			if (c.principal.kind !== 'participant' || c.principal.participantId !== participantId || !c.participant) continue;
			c.participant = { ...c.participant, ...patch };
			room.refreshViews(c);
		}
	}

	/**
	 * A staff account was disabled (final: 4401) or its password changed (the client reconnects and
	 * re-authenticates with whatever session it still has): close its open sockets now.
	 */
	closeStaff(userId: string, how: 'disabled' | 'reauthenticate'): void {
		const [code, reason] = how === 'disabled' ? [CloseCode.Unauthorized, ACCOUNT_DISABLED_REASON] : [CloseCode.Restarting, 'sign in again'];
		this.rooms.closeWhere((c) => c.principal.kind === 'staff' && c.principal.userId === userId, code, reason);
	}

	/** Close the sockets of one kind of principal on a document (a workshop closed, its code or link replaced). */
	closeWhere(docName: string, match: (c: Conn) => boolean, code: number, reason: string): void {
		this.rooms.closeWhere(match, code, reason, docName);
	}

	/** Close participants' sockets on a document (a workshop was closed or its code rotated away). */
	closeParticipants(docName: string, code: number, reason: string): void {
		this.closeWhere(docName, (c) => c.principal.kind === 'participant', code, reason);
	}

	/** Stop accepting, compact every room, tell clients to come back shortly; resolves once all is written. */
	async shutdown(): Promise<void> {
		if (!this.rooms.closing) this.rooms.closeAll();
		await this.writer.close();
	}

	stats(): { rooms: number; connections: number } {
		return this.rooms.stats();
	}
}
