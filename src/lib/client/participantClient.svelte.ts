/**
 * The phone's connection: typed operations out, views in. No Yjs on the phone.
 * Operations wait in an outbox kept in localStorage until the server acknowledges them, so a
 * note written during a Wi-Fi drop or a server restart is sent later, once, and never lost.
 */
import { MessageType, CloseCode, type OpReply, type ParticipantOp, type ParticipantView, type Presence, type OpErrorCode, type SharedView } from '$lib/protocol/messages';
import { randomId } from '$lib/domain/ids';
import { encodeJson, decodeFrame } from './wire';
import { reconnectDelay } from './backoff';

export type ConnStatus = 'connecting' | 'online' | 'offline' | 'refused';

export type OutboxEntry = ParticipantOp & { queuedAt: number };

/** Errors that a retry cannot fix: drop the operation and tell the person. */
const FINAL_ERRORS: ReadonlySet<OpErrorCode> = new Set([
	'bad_message', 'text_empty', 'text_too_long', 'text_control_chars', 'note_exists', 'note_not_found',
	'not_owner', 'input_closed', 'bad_kind', 'board_full', 'muted', 'read_only', 'board_locked', 'vote_not_open',
	'item_not_found', 'budget_exhausted', 'already_voted_item', 'table_not_found', 'table_exists', 'bad_config'
]);

export type ParticipantClientOptions = {
	url: string;
	storageKey: string;
	storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
	WebSocketImpl?: typeof WebSocket;
};

export class ParticipantClient {
	status = $state<ConnStatus>('connecting');
	view = $state.raw<ParticipantView | null>(null);
	shared = $state.raw<SharedView | null>(null);
	outbox = $state.raw<OutboxEntry[]>([]);
	presence = $state.raw<Presence | null>(null);
	/** The last refusal, for a message on screen. */
	lastError = $state<{ code: OpErrorCode; at: number } | null>(null);

	#opts: ParticipantClientOptions;
	#ws: WebSocket | null = null;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	// Bookkeeping only, never rendered: a plain Set is right here.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#inFlight = new Set<string>();
	#stopped = false;

	constructor(opts: ParticipantClientOptions) {
		this.#opts = opts;
		this.outbox = this.#load();
	}

	start(): void {
		this.#stopped = false;
		this.#connect();
	}

	stop(): void {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#ws?.close(CloseCode.Normal, 'bye');
		this.#ws = null;
	}

	/** Queue an operation (it gets an id if it has none) and send it when connected. */
	submit(op: ParticipantOp): string {
		const entry = { ...op, queuedAt: Date.now() } as OutboxEntry;
		this.outbox = [...this.outbox, entry];
		this.#save();
		this.#flush();
		return op.id;
	}

	newId(): string {
		return randomId(16);
	}

	#connect(): void {
		if (this.#stopped) return;
		const WS = this.#opts.WebSocketImpl ?? WebSocket;
		this.status = this.#attempt === 0 ? 'connecting' : 'offline';
		const ws = new WS(this.#opts.url);
		ws.binaryType = 'arraybuffer';
		this.#ws = ws;
		ws.onopen = () => {
			this.#attempt = 0;
			this.status = 'online';
			this.#inFlight.clear();
			this.#flush();
		};
		ws.onmessage = (ev: MessageEvent) => this.#onMessage(ev.data as ArrayBuffer);
		ws.onclose = (ev: CloseEvent) => {
			if (this.#ws !== ws) return;
			this.#ws = null;
			this.#inFlight.clear();
			if (this.#stopped) return;
			if (ev.code === CloseCode.Unauthorized || ev.code === CloseCode.Forbidden || ev.code === CloseCode.NotFound) {
				this.status = 'refused';
				return;
			}
			this.status = 'offline';
			const delay = ev.code === CloseCode.Restarting ? 500 + Math.random() * 2500 : reconnectDelay(this.#attempt);
			this.#attempt++;
			this.#timer = setTimeout(() => this.#connect(), delay);
		};
		ws.onerror = () => {
			/* onclose follows and schedules the retry */
		};
	}

	#onMessage(data: ArrayBuffer): void {
		const frame = decodeFrame(data);
		if (!frame) return;
		switch (frame.type) {
			case MessageType.View:
				this.view = frame.json as ParticipantView;
				return;
			case MessageType.Shared:
				this.shared = frame.json as SharedView;
				return;
			case MessageType.Presence:
				this.presence = frame.json as Presence;
				return;
			case MessageType.Reply:
				this.#onReply(frame.json as OpReply);
				return;
		}
	}

	#onReply(reply: OpReply): void {
		this.#inFlight.delete(reply.id);
		if (reply.ok) {
			this.#remove(reply.id);
			return;
		}
		this.lastError = { code: reply.error, at: Date.now() };
		if (FINAL_ERRORS.has(reply.error)) {
			this.#remove(reply.id);
		} else {
			// rate_limited or server_error: keep it and try again later
			const wait = reply.ok === false && reply.retryAfterMs ? reply.retryAfterMs : 2000;
			if (this.#timer) clearTimeout(this.#timer);
			this.#timer = setTimeout(() => this.#flush(), wait);
		}
	}

	#remove(id: string): void {
		this.outbox = this.outbox.filter((e) => e.id !== id);
		this.#save();
	}

	#flush(): void {
		const ws = this.#ws;
		if (!ws || ws.readyState !== ws.OPEN) return;
		for (const entry of this.outbox) {
			if (this.#inFlight.has(entry.id)) continue;
			this.#inFlight.add(entry.id);
			const { queuedAt: _q, ...op } = entry;
			ws.send(encodeJson(MessageType.Op, op));
		}
	}

	#load(): OutboxEntry[] {
		try {
			const raw = this.#opts.storage?.getItem(this.#opts.storageKey);
			const parsed: unknown = raw ? JSON.parse(raw) : [];
			return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
		} catch {
			return [];
		}
	}

	#save(): void {
		try {
			this.#opts.storage?.setItem(this.#opts.storageKey, JSON.stringify(this.outbox));
		} catch {
			/* private mode or full storage: the outbox still lives in memory */
		}
	}
}
