/**
 * Reading what a Yjs transaction changed, and comparing the plain data a board holds. Shared by the
 * clients' incremental board reader (client/stableBoard.ts) and the projector's mirror
 * (projectorMirror.ts). Pure: no IO.
 */
import * as Y from 'yjs';

/** Any Yjs shared type (Y.Map, Y.Array, ...), as Yjs types them itself. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YType = Y.AbstractType<any>;

/**
 * Deep equality of plain data as the board holds it: primitives, arrays, plain objects and Maps.
 * Objects compare by their own enumerable keys; anything else (class instances) only by identity.
 */
export function sameData(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
		return true;
	}
	if (Array.isArray(b)) return false;
	if (a instanceof Map) {
		if (!(b instanceof Map) || a.size !== b.size) return false;
		for (const [k, v] of a) if (!b.has(k) || !sameData(v, b.get(k))) return false;
		return true;
	}
	if (b instanceof Map) return false;
	const pa = Object.getPrototypeOf(a);
	if (pa !== Object.getPrototypeOf(b) || (pa !== Object.prototype && pa !== null)) return false;
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	for (const k of ka) {
		if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
		if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
	}
	return true;
}

/**
 * The keys of `top` (a Y.Map of Y.Maps, such as `notes`) whose entry a transaction changed: keys
 * set or deleted on `top` itself and the keys under which a changed nested type sits. `events` are
 * the transaction's events under `top` (`transaction.changedParentTypes.get(top)` or the events an
 * observeDeep handler gets). Adds them to `into`.
 */
export function changedKeys(top: YType, events: readonly Y.YEvent<YType>[] | undefined, into: Set<string>): Set<string> {
	if (!events) return into;
	for (const event of events) {
		if (event.target === top) {
			// YMapEvent: keys set, changed or deleted on the top map
			const keys = (event as Y.YMapEvent<unknown>).keysChanged;
			if (keys) for (const k of keys) if (typeof k === 'string') into.add(k);
			continue;
		}
		const key = keyUnder(top, event.target);
		if (key !== null) into.add(key);
	}
	return into;
}

/** The key of `top` under which `type` sits (walking up its parents), or null when it is not inside `top`. */
export function keyUnder(top: YType, type: YType): string | null {
	let t: YType = type;
	for (let depth = 0; depth < 64; depth++) {
		const item = t._item;
		if (!item) return null;
		const parent = item.parent;
		if (parent === top) return item.parentSub;
		if (!(parent instanceof Y.AbstractType)) return null;
		t = parent;
	}
	return null;
}

