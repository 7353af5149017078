/**
 * Brute-force protection for staff sign-in (rate-limiter-flexible, in memory per process).
 *
 * The numbers, per fixed 15-minute window that starts with the first failure:
 *   - per account (the login id typed, known or not): 5 failed password checks. A person who
 *     mistypes gets five tries; a guesser gets 20 guesses an hour per account, far too few for
 *     any password of 10+ characters. A successful sign-in starts the count over.
 *   - per client address: 20 failed checks, over all accounts. This stops one machine from
 *     spraying a common password over many login ids, and is loose enough for a council office
 *     whose staff share one address behind NAT.
 * When a limit is spent, sign-in from there (or for that account) is refused without checking the
 * password until the window ends; the page says in how many minutes to try again. The account limit
 * can be used by someone else to lock an account for 15 minutes; that is the accepted price, and
 * an admin can see the failures in the audit log.
 *
 * Every attempt is counted *before* the password is checked (scrypt takes a while), so parallel
 * guesses cannot slip past the limit; a right password gives the address its point back.
 * Behind a reverse proxy, set adapter-node's ADDRESS_HEADER / XFF_DEPTH so the address is the client's.
 */
import { isIPv6 } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type LoginLimits = {
	account: { points: number; duration: number };
	address: { points: number; duration: number };
};

export const LOGIN_LIMITS: LoginLimits = {
	account: { points: 5, duration: 15 * 60 },
	address: { points: 20, duration: 15 * 60 }
};

/**
 * ok: the password may be checked; `remaining` more failures are allowed after this one, and the
 * window of the nearest limit ends in `retryAfterMs`. Not ok: refused for `retryAfterMs`.
 */
export type LoginGate = { ok: true; remaining: number; retryAfterMs: number } | { ok: false; retryAfterMs: number };

export class LoginLimiter {
	#account: RateLimiterMemory;
	#address: RateLimiterMemory;

	constructor(limits: LoginLimits = LOGIN_LIMITS) {
		this.#account = new RateLimiterMemory({ keyPrefix: 'login-account', ...limits.account });
		this.#address = new RateLimiterMemory({ keyPrefix: 'login-address', ...limits.address });
	}

	/** Call before checking the password: counts the attempt as a failure until `succeeded` says otherwise. */
	async begin(login: string, address: string): Promise<LoginGate> {
		const acc = accountKey(login);
		const addr = addressKey(address);
		let byAddress: RateLimiterRes;
		try {
			byAddress = await this.#address.consume(addr);
		} catch (e) {
			return refused(e);
		}
		let byAccount: RateLimiterRes;
		try {
			byAccount = await this.#account.consume(acc);
		} catch (e) {
			// No password is checked for a locked account, so the address is not charged for it.
			await this.#address.reward(addr);
			return refused(e);
		}
		const nearest = byAccount.remainingPoints <= byAddress.remainingPoints ? byAccount : byAddress;
		return { ok: true, remaining: nearest.remainingPoints, retryAfterMs: Math.max(1, nearest.msBeforeNext) };
	}

	/** The password was right: the account's count starts over and the address gets this attempt back. */
	async succeeded(login: string, address: string): Promise<void> {
		await this.#account.delete(accountKey(login));
		await this.#address.reward(addressKey(address));
	}
}

function refused(e: unknown): LoginGate {
	if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, e.msBeforeNext) };
	throw e;
}

/** Whole minutes to show to a person ("try again in N minutes"), at least 1. */
export function retryMinutes(ms: number): number {
	return Math.max(1, Math.ceil(ms / 60_000));
}

/** Login ids are counted case- and width-insensitively, so "Admin" and "ａｄｍｉｎ" share one count. */
export function accountKey(login: string): string {
	return login.normalize('NFKC').trim().toLowerCase();
}

/**
 * The key for a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix, since
 * one home or office gets a whole /64 and can pick any address in it.
 */
export function addressKey(address: string): string {
	const a = address.trim().toLowerCase().replace(/%.*$/, '');
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
	if (mapped) return mapped[1]!;
	if (!isIPv6(a)) return a;
	return `${expandIPv6(a).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(a: string): string[] {
	let text = a;
	// A trailing dotted IPv4 part stands for the last two groups.
	const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	if (v4) {
		const [b1, b2, b3, b4] = v4.slice(1).map(Number) as [number, number, number, number];
		text = text.slice(0, v4.index) + `${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
	}
	const [head, tail] = text.split('::') as [string, string | undefined];
	const h = head ? head.split(':') : [];
	const t = tail === undefined ? [] : tail ? tail.split(':') : [];
	const zeros = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
	return [...h, ...zeros, ...t].map((g) => g.replace(/^0+(?=.)/, ''));
}
