/**
 * One socket joined to its room: the connection record the room broadcasts to, the heartbeat that
 * finds dead sockets, the first messages (sync step 1 for staff and projectors, views for phones,
 * presence), each later message handed to the MessageReceiver, and leaving the room on close. A page of
 * another build is closed with 4426 once what it sent in answer to our step 1 is stored.
 */
import type { WebSocket, RawData } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Principal } from './principal';
import type { Conn, Room } from './room';
import { sendNotice, type MessageReceiver } from './messageReceiver';
import { CloseCode, MessageType } from '../../protocol/messages';

/** An outdated page is closed this long after it connected even if it never sent its update. */
export const OUTDATED_GRACE_MS = 5_000;
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

export type QueuedMessage = { data: RawData; isBinary: boolean };

export type ConnectionOptions = {
	receiver: MessageReceiver;
	heartbeatMs: number;
	/** Largest frame a participant may send (the participants' ws server refuses larger ones already). */
	participantMaxBytes: number;
	log: (msg: string, err?: unknown) => void;
	/** The room lost this socket. */
	onLeave: (room: Room) => void;
};

let nextConnId = 1;

/**
 * Join `ws` to `room` and handle `queued` messages (those that arrived while the room was loading).
 * `resend`: the client got the document as stored before the room loaded, and the room has changed
 * since. `projectorFrom`: a projector got the stored projector copy (these bytes) before the load.
 */
export function connect(
	ws: WebSocket,
	room: Room,
	principal: Principal,
	o: ConnectionOptions,
	start: { queued: QueuedMessage[]; resend: boolean; projectorFrom: Uint8Array | null; outdated: boolean }
): void {
	let lastSentAt = performance.now();
	const conn: Conn = {
		id: nextConnId++,
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
	// Pings find dead sockets. Browsers do not see pings, and y-websocket clients reconnect after 30 s
	// without a message: a socket that was sent nothing for half an interval gets the presence count
	// as a keep-alive (so at most 1.5 intervals pass without a message); a busy one needs none.
	const beat = () => {
		if (!alive) return ws.terminate();
		alive = false;
		ws.ping();
		if (performance.now() - lastSentAt >= o.heartbeatMs / 2) conn.send(room.presenceFrame());
	};
	// The first beat comes at a random point between half and one and a half intervals, so that
	// sockets that connected together (a hall of phones, a reconnect storm) are not all pinged, and
	// do not all answer, in the same few milliseconds while document updates wait behind them.
	let heartbeat: ReturnType<typeof setInterval> | null = null;
	const firstBeat = setTimeout(
		() => {
			beat();
			heartbeat = setInterval(beat, o.heartbeatMs);
		},
		o.heartbeatMs * (0.5 + Math.random())
	);

	// A page of another build: store what it sends in answer to our step 1, then let it reload.
	let outdatedClose: ReturnType<typeof setTimeout> | null = null;
	const closeOutdated = () => {
		if (outdatedClose) clearTimeout(outdatedClose);
		if (ws.readyState === ws.OPEN) ws.close(CloseCode.Outdated, 'a new version: reload the page');
	};
	if (start.outdated) outdatedClose = setTimeout(closeOutdated, OUTDATED_GRACE_MS);

	const onMessage = (data: RawData, isBinary: boolean) => {
		const bytes = toBytes(data);
		if (principal.kind === 'participant' && bytes.length > o.participantMaxBytes) {
			ws.close(CloseCode.MessageTooBig, 'message too big');
			return;
		}
		if (!isBinary) {
			sendNotice(conn, { code: 'bad_message', message: 'text frames are not part of this protocol' });
			return;
		}
		try {
			const update = o.receiver.receive(room, conn, bytes, awarenessIds);
			if (outdatedClose && update) void update.then(closeOutdated, closeOutdated);
		} catch (e) {
			if (room.destroyed) return; // poisoned: sockets are being closed
			// A few per connection are worth a log line; a flood is not.
			if (++malformed <= 3) o.log(`refused a malformed message on ${room.name} from ${principal.kind}${malformed === 3 ? ' (further ones from this socket not logged)' : ''}`, e);
			sendNotice(conn, { code: principal.kind === 'staff' ? 'update_refused' : 'bad_message', message: 'malformed message' });
		}
	};
	ws.on('message', onMessage);

	ws.on('close', () => {
		clearTimeout(firstBeat);
		if (outdatedClose) clearTimeout(outdatedClose);
		if (heartbeat) clearInterval(heartbeat);
		if (room.destroyed) return;
		room.remove(conn, [...awarenessIds]);
		if (room.conns.size === 0) o.onLeave(room);
	});

	if (principal.kind === 'participant') {
		room.refreshViews(conn);
	} else {
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, MessageType.Sync);
		syncProtocol.writeSyncStep1(enc, principal.kind === 'display' ? room.projectorDoc() : room.doc);
		conn.send(encoding.toUint8Array(enc));
		if (start.resend) {
			// Send the state again; the client keeps only what it lacks.
			const again = encoding.createEncoder();
			encoding.writeVarUint(again, MessageType.Sync);
			room.writeSyncStep2(again, EMPTY_STATE_VECTOR);
			conn.send(encoding.toUint8Array(again));
		}
		if (start.projectorFrom) {
			// What the room's copy (which started from the stored one) has beyond it, if anything.
			const catchUp = room.projectorCatchUp(start.projectorFrom);
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
	for (const m of start.queued) onMessage(m.data, m.isBinary);
}

export function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
