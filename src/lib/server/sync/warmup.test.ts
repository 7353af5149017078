import { describe, it, expect } from 'vitest';
import { warmUpYjs } from './warmup';

describe('warmUpYjs', () => {
	it('runs the load and encode paths in slices, yielding to the event loop in between', async () => {
		let pauses = 0;
		const ms = await warmUpYjs({ notes: 250, rounds: 2, yieldEvery: async () => void pauses++ });
		expect(ms).toBeGreaterThan(0);
		// one pause per 100 notes written, and three per round (log load, snapshot load, projectors' copy)
		expect(pauses).toBe(2 + 3 * 2);
	});

	it('lets timers run while it works (the default pause is a real turn of the event loop)', async () => {
		let ticks = 0;
		const timer = setInterval(() => ticks++, 0);
		try {
			await warmUpYjs({ notes: 300, rounds: 2 });
		} finally {
			clearInterval(timer);
		}
		expect(ticks).toBeGreaterThan(0);
	});
});
