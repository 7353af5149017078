/** Bearer tokens (session cookies, device ids, projector links): random, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';

export function newToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64url');
}

/** Cheap shape check before touching the database with a cookie or query value. */
export function looksLikeToken(v: unknown): v is string {
	return typeof v === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(v);
}
