/** File names and the Content-Disposition header of exported Word files (Japanese names, RFC 5987/6266). */
import type { CalendarDate } from '../../domain/eraDate';

const UNSAFE = /[\\/:*?"<>|]+/g;

/** Control characters, which no file name should hold. */
const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

/** A file name part without characters Windows or macOS refuse, spaces collapsed, at most `max` characters. */
export function safeNamePart(s: string, max = 40): string {
	const chars = [...s].map((c) => (isControl(c) ? ' ' : c)).join('');
	return [...chars.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim()].slice(0, max).join('').trim();
}

const ymd = (d: CalendarDate) => `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;

/** "さくら台地区_第1回 みんなで話そう_20261205.docx" */
export function exportFileName(districtName: string, workshopTitle: string, day: CalendarDate): string {
	const parts = [safeNamePart(districtName, 20), safeNamePart(workshopTitle, 40), ymd(day)].filter(Boolean);
	return `${parts.join('_')}.docx`;
}

/** RFC 5987 ext-value encoding: UTF-8, percent-encoded, attr-chars left as they are. */
function encodeRfc5987(s: string): string {
	return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="<ascii fallback>"; filename*=UTF-8''<the Japanese name>`. Browsers use
 * filename*; the plain filename is for old clients and never holds anything but safe ASCII.
 */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
	const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
