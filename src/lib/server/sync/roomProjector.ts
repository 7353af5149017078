/**
 * A room's projector copy (docKinds.ts ProjectorCopy; for a board domain/board/projectorMirror.ts):
 * made when the first projector comes, from the store's copy if that was current when the document
 * was loaded (read with the document: Room.load; projectors may hold it: coldOpen.ts), else afresh; its updates are handed on with the
 * document's, relayed once the document's change is committed. Also builds the copy that is stored
 * beside the document's snapshot at unload and shutdown, and knows whether the store's copy is
 * still the copy of the document as stored.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { DocKind, ProjectorCopy } from './docKinds';
import { MessageType } from '../../protocol/messages';

export class RoomProjector {
	readonly #name: string;
	readonly #make: NonNullable<DocKind['projector']>;
	readonly #source: Y.Doc;
	#copy: ProjectorCopy | null = null;
	/** its updates made by the change in progress (handed on with the document's updates) */
	#pending: Uint8Array[] = [];
	/** its whole state as one update, for projectors that have nothing yet */
	#state: Uint8Array | null = null;
	/** the stored copy the room's copy started from, while the room's copy is still exactly that */
	#startedFrom: Uint8Array | null = null;
	/**
	 * The store's copy if it was current when the document was loaded: projectors may have been answered
	 * with it then, so the room's copy starts from it (otherwise nobody holds it, and the copy is built
	 * afresh). Dropped once the copy is made.
	 */
	#storedAtLoad: Uint8Array | null;
	/**
	 * Whether the store's copy is the copy of the document as stored (then the document needs no
	 * compaction for projectors at unload): as loaded, then as the last compaction left it.
	 */
	storedIsCurrent: boolean;

	constructor(name: string, source: Y.Doc, make: NonNullable<DocKind['projector']>, storedAtLoad: Uint8Array | null) {
		this.#name = name;
		this.#source = source;
		this.#make = make;
		this.#storedAtLoad = storedAtLoad;
		this.storedIsCurrent = storedAtLoad !== null;
	}

	/** The copy, made on first use. */
	doc(): Y.Doc {
		if (this.#copy) return this.#copy.doc;
		const stored = this.#storedAtLoad;
		this.#storedAtLoad = null;
		const copy = this.#make(this.#source, stored ? { from: stored } : {});
		if (stored && !copy.changedOnBuild) this.#state = this.#startedFrom = stored;
		copy.doc.on('update', (update: Uint8Array) => {
			this.#state = null;
			this.#startedFrom = null;
			this.#pending.push(update);
		});
		this.#copy = copy;
		return copy.doc;
	}

	/** The copy's updates since the last call (made by the change that is being stored). */
	takePending(): Uint8Array[] {
		const out = this.#pending;
		this.#pending = [];
		return out;
	}

	/** The sync step 2 answering a projector's step 1 (the whole state encoded once per change). */
	writeSyncStep2(enc: encoding.Encoder, stateVector: Uint8Array): void {
		const doc = this.doc();
		encoding.writeVarUint(enc, syncProtocol.messageYjsSyncStep2);
		if (Y.decodeStateVector(stateVector).size > 0) {
			encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(doc, stateVector));
			return;
		}
		encoding.writeVarUint8Array(enc, (this.#state ??= Y.encodeStateAsUpdate(doc)));
	}

	/** Build the copy and encode its state now (a preload, while no client waits). */
	warm(): void {
		this.#state ??= Y.encodeStateAsUpdate(this.doc());
	}

	/**
	 * For a projector that was answered with `stored` (the store's copy) before the document was
	 * loaded: the sync step 2 with what the room's copy has beyond it (its reconcile with the document
	 * and the changes since), or null when the copy is still exactly `stored`.
	 */
	catchUp(stored: Uint8Array): Uint8Array | null {
		const doc = this.doc();
		if (this.#startedFrom !== null && Buffer.from(this.#startedFrom).equals(stored)) return null;
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, MessageType.Sync);
		encoding.writeVarUint(enc, syncProtocol.messageYjsSyncStep2);
		encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(stored)));
		return encoding.toUint8Array(enc);
	}

	/**
	 * A copy of the document as it is, built afresh, to store with its snapshot (not the room's copy:
	 * that one keeps the ids of the notes it deleted, hidden ones too, as Yjs keeps deleted map keys).
	 * Undefined if it could not be built (the document is compacted alone then).
	 */
	forStorage(): Uint8Array | undefined {
		try {
			const fresh = this.#make(this.#source);
			const state = Y.encodeStateAsUpdate(fresh.doc);
			fresh.destroy();
			return state;
		} catch (e) {
			console.error(`[sync] could not build the projector copy of ${this.#name}; compacting the document alone`, e);
			return undefined;
		}
	}

	destroy(): void {
		this.#copy?.destroy();
	}
}
