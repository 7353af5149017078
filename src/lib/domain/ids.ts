/** Random identifiers that work in the browser and in Node (Web Crypto is global in both). */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

export function randomId(length = 16): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	let out = '';
	for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
	return out;
}

/**
 * Names that every plain object already has (`constructor`, `toString`, `__proto__`, …). Ids are used
 * as keys of objects that end up in Yjs and in JSON (ballots: itemId -> dots), where such a key reaches
 * Object.prototype: a lookup returns a function instead of a count, and Yjs refuses to store an object
 * whose own `constructor` is a number (it would throw inside a room's change). No id may be one of them.
 */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).join('|');

/** One URL-safe id of `min`..`max` characters that is not a name every object already has. */
const idPattern = (min: number, max: number) => new RegExp(`^(?!(?:${PROTOTYPE_NAMES})$)[A-Za-z0-9_-]{${min},${max}}$`);

/** Ids that clients may choose (notes, operations): short, URL-safe, bounded. */
export const CLIENT_ID_PATTERN = idPattern(8, 40);

/** Ids of things staff created that clients refer to (themes, notes, tables): any short URL-safe id. */
export const ITEM_ID_PATTERN = idPattern(1, 40);

/** Whether `id` may be used as a key of a plain object (see PROTOTYPE_NAMES). */
export const isSafeKey = (id: string): boolean => ITEM_ID_PATTERN.test(id);
