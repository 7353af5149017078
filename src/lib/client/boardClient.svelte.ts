/**
 * A live board for staff and projectors: a Y.Doc synced through y-websocket, with reactive,
 * plain snapshots (notes, themes, controls, vote, tables) for Svelte. Projectors connect
 * read-only. Staff changes are tagged 'user' so that undo/redo only touches one's own changes.
 *
 * The snapshots are kept stable (see stableBoard.ts): a change re-reads only the notes and themes
 * whose Y.Map changed, every other note keeps its object, and a list or section that did not
 * change keeps its object, so that Svelte re-renders only what changed. Never mutate them.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { MessageType, CloseCode } from '$lib/protocol/messages';
import { version } from '$app/environment';
import { reconnectDelay } from './backoff';
import { isNotice, readJson } from './syncMessages';
import { reloadForNewVersion, sessionStorageOrNull } from './reload';
import type { KindDef } from '$lib/domain/board/kinds';
import type { Notice, Presence } from '$lib/protocol/messages';
import { notesMap, type BoardMeta, type Note } from '$lib/domain/board/board';
import { themesMap, type Theme } from '$lib/domain/board/themes';
import type { Controls } from '$lib/domain/board/controls';
import { readStage, type Stage } from '$lib/domain/board/stage';
import type { VoteConfig, Tally } from '$lib/domain/board/voting';
import type { Table } from '$lib/domain/board/tables';
import { BoardReader } from './stableBoard';
import { actionGridMap, readActionGrid, type ActionGrid } from '$lib/domain/board/actionGrid';

export type BoardClientOptions = {
	/** ws(s)://host/sync */
	serverUrl: string;
	docName: string;
	role: 'staff' | 'display';
	displayToken?: string;
	user?: { name: string; colour: string };
};

export const USER_ORIGIN = 'user';

export class BoardClient {
	notes = $state.raw<readonly Note[]>([]);
	themes = $state.raw<readonly Theme[]>([]);
	meta = $state.raw<BoardMeta>({ step: 'issues', inputOpen: true, codeVersion: 0 });
	controls = $state.raw<Controls>({ timer: null, showNames: false, showAll: false, spotlight: null, follow: null, locked: false });
	vote = $state.raw<VoteConfig | null>(null);
	results = $state.raw<Tally[]>([]);
	/** how many participants have placed at least one dot in the current round */
	voters = $state(0);
	tables = $state.raw<Table[]>([]);
	seating = $state.raw<Record<string, string>>({});
	projectorTable = $state('main');
	// Replaced as a whole when it changes ($state.raw), never mutated: a plain Map is right.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	kindDefs = $state.raw<ReadonlyMap<string, KindDef>>(new Map());
	/** the action grid (取り組みを考える), or null before it is loaded */
	actionGrid = $state.raw<ActionGrid | null>(null);
	presence = $state.raw<Presence | null>(null);
	/** prompts, what the projector shows, the vision on phones (domain/board/stage.ts) */
	stage = $state.raw<Stage>({ prompts: {}, projectorView: 'board', phoneVision: null });
	/** `outdated`: the server runs a newer build and the page could not reload itself (reload.ts) */
	status = $state<'connecting' | 'connected' | 'disconnected' | 'refused' | 'outdated'>('connecting');
	synced = $state(false);
	/** why the server closed the connection for good (status `refused`), e.g. an account that was disabled */
	closed = $state.raw<{ code: number; reason: string } | null>(null);
	/** the last change the server refused (a read-only connection tried to write), shown to the person */
	refusal = $state.raw<Notice | null>(null);
	canUndo = $state(false);
	canRedo = $state(false);

	readonly #opts: BoardClientOptions;
	#session: Session;
	#attempt = 0;
	#retry: ReturnType<typeof setTimeout> | null = null;

	/** The board's Y.Doc (for a projector: the server's projector copy of it, see domain/projectorMirror.ts). */
	get doc(): Y.Doc {
		return this.#session.doc;
	}

	get provider(): WebsocketProvider {
		return this.#session.provider;
	}

	get undo(): Y.UndoManager {
		return this.#session.undo;
	}

	constructor(opts: BoardClientOptions) {
		this.#opts = opts;
		this.#session = this.#open();
		this.#session.provider.connect();
	}

	/**
	 * A Y.Doc and its connection. Staff keep theirs for the page's life. A projector starts every
	 * connection with an empty document: it syncs with the server's projector copy of the board,
	 * which is made again whenever the board is loaded (after a restart, or after the board was idle:
	 * from the copy stored at the unload if the board has not changed since, else afresh), and a
	 * replica of an earlier copy would keep what the new one never had (a note hidden or deleted in
	 * between). Its snapshots change only once the new document is synced.
	 */
	#open(): Session {
		const opts = this.#opts;
		const display = opts.role === 'display';
		const doc = new Y.Doc();
		// `v`: this page's build; a server of another build stores what we send, then asks us to reload.
		const params: Record<string, string> = { as: opts.role, v: version };
		if (opts.displayToken) params.t = opts.displayToken;
		const provider = new WebsocketProvider(opts.serverUrl, opts.docName, doc, {
			connect: false,
			params,
			disableBc: true,
			maxBackoffTime: 5000
		});
		const current = () => this.#session?.provider === provider;
		if (opts.role === 'staff' && opts.user) provider.awareness.setLocalStateField('user', opts.user);
		else provider.awareness.setLocalState(null);

