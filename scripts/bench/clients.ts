/**
 * Simulated clients, over real sockets:
 *   - Phone: a resident's phone as src/lib/client/participantClient.svelte.ts drives it (typed
 *     operations out with an outbox, View/Shared/Reply in; no Yjs);
 *   - yClient: a plain y-websocket WebsocketProvider (projector, staff laptop, raw bench client),
 *     optionally speaking Hocuspocus' framing through a socket adapter.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { encodeJson, decodeFrame } from '../../src/lib/client/wire.ts';
import { randomId } from '../../src/lib/domain/ids.ts';
import { DEVICE_COOKIE } from '../../src/lib/server/participants.ts';
import { MessageType, CloseCode, type OpReply, type ParticipantOp, type ParticipantView, type SharedView } from '../../src/lib/protocol/messages.ts';
import { now, tagText } from './common.ts';

/* ------------------------------------------------------------------ joining */

/** Join through the real form (POST /j/<code>), as a phone does after scanning the QR code. */
export async function joinWorkshop(baseUrl: string, joinCode: string, nickname: string): Promise<string> {
	const res = await fetch(`${baseUrl}/j/${joinCode}`, {
		method: 'POST',
		headers: { origin: baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ nickname }).toString(),
		redirect: 'manual'
	});
	await res.arrayBuffer();
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
	if (res.status !== 303 || !cookie) throw new Error(`join failed: HTTP ${res.status}`);
	return cookie.split(';')[0]!;
}

/* ------------------------------------------------------------------ phone */

type Pending = { op: ParticipantOp; kind: 'note' | 'vote'; sentAt: number; timer: ReturnType<typeof setTimeout> | null };

export type PhoneStats = {
	noteAckMs: number[];
	voteAckMs: number[];
	acked: { room: number; id: string }[];
	errors: Record<string, number>;
};

export function bump(errors: Record<string, number>, key: string, by = 1): void {
	errors[key] = (errors[key] ?? 0) + by;
}

