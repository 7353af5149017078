/**
 * A simulated phone: the phone's own protocol client (src/lib/client/participantConnection.ts, the
 * class the phone page drives) on a Node `ws` socket with the device cookie, its outbox in memory
 * (the phone's localStorage) and the back-off's jitter drawn from the trial's seeded random
 * source. What this class adds is bookkeeping for the verdicts: every operation submitted, its
 * sends, acknowledgement or final refusal, and the connections and close codes seen.
 */
import { ParticipantConnection, phoneReconnect, systemClock, type ConnStatus } from '../../../src/lib/client/participantConnection.ts';
import { wsSocket } from '../../../src/lib/server/testing/wsSocket.ts';
import type { OpErrorCode, ParticipantOp } from '../../../src/lib/protocol/messages.ts';
import type { Rng } from './rng.ts';

export type PhoneStatus = ConnStatus;

export type SubmittedOp = { op: ParticipantOp; submittedAt: number; sends: number; ackedAt: number | null; error: OpErrorCode | null };

export class SimPhone {
	readonly index: number;
	participantId: string | null = null;
	/** every operation this phone ever submitted, by id */
	readonly ops = new Map<string, SubmittedOp>();
	/** times an operation was sent again after its first send */
	resent = 0;
	connects = 0;
	closeCodes = new Map<number, number>();
	rateLimited = 0;
	serverErrors = 0;

	#conn: ParticipantConnection;

	constructor(index: number, url: string, cookie: string, rng: Rng) {
		this.index = index;
		this.#conn = new ParticipantConnection({
			openSocket: wsSocket(url, { cookie, terminate: true, handshakeTimeout: 10_000 }),
			clock: { ...systemClock, random: () => rng.next() },
			reconnect: phoneReconnect,
			events: {
				opened: () => this.connects++,
				closed: (code) => this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1),
				view: (view) => (this.participantId = view.me.participantId),
				sent: (entry, resend) => {
					const op = this.ops.get(entry.id);
					if (op) op.sends++;
					if (resend) this.resent++;
				},
				reply: (reply, _entry, outcome) => {
					const op = this.ops.get(reply.id);
					if (reply.ok) {
						if (op && op.ackedAt === null) op.ackedAt = Date.now();
					} else if (outcome === 'dropped') {
						if (op) op.error = reply.error;
					} else if (reply.error === 'rate_limited') this.rateLimited++;
					else this.serverErrors++;
				}
			}
		});
	}

	/** operations not yet acknowledged, oldest first (the phone's outbox) */
	get outbox(): readonly ParticipantOp[] {
		return this.#conn.outbox;
	}

	get status(): PhoneStatus {
		return this.#conn.status;
	}

	get online(): boolean {
		return this.#conn.status === 'online';
	}

	start(): void {
		this.#conn.start();
	}

	stop(): void {
		this.#conn.stop();
	}

	submit(op: ParticipantOp): void {
		this.ops.set(op.id, { op, submittedAt: Date.now(), sends: 0, ackedAt: null, error: null });
		this.#conn.submit(op);
	}
}
