/** The browser's WebSocket as a ParticipantConnection socket. */
import type { OpenSocket } from './participantConnection';

export function domSocket(url: string, WebSocketImpl: typeof WebSocket = WebSocket): OpenSocket {
	return (on) => {
		const ws = new WebSocketImpl(url);
		ws.binaryType = 'arraybuffer';
		ws.onopen = () => on.open();
		ws.onmessage = (ev: MessageEvent) => {
			if (ev.data instanceof ArrayBuffer) on.message(ev.data);
		};
		ws.onclose = (ev: CloseEvent) => on.close(ev.code);
		ws.onerror = () => {
			/* onclose follows and schedules the retry */
		};
		return {
			get open() {
				return ws.readyState === ws.OPEN;
			},
			send: (data) => ws.send(data),
			close: (code, reason) => ws.close(code, reason)
		};
	};
}