		provider.messageHandlers[MessageType.Presence] = (_enc, dec) => {
			if (current()) this.presence = readJson(dec) as Presence;
		};
		for (const t of [MessageType.Reply, MessageType.Notice, MessageType.View, MessageType.Shared]) {
			provider.messageHandlers[t] = (_enc, dec) => {
				const msg = readJson(dec);
				if (t === MessageType.Notice && isNotice(msg)) this.refusal = msg;
			};
		}
		provider.on('status', ({ status }) => {
			if (!current()) return;
			this.status = status;
			if (status === 'connected') this.#attempt = 0;
		});
		// y-websocket retries on a fixed exponential schedule, so after a server restart every
		// laptop and projector would come back in the same instant. Take over the retry with jitter.
		provider.on('connection-close', (event) => {
			if (!current()) return;
			if (event?.code === CloseCode.Outdated) {
				provider.disconnect();
				if (!reloadForNewVersion(sessionStorageOrNull(), () => location.reload())) this.status = 'outdated';
				return;
			}
			if (event && event.code >= 4400 && event.code < 4500) return; // refused: final
			if (!provider.shouldConnect) return;
			provider.disconnect();
			const delay = event?.code === CloseCode.Restarting ? 500 + Math.random() * 2500 : reconnectDelay(this.#attempt++, { maxMs: 5000 });
			this.#retry = setTimeout(() => (display ? this.#replaceSession() : provider.connect()), delay);
		});
		provider.on('closed', ({ code, reason }) => {
			if (!current()) return;
			this.closed = { code, reason };
			if (this.status !== 'outdated') this.status = 'refused';
		});

		// The tracked-origins Set is Yjs configuration, never rendered.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const undo = new Y.UndoManager([notesMap(doc), themesMap(doc)], { trackedOrigins: new Set([USER_ORIGIN]), captureTimeout: 400 });
		const undoState = () => {
			if (!current()) return;
			this.canUndo = undo.canUndo();
			this.canRedo = undo.canRedo();
		};
		undo.on('stack-item-added', undoState);
		undo.on('stack-item-popped', undoState);
		undo.on('stack-cleared', undoState);

		// Reads only what each transaction changed; unchanged notes, themes and sections keep their
		// objects, and assigning the same object to a $state.raw field is no change for Svelte.
		// A projector's copy holds the vote's counts instead of anyone's ballot.
		const reader = new BoardReader(doc, { results: display ? 'tally' : 'ballots' });
		let scheduled = false;
		let stageKey = '';
		const refresh = () => {
			scheduled = false;
			if (!current()) return;
			const s = reader.read();
			this.notes = s.notes;
			this.themes = s.themes;
			this.meta = s.meta;
			this.controls = s.controls;
			this.vote = s.vote;
			this.results = s.results;
			this.voters = s.voters;
			this.tables = s.tables;
			this.seating = s.seating;
			this.projectorTable = s.projectorTable;
			this.kindDefs = s.kindDefs;
			// small: re-read on every refresh, replaced only when it differs
			const stage = readStage(doc);
			const key = JSON.stringify(stage);
			if (key !== stageKey) {
				stageKey = key;
				this.stage = stage;
			}
		};
		// The action grid is small and changes rarely: read it whole on each change of its map.
		const readGrid = () => {
			if (current()) this.actionGrid = readActionGrid(doc);
		};
		actionGridMap(doc).observe(() => {
			if (!display || provider.synced) readGrid();
		});
		provider.on('sync', (synced: boolean) => {
			if (!current()) return;
			this.synced = synced;
			if (synced) readGrid();
			if (synced && display) refresh();
		});
		// One's own changes show at once (the next key press builds on them); remote bursts are
		// coalesced into one refresh per animation frame. 'afterTransaction' comes after every observer of the
		// transaction, so its events are all there, and a change of notes and themes together is one refresh.
		doc.on('afterTransaction', (tr: Y.Transaction) => {
			if (!reader.track(tr)) return;
			if (display && !provider.synced) return; // read in one go once synced
			if (tr.origin === USER_ORIGIN) return refresh();
			if (scheduled) return;
			scheduled = true;
			// Next frame; but never later than 250 ms, since browsers pause animation frames for
			// windows they consider hidden (a projector window behind another one still must update).
			const once = () => {
				if (scheduled) refresh();
			};
			if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
			setTimeout(once, 250);
		});
		return { doc, provider, undo };
	}

	/** A projector reconnects with a new, empty document (see #open). */
	#replaceSession(): void {
		const old = this.#session;
		this.#session = this.#open();
		closeSession(old);
		this.#session.provider.connect();
	}

	/** Run a change on the shared document as the user's own (undoable, saved, broadcast). */
	change<T>(fn: (doc: Y.Doc) => T): T {
		let result!: T;
		this.doc.transact(() => {
			result = fn(this.doc);
		}, USER_ORIGIN);
		return result;
	}

	destroy(): void {
		if (this.#retry) clearTimeout(this.#retry);
		closeSession(this.#session);
	}
}

type Session = { doc: Y.Doc; provider: WebsocketProvider; undo: Y.UndoManager };

function closeSession(s: Session): void {
	s.undo.destroy();
	s.provider.destroy();
	s.doc.destroy();
}

export function syncServerUrl(location: Location): string {
	return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}
