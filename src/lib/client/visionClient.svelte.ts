/**
 * The plan document for the vision page (将来像を描く): a Y.Doc synced through y-websocket as staff,
 * with the statements as a reactive, plain list. The rich text is bound by the editor
 * (VisionEditor.svelte: tiptap's Collaboration on the `vision` fragment, carets over this provider's
 * awareness). Statement changes are tagged 'user' like the board's. Reconnects with jitter after a
 * restart (as boardClient.svelte.ts); a page of an older build reloads.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { version } from '$app/environment';
import { CloseCode, MessageType, type Notice } from '$lib/protocol/messages';
import { reconnectDelay } from './backoff';
import { isNotice, readJson } from './syncMessages';
import { reloadForNewVersion, sessionStorageOrNull } from './reload';
import { readStatements, statementsMap, type Statement } from '$lib/domain/plan/vision';
import { CompositionGate } from './compositionGate';

export const USER_ORIGIN = 'user';

export class VisionClient {
	statements = $state.raw<readonly Statement[]>([]);
	status = $state<'connecting' | 'connected' | 'disconnected' | 'refused' | 'outdated'>('connecting');
	synced = $state(false);
	refusal = $state.raw<Notice | null>(null);
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** holds this laptop's changes and others' while its editor is composing (compositionGate.ts) */
	readonly gate: CompositionGate;
	#attempt = 0;
	#retry: ReturnType<typeof setTimeout> | null = null;

	constructor(opts: { serverUrl: string; docName: string; user: { name: string; color: string } }) {
		const provider = new WebsocketProvider(opts.serverUrl, opts.docName, this.doc, {
			connect: false,
			params: { as: 'staff', v: version },
			disableBc: true,
			maxBackoffTime: 5000
		});
		this.provider = provider;
		this.gate = new CompositionGate(provider);
		provider.awareness.setLocalStateField('user', opts.user);
		for (const t of [MessageType.Reply, MessageType.Notice, MessageType.View, MessageType.Shared, MessageType.Presence]) {
			provider.messageHandlers[t] = (_enc, dec) => {
				const msg = readJson(dec);
				if (t === MessageType.Notice && isNotice(msg)) this.refusal = msg;
			};
		}
		provider.on('status', ({ status }) => {
			this.status = status;
			if (status === 'connected') this.#attempt = 0;
		});
		provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			this.#read();
		});
		provider.on('connection-close', (event) => {
			if (event?.code === CloseCode.Outdated) {
				provider.disconnect();
				if (!reloadForNewVersion(sessionStorageOrNull(), () => location.reload())) this.status = 'outdated';
				return;
			}
			if (event && event.code >= 4400 && event.code < 4500) return;
			if (!provider.shouldConnect) return;
			provider.disconnect();
			const delay = event?.code === CloseCode.Restarting ? 500 + Math.random() * 2500 : reconnectDelay(this.#attempt++, { maxMs: 5000 });
			this.#retry = setTimeout(() => provider.connect(), delay);
		});
		provider.on('closed', () => {
			if (this.status !== 'outdated') this.status = 'refused';
		});
		statementsMap(this.doc).observe(() => this.#read());
		provider.connect();
	}

	#read(): void {
		this.statements = readStatements(this.doc);
	}

	/** Run a change on the plan document as the user's own. */
	change<T>(fn: (doc: Y.Doc) => T): T {
		let result!: T;
		this.doc.transact(() => {
			result = fn(this.doc);
		}, USER_ORIGIN);
		return result;
	}

	destroy(): void {
		if (this.#retry) clearTimeout(this.#retry);
		this.gate.destroy();
		this.provider.destroy();
		this.doc.destroy();
	}
}
