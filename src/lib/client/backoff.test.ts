import { describe, it, expect } from 'vitest';
import { reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
	it('grows exponentially up to the cap, with jitter between a quarter and all of it', () => {
		for (const attempt of [0, 1, 3, 6, 20]) {
			const cap = Math.min(10_000, 400 * 2 ** Math.min(attempt, 10));
			expect(reconnectDelay(attempt, { random: () => 0 })).toBe(Math.round(cap / 4));
			expect(reconnectDelay(attempt, { random: () => 1 })).toBe(cap);
		}
	});

	it('spreads a hall of clients over the window', () => {
		const delays = Array.from({ length: 300 }, () => reconnectDelay(5));
		const distinct = new Set(delays.map((d) => Math.floor(d / 250)));
		expect(distinct.size).toBeGreaterThan(20);
		expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_500);
		expect(Math.max(...delays)).toBeLessThanOrEqual(10_000);
	});
});
