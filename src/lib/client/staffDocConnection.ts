/**
 * A staff laptop's y-websocket connection to a live document (the plan document `plan.<id>` for the vision
 * and actions pages): our server's custom messages (a refused change arrives as a notice), retries with
 * jitter after a drop or a restart (y-websocket's own backoff has none), a page of an older build reloads,
 * a refusal (4400–4499) is final. Runes-free: the caller passes what to do with the status and notices.
 */
import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { version } from '$app/environment';
import { CloseCode, MessageType, type Notice } from '$lib/protocol/messages';
import { reconnectDelay } from './backoff';
import { isNotice, readJson } from './syncMessages';
import { reloadForNewVersion, sessionStorageOrNull } from './reload';

/** y-websocket's states, plus `refused` (closed for good by the server) and `outdated` (a newer build, no reload). */
export type StaffDocStatus = 'connecting' | 'connected' | 'disconnected' | 'refused' | 'outdated';

export type StaffDocOptions = {
	/** ws(s)://host/sync */
	serverUrl: string;
	docName: string;
	/** shown to others next to one's caret; none: this laptop sends no presence */
	user?: { name: string; color: string };
	onStatus: (status: StaffDocStatus) => void;
	onSynced?: (synced: boolean) => void;
	onNotice?: (notice: Notice) => void;
	/** runs before the first connection (e.g. a composition gate taking over the provider's handlers) */
	setup?: (provider: WebsocketProvider) => void;
};

export type StaffDocConnection = { provider: WebsocketProvider; destroy: () => void };

/** Connects `doc` as staff; the connection is live until `destroy()`. */
export function connectStaffDoc(doc: Y.Doc, opts: StaffDocOptions): StaffDocConnection {
	const provider = new WebsocketProvider(opts.serverUrl, opts.docName, doc, {
		connect: false,
		params: { as: 'staff', v: version },
		disableBc: true,
		maxBackoffTime: 5000
	});
	let status: StaffDocStatus = 'connecting';
	const set = (s: StaffDocStatus) => {
		status = s;
		opts.onStatus(s);
	};
	let attempt = 0;
	let retry: ReturnType<typeof setTimeout> | null = null;
	if (opts.user) provider.awareness.setLocalStateField('user', opts.user);
	else provider.awareness.setLocalState(null);
	for (const t of [MessageType.Reply, MessageType.Notice, MessageType.View, MessageType.Shared, MessageType.Presence]) {
		provider.messageHandlers[t] = (_enc, dec) => {
			const msg = readJson(dec);
			if (t === MessageType.Notice && isNotice(msg)) opts.onNotice?.(msg);
		};
	}
	provider.on('status', ({ status: s }) => {
		set(s);
		if (s === 'connected') attempt = 0;
	});
	provider.on('sync', (synced: boolean) => opts.onSynced?.(synced));
	provider.on('connection-close', (event) => {
		if (event?.code === CloseCode.Outdated) {
			provider.disconnect();
			if (!reloadForNewVersion(sessionStorageOrNull(), () => location.reload())) set('outdated');
			return;
		}
		if (event && event.code >= 4400 && event.code < 4500) return; // refused: final
		if (!provider.shouldConnect) return;
		provider.disconnect();
		const delay = event?.code === CloseCode.Restarting ? 500 + Math.random() * 2500 : reconnectDelay(attempt++, { maxMs: 5000 });
		retry = setTimeout(() => provider.connect(), delay);
	});
	provider.on('closed', () => {
		if (status !== 'outdated') set('refused');
	});
	opts.setup?.(provider);
	provider.connect();
	return {
		provider,
		destroy: () => {
			if (retry) clearTimeout(retry);
			provider.destroy();
		}
	};
}
