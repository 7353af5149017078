/**
 * Join codes (参加コード) that a resident types from the projector: no 0/O/1/I/L so that nothing
 * can be misread, case-insensitive, tolerant of spaces and full-width characters typed on a phone.
 */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;

export function generateJoinCode(random: (n: number) => Uint8Array = defaultRandom): string {
	// Rejection sampling keeps the distribution uniform.
	let out = '';
	while (out.length < JOIN_CODE_LENGTH) {
		for (const b of random(JOIN_CODE_LENGTH * 2)) {
			if (b >= 248) continue; // 248 = 31 * 8
			out += JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length];
			if (out.length === JOIN_CODE_LENGTH) break;
		}
	}
	return out;
}

function defaultRandom(n: number): Uint8Array {
	const bytes = new Uint8Array(n);
	crypto.getRandomValues(bytes);
	return bytes;
}

/** Normalise what a person typed: full-width to half-width, drop spaces and hyphens, upper-case. */
export function normaliseJoinCode(input: string): string {
	return input
		.normalize('NFKC')
		.replace(/[\s\-‐‑–—ー－]/g, '')
		.toUpperCase();
}

export function isWellFormedJoinCode(code: string): boolean {
	if (code.length !== JOIN_CODE_LENGTH) return false;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return false;
	return true;
}

/** For display: 'ABC DEF' reads better from the back of a hall. */
export function formatJoinCode(code: string): string {
	return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
