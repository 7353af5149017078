/**
 * Per-participant rate limits on operations (rate-limiter-flexible, in memory per process).
 * The numbers: a resident writing with one thumb sends at most a note every few seconds, so
 *   - any operation: 20 per 10 s (bursts of edits and deletes are fine; scripts are not)
 *   - new notes and resource proposals: 30 per 5 minutes (a full brainstorm pace; a flood stops here)
 * A refused operation stays in the phone's outbox and is retried after the wait we return.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ParticipantOp } from '../protocol/messages';

export const PARTICIPANT_LIMITS = {
	ops: { points: 20, duration: 10 },
	notes: { points: 30, duration: 300 }
} as const;

export class ParticipantLimits {
	#ops = new RateLimiterMemory(PARTICIPANT_LIMITS.ops);
	#notes = new RateLimiterMemory(PARTICIPANT_LIMITS.notes);

	/** ms to wait before this operation may be accepted; 0 when it may go ahead (and is counted). */
	async check(participantId: string, op: ParticipantOp): Promise<number> {
		try {
			await this.#ops.consume(participantId);
			if (op.op === 'note.add' || op.op === 'resource.propose') await this.#notes.consume(participantId);
			return 0;
		} catch (e) {
			if (e instanceof RateLimiterRes) return Math.max(1, e.msBeforeNext);
			throw e;
		}
	}
}
