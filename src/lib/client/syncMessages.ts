/**
 * Our server's own messages on a y-websocket connection (staff laptops, projectors): the JSON body of a
 * custom message, and the notice that says why a connection was refused. Shared by the board and the
 * plan-document clients.
 */
import * as decoding from 'lib0/decoding';
import type { Notice } from '$lib/protocol/messages';

export function isNotice(v: unknown): v is Notice {
	return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && typeof (v as { message?: unknown }).message === 'string';
}

/** The JSON body of a custom message; null if it is not JSON. */
export function readJson(dec: decoding.Decoder): unknown {
	try {
		return JSON.parse(decoding.readVarString(dec));
	} catch {
		return null;
	}
}
