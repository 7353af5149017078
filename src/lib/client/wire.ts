/** Encoding of our JSON message types in y-websocket framing (varuint type + varstring). */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export function encodeJson(type: number, payload: unknown): Uint8Array {
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, type);
	encoding.writeVarString(enc, JSON.stringify(payload));
	return encoding.toUint8Array(enc);
}

export function decodeFrame(data: ArrayBuffer | Uint8Array): { type: number; json: unknown } | null {
	try {
		const dec = decoding.createDecoder(data instanceof Uint8Array ? data : new Uint8Array(data));
		const type = decoding.readVarUint(dec);
		return { type, json: JSON.parse(decoding.readVarString(dec)) as unknown };
	} catch {
		return null;
	}
}
