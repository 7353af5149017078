/**
 * Unpacking an uploaded .docx (a zip) with limits, so that a small file that expands to gigabytes
 * (a zip bomb) is refused before it is inflated. PizZip would inflate every entry at once, whatever
 * it expands to; here the zip's central directory is read first (entry count and each entry's
 * declared uncompressed size, summed, so entries that share compressed data count every time), and
 * each entry is then inflated by node:zlib with `maxOutputLength` set to its declared size, so an
 * entry that lies about its size stops inflating at that size. The inflated files are handed to
 * PizZip (which then stores them uncompressed in memory and inflates nothing).
 *
 * ZIP64 archives, encrypted entries and compression methods other than stored/deflate are refused as
 * "not a Word file": Word writes none of them for a template of a few MB.
 */
import { inflateRawSync } from 'node:zlib';
import PizZip from 'pizzip';
import type { Checked, TemplateProblemCode } from './templateProblems';

/**
 * The most a template may expand to (sum of its files' uncompressed sizes). A real template is
 * mostly compressed images plus XML of a few hundred kB (the built-in one expands to ~60 kB); a
 * 64 MB document.xml took docxtemplater 3.6 s to check.
 */
export const MAX_TEMPLATE_EXPANDED_BYTES = 20 * 1024 * 1024;
/** The most files a template may hold (Word writes ~15 for a plain document, one more per image). */
export const MAX_TEMPLATE_ENTRIES = 1000;

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const MAX_COMMENT = 0xffff;
const ZIP64_MARK_16 = 0xffff;
const ZIP64_MARK_32 = 0xffffffff;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x1;

export type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; size: number; localOffset: number };

const refuse = (code: TemplateProblemCode): { ok: false; problems: [{ code: TemplateProblemCode; tag: null; detail: null }] } => ({
	ok: false,
	problems: [{ code, tag: null, detail: null }]
});

function findEndOfCentralDirectory(view: DataView): number {
	const last = view.byteLength - EOCD_SIZE;
	const first = Math.max(0, last - MAX_COMMENT);
	for (let at = last; at >= first; at--) {
		if (view.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_SIZE + view.getUint16(at + 20, true) === view.byteLength) return at;
	}
	return -1;
}

/**
 * The entries listed in the zip's central directory, without inflating anything; refused when the
 * listing is malformed, when there are more than `maxEntries`, or when they add up to more than
 * `maxExpanded` bytes.
 */
export function readCentralDirectory(bytes: Uint8Array, limits = { maxEntries: MAX_TEMPLATE_ENTRIES, maxExpanded: MAX_TEMPLATE_EXPANDED_BYTES }): Checked<ZipEntry[]> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.byteLength < EOCD_SIZE) return refuse('not_docx');
	const eocd = findEndOfCentralDirectory(view);
	if (eocd < 0) return refuse('not_docx');
	const total = view.getUint16(eocd + 10, true);
	const cdSize = view.getUint32(eocd + 12, true);
	const cdOffset = view.getUint32(eocd + 16, true);
	const zip64 = eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIGNATURE;
	if (zip64 || total === ZIP64_MARK_16 || cdOffset === ZIP64_MARK_32 || cdSize === ZIP64_MARK_32) return refuse('not_docx');
	if (total > limits.maxEntries) return refuse('too_many_files');
	if (cdOffset + cdSize > eocd) return refuse('not_docx');

	const entries: ZipEntry[] = [];
	const decoder = new TextDecoder();
	let expanded = 0;
	let at = cdOffset;
	while (at < cdOffset + cdSize) {
		if (at + CENTRAL_HEADER_SIZE > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return refuse('not_docx');
		if (entries.length >= limits.maxEntries) return refuse('too_many_files');
		const nameLength = view.getUint16(at + 28, true);
		const next = at + CENTRAL_HEADER_SIZE + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
		if (next > eocd) return refuse('not_docx');
		const entry: ZipEntry = {
			name: decoder.decode(bytes.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength)),
			flags: view.getUint16(at + 8, true),
			method: view.getUint16(at + 10, true),
			compressedSize: view.getUint32(at + 20, true),
			size: view.getUint32(at + 24, true),
			localOffset: view.getUint32(at + 42, true)
		};
		if (entry.size === ZIP64_MARK_32 || entry.compressedSize === ZIP64_MARK_32 || entry.localOffset === ZIP64_MARK_32) return refuse('not_docx');
		expanded += entry.size;
		if (expanded > limits.maxExpanded) return refuse('too_large_expanded');
		entries.push(entry);
		at = next;
	}
	if (entries.length !== total) return refuse('not_docx');
	return { ok: true, value: entries };
}

/** One entry's bytes, inflated to at most its declared size. */
function inflateEntry(bytes: Uint8Array, view: DataView, e: ZipEntry): Checked<Uint8Array> {
	if (e.flags & FLAG_ENCRYPTED) return refuse('not_docx');
	const at = e.localOffset;
	if (at + LOCAL_HEADER_SIZE > bytes.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) return refuse('not_docx');
	const start = at + LOCAL_HEADER_SIZE + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	const end = start + e.compressedSize;
	if (end > bytes.byteLength) return refuse('not_docx');
	const raw = bytes.subarray(start, end);
	if (e.method === METHOD_STORED) return raw.byteLength === e.size ? { ok: true, value: raw } : refuse('not_docx');
	if (e.method !== METHOD_DEFLATE) return refuse('not_docx');
	let out: Buffer;
	try {
		// maxOutputLength must be ≥ 1; an entry declared empty that inflates to anything is caught below
		out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
	} catch (err) {
		// more than it declared (a lying central directory): stopped at the declared size
		if (err instanceof RangeError) return refuse('too_large_expanded');
		return refuse('not_docx');
	}
	return out.byteLength === e.size ? { ok: true, value: out } : refuse('not_docx');
}

/**
 * The template as a PizZip holding its inflated files; refused (not_docx, too_many_files,
 * too_large_expanded) before anything beyond the limits is inflated.
 */
export function unpackDocx(bytes: Uint8Array, limits = { maxEntries: MAX_TEMPLATE_ENTRIES, maxExpanded: MAX_TEMPLATE_EXPANDED_BYTES }): Checked<PizZip> {
	const listing = readCentralDirectory(bytes, limits);
	if (!listing.ok) return listing;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const zip = new PizZip();
	for (const e of listing.value) {
		const data = inflateEntry(bytes, view, e);
		if (!data.ok) return data;
		if (e.name.endsWith('/')) continue; // a folder entry: PizZip makes folders from the file names
		zip.file(e.name, data.value, { binary: true });
	}
	return { ok: true, value: zip };
}
