import { describe, expect, it } from 'vitest';
import { groupUnits, unitHeight, visionPages, visionUnits, type VisionLayout } from './visionPages';
import type { VisionBlock } from './vision';

const layout: VisionLayout = { widthPx: 1800, heightPx: 900, statementPx: 58, statementLineHeight: 1.35, draftPx: 38, draftLineHeight: 1.6, indentEm: 1.4, marginEm: 0.2 };
const para = (text: string): VisionBlock => ({ type: 'paragraph', runs: [{ text, bold: false }] });

describe('visionUnits', () => {
	it('shows only the adopted statements once any are, then the blocks, one unit per list item', () => {
		const units = visionUnits(
			[{ id: 'a', text: '候補A', status: 'candidate' }, { id: 'b', text: '採用B', status: 'adopted' }],
			[{ type: 'heading', level: 2, text: '見出し' }, para('本文'), { type: 'ordered', items: [[{ text: '一', bold: false }], [{ text: '二', bold: true }]] }]
		);
		expect(units.map((u) => u.kind)).toEqual(['statement', 'heading', 'paragraph', 'item', 'item']);
		expect(units[0]).toMatchObject({ text: '採用B', n: 1, candidate: false });
		expect(units[4]).toMatchObject({ ordered: true, n: 2, level: 0 });
	});
	it('shows the candidates as such before any is adopted', () => {
		expect(visionUnits([{ id: 'a', text: 'A', status: 'candidate' }], []).map((u) => u.kind === 'statement' && u.candidate)).toEqual([true]);
	});
});

describe('paging', () => {
	it('a long paragraph takes more lines than a short one', () => {
		const short = unitHeight({ kind: 'paragraph', runs: [{ text: 'あ'.repeat(10), bold: false }] }, layout);
		const long = unitHeight({ kind: 'paragraph', runs: [{ text: 'あ'.repeat(200), bold: false }] }, layout);
		expect(long).toBeGreaterThan(short * 3);
	});
	it('a long draft becomes several pages that each fit; every unit is on exactly one page', () => {
		const blocks = Array.from({ length: 30 }, (_, i) => para(`${i + 1}番目の段落。`.repeat(6)));
		const units = visionUnits([], blocks);
		const pages = visionPages(units, layout);
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages[0]!.from).toBe(0);
		expect(pages[pages.length - 1]!.to).toBe(units.length);
		for (let i = 1; i < pages.length; i++) expect(pages[i]!.from).toBe(pages[i - 1]!.to);
		for (const p of pages) expect(units.slice(p.from, p.to).reduce((h, u) => h + unitHeight(u, layout), 0)).toBeLessThanOrEqual(layout.heightPx);
	});
	it('nothing is one empty page', () => {
		expect(visionPages([], layout)).toEqual([{ from: 0, to: 0 }]);
	});
	it('groups statements and each list’s items for drawing', () => {
		const units = visionUnits([{ id: 'a', text: 'A', status: 'adopted' }, { id: 'b', text: 'B', status: 'adopted' }], [
			{ type: 'bullet', items: [[{ text: 'x', bold: false }]] },
			{ type: 'bullet', items: [[{ text: 'y', bold: false }]] },
			para('p')
		]);
		expect(groupUnits(units).map((g) => (g.kind === 'block' ? 'block' : `${g.kind}:${g.units.length}`))).toEqual(['statements:2', 'list:1', 'list:1', 'block']);
	});
});
