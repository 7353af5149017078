import { describe, it, expect } from 'vitest';
import { fitPages, nextPage, previousPage, textLines } from './projectorPages';

describe('textLines', () => {
	it('counts full-width characters as one em and half-width as 0.6, with one em kept free per line', () => {
		expect(textLines('見守り', 11)).toBe(1);
		expect(textLines('あ'.repeat(10), 11)).toBe(1);
		expect(textLines('あ'.repeat(11), 11)).toBe(2);
		// 16 half-width characters are 9.6 em: one line of 10 usable em
		expect(textLines('a'.repeat(16), 11)).toBe(1);
		expect(textLines('a'.repeat(17), 11)).toBe(2);
	});

	it('starts a new line at each line break, and an empty text still takes a line', () => {
		expect(textLines('朝\n夕\n夜', 11)).toBe(3);
		expect(textLines('', 11)).toBe(1);
		expect(textLines('あ'.repeat(140), 11)).toBe(14);
	});
});

describe('fitPages', () => {
	it('fits heights greedily, at least one per page', () => {
		expect(fitPages([400, 400, 400, 2000, 10], 900)).toEqual([{ from: 0, to: 2 }, { from: 2, to: 3 }, { from: 3, to: 4 }, { from: 4, to: 5 }]);
		expect(fitPages([], 900)).toEqual([]);
	});
});

describe('nextPage / previousPage', () => {
	it('turns pages round: after the last the first, before the first the last', () => {
		expect(nextPage(0, 3)).toBe(1);
		expect(nextPage(2, 3)).toBe(0);
		expect(previousPage(0, 3)).toBe(2);
		expect(nextPage(0, 1)).toBe(0);
		expect(previousPage(0, 1)).toBe(0);
	});
});
