import { describe, it, expect } from 'vitest';
import { ballotForStorage, dotCounts, dotsOn, dotsUsed, rankItems, readBallot, withDots } from './ballot';

describe('ballots keyed by user-chosen item ids', () => {
	it('reads only own, safe keys with whole positive counts', () => {
		const stored = JSON.parse('{"theme-1":2,"theme-2":0,"theme-3":1.5,"theme-4":-1,"theme-5":"3","constructor":1,"__proto__":4,"toString":2}');
		const b = readBallot(stored);
		expect(Object.getPrototypeOf(b)).toBeNull();
		expect(Object.keys(b)).toEqual(['theme-1']);
		expect(dotsUsed(b)).toBe(2);
	});

	it('never finds inherited members: a prototype name has no dots, and a budget sum is never NaN', () => {
		const plain: Record<string, number> = { 'theme-1': 1 };
		for (const name of ['constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'valueOf']) {
			expect(dotsOn(plain, name)).toBe(0);
			expect(dotsOn(readBallot(plain), name)).toBe(0);
			expect(Number.isNaN(dotsUsed(plain) - dotsOn(plain, name))).toBe(false);
		}
	});

	it('withDots sets and takes back dots, ignores unsafe ids, and never changes its input', () => {
		const a = readBallot({ 'theme-1': 1 });
		const b = withDots(a, 'theme-2', 2);
		expect({ ...b }).toEqual({ 'theme-1': 1, 'theme-2': 2 });
		expect({ ...a }).toEqual({ 'theme-1': 1 });
		expect({ ...withDots(b, 'theme-1', 0) }).toEqual({ 'theme-2': 2 });
		expect({ ...withDots(b, 'constructor', 3) }).toEqual({ 'theme-1': 1, 'theme-2': 2 });
	});

	it('stores as an ordinary object (Yjs stores only plain objects)', () => {
		const s = ballotForStorage(withDots(readBallot(null), 'theme-1', 1));
		expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
		expect(s).toEqual({ 'theme-1': 1 });
	});

	it('rankItems over dotCounts counts every ballot, most dots first, ties in item order, items without dots included', () => {
		const ballots: unknown[] = [{ b: 1, c: 2 }, { c: 1 }, JSON.parse('{"a":1,"zzz":9,"constructor":5}'), null, 'junk'];
		expect(rankItems(['a', 'b', 'c', 'd'], dotCounts(ballots))).toEqual([
			{ itemId: 'c', votes: 3 },
			{ itemId: 'a', votes: 1 },
			{ itemId: 'b', votes: 1 },
			{ itemId: 'd', votes: 0 }
		]);
	});
});
