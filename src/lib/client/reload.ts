/**
 * A page of an earlier build is told by the server (CloseCode.Outdated, after its changes were
 * stored) to reload. Reloading loads the current build; if the page is told again within a minute
 * (a proxy or browser cache serving the old page), it stops reloading and says so instead of
 * looping.
 */
const KEY = 'kyoso:reloaded-for-new-version';
export const RELOAD_LOOP_MS = 60_000;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** Reloads via `reload` and returns true, or returns false when it already did so within a minute. */
export function reloadForNewVersion(store: Store | null, reload: () => void, now = Date.now()): boolean {
	try {
		const last = Number(store?.getItem(KEY) ?? 0);
		if (Number.isFinite(last) && now - last >= 0 && now - last < RELOAD_LOOP_MS) return false;
		store?.setItem(KEY, String(now));
	} catch {
		// storage blocked (private mode): reload once all the same
	}
	reload();
	return true;
}

/** The page's sessionStorage, or null where reading it throws (storage disabled). */
export function sessionStorageOrNull(): Store | null {
	try {
		return globalThis.sessionStorage ?? null;
	} catch {
		return null;
	}
}
