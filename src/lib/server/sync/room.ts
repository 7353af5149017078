/**
 * One loaded document and the sockets on it. Every change goes through `mutate`, which applies it
 * in memory, hands the Yjs updates it produced to the update log, and fans them out (broadcast to
 * staff and projectors, participants' views) only once the log confirms they are committed (they
 * survive a crash of the process from then on); `stored` resolves once they are also on stable
 * storage (the log's `durable`), and participants are acknowledged only after it. Changes are
 * broadcast in the order they were made. If the log refuses or cannot make them durable, the room is
 * poisoned: every socket is closed and the in-memory state is dropped; clients resend on reconnect
 * (phones what was not acknowledged, staff laptops whatever the server lacks).
 *
 * Projectors never get the board itself: they sync with its projector's copy (domain/projectorMirror.ts:
 * no hidden notes, no ballots, no participant ids), made when the first projector comes and kept up
 * to date from the board's transactions; its changes are relayed to projectors with the board's, once
 * the board's change is committed. When the room is unloaded or the server shuts down, a copy built
 * afresh is stored with the board's snapshot (same transaction, same `upto_seq`); a projector opening
 * the unloaded board is answered with it (syncServer.ts `#answerFromStore`), and the room loaded then
 * starts its copy from it (reconciled with the board), so that projector gets consistent changes.
 *
 * While a commit is in flight (about a millisecond) the in-memory document is ahead of the store: a
 * staff client that asks for the state in that moment gets it. If that commit then fails, the room
 * is poisoned and that client pushes the state back when it reconnects, where it is stored.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { DocStore, LoadedState } from './docStore';
import type { UpdateLog } from './updateLog';
import { InProcessFanout, type Fanout } from './fanout';
import type { Principal } from './principal';
import { MessageType, type Presence } from '../../protocol/messages';
import { jsonFrame as jsonMessage, syncFrame as syncMessage } from '../../protocol/codec';
import type { DocKind, ParticipantViews } from './docKinds';
import { RoomProjector } from './roomProjector';
import { countPresence, sendViews } from './roomViews';

export interface Conn {
	readonly id: number;
	readonly principal: Principal;
	send(data: Uint8Array): void;
	close(code: number, reason: string): void;
	/** last JSON view sent to a participant, to skip identical resends */
	lastView?: string;
	/** last JSON shared (table) view sent */
	lastShared?: string;
	/** a participant's current nickname and mute state (changed by staff while connected) */
	participant?: { nickname: string | null; muted: boolean };
}

/** Origin tag for changes the server makes itself (participant operations, initialisation). */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');

export const COMPACT_AFTER_UPDATES = 500;
/** A room loaded with a long log folds it this long after the load. */
const COMPACT_AFTER_LOAD_MS = 2_000;

/** What `mutate` returns: fn's result now, and whether the change was committed later. */
export type Mutation<T> = { result: T; stored: Promise<void> };

export class Room {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly conns = new Set<Conn>();
	#writer: UpdateLog;
	#pending: Uint8Array[] = [];
	#logLength: number;
	#viewTimer: ReturnType<typeof setImmediate> | null = null;
	#relayTimer: ReturnType<typeof setImmediate> | null = null;
	#presenceFrame: Uint8Array | null = null;
	#presenceTimer: ReturnType<typeof setTimeout> | null = null;
	#compactTimer: ReturnType<typeof setImmediate> | null = null;
	#loadCompactTimer: ReturnType<typeof setTimeout> | null = null;
	#onPoison: (room: Room, error: unknown) => void;
	destroyed = false;

	/** what the room's document is: its participants' views, its projector copy, its storage hooks */
	readonly kind: RoomKind;
	/** The board as phones' views need it, read once per change (not once per phone or per connect). */
	#views: ParticipantViews | null = null;
	/** The whole state as one update, for clients that have nothing yet (encoded once per change). */
	#fullState: Uint8Array | null = null;
	#changedSinceLoad = false;
	/** Changes committed in the batch that is confirming now, relayed together. */
	#committed: Committed[] = [];
	/** The projectors' copy, for kinds that have one (roomProjector.ts). */
	readonly #projector: RoomProjector | null;

	/** The sequence number in the log of the last update committed (as loaded, then one per update). */
	#seq: number;
	readonly #fanout: Fanout;

