import { describe, it, expect } from 'vitest';
import PizZip from 'pizzip';
import { MAX_TEMPLATE_ENTRIES, MAX_TEMPLATE_EXPANDED_BYTES, readCentralDirectory, unpackDocx } from './docxZip';
import { defaultTemplate } from './councilTemplates';

const zipOf = (files: Record<string, string>): Uint8Array => {
	const zip = new PizZip();
	for (const [name, text] of Object.entries(files)) zip.file(name, text);
	return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
};

/** A one-file zip whose central directory and local header both claim the file is `declared` bytes. */
function lyingZip(actual: number, declared: number): Uint8Array {
	const bytes = zipOf({ 'word/document.xml': 'a'.repeat(actual) });
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = 0; at + 4 <= bytes.byteLength; at++) {
		const sig = view.getUint32(at, true);
		if (sig === 0x04034b50) view.setUint32(at + 22, declared, true);
		if (sig === 0x02014b50) view.setUint32(at + 24, declared, true);
	}
	return bytes;
}

describe('unpackDocx', () => {
	it('unpacks the built-in template with the same files and contents as PizZip', () => {
		const ours = unpackDocx(defaultTemplate());
		if (!ours.ok) throw new Error(JSON.stringify(ours.problems));
		const theirs = new PizZip(defaultTemplate());
		const names = (z: PizZip) => Object.values(z.files).filter((f) => !f.dir).map((f) => f.name).sort();
		expect(names(ours.value)).toEqual(names(theirs));
		expect(ours.value.file('word/document.xml')!.asText()).toBe(theirs.file('word/document.xml')!.asText());
	});

	it('refuses a zip whose listed files expand beyond the limit, from its central directory alone', () => {
		const bomb = zipOf({ 'word/document.xml': 'a'.repeat(2 * 1024 * 1024), 'word/b.xml': 'b'.repeat(2 * 1024 * 1024) });
		const limits = { maxEntries: MAX_TEMPLATE_ENTRIES, maxExpanded: 3 * 1024 * 1024 };
		expect(bomb.byteLength).toBeLessThan(20_000);
		expect(readCentralDirectory(bomb, limits)).toEqual({ ok: false, problems: [{ code: 'too_large_expanded', tag: null, detail: null }] });
		expect(unpackDocx(bomb, limits)).toMatchObject({ ok: false, problems: [{ code: 'too_large_expanded' }] });
		expect(unpackDocx(bomb).ok).toBe(true); // within the real limit
	});

	it('stops inflating an entry at the size it declares (a lying central directory)', () => {
		const liar = lyingZip(MAX_TEMPLATE_EXPANDED_BYTES + 1024, 1000);
		const listing = readCentralDirectory(liar);
		expect(listing.ok && listing.value.map((e) => e.size)).toEqual([1000]);
		expect(unpackDocx(liar)).toMatchObject({ ok: false, problems: [{ code: 'too_large_expanded' }] });
		// declaring more than it holds is a broken file
		expect(unpackDocx(lyingZip(1000, 2000))).toMatchObject({ ok: false, problems: [{ code: 'not_docx' }] });
	});

	it('refuses more files than the limit', () => {
		const many = zipOf(Object.fromEntries(Array.from({ length: MAX_TEMPLATE_ENTRIES + 1 }, (_, i) => [`f${i}.xml`, 'x'])));
		expect(unpackDocx(many)).toMatchObject({ ok: false, problems: [{ code: 'too_many_files' }] });
		const enough = zipOf(Object.fromEntries(Array.from({ length: MAX_TEMPLATE_ENTRIES }, (_, i) => [`f${i}.xml`, 'x'])));
		expect(unpackDocx(enough).ok).toBe(true);
	});

	it('refuses what is not a zip, or a truncated one', () => {
		expect(unpackDocx(new TextEncoder().encode('%PDF-1.7 not a zip at all'))).toMatchObject({ ok: false, problems: [{ code: 'not_docx' }] });
		const t = defaultTemplate();
		expect(unpackDocx(t.subarray(0, t.byteLength - 30))).toMatchObject({ ok: false, problems: [{ code: 'not_docx' }] });
		expect(unpackDocx(t.subarray(1000))).toMatchObject({ ok: false, problems: [{ code: 'not_docx' }] });
	});
});
