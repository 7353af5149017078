import { describe, it, expect } from 'vitest';
import { columnPages, ideaHeight, matrixPages, type MatrixLayout } from './matrixPages';

/** A 1920 × 1080 projector with four columns: 36 px ideas, about 11 full-width characters a line. */
const layout: MatrixLayout = { lineWidthPx: 420, heightPx: 700, fontPx: 36, lineHeight: 1.3, itemChromePx: 14, gapPx: 6, listPaddingPx: 12 };

describe('columnPages', () => {
	it('keeps a column that fits on one page', () => {
		expect(columnPages(['声かけ', 'サロンに誘う'], layout)).toEqual([{ from: 0, to: 2 }]);
		expect(columnPages([], layout)).toEqual([]);
	});

	it('splits 25 short ideas into pages whose ideas fit the column height', () => {
		const ideas = Array.from({ length: 25 }, (_, i) => `アイデア${i + 1}`);
		const pages = columnPages(ideas, layout);
		// one line each: 36 × 1.3 + 14 = 60.8 px, + 6 px between: ten fit in 688 px (10 × 60.8 + 9 × 6 = 662)
		expect(pages).toEqual([
			{ from: 0, to: 10 },
			{ from: 10, to: 20 },
			{ from: 20, to: 25 }
		]);
		for (const p of pages) {
			const h = ideas.slice(p.from, p.to).reduce((s, t) => s + ideaHeight(t, layout), 0) + (p.to - p.from - 1) * layout.gapPx;
			expect(h).toBeLessThanOrEqual(layout.heightPx - layout.listPaddingPx);
		}
	});

	it('gives long ideas fewer places on a page, and an idea too tall for a page a page of its own', () => {
		const long = 'あ'.repeat(60); // 6 lines: 294.8 px
		expect(columnPages([long, long, long], layout)).toEqual([
			{ from: 0, to: 2 },
			{ from: 2, to: 3 }
		]);
		const tall = { ...layout, heightPx: 200 };
		expect(columnPages([long, '短い'], tall)).toEqual([
			{ from: 0, to: 1 },
			{ from: 1, to: 2 }
		]);
	});
});

describe('matrixPages', () => {
	it('has as many pages as its fullest column; the others show nothing more on the later pages', () => {
		const full = Array.from({ length: 25 }, (_, i) => `案${i}`);
		const paging = matrixPages([full, ['ひとつ'], []], layout);
		expect(paging.count).toBe(3);
		expect(paging.columns[0]).toEqual([
			{ from: 0, to: 10 },
			{ from: 10, to: 20 },
			{ from: 20, to: 25 }
		]);
		expect(paging.columns[1]).toEqual([
			{ from: 0, to: 1 },
			{ from: 1, to: 1 },
			{ from: 1, to: 1 }
		]);
		expect(paging.columns[2]).toEqual([
			{ from: 0, to: 0 },
			{ from: 0, to: 0 },
			{ from: 0, to: 0 }
		]);
	});

	it('is one page when every column fits (or the matrix is empty)', () => {
		expect(matrixPages([['a'], ['b']], layout).count).toBe(1);
		expect(matrixPages([], layout).count).toBe(1);
	});
});
