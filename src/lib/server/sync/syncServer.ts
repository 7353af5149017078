/**
 * The sync core: y-websocket protocol for staff and projectors, typed operations for participants.
 * Transport-agnostic apart from the `ws` socket it is handed after authentication.
 */
import type { WebSocket, RawData } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { DocStore, StoredState } from './docStore';
import { InlineUpdateLog, type UpdateLog } from './updateLog';
import { canWriteDoc, type Principal } from './principal';
import { COMPACT_AFTER_UPDATES, Room, SERVER_ORIGIN, type Conn } from './room';
import { jsonFrame as jsonMessage, syncFrame as syncMessage } from '../../protocol/codec';
import { MessageType, CloseCode, type OpReply, type Notice, type ParticipantOp } from '../../protocol/messages';
import { ParticipantOpSchema } from '../../protocol/schema';
import { applyParticipantOp } from './participantOps';
import { updateWithinLimits, awarenessWithinLimits, MAX_VALUE_DEPTH } from './limits';

export type SyncServerOptions = {
	/** Reads documents when rooms load. */
	store: DocStore;
	/** Commits rooms' updates (default: on this thread, through `store`). */
	writer?: UpdateLog;
	/** Fill a new, empty document (runs as a persisted server change). */
	initDoc?: (name: string, doc: Y.Doc) => void;
	/** Unload a room this long after its last socket left. */
	unloadAfterMs?: number;
	/** Largest frame a participant may send (staff are capped by the ws server's maxPayload). */
	participantMaxBytes?: number;
	/** Resolves to the ms to wait when the participant is over their rate, 0 otherwise. */
	participantRateLimit?: (participantId: string, op: ParticipantOp) => Promise<number> | number;
	heartbeatMs?: number;
	log?: (msg: string, err?: unknown) => void;
	/** After a change to a document was stored (history snapshots hook in here). */
	onStored?: (docName: string, doc: Y.Doc) => void;
	/** A staff socket changed keys of top-level maps (e.g. meta.step): for the audit log. */
	onStaffChange?: (docName: string, staff: Extract<Principal, { kind: 'staff' }>, changed: Map<string, string[]>, doc: Y.Doc) => void;
	/** Before a room is unloaded or the server shuts down. */
	onUnload?: (docName: string, doc: Y.Doc) => void;
};

/** How long a new staff or projector socket on an unloaded document may take to send its sync step 1. */
const FIRST_MESSAGE_WAIT_MS = 500;
/** How long loading the document waits for the stored state to be handed to a slow socket. */
const SEND_WAIT_MS = 250;
/** How long it then waits for the client to say it has applied the state. */
const APPLY_WAIT_MS = 1_000;
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
/** An outdated page is closed this long after it connected even if it never sent its update. */
export const OUTDATED_GRACE_MS = 5_000;

type QueuedMessage = { data: RawData; isBinary: boolean };
/** What `#answerFromStore` sent: the board as stored (staff), or the stored projector copy (these bytes). */
type SentStored = { board: true } | { projector: Uint8Array };

export class SyncServer {
	readonly rooms = new Map<string, Room>();
	#opts: Required<Omit<SyncServerOptions, 'initDoc' | 'participantRateLimit' | 'onStored' | 'onUnload' | 'onStaffChange'>> & SyncServerOptions;
	readonly writer: UpdateLog;
	#nextConnId = 1;
	#unloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
	#closing = false;
	/** sockets of pages of another build (handleConnection's `outdated`) */
	#outdated = new WeakSet<WebSocket>();