	/**
	 * Load the document from the store and make its room. Rejects, making nothing, if the stored state
	 * cannot be read. `fanout`: where committed updates are published (a bus of its own if not given).
	 */
	static async load(
		name: string,
		kind: RoomKind,
		store: DocStore,
		writer: UpdateLog,
		onPoison: (room: Room, error: unknown) => void,
		fanout: Fanout = new InProcessFanout()
	): Promise<Room> {
		const doc = new Y.Doc({ gc: true });
		try {
			const loaded = await store.loadInto(name, doc, LOAD_ORIGIN);
			// The stored projectors' copy, if it is the copy of the document exactly as stored: projectors
			// may have been answered with it before the load (coldOpen.ts), so the room's copy starts from it.
			const projectorCopy = kind.projector && loaded.logLength === 0 && loaded.snapshot !== null ? await currentProjectorCopy(store, name) : null;
			return new Room(name, kind, { doc, loaded, projectorCopy }, writer, onPoison, fanout);
		} catch (e) {
			doc.destroy();
			throw e;
		}
	}

	/** Use `Room.load`: a room is made from a document that is loaded already. */
	private constructor(
		name: string,
		kind: RoomKind,
		from: { doc: Y.Doc; loaded: LoadedState; projectorCopy: Uint8Array | null },
		writer: UpdateLog,
		onPoison: (room: Room, error: unknown) => void,
		fanout: Fanout
	) {
		this.name = name;
		this.kind = kind;
		this.#writer = writer;
		this.#onPoison = onPoison;
		this.#fanout = fanout;
		this.doc = from.doc;
		const { loaded } = from;
		this.#logLength = loaded.logLength;
		this.#seq = loaded.seq;
		// A snapshot with nothing after it is the document's whole state, already encoded.
		if (loaded.logLength === 0) this.#fullState = loaded.snapshot;
		this.#projector = kind.projector ? new RoomProjector(name, this.doc, kind.projector, from.projectorCopy) : null;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			this.#views = null;
			this.#fullState = null;
			if (origin === LOAD_ORIGIN) return;
			this.#changedSinceLoad = true;
			this.#pending.push(update);
		});
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		this.awareness.setLocalState(null);
		this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
			const changed = added.concat(updated, removed);
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, MessageType.Awareness);
			encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
			this.broadcast(encoding.toUint8Array(enc), null, (c) => c.principal.kind === 'staff');
		});
		// A long log (compaction failed or never ran, e.g. after crashes) is folded soon, so that only
		// this load pays for it; not in the same turn, which serves the clients waiting for the load.
		if (this.#logLength >= COMPACT_AFTER_UPDATES) {
			this.#loadCompactTimer = setTimeout(() => {
				this.#loadCompactTimer = null;
				void this.compact();
			}, COMPACT_AFTER_LOAD_MS);
		}
	}

	/**
	 * Run `fn` as one transaction with `origin`, hand what it changed to the update log, and fan it
	 * out once committed. Returns fn's result at once; `stored` resolves once the change is durable,
	 * and rejects if it was not stored (the room is then poisoned). Throws, storing nothing, if `fn`
	 * throws. `opts.acknowledged: false` (a staff laptop's update, which nobody is told was stored and
	 * which the laptop keeps): `stored` resolves at the commit, and the log makes it durable within
	 * about a second instead of one fsync per change.
	 */
	mutate<T>(origin: unknown, fn: () => T, opts: { acknowledged?: boolean } = {}): Mutation<T> {
		if (this.destroyed) throw new Error(`room ${this.name} is closed`);
		let result!: T;
		try {
			this.doc.transact(() => {
				result = fn();
			}, origin);
		} catch (e) {
			// The change failed half-way (e.g. an update that breaks off after its content): the
			// document in memory may hold part of it. Store none of it and drop the room, so that
			// everyone reloads the last complete state from the store.
			this.#pending = [];
			this.#projector?.takePending();
			this.#onPoison(this, e);
			throw e;
		}
		const stored = this.#flush(origin, opts.acknowledged ?? true);
		// Callers that do not wait for `stored` must not turn a storage failure into an unhandled
		// rejection: the room has already been poisoned and clients told.
		stored.catch(() => {});
		return { result, stored };
	}

	#flush(origin: unknown, acknowledged: boolean): Promise<void> {
		const projector = this.#projector?.takePending() ?? [];
		if (this.#pending.length === 0) return Promise.resolve();
		const updates = this.#pending;
		this.#pending = [];
		this.#logLength += updates.length;
		if (this.#projector) this.#projector.storedIsCurrent = false;
		return this.#writer
			.append(this.name, updates)
			.then(() => {
				this.#onCommitted({ updates, origin, projector });
				if (acknowledged) return this.#writer.durable();
				this.#writer.durableSoon();
			})
			.catch((e: unknown) => {
				if (!this.destroyed) this.#onPoison(this, e);
				throw e;
			});
	}

	#onCommitted(committed: Committed): void {
		if (this.destroyed) throw new Error(`room ${this.name} was closed before the change was stored`);
		this.kind.onStored?.(this.name, this.doc);
		// to every other holder of the document (fanout.ts): committed, in the log's order
		for (const u of committed.updates) this.#fanout.publish(this.name, ++this.#seq, u);
		// Changes committed in the same event-loop turn (a group commit's batch, or updates read from many
		// sockets in one poll of the loop: a burst) are relayed together right after it, one message per
		// recipient instead of one per change: every receiving client then applies one transaction, not
		// one per change, which is what a client's CPU pays for (Yjs reads the document's state vector
		// twice per transaction). A lone change waits for nothing: the check phase follows the poll.
		this.#relayTimer ??= setImmediate(() => this.#relayCommitted());
		this.#committed.push(committed);
		this.scheduleViews();
		if (this.#logLength >= COMPACT_AFTER_UPDATES) this.scheduleCompact();
	}

	#relayCommitted(): void {
		this.#relayTimer = null;
		const batch = this.#committed;
		this.#committed = [];
		if (!this.destroyed && batch.length > 0) this.#relay(batch);
	}

	/**
	 * Send committed changes to staff (the board's updates) and projectors (their copy's), merged into
	 * one update each (phones get views instead); a staff client whose own change is among them gets the
	 * others' only.
	 */
	#relay(batch: Committed[]): void {
		const frame = (updates: Uint8Array[]) => syncMessage(syncProtocol.messageYjsUpdate, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
		const all = frame(batch.flatMap((b) => b.updates));
		const projected = batch.flatMap((b) => b.projector);
		const forProjectors = projected.length > 0 ? frame(projected) : null;
		const senders = new Set(batch.map((b) => b.origin));
		const forSender = new Map<unknown, Uint8Array | null>();
		for (const origin of senders) {
			const others = batch.filter((b) => b.origin !== origin).flatMap((b) => b.updates);
			forSender.set(origin, others.length > 0 ? frame(others) : null);
		}
		for (const c of this.conns) {
			if (c.principal.kind === 'participant') continue;
			if (c.principal.kind === 'display') {
				if (forProjectors) c.send(forProjectors);
				continue;
			}
			const msg = forSender.has(c) ? forSender.get(c) : all;
			if (msg) c.send(msg);
		}
	}

	/**
	 * The sync step 2 answering a client's step 1: what the client lacks. A client with an empty state
	 * vector (a projector or laptop opening the board, a reconnect storm) gets the whole state, which is
	 * encoded once per change of the document and shared, and right after a load is the stored snapshot.
	 */
	writeSyncStep2(enc: encoding.Encoder, stateVector: Uint8Array): void {
		encoding.writeVarUint(enc, syncProtocol.messageYjsSyncStep2);
		if (Y.decodeStateVector(stateVector).size > 0) {
			encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(this.doc, stateVector));
			return;
		}
		encoding.writeVarUint8Array(enc, (this.#fullState ??= Y.encodeStateAsUpdate(this.doc)));
	}

	/** The same for a projector, from the projectors' copy (encoded once per change for empty state vectors). */
	writeProjectorSyncStep2(enc: encoding.Encoder, stateVector: Uint8Array): void {
		this.#projectorOf().writeSyncStep2(enc, stateVector);
	}

	/** Build the projectors' copy and encode its state now (a preload, while no client waits). */
	warmProjectorCopy(): void {
		this.#projectorOf().warm();
	}

	/** The projectors' copy of the document (roomProjector.ts), made on first use. */
	projectorDoc(): Y.Doc {
		return this.#projectorOf().doc();
	}

	/** For a projector answered from the store's copy before the load: what it lacks (roomProjector.ts), or null. */
	projectorCatchUp(stored: Uint8Array): Uint8Array | null {
		return this.#projectorOf().catchUp(stored);
	}

	#projectorOf(): RoomProjector {
		if (this.destroyed) throw new Error(`room ${this.name} is closed`);
		if (!this.#projector) throw new Error(`documents of ${this.name}'s kind have no projector copy`);
		return this.#projector;
	}

	broadcast(msg: Uint8Array, except: unknown, filter: (c: Conn) => boolean): void {
		for (const c of this.conns) if (c !== except && filter(c)) c.send(msg);
	}

	add(conn: Conn): void {
		if (conn.principal.kind === 'display') this.projectorDoc();
		this.conns.add(conn);
		this.#presenceFrame = null;
		this.schedulePresence();
	}

	remove(conn: Conn, awarenessClients: number[]): void {
		this.conns.delete(conn);
		this.#presenceFrame = null;
		if (awarenessClients.length) awarenessProtocol.removeAwarenessStates(this.awareness, awarenessClients, null);
		this.schedulePresence();
	}

	presence(): Presence {
		return countPresence(this.conns);
	}

	/** The Presence message for the current connections, encoded once until they change. */
	presenceFrame(): Uint8Array {
		return (this.#presenceFrame ??= jsonMessage(MessageType.Presence, this.presence()));
	}

	schedulePresence(): void {
		if (this.#presenceTimer || this.destroyed) return;
		this.#presenceTimer = setTimeout(() => {
			this.#presenceTimer = null;
			if (this.destroyed) return;
			this.broadcast(this.presenceFrame(), null, () => true);
		}, 100);
	}

	/** Recompute participants' views after a burst of changes (coalesced per event-loop turn). */
	scheduleViews(): void {
		if (this.#viewTimer || this.destroyed) return;
		this.#viewTimer = setImmediate(() => {
			this.#viewTimer = null;
			this.refreshViews();
		});
	}

	refreshViews(only?: Conn): void {
		if (this.destroyed) return;
		try {
			this.#refreshViews(only);
		} catch (e) {
			// A view that cannot be built must not take the process down (it runs from a timer).
			console.error(`[sync] could not build participants' views of ${this.name}`, e);
		}
	}

	#refreshViews(only?: Conn): void {
		const side = this.kind.participants;
		if (!side) return;
		sendViews(only ? [only] : this.conns, () => (this.#views ??= side.views(this.doc)));
	}

	scheduleCompact(): void {
		if (this.#compactTimer || this.destroyed) return;
		this.#compactTimer = setImmediate(() => {
			this.#compactTimer = null;
			void this.compact();
		});
	}

	/**
	 * Fold the update log into a snapshot (queued after every update handed to the log so far).
	 * `opts.projector` (unload, shutdown): with a projectors' copy of the same state, built afresh, in
	 * the same transaction, so that the first projector on the unloaded board can be answered from the
	 * store; compacts then even with an empty log if the stored copy is not the board's as stored.
	 * (Afresh, not the room's copy: that one keeps the ids of the notes it deleted, hidden ones too, as
	 * Yjs keeps deleted map keys.) Other compactions leave the stored copy behind, not current. A
	 * failure here loses nothing: the log stays. Resolves when done or failed.
	 */
	compact(opts: { projector?: boolean } = {}): Promise<void> {
		if (this.destroyed) return Promise.resolve();
		const side = opts.projector === true ? this.#projector : null;
		if (this.#logLength === 0 && (!side || side.storedIsCurrent)) return Promise.resolve();
		const state = Y.encodeStateAsUpdate(this.doc);
		// also the answer to the next client that has nothing yet, until the document changes
		this.#fullState = state;
		const projector = side?.forStorage();
		this.#logLength = 0;
		if (this.#projector) this.#projector.storedIsCurrent = false;
		return this.#writer.compact(this.name, state, projector).then(
			() => {
				// nothing appended since: the stored copy is the document's as stored
				if (side && projector && this.#logLength === 0) side.storedIsCurrent = true;
			},
			(e: unknown) => {
				console.error(`[sync] compaction of ${this.name} failed; the update log is kept`, e);
			}
		);
	}

	/** Whether anything changed the document since it was loaded (until then it is what the store holds). */
	get changedSinceLoad(): boolean {
		return this.#changedSinceLoad;
	}

	get logLength(): number {
		return this.#logLength;
	}

	closeAll(code: number, reason: string): void {
		for (const c of [...this.conns]) c.close(code, reason);
	}

	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		for (const t of [this.#viewTimer, this.#compactTimer, this.#relayTimer]) if (t) clearImmediate(t);
		if (this.#presenceTimer) clearTimeout(this.#presenceTimer);
		if (this.#loadCompactTimer) clearTimeout(this.#loadCompactTimer);
		this.awareness.destroy();
		this.#projector?.destroy();
		this.doc.destroy();
	}
}

/** The store's projector copy of `name` if it is the copy of the document as stored, else null (also if it cannot tell). */
async function currentProjectorCopy(store: DocStore, name: string): Promise<Uint8Array | null> {
	try {
		const copy = await store.readProjector(name);
		return copy?.current ? copy.snapshot : null;
	} catch (e) {
		console.error(`[sync] could not read the stored projector copy of ${name}; building it afresh`, e);
		return null;
	}
}

/** What a room needs of its document's kind (docKinds.ts). */
export type RoomKind = Pick<DocKind, 'access' | 'participants' | 'projector' | 'onStored' | 'onUnload'>;

/** A change committed to the log: the board's updates, who made them, and what they changed in the projectors' copy. */
type Committed = { updates: Uint8Array[]; origin: unknown; projector: Uint8Array[] };
