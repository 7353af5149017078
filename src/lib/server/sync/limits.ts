/**
 * Shape limits on what staff sockets may put into shared state. Deeply nested values are legal
 * JSON and legal Yjs, but encoding them later recurses once per level and can overflow the stack
 * of the whole process. Checked without recursion, before anything is applied.
 */
import * as Y from 'yjs';

export const MAX_VALUE_DEPTH = 16;
export const MAX_AWARENESS_STATE_BYTES = 4096;

/** Nesting depth of a JSON text ({ and [ levels), counted by scanning, outside strings. */
export function jsonDepth(text: string): number {
	let depth = 0;
	let max = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92 /* \ */) i++;
			else if (c === 34 /* " */) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 || c === 91) max = Math.max(max, ++depth);
		else if (c === 125 || c === 93) depth--;
	}
	return max;
}

/** Nesting depth of a JS value, iteratively (an explicit stack, no recursion). */
export function valueDepth(value: unknown, limit = MAX_VALUE_DEPTH + 1): number {
	let max = 0;
	const stack: [unknown, number][] = [[value, 0]];
	while (stack.length > 0) {
		const [v, d] = stack.pop()!;
		if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
		const depth = d + 1;
		if (depth > max) max = depth;
		if (max >= limit) return max;
		for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, depth]);
	}
	return max;
}

type ContentLike = { arr?: unknown[]; embed?: unknown; value?: unknown };

/**
 * A well-formed update whose JSON content stays within the depth limit. Throws (and so refuses)
 * on a malformed update; returns false for one that is well-formed but too deep.
 */
export function updateWithinLimits(update: Uint8Array): boolean {
	const { structs } = Y.decodeUpdate(update);
	for (const s of structs) {
		const content = (s as { content?: ContentLike }).content;
		if (!content) continue;
		const values = content.arr ?? (content.embed !== undefined ? [content.embed] : content.value !== undefined ? [content.value] : []);
		for (const v of values) if (valueDepth(v) > MAX_VALUE_DEPTH) return false;
	}
	return true;
}

/** An awareness update whose states are small and shallow. */
export function awarenessWithinLimits(states: { state: string }[]): boolean {
	return states.every((s) => s.state.length <= MAX_AWARENESS_STATE_BYTES && jsonDepth(s.state) <= MAX_VALUE_DEPTH);
}
