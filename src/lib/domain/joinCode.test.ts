import { describe, it, expect } from 'vitest';
import {
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	formatJoinCode,
	generateJoinCode,
	isWellFormedJoinCode,
	normaliseJoinCode
} from './joinCode';

/** A random source that replays the given bytes in order (and fails if asked for more). */
function replay(bytes: number[]): (n: number) => Uint8Array {
	let pos = 0;
	return (n) => {
		if (pos >= bytes.length) throw new Error('replay source exhausted');
		const out = new Uint8Array(bytes.slice(pos, pos + n));
		pos += n;
		return out;
	};
}

describe('join code alphabet', () => {
	it('has no characters that can be misread', () => {
		for (const ch of ['0', 'O', '1', 'I', 'L']) expect(JOIN_CODE_ALPHABET).not.toContain(ch);
	});

	it('is upper-case letters and digits without repeats', () => {
		expect(JOIN_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
		// 8 digits (2-9) and 26 letters minus I, L, O
		expect(JOIN_CODE_ALPHABET.length).toBe(8 + 26 - 3);
	});
});

describe('generateJoinCode', () => {
	it('generates well-formed codes with the default random source', () => {
		for (let i = 0; i < 200; i++) {
			const code = generateJoinCode();
			expect(code).toHaveLength(JOIN_CODE_LENGTH);
			expect(isWellFormedJoinCode(code), code).toBe(true);
		}
	});

	it('maps bytes onto the alphabet by remainder', () => {
		const n = JOIN_CODE_ALPHABET.length;
		const bytes = [0, 1, 2, n - 1, n, n + 5, 0, 0, 0, 0, 0, 0];
		expect(generateJoinCode(replay(bytes))).toBe(
			[0, 1, 2, n - 1, 0, 5].map((i) => JOIN_CODE_ALPHABET[i]).join('')
		);
	});

	it('skips bytes of 248 and above (rejection sampling) and asks for more when needed', () => {
		const rejected = Array.from({ length: JOIN_CODE_LENGTH * 2 }, (_, i) => 248 + (i % 8));
		const accepted = [3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0];
		const code = generateJoinCode(replay([...rejected, ...accepted]));
		expect(code).toBe(JOIN_CODE_ALPHABET[3]!.repeat(JOIN_CODE_LENGTH));
	});

	it('maps the 248 accepted byte values onto each character exactly 8 times (uniform)', () => {
		const counts = new Map<string, number>();
		for (let b = 0; b < 248; b++) {
			const code = generateJoinCode(() => new Uint8Array(JOIN_CODE_LENGTH * 2).fill(b));
			expect(new Set(code).size).toBe(1);
			const ch = code[0]!;
			counts.set(ch, (counts.get(ch) ?? 0) + 1);
		}
		expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
		for (const c of counts.values()) expect(c).toBe(8);
	});
});

describe('normaliseJoinCode', () => {
	it('upper-cases', () => {
		expect(normaliseJoinCode('abcdef')).toBe('ABCDEF');
	});

	it('drops ASCII and ideographic spaces, tabs and newlines', () => {
		expect(normaliseJoinCode(' abc def ')).toBe('ABCDEF');
		expect(normaliseJoinCode('ABC\u3000DEF')).toBe('ABCDEF');
		expect(normaliseJoinCode('AB\tC\nDEF')).toBe('ABCDEF');
	});

	it('converts full-width letters and digits to half-width', () => {
		expect(normaliseJoinCode('ＡＢＣ２３４')).toBe('ABC234');
		expect(normaliseJoinCode('ａｂｃ　ｄｅｆ')).toBe('ABCDEF');
	});

	it('drops hyphens and dashes people type between the groups', () => {
		for (const dash of ['-', '\u2010', '\u2011', '\u2013', '\u2014', '\u30FC', '\uFF0D']) {
			expect(normaliseJoinCode(`ABC${dash}DEF`), `U+${dash.codePointAt(0)!.toString(16)}`).toBe('ABCDEF');
		}
	});

	it('makes a typed code well-formed when its characters are in the alphabet', () => {
		expect(isWellFormedJoinCode(normaliseJoinCode('ｋｍｎ－ｐｑｒ'))).toBe(true);
		expect(isWellFormedJoinCode(normaliseJoinCode('abc def'))).toBe(true);
	});
});

describe('isWellFormedJoinCode', () => {
	it('accepts six characters of the alphabet', () => {
		expect(isWellFormedJoinCode('23456A')).toBe(true);
		expect(isWellFormedJoinCode('ZZZZZZ')).toBe(true);
	});

	it('refuses the wrong length', () => {
		expect(isWellFormedJoinCode('')).toBe(false);
		expect(isWellFormedJoinCode('ABCDE')).toBe(false);
		expect(isWellFormedJoinCode('ABCDEFG')).toBe(false);
	});

	it('refuses characters outside the alphabet', () => {
		for (const bad of ['ABCDE0', 'ABCDEO', 'ABCDE1', 'ABCDEI', 'ABCDEL', 'abcdef', 'ABC DE', 'ABC-DE']) {
			expect(isWellFormedJoinCode(bad), bad).toBe(false);
		}
	});
});

describe('formatJoinCode', () => {
	it('splits a six-character code into two groups of three', () => {
		expect(formatJoinCode('ABCDEF')).toBe('ABC DEF');
	});

	it('leaves other lengths unchanged', () => {
		expect(formatJoinCode('ABCDE')).toBe('ABCDE');
		expect(formatJoinCode('')).toBe('');
	});

	it('round-trips through normalisation', () => {
		const code = generateJoinCode();
		expect(normaliseJoinCode(formatJoinCode(code))).toBe(code);
	});
});
