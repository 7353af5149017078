/**
 * Password hashing with node:crypto scrypt (a memory-hard KDF, no native dependency to build).
 * Format: scrypt$N$r$p$salt$hash (base64url), so parameters can be raised later.
 */
import { scrypt, randomBytes, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, opts: ScryptOptions, keylen: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, keylen, opts, (e, key) => (e ? reject(e) : resolve(key)))
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, { N, r: R, p: P, maxmem: MAXMEM }, KEYLEN);
	return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
	const expected = Buffer.from(keyB64, 'base64url');
	const key = await derive(password, Buffer.from(saltB64, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM }, expected.length);
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A readable one-time password for first start: 4 groups of 4 unambiguous characters. */
export function generatePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const bytes = randomBytes(16);
	let s = '';
	for (let i = 0; i < 16; i++) {
		if (i > 0 && i % 4 === 0) s += '-';
		s += alphabet[bytes[i]! % alphabet.length];
	}
	return s;
}
