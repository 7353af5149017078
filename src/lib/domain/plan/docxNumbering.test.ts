import { describe, it, expect } from 'vitest';
import { abstractOf, restartOrderedLists, styleNumId } from './docxNumbering';
import { visionXml } from './planDocXml';
import type { VisionBlock } from './planSnapshot';

const STYLES =
	'<w:styles><w:style w:type="paragraph" w:styleId="KyosoListBullet"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>' +
	'<w:style w:type="paragraph" w:styleId="KyosoListNumber"><w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style></w:styles>';
const NUMBERING =
	'<w:numbering><w:abstractNum w:abstractNumId="3"/><w:abstractNum w:abstractNumId="4"/>' +
	'<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num><w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num><w:num w:numId="12"><w:abstractNumId w:val="3"/></w:num></w:numbering>';

const BLOCKS: VisionBlock[] = [
	{ type: 'ordered', items: ['一', '二', '三'] },
	{ type: 'paragraph', runs: [{ text: '間の段落', bold: false }] },
	{ type: 'bullet', items: ['点', '入れ子の点'], levels: [0, 1] },
	{ type: 'ordered', items: ['四', '四の下'], levels: [0, 1] }
];

/** [numId, ilvl] of each numbered paragraph, in order. */
const numbered = (xml: string) => [...xml.matchAll(/<w:ilvl w:val="(\d)"\/><w:numId w:val="([^"]+)"\/>/g)].map((m) => [m[2], Number(m[1])]);

describe('restartOrderedLists', () => {
	it('reads the styles’ numbering', () => {
		expect(styleNumId(STYLES, 'KyosoListNumber')).toBe('8');
		expect(styleNumId(STYLES, 'Missing')).toBeNull();
		expect(abstractOf(NUMBERING, '8')).toBe('4');
		expect(abstractOf(NUMBERING, '99')).toBeNull();
	});

	it('gives each ordered list a new w:num of the style’s abstract numbering, restarting at 1; bullets keep the style’s numId', () => {
		const out = restartOrderedLists({ document: visionXml(BLOCKS), numbering: NUMBERING, styles: STYLES });
		// new ids after the highest in use (12); the list after the paragraph is the second instance
		expect(numbered(out.document)).toEqual([
			['13', 0],
			['13', 0],
			['13', 0],
			['7', 1],
			['14', 0],
			['14', 1]
		]);
		expect(out.numbering).toBe(
			NUMBERING.replace(
				'</w:numbering>',
				'<w:num w:numId="13"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' +
					'<w:num w:numId="14"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>'
			)
		);
		expect(out.document).not.toContain('kyoso-');
	});

	it('keeps w:numIdMacAtCleanup last', () => {
		const numbering = NUMBERING.replace('</w:numbering>', '<w:numIdMacAtCleanup w:val="2"/></w:numbering>');
		const out = restartOrderedLists({ document: visionXml(BLOCKS), numbering, styles: STYLES });
		expect(out.numbering).toMatch(/<w:num w:numId="14">.*<\/w:num><w:numIdMacAtCleanup w:val="2"\/><\/w:numbering>$/);
	});

	it('leaves the paragraphs unnumbered in their style when the template has no such numbering', () => {
		for (const parts of [
			{ numbering: null, styles: STYLES },
			{ numbering: NUMBERING, styles: null },
			{ numbering: NUMBERING, styles: '<w:styles/>' }
		]) {
			const out = restartOrderedLists({ document: visionXml(BLOCKS), ...parts });
			expect(out.document).not.toContain('<w:numPr>');
			expect(out.document).toContain('<w:pStyle w:val="KyosoListNumber"/>');
			expect(out.numbering).toBe(parts.numbering);
		}
	});

	it('changes nothing in a document without generated lists', () => {
		const document = '<w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr></w:p></w:body>';
		expect(restartOrderedLists({ document, numbering: NUMBERING, styles: STYLES })).toEqual({ document, numbering: NUMBERING });
	});
});
