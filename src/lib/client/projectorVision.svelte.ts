/**
 * A projector's view of the plan's vision: it syncs read-only with the plan's projector copy
 * (domain/plan/visionProjector.ts: statements and the explanation's blocks, nothing else of the
 * plan), authorised by the workshop's display token. Like the board's projector, every connection
 * starts with an empty document (the copy is made afresh whenever the plan is loaded again).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { version } from '$app/environment';
import { CloseCode, MessageType } from '$lib/protocol/messages';
import { reconnectDelay } from './backoff';
import { readProjectedVision, type ProjectedVision } from '$lib/domain/plan/visionProjector';

export class ProjectorVision {
	vision = $state.raw<ProjectedVision>({ statements: [], blocks: [] });
	synced = $state(false);
	status = $state<'connecting' | 'connected' | 'disconnected' | 'refused'>('connecting');
	readonly #opts: { serverUrl: string; docName: string; displayToken: string };
	#doc: Y.Doc | null = null;
	#provider: WebsocketProvider | null = null;
	#attempt = 0;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#stopped = false;

	constructor(opts: { serverUrl: string; docName: string; displayToken: string }) {
		this.#opts = opts;
		this.#open();
	}

	#open(): void {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(this.#opts.serverUrl, this.#opts.docName, doc, {
			connect: false,
			params: { as: 'display', t: this.#opts.displayToken, v: version },
			disableBc: true,
			maxBackoffTime: 5000
		});
		provider.awareness.setLocalState(null);
		for (const t of [MessageType.Reply, MessageType.Notice, MessageType.View, MessageType.Shared, MessageType.Presence]) provider.messageHandlers[t] = () => {};
		const current = () => this.#provider === provider;
		provider.on('status', ({ status }) => {
			if (!current()) return;
			this.status = status;
			if (status === 'connected') this.#attempt = 0;
		});
		provider.on('sync', (synced: boolean) => {
			if (!current()) return;
			this.synced = synced;
			if (synced) this.vision = readProjectedVision(doc);
		});
		doc.on('update', () => {
			if (current() && provider.synced) this.vision = readProjectedVision(doc);
		});
		provider.on('connection-close', (event) => {
			if (!current() || this.#stopped) return;
			if (event && event.code >= 4400 && event.code < 4500 && event.code !== CloseCode.Outdated) {
				this.status = 'refused';
				provider.disconnect();
				return;
			}
			provider.disconnect();
			const delay = event?.code === CloseCode.Restarting ? 500 + Math.random() * 2500 : reconnectDelay(this.#attempt++, { maxMs: 5000 });
			// a new, empty document: the server's copy may have been made afresh (see above)
			this.#retry = setTimeout(() => this.#replace(), delay);
		});
		this.#doc = doc;
		this.#provider = provider;
		provider.connect();
	}

	#replace(): void {
		const oldDoc = this.#doc;
		const oldProvider = this.#provider;
		this.#open();
		oldProvider?.destroy();
		oldDoc?.destroy();
	}

	destroy(): void {
		this.#stopped = true;
		if (this.#retry) clearTimeout(this.#retry);
		this.#provider?.destroy();
		this.#doc?.destroy();
	}
}
