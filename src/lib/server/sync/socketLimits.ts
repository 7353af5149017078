/**
 * How many websockets may be open at once per device, per client address, per staff member and per
 * projector link. Counted before the upgrade completes and counted down when the TCP socket closes
 * (whatever closed it). An upgrade over a cap is refused with HTTP 429. Reasons: docs/LIMITS.md.
 *
 *   - per device (participant cookie): 4. A phone's page holds one socket; the rest is room for
 *     sockets of a phone that dropped off the Wi-Fi and that the heartbeat has not reaped yet (≤ 30 s).
 *   - per client address, participants only: 400. A hall of up to 200 residents shares one address
 *     behind NAT, each with room for a reconnect; staff and projectors do not count here, so a full
 *     hall never locks out the facilitator or the projector.
 *   - per staff member: 30 (several laptops and tabs: board, plan, history, each a socket).
 *   - per projector link (one workshop): 8 (the projector, a second screen, a reconnect or two).
 */
import type { Principal } from './principal';

export const SOCKET_LIMITS = {
	perDevice: 4,
	perAddress: 400,
	perStaff: 30,
	perDisplayLink: 8
} as const;

/** One count a socket takes part in: its key and the most sockets that key may hold. */
export type SocketClaim = { key: string; max: number; what: string };

/**
 * The counts a new socket joins. `deviceKey`: a stable key of the participant's device (its
 * cookie's hash); `address`: the client address key. `crowdLimits` false (KYOSO_CROWD_LIMITS=0, the
 * load tools' hundreds of clients from one machine and one staff sign-in) keeps only the per-device count.
 */
export function socketClaims(principal: Principal, who: { deviceKey: string | null; address: string; crowdLimits: boolean }): SocketClaim[] {
	switch (principal.kind) {
		case 'participant': {
			const claims: SocketClaim[] = [{ key: `device:${who.deviceKey ?? principal.participantId}`, max: SOCKET_LIMITS.perDevice, what: 'this device' }];
			if (who.crowdLimits) claims.push({ key: `address:${who.address}`, max: SOCKET_LIMITS.perAddress, what: 'this network address' });
			return claims;
		}
		case 'staff':
			return who.crowdLimits ? [{ key: `staff:${principal.userId}`, max: SOCKET_LIMITS.perStaff, what: 'this staff account' }] : [];
		case 'display':
			return who.crowdLimits ? [{ key: `display:${principal.workshopId}`, max: SOCKET_LIMITS.perDisplayLink, what: 'this projector link' }] : [];
	}
}

export type SocketAdmission = { ok: true; release: () => void } | { ok: false; message: string };

/** Open-socket counts per key. */
export class SocketCounter {
	#open = new Map<string, number>();

	/** Take a place in every claim, or in none if any is full. `release` gives them back (once). */
	acquire(claims: SocketClaim[]): SocketAdmission {
		const full = claims.find((c) => (this.#open.get(c.key) ?? 0) >= c.max);
		if (full) return { ok: false, message: `too many connections from ${full.what} (at most ${full.max})` };
		for (const c of claims) this.#open.set(c.key, (this.#open.get(c.key) ?? 0) + 1);
		let released = false;
		return {
			ok: true,
			release: () => {
				if (released) return;
				released = true;
				for (const c of claims) {
					const n = (this.#open.get(c.key) ?? 1) - 1;
					if (n > 0) this.#open.set(c.key, n);
					else this.#open.delete(c.key);
				}
			}
		};
	}

	/** Open sockets counted under `key` (for tests and stats). */
	count(key: string): number {
		return this.#open.get(key) ?? 0;
	}

	/** Keys with at least one open socket. */
	get size(): number {
		return this.#open.size;
	}
}
