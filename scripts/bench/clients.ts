/**
 * Simulated clients, over real sockets:
 *   - Phone: a resident's phone, on the phone's own protocol client (typed operations out with an
 *     outbox, View/Shared/Reply in; no Yjs);
 *   - yClient: a plain y-websocket WebsocketProvider (projector, staff laptop, raw bench client),
 *     optionally speaking Hocuspocus' framing through a socket adapter.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { ParticipantConnection, systemClock, type OutboxEntry, type ReplyOutcome } from '../../src/lib/client/participantConnection.ts';
import { toBytes, wsSocket } from '../../src/lib/server/testing/wsSocket.ts';
import { randomId } from '../../src/lib/domain/ids.ts';
import { DEVICE_COOKIE } from '../../src/lib/server/participants.ts';
import { MessageType, CloseCode, type OpReply, type ParticipantView, type SharedView } from '../../src/lib/protocol/messages.ts';
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

export type PhoneStats = {
	noteAckMs: number[];
	voteAckMs: number[];
	acked: { room: number; id: string }[];
	errors: Record<string, number>;
};

export function bump(errors: Record<string, number>, key: string, by = 1): void {
	errors[key] = (errors[key] ?? 0) + by;
}

/**
 * A resident's phone: the phone's own protocol client (src/lib/client/participantConnection.ts)
 * on a Node socket, with the bench's reconnect timing instead of the phone's back-off: `retryMs`
 * after a close, and after a restart the first retry at a random point of one retry period (a
 * storm reconnects "at once"). What this class adds is the bench's measurements and its taps.
 */
export class Phone {
	readonly room: number;
	readonly stats: PhoneStats;
	view: ParticipantView | null = null;
	shared: SharedView | null = null;
	/** the storm: set when armed, cleared once synced again after a reconnect */
	storm: { armed: boolean; reopened: boolean; openAt: number | null; syncedAt: number | null } = { armed: false, reopened: false, openAt: null, syncedAt: null };
	#conn: ParticipantConnection;
	#firstView: Promise<void>;
	#resolveFirstView!: () => void;
	/** this phone's dots in the current round, kept from its own acknowledged operations */
	#ballot: Record<string, number> = {};
	#roundId: string | null = null;

	/** `retryMs`: reconnect this long after a close (0: stay closed) */
	constructor(opts: { room: number; url: string; cookie: string; stats: PhoneStats; retryMs: number }) {
		this.room = opts.room;
		this.stats = opts.stats;
		this.#firstView = new Promise((resolve) => (this.#resolveFirstView = resolve));
		this.#conn = new ParticipantConnection({
			openSocket: wsSocket(opts.url, { cookie: opts.cookie }),
			// Send times are the bench's clock, comparable across processes (the projector reads them back).
			clock: { ...systemClock, now },
			reconnect: (_attempt, code, random) => (opts.retryMs <= 0 ? null : code === CloseCode.Restarting ? random() * opts.retryMs : opts.retryMs),
			events: {
				opened: () => {
					if (this.storm.armed && !this.storm.reopened) {
						this.storm.reopened = true;
						this.storm.openAt = now();
					}
				},
				closed: (code) => {
					if (code !== CloseCode.Restarting) bump(this.stats.errors, `phone_close_${code}`);
				},
				view: (view) => this.#onView(view),
				shared: (shared) => (this.shared = shared),
				notice: () => bump(this.stats.errors, 'notice'),
				reply: (reply, entry, outcome) => this.#onReply(reply, entry, outcome)
			}
		});
	}

	/** operations not yet acknowledged */
	get outbox(): readonly OutboxEntry[] {
		return this.#conn.outbox;
	}

	/** Connect and wait for the first View (what the phone needs to show anything). */
	async start(timeoutMs = 30_000): Promise<void> {
		this.#conn.start();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error('no view from the server')), timeoutMs)));
		try {
			await Promise.race([this.#firstView, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	#onView(view: ParticipantView): void {
		this.view = view;
		const vote = view.vote;
		if (vote && vote.roundId !== this.#roundId) {
			this.#roundId = vote.roundId;
			this.#ballot = { ...vote.ballot };
		}
		this.#resolveFirstView();
		if (this.storm.armed && this.storm.reopened && this.storm.syncedAt === null) this.storm.syncedAt = now();
	}

	#onReply(reply: OpReply, entry: OutboxEntry | undefined, outcome: ReplyOutcome): void {
		if (!entry) return; // a reply to a resent operation that was already acknowledged
		if (!reply.ok) bump(this.stats.errors, reply.error);
		if (outcome === 'acked') {
			const ms = now() - entry.queuedAt;
			if (entry.op === 'note.add') {
				this.stats.noteAckMs.push(ms);
				this.stats.acked.push({ room: this.room, id: entry.id });
			} else if (entry.op === 'vote.set') {
				this.stats.voteAckMs.push(ms);
				if (entry.dots === 0) delete this.#ballot[entry.itemId];
				else this.#ballot[entry.itemId] = entry.dots;
			}
		} else if (outcome === 'dropped' && entry.op === 'vote.set' && this.view?.vote) this.#ballot = { ...this.view.vote.ballot };
	}

	/** Write a note whose text carries its send time (the projector reads it back). */
	sendNote(label: string): string {
		const id = randomId(16);
		return this.#conn.submit({ op: 'note.add', id, text: tagText(label, now()), kind: Math.random() < 0.7 ? 'concern' : 'strength' });
	}

	/**
	 * One tap in the vote panel: a dot on an item not yet chosen while dots are left, otherwise
	 * take one back. Returns false when there is nothing to vote on or a tap is still in flight.
	 */
	vote(): boolean {
		const vote = this.view?.vote;
		const items = this.shared?.voteItems;
		if (!vote || vote.status !== 'open' || !items || items.length === 0) return false;
		if (this.#conn.outbox.some((e) => e.op === 'vote.set')) return false;
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
		this.#conn.submit({ op: 'vote.set', id: `v-${randomId(14)}`, itemId, dots });
		return true;
	}

	get synced(): boolean {
		return this.view !== null;
	}

	stop(): void {
		this.#conn.stop();
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
