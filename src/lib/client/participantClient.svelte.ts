/**
 * The phone's connection as reactive state for the page: a ParticipantConnection (the protocol:
 * outbox, resend with the same ids, final errors, back-off) on the browser's WebSocket, with its
 * outbox in localStorage, so a note written during a Wi-Fi drop or a server restart is sent
 * later, once, and never lost. No Yjs on the phone.
 */
import type { OpErrorCode, ParticipantOp, ParticipantView, Presence, SharedView } from '$lib/protocol/messages';
import { randomId } from '$lib/domain/ids';
import { ParticipantConnection, type ConnStatus, type OutboxEntry } from './participantConnection';
import { storageOutbox } from './outboxStore';
import { domSocket } from './domSocket';

export type { ConnStatus, OutboxEntry };

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

	#conn: ParticipantConnection;

	constructor(opts: ParticipantClientOptions) {
		this.#conn = new ParticipantConnection({
			openSocket: domSocket(opts.url, opts.WebSocketImpl),
			outboxStore: storageOutbox(opts.storage, opts.storageKey),
			events: {
				status: (s) => (this.status = s),
				view: (v) => (this.view = v),
				shared: (s) => (this.shared = s),
				presence: (p) => (this.presence = p),
				outbox: (entries) => (this.outbox = entries),
				reply: (reply) => {
					if (!reply.ok) this.lastError = { code: reply.error, at: Date.now() };
				}
			}
		});
		this.outbox = this.#conn.outbox;
	}

	start(): void {
		this.#conn.start();
	}

	stop(): void {
		this.#conn.stop();
	}

	/** Queue an operation and send it when connected; returns its id. */
	submit(op: ParticipantOp): string {
		return this.#conn.submit(op);
	}

	newId(): string {
		return randomId(16);
	}
}
