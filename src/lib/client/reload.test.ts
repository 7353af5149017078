import { describe, expect, it } from 'vitest';
import { reloadForNewVersion, RELOAD_LOOP_MS } from './reload';

function memory(): Pick<Storage, 'getItem' | 'setItem'> {
	const m = new Map<string, string>();
	return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

describe('reloadForNewVersion', () => {
	it('reloads, but not again within a minute (no loop when the old page is served again)', () => {
		const store = memory();
		let reloads = 0;
		expect(reloadForNewVersion(store, () => reloads++, 1_000_000)).toBe(true);
		expect(reloadForNewVersion(store, () => reloads++, 1_000_000 + RELOAD_LOOP_MS - 1)).toBe(false);
		expect(reloads).toBe(1);
		expect(reloadForNewVersion(store, () => reloads++, 1_000_000 + RELOAD_LOOP_MS)).toBe(true);
		expect(reloads).toBe(2);
	});

	it('reloads when storage is missing or throws', () => {
		let reloads = 0;
		expect(reloadForNewVersion(null, () => reloads++)).toBe(true);
		const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => {} };
		expect(reloadForNewVersion(blocked, () => reloads++)).toBe(true);
		expect(reloads).toBe(2);
	});
});
