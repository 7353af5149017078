import { describe, it, expect } from 'vitest';
import { charCount, checkText, normaliseText, NICKNAME_MAX, NOTE_TEXT_MAX } from './text';

describe('charCount', () => {
	it('counts code points, so an astral emoji counts once', () => {
		expect(charCount('')).toBe(0);
		expect(charCount('abc')).toBe(3);
		expect(charCount('地域福祉')).toBe(4);
		expect('🌸'.length).toBe(2);
		expect(charCount('🌸')).toBe(1);
		expect(charCount('🌸🍵')).toBe(2);
	});

	it('counts each code point of a combined sequence', () => {
		// family emoji: three people joined by two zero-width joiners
		const family = '👨\u200d👩\u200d👧';
		expect(charCount(family)).toBe(5);
		expect(charCount('e\u0301')).toBe(2);
	});
});

describe('normaliseText', () => {
	it('composes to NFC', () => {
		expect(normaliseText('e\u0301')).toBe('\u00e9');
		// ka + combining dakuten becomes ga
		expect(normaliseText('\u304b\u3099')).toBe('\u304c');
	});

	it('turns CR LF and lone CR into LF and trims the ends', () => {
		expect(normaliseText('  a\r\nb\rc \n')).toBe('a\nb\nc');
	});

	it('trims ideographic spaces at the ends but keeps them inside', () => {
		expect(normaliseText('\u3000あ\u3000い\u3000')).toBe('あ\u3000い');
	});
});

describe('checkText', () => {
	it('returns the normalised text when it is acceptable', () => {
		expect(checkText('  こんにちは  ', NOTE_TEXT_MAX)).toEqual({ ok: true, text: 'こんにちは' });
	});

	it('refuses empty text after trimming', () => {
		expect(checkText('', 10)).toEqual({ ok: false, error: 'text_empty' });
		expect(checkText(' \r\n\t ', 10)).toEqual({ ok: false, error: 'text_empty' });
	});

	it('applies the limit to the normalised text', () => {
		expect(checkText('あ'.repeat(NICKNAME_MAX), NICKNAME_MAX).ok).toBe(true);
		expect(checkText('あ'.repeat(NICKNAME_MAX + 1), NICKNAME_MAX)).toEqual({ ok: false, error: 'text_too_long' });
		// surrounding whitespace does not count
		expect(checkText(`  ${'あ'.repeat(NICKNAME_MAX)}  `, NICKNAME_MAX).ok).toBe(true);
		// decomposed accents count once after NFC
		expect(checkText('e\u0301'.repeat(NICKNAME_MAX), NICKNAME_MAX).ok).toBe(true);
	});

	it('allows line feeds inside text', () => {
		expect(checkText('一\n二', 10)).toEqual({ ok: true, text: '一\n二' });
	});

	it.each([
		['NUL', '\u0000'],
		['BEL', '\u0007'],
		['TAB', '\t'],
		['VT', '\u000B'],
		['ESC', '\u001B'],
		['DEL', '\u007F'],
		['NEL (C1)', '\u0085'],
		['CSI (C1)', '\u009B'],
		['LINE SEPARATOR', '\u2028'],
		['PARAGRAPH SEPARATOR', '\u2029'],
		['LRE', '\u202A'],
		['RLO', '\u202E'],
		['LRI', '\u2066'],
		['PDI', '\u2069']
	])('refuses %s inside the text', (_name, ch) => {
		expect(checkText(`a${ch}b`, 10)).toEqual({ ok: false, error: 'text_control_chars' });
	});

	it('accepts characters next to the forbidden ranges', () => {
		// no-break space (after C1), zero-width joiner (emoji sequences), and the neighbours of
		// the separator, override and isolate ranges
		for (const ch of ['\u00A0', '\u200D', '\u2027', '\u202F', '\u2065', '\u206A']) {
			expect(checkText(`a${ch}b`, 10).ok, `U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
		}
	});
});

describe('checkText: half of a surrogate pair', () => {
	it('refuses a lone high or low surrogate (UTF-8 would store U+FFFD instead of what was acknowledged)', () => {
		for (const bad of ['\ud800', 'a\ud800b', '\udc00', 'a\udfffb', '\ud83c', 'こ\ud83cんにちは']) {
			expect(checkText(bad, NOTE_TEXT_MAX)).toEqual({ ok: false, error: 'text_control_chars' });
		}
	});

	it('keeps complete pairs (emoji) as they are', () => {
		expect(checkText('花🌸', NOTE_TEXT_MAX)).toEqual({ ok: true, text: '花🌸' });
		expect(checkText('\ud83c\udf38', NOTE_TEXT_MAX)).toEqual({ ok: true, text: '🌸' });
	});
});
