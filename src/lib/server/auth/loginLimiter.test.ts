import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { LoginLimiter, LOGIN_LIMITS, accountKey, addressKey, retryMinutes, type LoginGate } from './loginLimiter';

const MIN = 60_000;

async function fail(limiter: LoginLimiter, login: string, address: string, times: number): Promise<LoginGate[]> {
	const gates: LoginGate[] = [];
	for (let i = 0; i < times; i++) gates.push(await limiter.begin(login, address));
	return gates;
}

describe('LoginLimiter', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(new Date('2026-12-05T10:00:00+09:00'));
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('documents the limits it enforces', () => {
		expect(LOGIN_LIMITS).toEqual({ account: { points: 5, duration: 900 }, address: { points: 20, duration: 900 } });
	});

	it('allows five failures per account, then refuses for the rest of the 15 minutes', async () => {
		const limiter = new LoginLimiter();
		const gates = await fail(limiter, 'tanaka', '10.0.0.1', 5);
		expect(gates.map((g) => g.ok)).toEqual([true, true, true, true, true]);
		expect(gates.map((g) => (g.ok ? g.remaining : -1))).toEqual([4, 3, 2, 1, 0]);

		vi.advanceTimersByTime(2 * MIN);
		const sixth = await limiter.begin('tanaka', '10.0.0.1');
		expect(sixth.ok).toBe(false);
		expect(sixth.retryAfterMs).toBe(13 * MIN);
		expect(retryMinutes(sixth.retryAfterMs)).toBe(13);

		// Another address does not help: the account itself is locked.
		expect((await limiter.begin('tanaka', '10.0.0.2')).ok).toBe(false);
		// Other accounts are not affected.
		expect((await limiter.begin('suzuki', '10.0.0.1')).ok).toBe(true);

		vi.advanceTimersByTime(13 * MIN);
		expect(await limiter.begin('tanaka', '10.0.0.1')).toMatchObject({ ok: true, remaining: 4 });
	});

	it('counts login ids case- and width-insensitively', async () => {
		const limiter = new LoginLimiter();
		await fail(limiter, 'Tanaka', '10.0.0.1', 3);
		await fail(limiter, 'ｔａｎａｋａ ', '10.0.0.2', 2);
		expect((await limiter.begin('tanaka', '10.0.0.3')).ok).toBe(false);
		expect(accountKey(' ＡＤＭＩＮ ')).toBe('admin');
	});

	it('a successful sign-in starts the account count over and refunds the address', async () => {
		const limiter = new LoginLimiter();
		await fail(limiter, 'tanaka', '10.0.0.1', 4);
		const right = await limiter.begin('tanaka', '10.0.0.1');
		expect(right).toMatchObject({ ok: true, remaining: 0 });
		await limiter.succeeded('tanaka', '10.0.0.1');
		const gates = await fail(limiter, 'tanaka', '10.0.0.1', 5);
		expect(gates.every((g) => g.ok)).toBe(true);
		expect((await limiter.begin('tanaka', '10.0.0.1')).ok).toBe(false);
	});

	it('allows 20 failures per address over many accounts, then refuses that address only', async () => {
		const limiter = new LoginLimiter();
		for (let i = 0; i < 20; i++) expect((await limiter.begin(`user${i}`, '192.0.2.7')).ok).toBe(true);
		const blocked = await limiter.begin('someone-else', '192.0.2.7');
		expect(blocked.ok).toBe(false);
		expect(blocked.retryAfterMs).toBe(15 * MIN);
		// The same account from another address is fine: the accounts have one failure each.
		expect(await limiter.begin('someone-else', '192.0.2.8')).toMatchObject({ ok: true, remaining: 4 });
	});

	it('does not charge the address for attempts on a locked account', async () => {
		const limiter = new LoginLimiter({ account: { points: 2, duration: 900 }, address: { points: 4, duration: 900 } });
		await fail(limiter, 'locked', '10.0.0.1', 2);
		for (let i = 0; i < 10; i++) expect((await limiter.begin('locked', '10.0.0.1')).ok).toBe(false);
		// Two of the address's four points are used, so two more accounts may be tried.
		expect(await limiter.begin('other', '10.0.0.1')).toMatchObject({ ok: true, remaining: 1 });
		expect(await limiter.begin('third', '10.0.0.1')).toMatchObject({ ok: true, remaining: 0 });
		expect((await limiter.begin('fourth', '10.0.0.1')).ok).toBe(false);
	});

	it('reports the nearest limit while allowed', async () => {
		const limiter = new LoginLimiter({ account: { points: 5, duration: 900 }, address: { points: 3, duration: 600 } });
		const first = await limiter.begin('a', '10.0.0.1');
		expect(first).toEqual({ ok: true, remaining: 2, retryAfterMs: 10 * MIN });
	});
});

describe('addressKey', () => {
	it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
		expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
		expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
	});

	it('groups IPv6 addresses by their /64 prefix', () => {
		expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:DB8:1:2::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002::ffff%eth0')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
	});

	it('passes anything else through', () => {
		expect(addressKey('unknown')).toBe('unknown');
	});
});

describe('retryMinutes', () => {
	it('rounds up to whole minutes, at least one', () => {
		expect(retryMinutes(1)).toBe(1);
		expect(retryMinutes(60_000)).toBe(1);
		expect(retryMinutes(60_001)).toBe(2);
		expect(retryMinutes(15 * MIN)).toBe(15);
	});
});