function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class Phone {
	readonly room: number;
	readonly url: string;
	readonly cookie: string;
	readonly stats: PhoneStats;
	view: ParticipantView | null = null;
	shared: SharedView | null = null;
	readonly outbox = new Map<string, Pending>();
	/** reconnect this long after a close (0: stay closed) */
	retryMs: number;
	/** the storm: set when armed, cleared once synced again after a reconnect */
	storm: { armed: boolean; reopened: boolean; openAt: number | null; syncedAt: number | null } = { armed: false, reopened: false, openAt: null, syncedAt: null };
	#ws: WebSocket | null = null;
	#stopped = false;
	#firstView: Promise<void>;
	#resolveFirstView!: () => void;
	/** this phone's dots in the current round, kept from its own acknowledged operations */
	#ballot: Record<string, number> = {};
	#roundId: string | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(opts: { room: number; url: string; cookie: string; stats: PhoneStats; retryMs: number }) {
		this.room = opts.room;
		this.url = opts.url;
		this.cookie = opts.cookie;
		this.stats = opts.stats;
		this.retryMs = opts.retryMs;
		this.#firstView = new Promise((resolve) => (this.#resolveFirstView = resolve));
	}

	/** Connect and wait for the first View (what the phone needs to show anything). */
	async start(timeoutMs = 30_000): Promise<void> {
		this.#connect();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error('no view from the server')), timeoutMs)));
		try {
			await Promise.race([this.#firstView, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	#connect(): void {
		if (this.#stopped) return;
		const ws = new WebSocket(this.url, { headers: { cookie: this.cookie }, perMessageDeflate: false });
		this.#ws = ws;
		ws.on('open', () => {
			if (this.storm.armed && !this.storm.reopened) {
				this.storm.reopened = true;
				this.storm.openAt = now();
			}
			// Everything not acknowledged goes again, with the same ids (the server makes retries idempotent).
			for (const p of this.outbox.values()) this.#transmit(p);
		});
		ws.on('message', (data) => this.#onMessage(toBytes(data)));
		ws.on('error', () => {
			/* 'close' follows */
		});
		ws.on('close', (code) => {
			if (this.#ws !== ws) return;
			this.#ws = null;
			if (this.#stopped) return;
			if (code !== CloseCode.Restarting) bump(this.stats.errors, `phone_close_${code}`);
			if (code === CloseCode.Unauthorized || code === CloseCode.Forbidden || code === CloseCode.NotFound || this.retryMs <= 0) return;
			// A storm reconnects "at once": the first retry at a random point of one retry period.
			const delay = this.#retryTimer === null && code === CloseCode.Restarting ? Math.random() * this.retryMs : this.retryMs;
			this.#retryTimer = setTimeout(() => {
				this.#retryTimer = null;
				this.#connect();
			}, delay);
		});
	}

	#onMessage(bytes: Uint8Array): void {
		const frame = decodeFrame(bytes);
		if (!frame) return;
		switch (frame.type) {
			case MessageType.View: {
				this.view = frame.json as ParticipantView;
				const vote = this.view.vote;
				if (vote && vote.roundId !== this.#roundId) {
					this.#roundId = vote.roundId;
					this.#ballot = { ...vote.ballot };
				}
				this.#resolveFirstView();
				if (this.storm.armed && this.storm.reopened && this.storm.syncedAt === null) this.storm.syncedAt = now();
				return;
			}
			case MessageType.Shared:
				this.shared = frame.json as SharedView;
				return;
			case MessageType.Reply:
				this.#onReply(frame.json as OpReply);
				return;
			case MessageType.Notice:
				bump(this.stats.errors, 'notice');
				return;
		}
	}

	#onReply(reply: OpReply): void {
		const p = this.outbox.get(reply.id);
		if (!p) return; // a reply to a resent operation that was already acknowledged
		if (reply.ok) {
			this.outbox.delete(reply.id);
			if (p.timer) clearTimeout(p.timer);
			const ms = now() - p.sentAt;
			if (p.kind === 'note') {
				this.stats.noteAckMs.push(ms);
				this.stats.acked.push({ room: this.room, id: p.op.id });
			} else {
				this.stats.voteAckMs.push(ms);
				if (p.op.op === 'vote.set') {
					if (p.op.dots === 0) delete this.#ballot[p.op.itemId];
					else this.#ballot[p.op.itemId] = p.op.dots;
				}
			}
			return;
		}
		bump(this.stats.errors, reply.error);
		if (reply.error === 'rate_limited' || reply.error === 'server_error') {
			// As the phone does: keep it and try again after the wait the server asked for.
			p.timer = setTimeout(() => {
				p.timer = null;
				if (this.outbox.has(reply.id)) this.#transmit(p);
			}, reply.retryAfterMs ?? 2000);
			return;
		}
		this.outbox.delete(reply.id);
		if (p.kind === 'vote' && this.view?.vote) this.#ballot = { ...this.view.vote.ballot };
	}

	#transmit(p: Pending): void {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return;
		ws.send(encodeJson(MessageType.Op, p.op));
	}

	#submit(op: ParticipantOp, kind: Pending['kind'], sentAt: number): void {
		const p: Pending = { op, kind, sentAt, timer: null };
		this.outbox.set(op.id, p);
		this.#transmit(p);
	}

	/** Write a note whose text carries its send time (the projector reads it back). */
	sendNote(label: string): string {
		const id = randomId(16);
		const sentAt = now();
		this.#submit({ op: 'note.add', id, text: tagText(label, sentAt), kind: Math.random() < 0.7 ? 'concern' : 'strength' }, 'note', sentAt);
		return id;
	}

	/**
	 * One tap in the vote panel: a dot on an item not yet chosen while dots are left, otherwise
	 * take one back. Returns false when there is nothing to vote on or a tap is still in flight.
	 */
	vote(): boolean {
		const vote = this.view?.vote;
		const items = this.shared?.voteItems;
		if (!vote || vote.status !== 'open' || !items || items.length === 0) return false;
		for (const p of this.outbox.values()) if (p.kind === 'vote') return false;
		const used = Object.values(this.#ballot).reduce((a, b) => a + b, 0);
		const mine = Object.keys(this.#ballot);
		let itemId: string;
		let dots: number;
		const free = items.filter((i) => !this.#ballot[i.id]);
		if (used < vote.dotsPerPerson && free.length > 0) {
			itemId = free[Math.floor(Math.random() * free.length)]!.id;
			dots = 1;
		} else if (mine.length > 0) {
			itemId = mine[Math.floor(Math.random() * mine.length)]!;
			dots = 0;
		} else return false;
		this.#submit({ op: 'vote.set', id: `v-${randomId(14)}`, itemId, dots }, 'vote', now());
		return true;
	}

	get synced(): boolean {
		return this.view !== null;
	}

	stop(): void {
		this.#stopped = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		for (const p of this.outbox.values()) if (p.timer) clearTimeout(p.timer);
		this.#ws?.close(CloseCode.Normal, 'bye');
		this.#ws = null;
	}
}

/* ------------------------------------------------------------------ y-websocket clients */

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;
type WebSocketPolyfill = NonNullable<ProviderOptions['WebSocketPolyfill']>;

/** ws with a fixed Cookie header, in the shape y-websocket expects of a WebSocket polyfill. */
function cookieWebSocket(cookie: string | undefined): WebSocketPolyfill {
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
		}
	}
	return CookieWebSocket as unknown as WebSocketPolyfill;
}

const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_AUTH_TOKEN = 0;

/**
 * A WebSocket for y-websocket's provider that speaks Hocuspocus 2+/3 framing: every message is
 * prefixed with the document name, and the first one is an authentication message (an empty
 * token: the server has no onAuthenticate hook). The y-websocket protocol inside is unchanged.
 */
function hocuspocusWebSocket(docName: string): WebSocketPolyfill {
	const prefix = (() => {
		const enc = encoding.createEncoder();
		encoding.writeVarString(enc, docName);
		return encoding.toUint8Array(enc);
	})();
	class HocuspocusSocket {
		readonly CONNECTING = WebSocket.CONNECTING;
		readonly OPEN = WebSocket.OPEN;
		readonly CLOSING = WebSocket.CLOSING;
		readonly CLOSED = WebSocket.CLOSED;
		binaryType = 'arraybuffer';
		onopen: (() => void) | null = null;
		onmessage: ((ev: { data: Uint8Array }) => void) | null = null;
		onclose: ((ev: { code: number; reason: string }) => void) | null = null;
		onerror: ((ev: unknown) => void) | null = null;
		#ws: WebSocket;

		constructor(url: string | URL) {
			const ws = new WebSocket(url, { perMessageDeflate: false });
			this.#ws = ws;
			ws.on('open', () => {
				const enc = encoding.createEncoder();
				encoding.writeUint8Array(enc, prefix);
				encoding.writeVarUint(enc, HOCUSPOCUS_AUTH);
				encoding.writeVarUint(enc, HOCUSPOCUS_AUTH_TOKEN);
				encoding.writeVarString(enc, '');
				ws.send(encoding.toUint8Array(enc));
				this.onopen?.();
			});
			ws.on('message', (data) => {
				const bytes = toBytes(data);
				const dec = decoding.createDecoder(bytes);
				decoding.readVarString(dec);
				this.onmessage?.({ data: bytes.subarray(dec.pos) });
			});
			ws.on('close', (code, reason) => this.onclose?.({ code, reason: reason.toString() }));
			ws.on('error', (e) => this.onerror?.(e));
		}

		get readyState(): number {
			return this.#ws.readyState;
		}

		send(data: Uint8Array): void {
			const out = new Uint8Array(prefix.length + data.length);
			out.set(prefix, 0);
			out.set(data, prefix.length);
			this.#ws.send(out);
		}

		close(): void {
			this.#ws.close();
		}
	}
	return HocuspocusSocket as unknown as WebSocketPolyfill;
}

export type YClient = {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** set on every (re)sync */
	onSynced(fn: () => void): void;
	whenSynced(timeoutMs: number): Promise<void>;
	destroy(): void;
};

export type YClientOptions = {
	serverUrl: string;
	room: string;
	params: Record<string, string>;
	cookie?: string;
	hocuspocus?: boolean;
	/** the local presence state, or null for none (phones and projectors publish none) */
	awarenessState: Record<string, unknown> | null;
	maxBackoffTime: number;
};

export function yClient(o: YClientOptions): YClient {
	const doc = new Y.Doc();
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState(o.awarenessState);
	const provider = new WebsocketProvider(o.serverUrl, o.room, doc, {
		params: o.params,
		awareness,
		WebSocketPolyfill: o.hocuspocus ? hocuspocusWebSocket(o.room) : cookieWebSocket(o.cookie),
		disableBc: true,
		maxBackoffTime: o.maxBackoffTime
	});
	const ignore = (): void => {};
	// Our JSON message types (presence, notices) and Hocuspocus' extra types: nothing to do here.
	for (const t of [MessageType.Reply, MessageType.View, MessageType.Presence, MessageType.Notice, MessageType.Shared, 5, 6, 7, 8]) provider.messageHandlers[t] = ignore;
	// Hocuspocus answers sync step 1 with a "sync reply" (type 4) that holds a plain sync message.
	provider.messageHandlers[4] = provider.messageHandlers[0]!;
	const listeners: (() => void)[] = [];
	provider.on('sync', (isSynced: boolean) => {
		if (isSynced) for (const fn of listeners) fn();
	});
	return {
		doc,
		provider,
		onSynced: (fn) => listeners.push(fn),
		whenSynced(timeoutMs) {
			if (provider.synced) return Promise.resolve();
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no sync from ${o.serverUrl}/${o.room} within ${timeoutMs} ms`)), timeoutMs);
				listeners.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		},
		destroy() {
			provider.destroy();
			awareness.destroy();
			doc.destroy();
		}
	};
}
