/** Validation of short user text (notes, nicknames, titles), shared by server and client. */
// C0 and C1 control characters except line feed; also the Unicode line/paragraph separators
// and bidi overrides that can be used to disguise text.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
// Half of a surrogate pair on its own is no character: stored as UTF-8 it would become U+FFFD, so
// what was acknowledged would not be what is kept. Refused like a control character.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length as a person counts characters: by code point, so an emoji counts once. */
export function charCount(s: string): number {
	let n = 0;
	for (const _ of s) n++;
	return n;
}

export function normaliseText(s: string): string {
	return s.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

export type TextError = 'text_empty' | 'text_too_long' | 'text_control_chars';

export function checkText(raw: string, max: number): { ok: true; text: string } | { ok: false; error: TextError } {
	const text = normaliseText(raw);
	// Invisible characters alone (zero-width spaces and joiners) do not make a note.
	if (text.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '').length === 0) return { ok: false, error: 'text_empty' };
	if (charCount(text) > max) return { ok: false, error: 'text_too_long' };
	if (FORBIDDEN.test(text) || LONE_SURROGATE.test(text)) return { ok: false, error: 'text_control_chars' };
	return { ok: true, text };
}

export const NOTE_TEXT_MAX = 140;
export const NICKNAME_MAX = 20;
