/**
 * One message from a connection, handled by what it is and who sent it: Yjs sync (staff who may write
 * the document apply updates; everyone else only reads, projectors from the projector copy), awareness
 * (staff only), and participants' typed operations (validated, rate-limited, applied by the document's
 * kind, acknowledged once durable). Refusals go back to the sender only.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { SERVER_ORIGIN, type Conn, type Mutation, type Room } from './room';
import type { OpActor, OpResult, ParticipantSide } from './docKinds';
import { jsonFrame } from '../../protocol/codec';
import { MessageType, type Notice, type OpReply, type ParticipantOp } from '../../protocol/messages';
import { ParticipantOpSchema } from '../../protocol/schema';
import { updateWithinLimits, awarenessWithinLimits, MAX_VALUE_DEPTH } from './limits';

export type ReceiverOptions = {
	/** Resolves to the ms to wait when the participant is over their rate, 0 otherwise. */
	participantRateLimit?: (participantId: string, op: ParticipantOp) => Promise<number> | number;
	log: (msg: string, err?: unknown) => void;
};

export function sendReply(conn: Conn, reply: OpReply): void {
	conn.send(jsonFrame(MessageType.Reply, reply));
}

export function sendNotice(conn: Conn, notice: Notice): void {
	conn.send(jsonFrame(MessageType.Notice, notice));
}

export class MessageReceiver {
	readonly #o: ReceiverOptions;

	constructor(o: ReceiverOptions) {
		this.#o = o;
	}

	/**
	 * Handles one message. For a document update from the client (sync step 2 or update): a promise
	 * that settles once it is stored (or at once when there was nothing to store); else nothing.
	 * Throws on a malformed message (the connection answers it with a notice).
	 */
	receive(room: Room, conn: Conn, bytes: Uint8Array, awarenessIds: Set<number>): Promise<void> | null {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		const p = conn.principal;
		switch (type) {
			case MessageType.Sync: {
				if (p.kind === 'participant') {
					sendNotice(conn, { code: 'read_only', message: 'participants send operations, not document updates' });
					return null;
				}
				const enc = encoding.createEncoder();
				encoding.writeVarUint(enc, MessageType.Sync);
				const update = room.kind.access(p) === 'write' ? this.#writerSync(room, conn, decoder, enc) : this.#readOnlySync(room, conn, decoder, enc);
				if (encoding.length(enc) > 1) conn.send(encoding.toUint8Array(enc));
				return update;
			}
			case MessageType.Awareness: {
				if (p.kind !== 'staff') return null; // phones and projectors publish no presence
				const update = decoding.readVarUint8Array(decoder);
				const states = readAwarenessStates(update);
				if (!awarenessWithinLimits(states)) {
					sendNotice(conn, { code: 'update_refused', message: 'presence state too large or too deep' });
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
				this.#onOp(room, conn, decoding.readVarString(decoder)).catch((e: unknown) => this.#o.log('operation handler failed', e));
				return null;
			}
			default:
				sendNotice(conn, { code: 'bad_message', message: `unknown message type ${type}` });
				return null;
		}
	}

	/**
	 * Sync from a connection that may write: step 1 is answered; an update (step 2 or update) is checked
	 * to be a complete, well-formed Yjs update before it touches the document, so a malformed one is
	 * refused with a notice instead of being half-applied (y-protocols would swallow the error silently).
	 * Returns null for a step 1; for an update, a promise that settles once it is stored (at once when
	 * it was refused).
	 */
	#writerSync(room: Room, conn: Conn, decoder: decoding.Decoder, enc: encoding.Encoder): Promise<void> | null {
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
			sendNotice(conn, { code: 'update_refused', message: 'malformed document update' });
			return Promise.resolve();
		}
		if (!withinLimits) {
			sendNotice(conn, { code: 'update_refused', message: `values nested deeper than ${MAX_VALUE_DEPTH} levels are refused` });
			return Promise.resolve();
		}
		// Nobody is acknowledged for a laptop's update (y-websocket has no acks) and the laptop keeps it,
		// resending it after a reconnect: it is relayed once committed and fsynced within a second.
		return room.mutate(conn, () => Y.applyUpdate(room.doc, update, conn), { acknowledged: false }).stored;
	}

	/**
	 * Projectors (and editors, on boards) may ask for the state (step 1) but may not change it. A
	 * projector gets the document's projector copy instead of the document.
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
		if (Y.decodeUpdate(update).structs.length > 0) sendNotice(conn, { code: 'read_only', message: 'this connection is read-only' });
		return Promise.resolve(); // nothing of a read-only client is stored
	}

	async #onOp(room: Room, conn: Conn, json: string): Promise<void> {
		const p = conn.principal;
		let raw: unknown;
		try {
			raw = JSON.parse(json);
		} catch {
			return sendReply(conn, { id: '', ok: false, error: 'bad_message' });
		}
		const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, 40) : '';
		const side = room.kind.participants;
		if (p.kind !== 'participant' || !side) return sendReply(conn, { id, ok: false, error: 'read_only' });
		const parsed = ParticipantOpSchema.safeParse(raw);
		if (!parsed.success) return sendReply(conn, { id, ok: false, error: 'bad_message' });
		const state = conn.participant ?? { muted: p.muted, nickname: p.nickname };
		if (state.muted) return sendReply(conn, { id, ok: false, error: 'muted' });
		const wait = (await this.#o.participantRateLimit?.(p.participantId, parsed.data)) ?? 0;
		if (wait > 0) return sendReply(conn, { id, ok: false, error: 'rate_limited', retryAfterMs: wait });
		if (room.destroyed) return;
		let result: OpResult;
		try {
			const m = applyOpSafely(room, side, parsed.data, { participantId: p.participantId, nickname: state.nickname }, this.#o.log);
			await m.stored;
			result = m.result;
		} catch (e) {
			if (room.destroyed) return; // not stored: no ack; the phone keeps it in its outbox
			this.#o.log('participant operation failed', e);
			return sendReply(conn, { id, ok: false, error: 'server_error' });
		}
		// Stored. The ack goes out after the views refresh that the commit scheduled (setImmediate
		// runs in order), so the phone sees its updated view before the ack, without a second board read.
		const reply: OpReply = result.ok ? { id, ok: true } : { id, ok: false, error: result.error };
		setImmediate(() => sendReply(conn, reply));
	}
}

/**
 * Apply a validated participant operation to a room by its kind's rules. An operation that throws is a
 * bug in our rules, not bad input, and it is this participant's alone: it is refused (`server_error`)
 * and the room carries on. Whatever it changed before throwing is a valid state and stored like any
 * change (the room is poisoned only when storing fails). Used by sockets and by the phone's form.
 */
export function applyOpSafely(room: Room, side: ParticipantSide, op: ParticipantOp, actor: OpActor, log: (msg: string, err?: unknown) => void): Mutation<OpResult> {
	let failure: unknown = null;
	const m = room.mutate(SERVER_ORIGIN, (): OpResult => {
		try {
			return side.apply(room.doc, op, actor, Date.now());
		} catch (e) {
			failure = e;
			return { ok: false, error: 'server_error' };
		}
	});
	if (failure) log(`participant operation ${op.op} failed on ${room.name}; refused to that participant only`, failure);
	return m;
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
