/** Polling for tests: unit tests under src/ and the integration helpers (tests/helpers/testServer.ts) share it. */

/** Poll `predicate` (which may be async) until it returns a truthy value (which is returned), or fail after `timeoutMs`. */
export async function waitFor<T>(
	predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	timeoutMs = 5_000,
	what = 'condition'
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await predicate();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
