import { describe, expect, it } from 'vitest';
import { median, pairedDifference } from './common.ts';

describe('bench statistics', () => {
	it('median ignores values that are not finite', () => {
		expect(median([3, 1, NaN, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(Number.isNaN(median([NaN]))).toBe(true);
	});

	it('pairedDifference: needs three rounds', () => {
		expect(pairedDifference([1, 2])).toBeNull();
		expect(pairedDifference([1, 2, NaN])).toBeNull();
	});

	it('pairedDifference: fewer than 6 rounds can never tell two servers apart, even all of one sign', () => {
		const five = pairedDifference([-12, -8, -15, -9, -11])!;
		expect(five).toMatchObject({ median: -11, lo: -15, hi: -8, rounds: 5, verdict: 'level' });
		expect(five.confidence).toBeCloseTo(1 - 2 / 32, 10); // [min, max] of 5: 93.75 %
	});

	it('pairedDifference: 6 or more rounds of one sign are beyond the noise', () => {
		const six = pairedDifference([-12, -8, -15, -9, -11, -3])!;
		expect(six).toMatchObject({ lo: -15, hi: -3, verdict: 'lower' });
		expect(six.confidence).toBeCloseTo(1 - 2 / 64, 10);
		expect(pairedDifference([20, 14, 31, 18, 25, 9])!.verdict).toBe('higher');
	});

	it('pairedDifference: with more rounds the interval narrows to inner order statistics', () => {
		// n = 9: k = 2 gives 1 - 2 * P(X <= 1) = 1 - 2 * 10/512 = 96.1 %; k = 3 would be 82 %
		const d = pairedDifference([-30, 1, 2, 3, 4, 5, 6, 7, 50])!;
		expect(d).toMatchObject({ lo: 1, hi: 7, median: 4, verdict: 'higher' });
		expect(d.confidence).toBeCloseTo(1 - 20 / 512, 10);
	});

	it('pairedDifference: differences of both signs are level', () => {
		const d = pairedDifference([12, -20, 5, -8, 30, 3, -4])!;
		expect(d.verdict).toBe('level');
		expect(d.lo).toBeLessThan(0);
		expect(d.hi).toBeGreaterThan(0);
	});
});
