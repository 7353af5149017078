/**
 * Japanese IME and live co-editing (issue 18): while this editor is composing (変換中), its document
 * changes are not sent and others' changes are not applied; both wait until the composition ends.
 *
 * Why: y-prosemirror re-renders the whole ProseMirror document when a remote change arrives, which
 * breaks the browser's composition in progress (its half-converted text is left behind or doubled),
 * and it writes every intermediate state of the composition into the shared document, so that others
 * would see half-converted text. With the gate, the local Y.Doc still follows the editor (undo and the
 * editor's own state stay consistent), but the updates made during the composition leave as one merged
 * update after it (others only ever see the converted text), and the updates that arrived meanwhile are
 * applied after it, merged by Yjs like any concurrent edit.
 *
 * It sits between a y-websocket provider and its document: the provider's update handler and its sync
 * message handler are wrapped. A sync step 1 (a (re)connect asking for our state) is answered at once.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';

const MESSAGE_SYNC = 0;

export class CompositionGate {
	readonly #provider: WebsocketProvider;
	readonly #send: (update: Uint8Array, origin: unknown) => void;
	readonly #receive: WebsocketProvider['messageHandlers'][number];
	#holding = false;
	#outgoing: Uint8Array[] = [];
	#incoming: Uint8Array[] = [];
	readonly #onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this.#provider) return;
		if (this.#holding) this.#outgoing.push(update);
		else this.#send(update, origin);
	};

	constructor(provider: WebsocketProvider) {
		this.#provider = provider;
		this.#send = provider._updateHandler;
		provider.doc.off('update', provider._updateHandler);
		provider.doc.on('update', this.#onUpdate);
		const receive = provider.messageHandlers[MESSAGE_SYNC]!;
		this.#receive = receive;
		provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
			if (!this.#holding) return receive(encoder, decoder, p, emitSynced, type);
			const syncType = decoding.readVarUint(decoding.clone(decoder));
			// a request for our state is answered now (it changes nothing here); changes wait
			if (syncType === syncProtocol.messageYjsSyncStep1) return receive(encoder, decoder, p, emitSynced, type);
			this.#incoming.push(decoder.arr.slice(decoder.pos));
		};
	}

	get holding(): boolean {
		return this.#holding;
	}

	/** A composition started: hold both ways. */
	hold(): void {
		this.#holding = true;
	}

	/** The composition ended (and the editor has its converted text): send ours as one update, then apply theirs. */
	release(): void {
		if (!this.#holding) return;
		this.#holding = false;
		const outgoing = this.#outgoing;
		const incoming = this.#incoming;
		this.#outgoing = [];
		this.#incoming = [];
		if (outgoing.length > 0) this.#send(outgoing.length === 1 ? outgoing[0]! : Y.mergeUpdates(outgoing), null);
		for (const bytes of incoming) this.#receive(encoding.createEncoder(), decoding.createDecoder(bytes), this.#provider, true, MESSAGE_SYNC);
	}

	destroy(): void {
		this.release();
		this.#provider.doc.off('update', this.#onUpdate);
	}
}
