/**
 * How many new identities may join (rate-limiter-flexible, in memory per process). A join makes a
 * participant: another ballot, another note allowance. Without a limit one address made 1,000
 * identities in 2 s and filled a board (issue 15). Reasons for the numbers: docs/LIMITS.md.
 *
 *   - per client address: 120 new joins per minute. A hall shares one address behind its router's
 *     NAT: 80 residents joining within two minutes must all pass, also when most of them scan the QR
 *     code in the same minute.
 *   - per workshop: 240 new joins per minute, from all addresses (residents on mobile data each
 *     have their own). Twice the largest hall; a flood from many addresses stops here.
 * Re-joining from a phone that has already joined (a second scan, a nickname change) is not counted.
 * Fixed one-minute windows that start with the first join; a refused resident is told how long to
 * wait (join_too_many in messages/*.json), and waiting is enough.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from './auth/loginLimiter';

export type JoinLimitSettings = {
	address: { points: number; duration: number };
	workshop: { points: number; duration: number };
};

export const JOIN_LIMITS: JoinLimitSettings = {
	address: { points: 120, duration: 60 },
	workshop: { points: 240, duration: 60 }
};

export type JoinGate = { ok: true } | { ok: false; retryAfterMs: number };

export class JoinLimiter {
	#address: RateLimiterMemory;
	#workshop: RateLimiterMemory;
	#enabled: boolean;

	/** `enabled` false (KYOSO_CROWD_LIMITS=0, load tools only): every join passes. */
	constructor(opts: { limits?: JoinLimitSettings; enabled?: boolean } = {}) {
		const limits = opts.limits ?? JOIN_LIMITS;
		this.#address = new RateLimiterMemory({ keyPrefix: 'join-address', ...limits.address });
		this.#workshop = new RateLimiterMemory({ keyPrefix: 'join-workshop', ...limits.workshop });
		this.#enabled = opts.enabled ?? true;
	}

	/** Count one new join from `address` into `workshopId`, or say how long to wait. */
	async admit(address: string, workshopId: string): Promise<JoinGate> {
		if (!this.#enabled) return { ok: true };
		const addr = addressKey(address);
		try {
			await this.#address.consume(addr);
		} catch (e) {
			return refused(e);
		}
		try {
			await this.#workshop.consume(workshopId);
		} catch (e) {
			// Nobody joined: the address gets its point back.
			await this.#address.reward(addr);
			return refused(e);
		}
		return { ok: true };
	}
}

function refused(e: unknown): JoinGate {
	if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, e.msBeforeNext) };
	throw e;
}
