import { describe, expect, it } from 'vitest';
import { InProcessFanout } from './fanout';

const bytes = (n: number) => new Uint8Array([n]);

describe('InProcessFanout', () => {
	it('delivers published updates to the subscribers of that document only, in order', () => {
		const fanout = new InProcessFanout();
		const a: number[][] = [];
		const b: number[][] = [];
		fanout.subscribe('workshop.a', 0, (seq, u) => a.push([seq, u[0]!]));
		fanout.subscribe('workshop.b', 0, (seq, u) => b.push([seq, u[0]!]));
		fanout.publish('workshop.a', 1, bytes(10));
		fanout.publish('workshop.b', 1, bytes(20));
		fanout.publish('workshop.a', 2, bytes(11));
		expect(a).toEqual([
			[1, 10],
			[2, 11]
		]);
		expect(b).toEqual([[1, 20]]);
	});

	it('holds nothing for a document nobody subscribed to', () => {
		const fanout = new InProcessFanout();
		fanout.publish('workshop.a', 1, bytes(1));
		const got: number[] = [];
		fanout.subscribe('workshop.a', 0, (seq) => got.push(seq));
		expect(got).toEqual([]);
	});

	it('replays what it holds after fromSeq to a later subscriber, then the new ones; keeps only the last `keep`', () => {
		const fanout = new InProcessFanout({ keep: 3 });
		const first: number[] = [];
		fanout.subscribe('workshop.a', 0, (seq) => first.push(seq));
		for (let seq = 1; seq <= 5; seq++) fanout.publish('workshop.a', seq, bytes(seq));
		const late: number[] = [];
		fanout.subscribe('workshop.a', 3, (seq) => late.push(seq));
		const behind: number[] = [];
		fanout.subscribe('workshop.a', 0, (seq) => behind.push(seq));
		fanout.publish('workshop.a', 6, bytes(6));
		expect(first).toEqual([1, 2, 3, 4, 5, 6]);
		expect(late).toEqual([4, 5, 6]);
		// seq 1 and 2 are no longer held: the subscriber tells the gap by the numbers (and reads the store)
		expect(behind).toEqual([3, 4, 5, 6]);
	});

	it('stops delivering after unsubscribe, and forgets a document whose last subscriber left', () => {
		const fanout = new InProcessFanout();
		const got: number[] = [];
		const stop = fanout.subscribe('workshop.a', 0, (seq) => got.push(seq));
		fanout.publish('workshop.a', 1, bytes(1));
		stop();
		fanout.publish('workshop.a', 2, bytes(2));
		expect(got).toEqual([1]);
		expect(fanout.subscribedDocs).toBe(0);
	});

	it("one subscriber's failure does not keep the update from the others", () => {
		const fanout = new InProcessFanout();
		const got: number[] = [];
		fanout.subscribe('workshop.a', 0, () => {
			throw new Error('broken subscriber');
		});
		fanout.subscribe('workshop.a', 0, (seq) => got.push(seq));
		const error = console.error;
		console.error = () => {};
		try {
			fanout.publish('workshop.a', 1, bytes(1));
		} finally {
			console.error = error;
		}
		expect(got).toEqual([1]);
	});
});
