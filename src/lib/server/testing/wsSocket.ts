/**
 * The Node `ws` WebSocket as a ParticipantConnection socket, with the device cookie a browser
 * would send: the simulated phones of the crash test, fuzzer, soak and bench, and the integration
 * tests, drive the phone's protocol (src/lib/client/participantConnection.ts) through it.
 */
import WebSocket from 'ws';
import type { OpenSocket } from '../../client/participantConnection';

/** One message of `ws` as bytes, however it was delivered. */
export function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export type WsSocketOptions = {
	/** Cookie header value */
	cookie?: string;
	/** end the socket at once on close() instead of a closing handshake (a server may be gone) */
	terminate?: boolean;
	handshakeTimeout?: number;
};

export function wsSocket(url: string, opts: WsSocketOptions = {}): OpenSocket {
	return (on) => {
		const ws = new WebSocket(url, { headers: opts.cookie ? { cookie: opts.cookie } : {}, perMessageDeflate: false, handshakeTimeout: opts.handshakeTimeout });
		ws.on('open', () => on.open());
		ws.on('message', (data) => on.message(toBytes(data)));
		ws.on('close', (code: number) => on.close(code));
		ws.on('error', () => {
			/* 'close' follows */
		});
		return {
			get open() {
				return ws.readyState === WebSocket.OPEN;
			},
			send: (data) => ws.send(data),
			close(code, reason) {
				if (opts.terminate) {
					ws.removeAllListeners();
					ws.on('error', () => {});
					ws.terminate();
				} else ws.close(code, reason);
			}
		};
	};
}