	constructor(opts: SyncServerOptions) {
		this.#opts = {
			unloadAfterMs: 30_000,
			participantMaxBytes: 8 * 1024,
			heartbeatMs: 15_000,
			log: (msg, err) => (err ? console.error(`[sync] ${msg}`, err) : console.log(`[sync] ${msg}`)),
			...opts,
			writer: opts.writer ?? new InlineUpdateLog(opts.store)
		};
		this.writer = this.#opts.writer;
	}

	/** Load (or return) a room. Throws if the stored state cannot be read. */
	room(name: string): Room {
		let room = this.rooms.get(name);
		if (room) return room;
		room = new Room(name, this.#opts.store, this.writer, (r, e) => this.#poison(r, e), this.#opts.onStored);
		this.rooms.set(name, room);
		const onStaffChange = this.#opts.onStaffChange;
		if (onStaffChange) {
			const doc = room.doc;
			doc.on('afterTransaction', (tr: Y.Transaction) => {
				const origin = tr.origin as Conn | null;
				if (!origin || typeof origin !== 'object' || !('principal' in origin) || origin.principal.kind !== 'staff') return;
				// Only changes to top-level maps' own keys (settings), not edits inside notes or themes.
				const changed = new Map<string, string[]>();
				for (const [type, keys] of tr.changed) {
					if (type.parent !== null || !(type instanceof Y.Map)) continue;
					const name = [...doc.share.entries()].find(([, t]) => (t as unknown) === type)?.[0];
					if (name && name !== 'notes' && name !== 'themes' && name !== 'ballots') changed.set(name, [...keys].filter((k): k is string => k !== null));
				}
				if (changed.size > 0) onStaffChange(room!.name, origin.principal, changed, doc);
			});
		}
		const init = this.#opts.initDoc;
		const fresh = room;
		if (init) fresh.mutate(SERVER_ORIGIN, () => init(name, fresh.doc));
		return room;
	}

	#poison(room: Room, error: unknown): void {
		this.#opts.log(`could not store an update to ${room.name}; closing the room so clients resend`, error);
		this.rooms.delete(room.name);
		room.closeAll(CloseCode.InternalError, 'storage failure');
		room.destroy();
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
		// Projectors never take the board's stored bytes (those hold hidden notes' text and everyone's
		// ballots), only the stored projector copy (`#answerFromStore`).
		if ((principal.kind === 'staff' || principal.kind === 'display') && !this.rooms.has(docName)) this.#openFromStore(ws, principal, docName);
		else this.#attach(ws, principal, docName, [], null);
	}

	/** Whether a socket may open `docName` now; closes it (the client retries) if not. */
	#admit(ws: WebSocket, docName: string): boolean {
		if (this.#closing) {
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
	 * A staff laptop's or projector's connection to a document that is not loaded. A y-websocket
	 * client opens with its sync step 1; if that is empty (nothing cached) and the document is stored
	 * as a snapshot plus a short log, the answer is those stored bytes as they are (the snapshot as
	 * step 2, then each log entry as an update), sent before the document is loaded into memory, then
	 * an awareness query. The client answers the query once it has applied the state, and only then is
	 * the document loaded: where the laptop runs on the server's machine its apply and the server's
	 * load do not compete for the CPU. A projector gets the stored projector copy instead (see
	 * `#answerFromStore`), and only when it is the copy of the board exactly as stored. Everything else
	 * takes the normal path. Messages that arrive meanwhile are handled, in order, once attached.
	 */
	#openFromStore(ws: WebSocket, principal: Principal, docName: string): void {
		const queued: QueuedMessage[] = [];
		let stage: 'first' | 'sending' | 'applying' | 'attached' = 'first';
		let timer: ReturnType<typeof setTimeout> | undefined;
		let sentStored: SentStored | null = null;
		const proceed = () => {
			if (stage === 'attached') return;
			stage = 'attached';
			clearTimeout(timer);
			ws.off('message', onMessage);
			ws.off('close', onClose);
			if (ws.readyState !== ws.OPEN || !this.#admit(ws, docName)) return;
			this.#attach(ws, principal, docName, queued, sentStored);
		};
		const onMessage = (data: RawData, isBinary: boolean) => {
			if (stage === 'first') {
				clearTimeout(timer);
				const answer = this.#answerFromStore(ws, principal, docName, toBytes(data), isBinary);
				if (!answer) {
					queued.push({ data, isBinary });
					return proceed();
				}
				sentStored = answer.stored;
				stage = 'sending';
				void answer.sent.then(() => {
					if (stage !== 'sending') return;
					stage = 'applying';
					timer = setTimeout(proceed, APPLY_WAIT_MS);
				});
				return;
			}
			queued.push({ data, isBinary });
			// the answer to the query (or anything the client sends once it has the state)
			if (stage === 'applying' && isBinary) {
				const type = peekType(toBytes(data));
				if (type === MessageType.Awareness || type === MessageType.Sync) proceed();
			}
		};
		const onClose = () => {
			stage = 'attached';
			clearTimeout(timer);
		};
		// A client that does not open with sync step 1 is attached (and the document loaded) anyway.
		timer = setTimeout(proceed, FIRST_MESSAGE_WAIT_MS);
		ws.on('message', onMessage);
		ws.on('close', onClose);
	}

	/**
	 * Answer an empty sync step 1 from the stored bytes of an unloaded document, followed by an
	 * awareness query. A staff laptop gets the board's snapshot and log; a projector the stored
	 * projector copy (room.ts), only if it is the copy of the board exactly as stored (stored in the
	 * same compaction as the board's snapshot, no log entries after that): it never holds hidden notes'
	 * text or ballots, and the room's copy, which starts from it, sends the projector only changes to it.
	 * Returns null when this does not apply (a non-empty or malformed step 1, a loaded or unsettled
	 * document, no snapshot, a long log; for a projector no current copy), else what was sent and a
	 * promise that resolves once the bytes are handed to the socket (or after a short wait).
	 */
	#answerFromStore(ws: WebSocket, principal: Principal, docName: string, bytes: Uint8Array, isBinary: boolean): { stored: SentStored; sent: Promise<void> } | null {
		if (!isBinary || this.rooms.has(docName) || this.writer.pending(docName) > 0) return null;
		try {
			const d = decoding.createDecoder(bytes);
			if (decoding.readVarUint(d) !== MessageType.Sync || decoding.readVarUint(d) !== syncProtocol.messageYjsSyncStep1) return null;
			if (Y.decodeStateVector(decoding.readVarUint8Array(d)).size > 0) return null;
		} catch {
			return null; // the normal path refuses it with a notice
		}
		let stored: StoredState | null;
		try {
			if (principal.kind === 'display') {
				const copy = this.#opts.store.readProjector(docName);
				stored = copy?.current ? { snapshot: copy.snapshot, log: [] } : null;
			} else stored = this.#opts.store.readStored(docName, COMPACT_AFTER_UPDATES);
		} catch {
			return null; // the normal path reports it
		}
		if (!stored?.snapshot) return null;
		const { snapshot, log } = stored;
		const sent = new Promise<void>((resolve) => {
			const done = setTimeout(resolve, SEND_WAIT_MS);
			const query = encoding.createEncoder();
			encoding.writeVarUint(query, MessageType.QueryAwareness);
			const frames = [
				syncMessage(syncProtocol.messageYjsSyncStep2, snapshot),
				...log.map((u) => syncMessage(syncProtocol.messageYjsUpdate, u)),
				encoding.toUint8Array(query)
			];
			frames.forEach((f, i) =>
				ws.send(f, i < frames.length - 1 ? undefined : () => {
					clearTimeout(done);
					resolve();
				})
			);
		});
		return { stored: principal.kind === 'display' ? { projector: snapshot } : { board: true }, sent };
	}

	/**
	 * Join the socket to its room (loading the document if needed) and handle `queued` messages.
	 * `sentStored`: what the client already got from `#answerFromStore`, if anything.
	 */
	#attach(ws: WebSocket, principal: Principal, docName: string, queued: QueuedMessage[], sentStored: SentStored | null): void {
		// If another connection loaded the document after this client got the stored state, and it has
		// changed since, the client lacks those changes.
		const wasLoaded = this.rooms.has(docName);
		let room: Room;
		try {
			room = this.room(docName);
		} catch (e) {
			this.#opts.log(`could not load ${docName}`, e);
			ws.close(CloseCode.InternalError, 'could not load document');
			return;
		}
		this.#cancelUnload(docName);

		let lastSentAt = performance.now();
		const conn: Conn = {
			id: this.#nextConnId++,
			principal,
			send: (data) => {
				if (ws.readyState !== ws.OPEN) return;
				lastSentAt = performance.now();
				// No per-send callback: a broadcast is hundreds of sends, and a failed write surfaces as
				// the socket's 'error' event (which terminates it) anyway.
				ws.send(data);
			},
			close: (code, reason) => ws.close(code, reason),
			participant: principal.kind === 'participant' ? { nickname: principal.nickname, muted: principal.muted } : undefined
		};
		const awarenessIds = new Set<number>();
		let malformed = 0;
		room.add(conn);

		let alive = true;
		ws.on('pong', () => (alive = true));
		const heartbeatMs = this.#opts.heartbeatMs;
		// Pings find dead sockets. Browsers do not see pings, and y-websocket clients reconnect after 30 s
		// without a message: a socket that was sent nothing for half an interval gets the presence count
		// as a keep-alive (so at most 1.5 intervals pass without a message); a busy one needs none.
		const beat = () => {
			if (!alive) return ws.terminate();
			alive = false;
			ws.ping();
			if (performance.now() - lastSentAt >= heartbeatMs / 2) conn.send(room.presenceFrame());
		};
		// The first beat comes at a random point between half and one and a half intervals, so that
		// sockets that connected together (a hall of phones, a reconnect storm) are not all pinged, and
		// do not all answer, in the same few milliseconds while document updates wait behind them.
		let heartbeat: ReturnType<typeof setInterval> | null = null;
		const firstBeat = setTimeout(
			() => {
				beat();
				heartbeat = setInterval(beat, heartbeatMs);
			},
			heartbeatMs * (0.5 + Math.random())
		);

		// A page of another build: store what it sends in answer to our step 1, then let it reload.
		let outdatedClose: ReturnType<typeof setTimeout> | null = null;
		const closeOutdated = () => {
			if (outdatedClose) clearTimeout(outdatedClose);
			if (ws.readyState === ws.OPEN) ws.close(CloseCode.Outdated, 'a new version: reload the page');
		};
		if (this.#outdated.has(ws)) outdatedClose = setTimeout(closeOutdated, OUTDATED_GRACE_MS);

		const onMessage = (data: RawData, isBinary: boolean) => {
			const bytes = toBytes(data);
			if (principal.kind === 'participant' && bytes.length > this.#opts.participantMaxBytes) {
				ws.close(CloseCode.MessageTooBig, 'message too big');
				return;
			}
			if (!isBinary) {
				this.#notice(conn, { code: 'bad_message', message: 'text frames are not part of this protocol' });
				return;
			}
			try {
				const update = this.#onMessage(room, conn, bytes, awarenessIds);
				if (outdatedClose && update) void update.then(closeOutdated, closeOutdated);
			} catch (e) {
				if (room.destroyed) return; // poisoned: sockets are being closed
				// A few per connection are worth a log line; a flood is not.
				if (++malformed <= 3) this.#opts.log(`refused a malformed message on ${docName} from ${principal.kind}${malformed === 3 ? ' (further ones from this socket not logged)' : ''}`, e);
				this.#notice(conn, { code: principal.kind === 'staff' ? 'update_refused' : 'bad_message', message: 'malformed message' });
			}
		};
		ws.on('message', onMessage);

		ws.on('close', () => {
			clearTimeout(firstBeat);
			if (outdatedClose) clearTimeout(outdatedClose);
			if (heartbeat) clearInterval(heartbeat);
			if (room.destroyed) return;
			room.remove(conn, [...awarenessIds]);
			if (room.conns.size === 0) this.#scheduleUnload(room);
		});

		if (principal.kind === 'participant') {
			room.refreshViews(conn);
		} else {
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, MessageType.Sync);
			syncProtocol.writeSyncStep1(enc, principal.kind === 'display' ? room.projectorDoc() : room.doc);
			conn.send(encoding.toUint8Array(enc));
			if (sentStored && 'board' in sentStored && wasLoaded && room.changedSinceLoad) {
				// Send the state again; the client keeps only what it lacks.
				const again = encoding.createEncoder();
				encoding.writeVarUint(again, MessageType.Sync);
				room.writeSyncStep2(again, EMPTY_STATE_VECTOR);
				conn.send(encoding.toUint8Array(again));
			}
			if (sentStored && 'projector' in sentStored) {
				// What the room's copy (which started from the stored one) has beyond it, if anything.
				const catchUp = room.projectorCatchUp(sentStored.projector);
				if (catchUp) conn.send(catchUp);
			}
			if (principal.kind === 'staff') {
				const states = room.awareness.getStates();
				if (states.size > 0) {
					const a = encoding.createEncoder();
					encoding.writeVarUint(a, MessageType.Awareness);
					encoding.writeVarUint8Array(a, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()]));
					conn.send(encoding.toUint8Array(a));
				}
			}
		}
		conn.send(room.presenceFrame());
		for (const m of queued) onMessage(m.data, m.isBinary);
	}

	/**
	 * Handles one message. For a document update from the client (sync step 2 or update): a promise
	 * that settles once it is stored (or at once when there was nothing to store); else nothing.
	 */
	#onMessage(room: Room, conn: Conn, bytes: Uint8Array, awarenessIds: Set<number>): Promise<void> | null {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		const p = conn.principal;
		switch (type) {
			case MessageType.Sync: {
				if (p.kind === 'participant') {
					this.#notice(conn, { code: 'read_only', message: 'participants send operations, not document updates' });
					return null;
				}
				const enc = encoding.createEncoder();
				encoding.writeVarUint(enc, MessageType.Sync);
				const update = canWriteDoc(p) ? this.#staffSync(room, conn, decoder, enc) : this.#readOnlySync(room, conn, decoder, enc);
				if (encoding.length(enc) > 1) conn.send(encoding.toUint8Array(enc));
				return update;
			}
			case MessageType.Awareness: {
				if (p.kind !== 'staff') return null; // phones and projectors publish no presence
				const update = decoding.readVarUint8Array(decoder);
				const states = readAwarenessStates(update);
				if (!awarenessWithinLimits(states)) {
					this.#notice(conn, { code: 'update_refused', message: 'presence state too large or too deep' });
					return null;
				}
				for (const { clientId, state } of states) {
					if (state === 'null') awarenessIds.delete(clientId);
					else awarenessIds.add(clientId);
				}
				awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn);
				return null;
			}
			case MessageType.QueryAwareness: {
				if (p.kind !== 'staff') return null;
				const enc = encoding.createEncoder();
				encoding.writeVarUint(enc, MessageType.Awareness);
				encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()]));
				conn.send(encoding.toUint8Array(enc));
				return null;
			}
			case MessageType.Op: {
				this.#onOp(room, conn, decoding.readVarString(decoder)).catch((e: unknown) => this.#opts.log('operation handler failed', e));
				return null;
			}
			default:
				this.#notice(conn, { code: 'bad_message', message: `unknown message type ${type}` });
				return null;
		}
	}

	/**
	 * Staff sync: step 1 is answered; an update (step 2 or update) is checked to be a complete,
	 * well-formed Yjs update before it touches the document, so a malformed one is refused with
	 * a notice instead of being half-applied (y-protocols would swallow the error silently).
	 * Returns null for a step 1; for an update, a promise that settles once it is stored (at once
	 * when it was refused).
	 */
	#staffSync(room: Room, conn: Conn, decoder: decoding.Decoder, enc: encoding.Encoder): Promise<void> | null {
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			room.writeSyncStep2(enc, decoding.readVarUint8Array(decoder));
			return null;
		}
		if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) throw new Error(`unknown sync message ${syncType}`);
		const update = decoding.readVarUint8Array(decoder);
		let withinLimits: boolean;
		try {
			withinLimits = updateWithinLimits(update);
		} catch {
			this.#notice(conn, { code: 'update_refused', message: 'malformed document update' });
			return Promise.resolve();
		}
		if (!withinLimits) {
			this.#notice(conn, { code: 'update_refused', message: `values nested deeper than ${MAX_VALUE_DEPTH} levels are refused` });
			return Promise.resolve();
		}
		// Nobody is acknowledged for a laptop's update (y-websocket has no acks) and the laptop keeps it,
		// resending it after a reconnect: it is relayed once committed and fsynced within a second.
		return room.mutate(conn, () => Y.applyUpdate(room.doc, update, conn), { acknowledged: false }).stored;
	}

	/**
	 * Projectors (and editors, on boards) may ask for the state (step 1) but may not change it. A
	 * projector gets the board's projector copy instead of the board.
	 */
	#readOnlySync(room: Room, conn: Conn, decoder: decoding.Decoder, enc: encoding.Encoder): Promise<void> | null {
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			const sv = decoding.readVarUint8Array(decoder);
			if (conn.principal.kind === 'display') room.writeProjectorSyncStep2(enc, sv);
			else room.writeSyncStep2(enc, sv);
			return null;
		}
		const update = decoding.readVarUint8Array(decoder);
		// The client answers our step 1 with what it has that we lack: for a read-only client no new
		// items, only the delete set it received from us. Nothing from it is applied either way; a
		// notice is sent only when it tried to add content.
		if (Y.decodeUpdate(update).structs.length > 0) this.#notice(conn, { code: 'read_only', message: 'this connection is read-only' });
		return Promise.resolve(); // nothing of a read-only client is stored
	}

	async #onOp(room: Room, conn: Conn, json: string): Promise<void> {
		const p = conn.principal;
		let raw: unknown;
		try {
			raw = JSON.parse(json);
		} catch {
			return this.#reply(conn, { id: '', ok: false, error: 'bad_message' });
		}
		const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, 40) : '';
		if (p.kind !== 'participant') return this.#reply(conn, { id, ok: false, error: 'read_only' });
		const parsed = ParticipantOpSchema.safeParse(raw);
		if (!parsed.success) return this.#reply(conn, { id, ok: false, error: 'bad_message' });
		const state = conn.participant ?? { muted: p.muted, nickname: p.nickname };
		if (state.muted) return this.#reply(conn, { id, ok: false, error: 'muted' });
		const wait = (await this.#opts.participantRateLimit?.(p.participantId, parsed.data)) ?? 0;
		if (wait > 0) return this.#reply(conn, { id, ok: false, error: 'rate_limited', retryAfterMs: wait });
		if (room.destroyed) return;
		let result: ReturnType<typeof applyParticipantOp>;
		// An operation that throws is a bug in our rules, not bad input, and it is this participant's
		// alone: it is refused to them and the room carries on. Whatever it changed before throwing is a
		// valid state and stored like any change (the room is poisoned only when storing fails).
		let failure: unknown = null;
		try {
			const m = room.mutate(SERVER_ORIGIN, () => {
				try {
					return applyParticipantOp(room.doc, parsed.data, { participantId: p.participantId, nickname: state.nickname }, Date.now());
				} catch (e) {
					failure = e;
					return { ok: false, error: 'server_error' } as const;
				}
			});
			if (failure) this.#opts.log(`participant operation ${parsed.data.op} failed on ${room.name}; refused to that participant only`, failure);
			await m.stored;
			result = m.result;
		} catch (e) {
			if (room.destroyed) return; // not stored: no ack; the phone keeps it in its outbox
			this.#opts.log('participant operation failed', e);
			return this.#reply(conn, { id, ok: false, error: 'server_error' });
		}
		// Stored. The ack goes out after the views refresh that the commit scheduled (setImmediate
		// runs in order), so the phone sees its updated view before the ack, without a second board read.
		const reply: OpReply = result.ok ? { id, ok: true } : { id, ok: false, error: result.error };
		setImmediate(() => this.#reply(conn, reply));
	}

	#reply(conn: Conn, reply: OpReply): void {
		conn.send(jsonMessage(MessageType.Reply, reply));
	}

	#notice(conn: Conn, notice: Notice): void {
		conn.send(jsonMessage(MessageType.Notice, notice));
	}

	#scheduleUnload(room: Room): void {
		this.#cancelUnload(room.name);
		this.#unloadTimers.set(
			room.name,
			setTimeout(() => {
				this.#unloadTimers.delete(room.name);
				void this.#unload(room);
			}, this.#opts.unloadAfterMs)
		);
	}

	/** Snapshot and compact an idle room, and drop it once its writes are on disk (unless someone came back). */
	async #unload(room: Room): Promise<void> {
		if (room.conns.size > 0 || room.destroyed) return;
		this.#opts.onUnload?.(room.name, room.doc);
		// with the projectors' copy, for the first projector on the unloaded board (`#answerFromStore`)
		await room.compact({ projector: true });
		await this.writer.flush();
		if (room.conns.size > 0 || room.destroyed || this.#unloadTimers.has(room.name)) return;
		room.destroy();
		if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
	}

	#cancelUnload(name: string): void {
		const t = this.#unloadTimers.get(name);
		if (t) clearTimeout(t);
		this.#unloadTimers.delete(name);
	}

	/**
	 * Load these documents in the background, one per turn of the event loop, so that clients
	 * coming back after a restart find them ready (boards that were live before it). Each is
	 * unloaded again like any room if nobody connects. Resolves with how many were loaded.
	 */
	async preload(names: readonly string[]): Promise<number> {
		let loaded = 0;
		for (const name of names) {
			await new Promise((resolve) => setImmediate(resolve));
			if (this.#closing) break;
			if (this.rooms.has(name)) continue;
			try {
				const room = this.room(name);
				loaded++;
				// Build the projectors' copy (from the stored one), and encode it, for the projector coming back
				room.warmProjectorCopy();
				// and fold the log now, while no client waits for it, with that copy: the encoded state is
				// kept as the answer for the clients coming back with nothing cached (reloaded laptops).
				if (room.logLength > 0) void room.compact();
				if (room.conns.size === 0) this.#scheduleUnload(room);
			} catch (e) {
				this.#opts.log(`could not preload ${name}`, e);
			}
		}
		return loaded;
	}

	/**
	 * Read a document (loading it if needed, and letting it unload again like any idle room).
	 * `fn` must not change it: changes go through `change`.
	 */
	read<T>(docName: string, fn: (doc: Y.Doc) => T): T {
		const room = this.room(docName);
		if (room.conns.size === 0) this.#scheduleUnload(room);
		return fn(room.doc);
	}

	/**
	 * Apply a server-side change to a document (loading it if needed), persisted like any other.
	 * Resolves with fn's result once the change is stored; rejects if it could not be.
	 */
	async change<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const room = this.room(docName);
		const { result, stored } = room.mutate(SERVER_ORIGIN, () => fn(room.doc));
		if (room.conns.size === 0) this.#scheduleUnload(room);
		await stored;
		return result;
	}

	/** A participant was muted, unmuted or renamed: update their open sockets and views now. */
	updateParticipant(participantId: string, patch: { nickname?: string | null; muted?: boolean }): void {
		for (const room of this.rooms.values()) {
			for (const c of room.conns) {
				if (c.principal.kind !== 'participant' || c.principal.participantId !== participantId || !c.participant) continue;
				c.participant = { ...c.participant, ...patch };
				room.refreshViews(c);
			}
		}
	}

	/**
	 * A staff account was disabled (final: 4401) or its password changed (the client reconnects and
	 * re-authenticates with whatever session it still has): close its open sockets now.
	 */
	closeStaff(userId: string, how: 'disabled' | 'reauthenticate'): void {
		const [code, reason] = how === 'disabled' ? [CloseCode.Unauthorized, 'account disabled'] : [CloseCode.Restarting, 'sign in again'];
		for (const room of this.rooms.values()) {
			for (const c of [...room.conns]) if (c.principal.kind === 'staff' && c.principal.userId === userId) c.close(code, reason);
		}
	}

	/** Close participants' sockets on a document (a workshop was closed or its code rotated away). */
	closeParticipants(docName: string, code: number, reason: string): void {
		const room = this.rooms.get(docName);
		if (!room) return;
		for (const c of [...room.conns]) if (c.principal.kind === 'participant') c.close(code, reason);
	}

	/** Stop accepting, compact every room, tell clients to come back shortly; resolves once all is written. */
	async shutdown(): Promise<void> {
		if (this.#closing) return this.writer.close();
		this.#closing = true;
		for (const t of this.#unloadTimers.values()) clearTimeout(t);
		this.#unloadTimers.clear();
		for (const room of this.rooms.values()) {
			this.#opts.onUnload?.(room.name, room.doc);
			void room.compact({ projector: true });
			room.closeAll(CloseCode.Restarting, 'server restarting');
			room.destroy();
		}
		this.rooms.clear();
		await this.writer.close();
	}

	stats(): { rooms: number; connections: number } {
		let connections = 0;
		for (const r of this.rooms.values()) connections += r.conns.size;
		return { rooms: this.rooms.size, connections };
	}
}

/** The message type of a frame, or -1 if it has none. */
function peekType(bytes: Uint8Array): number {
	try {
		return decoding.readVarUint(decoding.createDecoder(bytes));
	} catch {
		return -1;
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The states in an awareness update, as JSON text (parsed by y-protocols only once they pass our limits). */
function readAwarenessStates(update: Uint8Array): { clientId: number; state: string }[] {
	const d = decoding.createDecoder(update);
	const len = decoding.readVarUint(d);
	const out: { clientId: number; state: string }[] = [];
	for (let i = 0; i < len; i++) {
		const clientId = decoding.readVarUint(d);
		decoding.readVarUint(d); // clock
		out.push({ clientId, state: decoding.readVarString(d) });
	}
	return out;
}
