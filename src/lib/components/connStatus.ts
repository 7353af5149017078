/**
 * One wording for each connection state on every screen (phones, staff boards, projectors):
 * 接続しています… while a first connection is being made, 接続しました once live, 再接続しています…
 * after it dropped. Pages map their client's own status names onto these three.
 */
import { m } from '$lib/paraglide/messages';

export type ConnState = 'connecting' | 'online' | 'offline';

export function connText(state: ConnState): string {
	return state === 'online' ? m.conn_online() : state === 'offline' ? m.conn_offline() : m.conn_connecting();
}

/** A board client's status (y-websocket's names) as one of the three states. */
export function boardConnState(status: string | undefined): ConnState {
	return status === 'connected' ? 'online' : status === undefined || status === 'connecting' ? 'connecting' : 'offline';
}
