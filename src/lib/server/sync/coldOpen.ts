/**
 * A staff laptop's or projector's connection to a document that is not loaded. A y-websocket client
 * opens with its sync step 1; if that is empty (nothing cached) and the document is stored as a
 * snapshot plus a short log, the answer is those stored bytes as they are (the snapshot as step 2, then
 * each log entry as an update), sent before the document is loaded into memory, then an awareness
 * query. The client answers the query once it has applied the state, and only then is the document
 * loaded: where the client runs on the server's machine its apply and the server's load do not compete
 * for the CPU. Everything else takes the normal path. Messages that arrive meanwhile are handed on, in
 * order, once attached.
 *
 * A projector never gets the document's stored bytes (a board's hold hidden notes' text and everyone's
 * ballots): it gets the stored projector copy, and only when that is the copy of the document exactly
 * as stored (written with the snapshot at unload or shutdown, nothing appended since).
 */
import type { WebSocket, RawData } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { DocStore, StoredState } from './docStore';
import { COMPACT_AFTER_UPDATES } from './room';
import { toBytes, type QueuedMessage } from './connection';
import { syncFrame } from '../../protocol/codec';
import { MessageType } from '../../protocol/messages';

/** How long a new staff socket on an unloaded document may take to send its sync step 1. */
const FIRST_MESSAGE_WAIT_MS = 500;
/** How long loading the document waits for the stored state to be handed to a slow socket. */
const SEND_WAIT_MS = 250;
/** How long it then waits for the client to say it has applied the state. */
const APPLY_WAIT_MS = 1_000;

/** What the cold open sent: the document as stored (staff), or the stored projector copy (these bytes). */
export type SentStored = { board: true } | { projector: Uint8Array };

export type ColdOpenDeps = {
	store: DocStore;
	/** whether the document may be answered from the store now (not loaded, no writes in flight) */
	settled: (docName: string) => boolean;
};

/**
 * Wait for the socket's first message and answer it from the store when that applies; then call
 * `attach` with the messages that arrived meanwhile and whether the client got the stored state.
 */
export function openFromStore(
	ws: WebSocket,
	docName: string,
	as: 'staff' | 'display',
	deps: ColdOpenDeps,
	attach: (queued: QueuedMessage[], sentStored: SentStored | null) => void
): void {
	const queued: QueuedMessage[] = [];
	let stage: 'first' | 'reading' | 'sending' | 'applying' | 'attached' = 'first';
	let timer: ReturnType<typeof setTimeout> | undefined;
	let sentStored: SentStored | null = null;
	const proceed = () => {
		if (stage === 'attached') return;
		stage = 'attached';
		clearTimeout(timer);
		ws.off('message', onMessage);
		ws.off('close', onClose);
		if (ws.readyState !== ws.OPEN) return;
		attach(queued, sentStored);
	};
	const onMessage = (data: RawData, isBinary: boolean) => {
		if (stage === 'first') {
			clearTimeout(timer);
			stage = 'reading';
			// Messages that come while the store is read are queued after this one.
			void answerFromStore(ws, docName, as, toBytes(data), isBinary, deps).then((answer) => {
				if (stage !== 'reading') return; // closed meanwhile
				if (!answer) {
					queued.unshift({ data, isBinary });
					return proceed();
				}
				sentStored = answer.stored;
				stage = 'sending';
				void answer.sent.then(() => {
					if (stage !== 'sending') return;
					stage = 'applying';
					timer = setTimeout(proceed, APPLY_WAIT_MS);
				});
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
 * awareness query. Resolves with null when this does not apply (a non-empty or malformed step 1, a
 * loaded or unsettled document, no snapshot, a long log, a closed socket), else with what was sent
 * and a promise that resolves once the bytes are handed to the socket (or after a short wait).
 */
async function answerFromStore(
	ws: WebSocket,
	docName: string,
	as: 'staff' | 'display',
	bytes: Uint8Array,
	isBinary: boolean,
	deps: ColdOpenDeps
): Promise<{ stored: SentStored; sent: Promise<void> } | null> {
	if (!isBinary || !deps.settled(docName)) return null;
	try {
		const d = decoding.createDecoder(bytes);
		if (decoding.readVarUint(d) !== MessageType.Sync || decoding.readVarUint(d) !== syncProtocol.messageYjsSyncStep1) return null;
		if (Y.decodeStateVector(decoding.readVarUint8Array(d)).size > 0) return null;
	} catch {
		return null; // the normal path refuses it with a notice
	}
	let stored: StoredState | null;
	try {
		if (as === 'display') {
			const copy = await deps.store.readProjector(docName);
			stored = copy?.current ? { snapshot: copy.snapshot, log: [] } : null;
		} else stored = await deps.store.readStored(docName, COMPACT_AFTER_UPDATES);
	} catch {
		return null; // the normal path reports it
	}
	// the document was loaded (or written) while the store was read, or the client left: the normal path
	if (!stored?.snapshot || !deps.settled(docName) || ws.readyState !== ws.OPEN) return null;
	const { snapshot, log } = stored;
	const sent = new Promise<void>((resolve) => {
		const done = setTimeout(resolve, SEND_WAIT_MS);
		const query = encoding.createEncoder();
		encoding.writeVarUint(query, MessageType.QueryAwareness);
		const frames = [syncFrame(syncProtocol.messageYjsSyncStep2, snapshot), ...log.map((u) => syncFrame(syncProtocol.messageYjsUpdate, u)), encoding.toUint8Array(query)];
		frames.forEach((f, i) =>
			ws.send(
				f,
				i < frames.length - 1
					? undefined
					: () => {
							clearTimeout(done);
							resolve();
						}
			)
		);
	});
	return { stored: as === 'display' ? { projector: snapshot } : { board: true }, sent };
}

/** The message type of a frame, or -1 if it has none. */
function peekType(bytes: Uint8Array): number {
	try {
		return decoding.readVarUint(decoding.createDecoder(bytes));
	} catch {
		return -1;
	}
}
