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
 * message handler are wrapped. A (re)connect during a composition: the server's sync step 1 (asking
 * for everything we have that it lacks) would be answered with the document as it is, i.e. with the
 * half-converted text, so its answer is deferred too: on release it is answered on the socket that
 * asked (if that one is still the provider's open socket; a newer connection asks again), so text typed
 * while disconnected and the converted text leave together. The server's sync step 2 waits with the
 * other incoming messages, so nothing from the handshake lands in the open composition.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';

const MESSAGE_SYNC = 0;

/** The part of the editor's Yjs UndoManager (y-tiptap's undo plugin) the gate adjusts: one composition is one undo step. */
export type UndoCapture = { captureTimeout: number; stopCapturing(): void };

export class CompositionGate {
	readonly #provider: WebsocketProvider;
	readonly #send: (update: Uint8Array, origin: unknown) => void;
	readonly #receive: WebsocketProvider['messageHandlers'][number];
	#holding = false;
	#outgoing: Uint8Array[] = [];
	#incoming: Uint8Array[] = [];
	/** sync step 1 requests received while composing, with the socket that sent each */
	#requests: { socket: WebSocket | null; body: Uint8Array }[] = [];
	#undo: UndoCapture | null = null;
	#captureTimeout = 0;
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
			const body = decoder.arr.slice(decoder.pos);
			// our answer would carry the half-converted text: it waits for the end of the composition
			if (syncType === syncProtocol.messageYjsSyncStep1) this.#requests.push({ socket: p.ws, body });
			else this.#incoming.push(body);
		};
	}

	get holding(): boolean {
		return this.#holding;
	}

	/**
	 * The editor's undo manager, so that a composition is one undo step even when it lasts long (e.g.
	 * across a reconnect): without this, undo after a slow conversion would bring the kana back.
	 */
	trackUndo(undo: UndoCapture | null): void {
		this.#undo = undo;
	}

	/** A composition started: hold both ways. */
	hold(): void {
		if (this.#holding) return;
		this.#holding = true;
		if (this.#undo) {
			this.#undo.stopCapturing();
			this.#captureTimeout = this.#undo.captureTimeout;
			this.#undo.captureTimeout = Number.POSITIVE_INFINITY;
		}
	}

	/**
	 * The composition ended (and the editor has its converted text): send ours as one update, answer
	 * the server's requests for our state on the live socket, then apply theirs.
	 */
	release(): void {
		if (!this.#holding) return;
		this.#holding = false;
		if (this.#undo) {
			this.#undo.captureTimeout = this.#captureTimeout;
			this.#undo.stopCapturing();
		}
		const outgoing = this.#outgoing;
		const incoming = this.#incoming;
		const requests = this.#requests;
		this.#outgoing = [];
		this.#incoming = [];
		this.#requests = [];
		if (outgoing.length > 0) this.#send(outgoing.length === 1 ? outgoing[0]! : Y.mergeUpdates(outgoing), null);
		const p = this.#provider;
		for (const { socket, body } of requests) {
			// a request from a closed connection is dropped: the next connection asks again
			if (socket === null || socket !== p.ws || !p.wsconnected || socket.readyState !== socket.OPEN) continue;
			const answer = encoding.createEncoder();
			this.#receive(answer, decoding.createDecoder(body), p, true, MESSAGE_SYNC);
			if (encoding.length(answer) > 1) socket.send(encoding.toUint8Array(answer));
		}
		for (const bytes of incoming) this.#receive(encoding.createEncoder(), decoding.createDecoder(bytes), p, true, MESSAGE_SYNC);
	}

	destroy(): void {
		this.release();
		this.#undo = null;
		this.#provider.doc.off('update', this.#onUpdate);
	}
}
