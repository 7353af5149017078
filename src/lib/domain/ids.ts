/** Random identifiers that work in the browser and in Node (Web Crypto is global in both). */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

export function randomId(length = 16): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	let out = '';
	for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
	return out;
}

/** Ids that clients may choose (notes, operations): short, URL-safe, bounded. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,40}$/;
