/**
 * Encoding and decoding of every frame on /sync/<doc> (types in messages.ts). The framing is
 * y-websocket's: a varuint message type, then for sync a varuint sync type and a varuint-length
 * payload, for awareness a varuint-length update, and for our own types one varuint-length UTF-8
 * JSON string. Written without lib0 or Yjs so that the phone's bundle stays small; the bytes are
 * the same as lib0's encoder writes (codec.test.ts checks it).
 */
import { MessageType, type Notice, type OpReply, type ParticipantView, type Presence, type SharedView } from './messages';

/** A decoded frame. Op payloads stay `unknown`: the server validates them (protocol/schema.ts). */
export type Frame =
	/** syncType: y-protocols/sync's step 1 (0, a state vector), step 2 (1) or update (2) */
	| { type: typeof MessageType.Sync; syncType: number; payload: Uint8Array }
	| { type: typeof MessageType.Awareness; update: Uint8Array }
	| { type: typeof MessageType.QueryAwareness }
	| { type: typeof MessageType.Op; json: unknown }
	| { type: typeof MessageType.Reply; json: OpReply }
	| { type: typeof MessageType.View; json: ParticipantView }
	| { type: typeof MessageType.Presence; json: Presence }
	| { type: typeof MessageType.Notice; json: Notice }
	| { type: typeof MessageType.Shared; json: SharedView };

export type JsonFrameType = Extract<Frame, { json: unknown }>['type'];

const JSON_TYPES: ReadonlySet<number> = new Set([MessageType.Op, MessageType.Reply, MessageType.View, MessageType.Presence, MessageType.Notice, MessageType.Shared]);

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/* ------------------------------------------------------------------ varuints */

function varUintLength(n: number): number {
	let len = 1;
	while (n > 0x7f) {
		n = Math.floor(n / 128);
		len++;
	}
	return len;
}

function writeVarUint(out: Uint8Array, pos: number, n: number): number {
	while (n > 0x7f) {
		out[pos++] = 0x80 | (n & 0x7f);
		n = Math.floor(n / 128);
	}
	out[pos++] = n;
	return pos;
}

/** Reads a varuint at `pos`; null when truncated or beyond 2^53 (as lib0 refuses it). */
function readVarUint(bytes: Uint8Array, pos: number): { value: number; pos: number } | null {
	let value = 0;
	let mult = 1;
	while (pos < bytes.length) {
		const b = bytes[pos++]!;
		value += (b & 0x7f) * mult;
		if (b < 0x80) return { value, pos };
		mult *= 128;
		if (mult > Number.MAX_SAFE_INTEGER) return null;
	}
	return null;
}

/** `prefix` varuints, then `body` with its varuint length when `withLength`. */
function frame(prefix: number[], body: Uint8Array | null, withLength = true): Uint8Array {
	let size = 0;
	for (const n of prefix) size += varUintLength(n);
	if (body) size += (withLength ? varUintLength(body.length) : 0) + body.length;
	const out = new Uint8Array(size);
	let pos = 0;
	for (const n of prefix) pos = writeVarUint(out, pos, n);
	if (body) {
		if (withLength) pos = writeVarUint(out, pos, body.length);
		out.set(body, pos);
	}
	return out;
}

/* ------------------------------------------------------------------ encoders */

/** One of our JSON frames; `payload` may be JSON already serialised (a string). */
export function jsonFrame(type: JsonFrameType, payload: unknown): Uint8Array {
	return frame([type], utf8Encoder.encode(typeof payload === 'string' ? payload : JSON.stringify(payload)));
}

/** A y-websocket sync frame: `syncType` (step 1, step 2 or update) carrying `payload`. */
export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
	return frame([MessageType.Sync, syncType], payload);
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
	return frame([MessageType.Awareness], update);
}

export function encodeFrame(f: Frame): Uint8Array {
	switch (f.type) {
		case MessageType.Sync:
			return syncFrame(f.syncType, f.payload);
		case MessageType.Awareness:
			return awarenessFrame(f.update);
		case MessageType.QueryAwareness:
			return frame([MessageType.QueryAwareness], null);
		default:
			return jsonFrame(f.type, f.json);
	}
}

/* ------------------------------------------------------------------ decoders */

/** The message type and the bytes after it, or null when not even the type can be read. */
export function splitFrame(bytes: Uint8Array): { type: number; body: Uint8Array } | null {
	const t = readVarUint(bytes, 0);
	return t ? { type: t.value, body: bytes.subarray(t.pos) } : null;
}

/** A varuint-length byte string that fills `bytes` from `pos` exactly. */
function lengthPrefixed(bytes: Uint8Array, pos: number): Uint8Array | null {
	const len = readVarUint(bytes, pos);
	if (!len || len.pos + len.value !== bytes.length) return null;
	return bytes.subarray(len.pos);
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A shape check on what the server sends (it is trusted; this stops garbage, not attacks). */
function plausible(type: number, json: unknown): boolean {
	if (type === MessageType.Op) return true;
	if (!isObject(json)) return false;
	if (type === MessageType.Reply) return typeof json.id === 'string' && typeof json.ok === 'boolean';
	if (type === MessageType.View) return isObject(json.me) && isObject(json.meta);
	return true;
}

/** Decode one frame; null for unknown types, truncated or overlong frames and JSON that does not parse. */
export function decodeFrame(data: ArrayBuffer | Uint8Array): Frame | null {
	const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
	const t = readVarUint(bytes, 0);
	if (!t) return null;
	switch (t.value) {
		case MessageType.Sync: {
			const s = readVarUint(bytes, t.pos);
			const payload = s && lengthPrefixed(bytes, s.pos);
			return s && payload ? { type: MessageType.Sync, syncType: s.value, payload } : null;
		}
		case MessageType.Awareness: {
			const update = lengthPrefixed(bytes, t.pos);
			return update ? { type: MessageType.Awareness, update } : null;
		}
		case MessageType.QueryAwareness:
			return t.pos === bytes.length ? { type: MessageType.QueryAwareness } : null;
	}
	if (!JSON_TYPES.has(t.value)) return null;
	const body = lengthPrefixed(bytes, t.pos);
	if (!body) return null;
	let json: unknown;
	try {
		json = JSON.parse(utf8Decoder.decode(body));
	} catch {
		return null;
	}
	// The check above and plausible() make the pairing of type and payload what Frame says.
	return plausible(t.value, json) ? ({ type: t.value, json } as Frame) : null;
}
