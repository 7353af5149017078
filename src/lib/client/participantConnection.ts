/**
 * The participant protocol, once: typed operations out, views in, no Yjs. Operations wait in an
 * outbox (persisted by the OutboxStore it is given) until the server acknowledges them; every
 * unacknowledged operation is sent again with the same id after each reconnect (the server makes
 * retries idempotent), so an operation is never lost nor applied twice. Refusals a retry cannot
 * fix drop the operation and are reported; rate_limited and server_error wait and retry.
 * Reconnects back off with jitter, so a hall of phones does not come back all at once.
 *
 * Runes-free and IO-free: the socket, the outbox's storage and the clock are passed in. The phone
 * page (participantClient.svelte.ts), the crash test's and the bench's simulated phones and the
 * integration tests all drive this class.
 */
import { CloseCode, MessageType, type Notice, type OpErrorCode, type OpReply, type ParticipantOp, type ParticipantView, type Presence, type SharedView } from '../protocol/messages';
import { decodeFrame, jsonFrame } from '../protocol/codec';
import { reconnectDelay } from './backoff';
import { memoryOutbox, type OutboxEntry, type OutboxStore } from './outboxStore';

export type ConnStatus = 'connecting' | 'online' | 'offline' | 'refused';

export type { OutboxEntry, OutboxStore };

/** What the connection does with a socket; `open` is true while frames can be sent. */
export type ParticipantSocket = {
	readonly open: boolean;
	send(data: Uint8Array): void;
	close(code: number, reason: string): void;
};
export type SocketHandlers = { open(): void; message(data: ArrayBuffer | Uint8Array): void; close(code: number): void };
/** Opens a socket to the participant endpoint and reports its events to `handlers`. */
export type OpenSocket = (handlers: SocketHandlers) => ParticipantSocket;

export type Clock = {
	now(): number;
	/** run `fn` after `ms`; returns a function that cancels it */
	after(ms: number, fn: () => void): () => void;
	random(): number;
};

export const systemClock: Clock = {
	now: () => Date.now(),
	after(ms, fn) {
		const t = setTimeout(fn, ms);
		return () => clearTimeout(t);
	},
	random: () => Math.random()
};

/** The delay before the next connection attempt after a close with `closeCode`; null: stay closed. */
export type ReconnectPolicy = (attempt: number, closeCode: number, random: () => number) => number | null;

/** The phone's: 0.5-3 s after a "restarting" close, otherwise exponential back-off with full jitter. */
export function phoneReconnect(attempt: number, closeCode: number, random: () => number): number {
	return closeCode === CloseCode.Restarting ? 500 + random() * 2500 : reconnectDelay(attempt, { random });
}

/** Errors that a retry cannot fix: drop the operation and tell the person. */
const FINAL_ERRORS: ReadonlySet<OpErrorCode> = new Set<OpErrorCode>([
	'bad_message', 'text_empty', 'text_too_long', 'text_control_chars', 'note_exists', 'note_not_found',
	'not_owner', 'input_closed', 'bad_kind', 'board_full', 'muted', 'read_only', 'board_locked', 'vote_not_open',
	'item_not_found', 'budget_exhausted', 'already_voted_item', 'table_not_found', 'table_exists', 'bad_config',
	'cell_not_found', 'wrong_step', 'bad_category', 'too_many_proposals'
]);

export function isFinalError(code: OpErrorCode): boolean {
	return FINAL_ERRORS.has(code);
}

/** Close codes after which reconnecting cannot help. */
const REFUSED: ReadonlySet<number> = new Set([CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.NotFound]);

/** The wait before retrying a rate_limited or server_error operation when the server names none. */
export const DEFAULT_RETRY_MS = 2000;

/** acked: stored, left the outbox; dropped: refused for good, left the outbox; retry: kept, sent again later */
export type ReplyOutcome = 'acked' | 'dropped' | 'retry';

export type ParticipantEvents = {
	status?(status: ConnStatus): void;
	view?(view: ParticipantView): void;
	shared?(shared: SharedView): void;
	presence?(presence: Presence): void;
	notice?(notice: Notice): void;
	/** the outbox changed (a new array each time) */
	outbox?(entries: OutboxEntry[]): void;
	/** an answer from the server; `entry` is undefined for an operation no longer in the outbox */
	reply?(reply: OpReply, entry: OutboxEntry | undefined, outcome: ReplyOutcome): void;
	/** an operation went out; `resend` when this connection had sent it before */
	sent?(entry: OutboxEntry, resend: boolean): void;
	opened?(): void;
	/** the socket closed (not after stop()) */
	closed?(code: number): void;
};

export type ParticipantConnectionOptions = {
	openSocket: OpenSocket;
	/** default: in memory */
	outboxStore?: OutboxStore;
	clock?: Clock;
	reconnect?: ReconnectPolicy;
	events?: ParticipantEvents;
};

