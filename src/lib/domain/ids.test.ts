import { describe, it, expect } from 'vitest';
import { CLIENT_ID_PATTERN, ITEM_ID_PATTERN, isSafeKey, randomId } from './ids';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('ids that clients may send', () => {
	it('accepts short URL-safe ids, and every id randomId makes', () => {
		for (const id of ['n-abc12345', 'note_ABCDEFGH', 'x'.repeat(40)]) expect(CLIENT_ID_PATTERN.test(id)).toBe(true);
		for (let i = 0; i < 200; i++) expect(CLIENT_ID_PATTERN.test(randomId())).toBe(true);
		for (const id of ['t', 'theme-1', 'main']) expect(ITEM_ID_PATTERN.test(id)).toBe(true);
	});

	it('refuses every name that plain objects already have (constructor, toString, __proto__, …)', () => {
		expect(PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'valueOf']));
		for (const name of PROTOTYPE_NAMES) {
			expect(CLIENT_ID_PATTERN.test(name), name).toBe(false);
			expect(ITEM_ID_PATTERN.test(name), name).toBe(false);
			expect(isSafeKey(name), name).toBe(false);
		}
	});

	it('still accepts ids that merely contain such a name', () => {
		for (const id of ['constructor1', 'my-toString', '__proto__x', 'xconstructor']) expect(isSafeKey(id)).toBe(true);
	});

	it('refuses the wrong length and characters outside the URL-safe set', () => {
		for (const id of ['', 'short', 'x'.repeat(41), 'has space1', 'ドット投票ですよ', 'a/b/c/d/e', 'n-abc\n123']) expect(CLIENT_ID_PATTERN.test(id)).toBe(false);
		expect(ITEM_ID_PATTERN.test('x'.repeat(41))).toBe(false);
	});
});
