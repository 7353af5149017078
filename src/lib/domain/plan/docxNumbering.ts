/**
 * Giving each ordered list of the generated vision text its own Word numbering, after rendering.
 *
 * Word numbers every paragraph that uses one numbering instance (`w:num`) in one sequence, so two
 * separate ordered lists in the KyosoListNumber style would read 1, 2, 3 then 4, 5. Here each
 * ordered list (placeholder numId `kyoso-ordered-<n>`, see planDocXml.ts) gets a new `w:num` in
 * numbering.xml that points at the abstract numbering the template's KyosoListNumber style uses,
 * with `w:lvlOverride/w:startOverride` = 1, so the council template's list formatting still applies
 * and each list starts at 1. Nested bullet items (`kyoso-bullet`) get the bullet style's own numId.
 * A template without these styles or their numbering keeps the paragraphs in the style, unnumbered.
 * Pure: XML text in, XML text out.
 */
import { listNumId, STYLE_IDS } from './planDocXml';

export type NumberingParts = { document: string; numbering: string | null; styles: string | null };

/** The placeholders of planDocXml.ts's `listNumId`. */
const ORDERED_MARK = /w:val="kyoso-ordered-(\d+)"/g;
const BULLET_MARK = `w:val="${listNumId.bullet}"`;
const ANY_MARK = /<w:numPr><w:ilvl w:val="\d+"\/><w:numId w:val="kyoso-[a-z]+(?:-\d+)?"\/><\/w:numPr>/g;

/** Does the rendered document hold list placeholders? */
export const hasListPlaceholders = (document: string) => document.includes('w:val="kyoso-');

/** The numId a paragraph style names in its own numPr, or null. */
export function styleNumId(styles: string, styleId: string): string | null {
	const style = new RegExp(`<w:style\\b[^>]*w:styleId="${styleId}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles);
	return style ? (/<w:numId w:val="(\d+)"\/>/.exec(style[1]!)?.[1] ?? null) : null;
}

/** The abstract numbering a `w:num` points at, or null. */
export function abstractOf(numbering: string, numId: string): string | null {
	const num = new RegExp(`<w:num\\b[^>]*w:numId="${numId}"[^>]*>([\\s\\S]*?)</w:num>`).exec(numbering);
	return num ? (/<w:abstractNumId w:val="(\d+)"\/>/.exec(num[1]!)?.[1] ?? null) : null;
}

/** A numbering instance of `abstractId` whose first level starts again at 1. */
const restartingNum = (numId: number, abstractId: string) =>
	`<w:num w:numId="${numId}"><w:abstractNumId w:val="${abstractId}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`;

/** The parts with the placeholders replaced (numbering.xml grown by one `w:num` per ordered list). */
export function restartOrderedLists(parts: NumberingParts): { document: string; numbering: string | null } {
	const { document, numbering, styles } = parts;
	if (!hasListPlaceholders(document)) return { document, numbering };
	const orderedNum = styles && numbering ? styleNumId(styles, STYLE_IDS.ordered) : null;
	const orderedAbstract = orderedNum && numbering ? abstractOf(numbering, orderedNum) : null;
	const bulletNum = styles && numbering ? styleNumId(styles, STYLE_IDS.bullet) : null;
	const bulletKnown = bulletNum !== null && numbering !== null && abstractOf(numbering, bulletNum) !== null;
	if (!numbering || (!orderedAbstract && !bulletKnown)) return { document: document.replace(ANY_MARK, ''), numbering };

	let doc = document;
	let nums = '';
	if (orderedAbstract) {
		let next = Math.max(0, ...[...numbering.matchAll(/<w:num\b[^>]*w:numId="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
		const assigned = new Map<string, number>();
		doc = doc.replace(ORDERED_MARK, (_, n: string) => {
			let id = assigned.get(n);
			if (id === undefined) {
				id = next++;
				assigned.set(n, id);
				nums += restartingNum(id, orderedAbstract);
			}
			return `w:val="${id}"`;
		});
	}
	if (bulletKnown) doc = doc.split(BULLET_MARK).join(`w:val="${bulletNum}"`);
	// whatever the template cannot number stays unnumbered in its style
	doc = doc.replace(ANY_MARK, '');
	// w:num elements follow the abstract ones; w:numIdMacAtCleanup, if present, stays last
	const at = numbering.includes('<w:numIdMacAtCleanup') ? numbering.indexOf('<w:numIdMacAtCleanup') : numbering.lastIndexOf('</w:numbering>');
	return { document: doc, numbering: at < 0 ? numbering : numbering.slice(0, at) + nums + numbering.slice(at) };
}