export class ParticipantConnection {
	#openSocket: OpenSocket;
	#store: OutboxStore;
	#clock: Clock;
	#reconnect: ReconnectPolicy;
	#events: ParticipantEvents;
	#status: ConnStatus = 'connecting';
	#outbox: OutboxEntry[];
	#socket: ParticipantSocket | null = null;
	#attempt = 0;
	#cancelReconnect: (() => void) | null = null;
	#cancelRetry: (() => void) | null = null;
	/** sent on the current socket and not yet answered */
	#inFlight = new Set<string>();
	/** sent at least once by this connection */
	#sentOnce = new Set<string>();
	#stopped = true;

	constructor(opts: ParticipantConnectionOptions) {
		this.#openSocket = opts.openSocket;
		this.#store = opts.outboxStore ?? memoryOutbox();
		this.#clock = opts.clock ?? systemClock;
		this.#reconnect = opts.reconnect ?? phoneReconnect;
		this.#events = opts.events ?? {};
		this.#outbox = this.#store.load();
	}

	get status(): ConnStatus {
		return this.#status;
	}

	/** Operations not yet acknowledged, oldest first. */
	get outbox(): OutboxEntry[] {
		return this.#outbox;
	}

	start(): void {
		this.#stopped = false;
		this.#connect();
	}

	stop(): void {
		this.#stopped = true;
		this.#cancelReconnect?.();
		this.#cancelRetry?.();
		this.#cancelReconnect = this.#cancelRetry = null;
		const socket = this.#socket;
		this.#socket = null;
		socket?.close(CloseCode.Normal, 'bye');
	}

	/** Queue an operation and send it when connected; returns its id. */
	submit(op: ParticipantOp): string {
		this.#setOutbox([...this.#outbox, { ...op, queuedAt: this.#clock.now() }]);
		this.#flush();
		return op.id;
	}

	#setStatus(status: ConnStatus): void {
		this.#status = status;
		this.#events.status?.(status);
	}

	#setOutbox(entries: OutboxEntry[]): void {
		this.#outbox = entries;
		this.#store.save(entries);
		this.#events.outbox?.(entries);
	}

	#connect(): void {
		if (this.#stopped) return;
		this.#setStatus(this.#attempt === 0 ? 'connecting' : 'offline');
		const socket: ParticipantSocket = this.#openSocket({
			open: () => {
				if (this.#socket !== socket) return;
				this.#attempt = 0;
				this.#inFlight.clear();
				this.#setStatus('online');
				this.#events.opened?.();
				this.#flush();
			},
			message: (data) => {
				if (this.#socket === socket) this.#onMessage(data);
			},
			close: (code) => this.#onClose(socket, code)
		});
		this.#socket = socket;
	}

	#onClose(socket: ParticipantSocket, code: number): void {
		if (this.#socket !== socket) return;
		this.#socket = null;
		this.#inFlight.clear();
		this.#events.closed?.(code);
		if (this.#stopped) return;
		if (REFUSED.has(code)) {
			this.#setStatus('refused');
			return;
		}
		this.#setStatus('offline');
		const delay = this.#reconnect(this.#attempt, code, this.#clock.random);
		this.#attempt++;
		if (delay === null) return;
		this.#cancelReconnect = this.#clock.after(delay, () => {
			this.#cancelReconnect = null;
			this.#connect();
		});
	}

	#onMessage(data: ArrayBuffer | Uint8Array): void {
		const frame = decodeFrame(data);
		if (!frame) return;
		switch (frame.type) {
			case MessageType.View:
				return this.#events.view?.(frame.json);
			case MessageType.Shared:
				return this.#events.shared?.(frame.json);
			case MessageType.Presence:
				return this.#events.presence?.(frame.json);
			case MessageType.Notice:
				return this.#events.notice?.(frame.json);
			case MessageType.Reply:
				return this.#onReply(frame.json);
		}
	}

	#onReply(reply: OpReply): void {
		this.#inFlight.delete(reply.id);
		const entry = this.#outbox.find((e) => e.id === reply.id);
		if (reply.ok || isFinalError(reply.error)) {
			this.#remove(reply.id);
			this.#events.reply?.(reply, entry, reply.ok ? 'acked' : 'dropped');
			return;
		}
		// rate_limited or server_error: keep it and send it again after the wait the server names
		this.#cancelRetry?.();
		this.#cancelRetry = this.#clock.after(reply.retryAfterMs || DEFAULT_RETRY_MS, () => {
			this.#cancelRetry = null;
			this.#flush();
		});
		this.#events.reply?.(reply, entry, 'retry');
	}

	#remove(id: string): void {
		this.#sentOnce.delete(id);
		if (this.#outbox.some((e) => e.id === id)) this.#setOutbox(this.#outbox.filter((e) => e.id !== id));
	}

	#flush(): void {
		const socket = this.#socket;
		if (!socket?.open) return;
		for (const entry of this.#outbox) {
			if (this.#inFlight.has(entry.id)) continue;
			this.#inFlight.add(entry.id);
			const { queuedAt: _queuedAt, ...op } = entry;
			socket.send(jsonFrame(MessageType.Op, op));
			const resend = this.#sentOnce.has(entry.id);
			this.#sentOnce.add(entry.id);
			this.#events.sent?.(entry, resend);
		}
	}
}
