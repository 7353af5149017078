/**
 * A simulated phone: the connection logic of src/lib/client/participantClient.svelte.ts on a Node
 * `ws` socket (that class uses Svelte runes and the browser WebSocket, so it is mirrored here, rule
 * for rule): an outbox that survives disconnects (the phone's localStorage), every unacknowledged
 * operation resent with the same id after each reconnect, reconnects with the same backoff and
 * jitter (src/lib/client/backoff.ts; 0.5-3 s after a "restarting" close), rate-limited operations
 * retried after the wait the server names, final refusals dropped.
 */
import WebSocket from 'ws';
import { encodeJson, decodeFrame } from '../../../src/lib/client/wire.ts';
import { reconnectDelay } from '../../../src/lib/client/backoff.ts';
import { MessageType, CloseCode, type OpReply, type OpErrorCode, type ParticipantOp, type ParticipantView } from '../../../src/lib/protocol/messages.ts';
import type { Rng } from './rng.ts';
import { toBytes } from './doc.ts';

/** The same list as participantClient.svelte.ts: errors a retry cannot fix. */
const FINAL_ERRORS: ReadonlySet<OpErrorCode> = new Set<OpErrorCode>([
	'bad_message', 'text_empty', 'text_too_long', 'text_control_chars', 'note_exists', 'note_not_found',
	'not_owner', 'input_closed', 'bad_kind', 'board_full', 'muted', 'read_only', 'board_locked', 'vote_not_open',
	'item_not_found', 'budget_exhausted', 'already_voted_item', 'table_not_found', 'table_exists', 'bad_config'
]);

export type PhoneStatus = 'connecting' | 'online' | 'offline' | 'refused';

export type SubmittedOp = { op: ParticipantOp; submittedAt: number; sends: number; ackedAt: number | null; error: OpErrorCode | null };

export class SimPhone {
	readonly index: number;
	status: PhoneStatus = 'connecting';
	participantId: string | null = null;
	/** operations not yet acknowledged, oldest first (the phone's outbox) */
	outbox: ParticipantOp[] = [];
	/** every operation this phone ever submitted, by id */
	readonly ops = new Map<string, SubmittedOp>();
	/** times an operation was sent again after its first send */
	resent = 0;
	connects = 0;
	closeCodes = new Map<number, number>();
	rateLimited = 0;
	serverErrors = 0;

	#url: string;
	#cookie: string;
	#rng: Rng;
	#ws: WebSocket | null = null;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#inFlight = new Set<string>();
	#stopped = false;

	constructor(index: number, url: string, cookie: string, rng: Rng) {
		this.index = index;
		this.#url = url;
		this.#cookie = cookie;
		this.#rng = rng;
	}

	start(): void {
		this.#stopped = false;
		this.#connect();
	}

	stop(): void {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const ws = this.#ws;
		this.#ws = null;
		if (ws) {
			ws.removeAllListeners();
			ws.on('error', () => {});
			ws.terminate();
		}
	}

	submit(op: ParticipantOp): void {
		this.ops.set(op.id, { op, submittedAt: Date.now(), sends: 0, ackedAt: null, error: null });
		this.outbox = [...this.outbox, op];
		this.#flush();
	}

	get online(): boolean {
		return this.status === 'online';
	}

	#connect(): void {
		if (this.#stopped) return;
		this.status = this.#attempt === 0 ? 'connecting' : 'offline';
		const ws = new WebSocket(this.#url, { headers: { cookie: this.#cookie }, perMessageDeflate: false, handshakeTimeout: 10_000 });
		ws.binaryType = 'arraybuffer';
		this.#ws = ws;
		ws.on('open', () => {
			if (this.#ws !== ws) return;
			this.#attempt = 0;
			this.status = 'online';
			this.connects++;
			this.#inFlight.clear();
			this.#flush();
		});
		ws.on('message', (data) => {
			if (this.#ws !== ws) return;
			this.#onMessage(toBytes(data));
		});
		ws.on('close', (code: number) => {
			if (this.#ws !== ws) return;
			this.#ws = null;
			this.#inFlight.clear();
			this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
			if (this.#stopped) return;
			if (code === CloseCode.Unauthorized || code === CloseCode.Forbidden || code === CloseCode.NotFound) {
				this.status = 'refused';
				return;
			}
			this.status = 'offline';
			const delay =
				code === CloseCode.Restarting ? 500 + this.#rng.next() * 2500 : reconnectDelay(this.#attempt, { random: () => this.#rng.next() });
			this.#attempt++;
			this.#timer = setTimeout(() => this.#connect(), delay);
		});
		ws.on('error', () => {
			/* 'close' follows and schedules the retry */
		});
	}

	#onMessage(bytes: Uint8Array): void {
		const frame = decodeFrame(bytes);
		if (!frame) return;
		if (frame.type === MessageType.View) {
			const view = frame.json as ParticipantView;
			this.participantId = view.me.participantId;
		} else if (frame.type === MessageType.Reply) {
			this.#onReply(frame.json as OpReply);
		}
	}

	#onReply(reply: OpReply): void {
		this.#inFlight.delete(reply.id);
		const entry = this.ops.get(reply.id);
		if (reply.ok) {
			if (entry && entry.ackedAt === null) entry.ackedAt = Date.now();
			this.#remove(reply.id);
			return;
		}
		if (FINAL_ERRORS.has(reply.error)) {
			if (entry) entry.error = reply.error;
			this.#remove(reply.id);
			return;
		}
		if (reply.error === 'rate_limited') this.rateLimited++;
		else this.serverErrors++;
		const wait = reply.retryAfterMs ? reply.retryAfterMs : 2000;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.#flush(), wait);
	}

	#remove(id: string): void {
		this.outbox = this.outbox.filter((e) => e.id !== id);
	}

	#flush(): void {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return;
		for (const op of this.outbox) {
			if (this.#inFlight.has(op.id)) continue;
			this.#inFlight.add(op.id);
			const entry = this.ops.get(op.id);
			if (entry) {
				if (entry.sends > 0) this.resent++;
				entry.sends++;
			}
			ws.send(encodeJson(MessageType.Op, op));
		}
	}
}
