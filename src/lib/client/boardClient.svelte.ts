/**
 * A live board for staff and projectors: a Y.Doc synced through y-websocket, with reactive,
 * plain snapshots of the notes and the meta for Svelte. Projectors connect read-only.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { MessageType } from '$lib/protocol/messages';
import type { Presence } from '$lib/protocol/messages';
import { readMeta, readNotes, notesMap, metaMap, type BoardMeta, type Note } from '$lib/domain/board';

export type BoardClientOptions = {
	/** ws(s)://host/sync */
	serverUrl: string;
	docName: string;
	role: 'staff' | 'display';
	displayToken?: string;
	user?: { name: string; colour: string };
};

export class BoardClient {
	notes = $state.raw<Note[]>([]);
	meta = $state.raw<BoardMeta>({ step: 'issues', inputOpen: true, codeVersion: 0 });
	presence = $state.raw<Presence | null>(null);
	status = $state<'connecting' | 'connected' | 'disconnected' | 'refused'>('connecting');
	synced = $state(false);

	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;

	constructor(opts: BoardClientOptions) {
		const params: Record<string, string> = { as: opts.role };
		if (opts.displayToken) params.t = opts.displayToken;
		this.provider = new WebsocketProvider(opts.serverUrl, opts.docName, this.doc, {
			connect: false,
			params,
			disableBc: true,
			maxBackoffTime: 5000
		});
		if (opts.role === 'staff' && opts.user) this.provider.awareness.setLocalStateField('user', opts.user);
		else this.provider.awareness.setLocalState(null);

		this.provider.messageHandlers[MessageType.Presence] = (_enc, dec) => {
			this.presence = readJson(dec) as Presence;
		};
		for (const t of [MessageType.Reply, MessageType.Notice, MessageType.View]) {
			this.provider.messageHandlers[t] = (_enc, dec) => {
				const msg = readJson(dec);
				if (t === MessageType.Notice) console.warn('[board] server notice', msg);
			};
		}
		this.provider.on('status', ({ status }) => (this.status = status));
		this.provider.on('sync', (s: boolean) => (this.synced = s));
		this.provider.on('closed', () => (this.status = 'refused'));

		const refresh = () => {
			this.notes = readNotes(this.doc);
			this.meta = readMeta(this.doc);
		};
		notesMap(this.doc).observeDeep(refresh);
		metaMap(this.doc).observe(refresh);
		refresh();
		this.provider.connect();
	}

	/** Run a change on the shared document, tagged as the user's own (for undo and saving). */
	change(fn: (doc: Y.Doc) => void): void {
		this.doc.transact(() => fn(this.doc), 'user');
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

function readJson(dec: decoding.Decoder): unknown {
	try {
		return JSON.parse(decoding.readVarString(dec));
	} catch {
		return null;
	}
}

export function syncServerUrl(location: Location): string {
	return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}
