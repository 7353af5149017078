/**
 * Times when this process's event loop is held up: a TICK_MS timer whose tick comes STALL_MS or more
 * late was blocked by something else in the process (a long synchronous task, garbage collection).
 * Used by fanoutProbe.mjs inside every server process of a raw run and by the bench's client workers.
 * Plain JavaScript: the reference servers run without a TypeScript loader.
 */
export const TICK_MS = 10;
export const STALL_MS = 40;

/**
 * Calls `onStall(lastTick, blockedMs)` for each stall (`lastTick`: performance.now() of the tick before
 * it). The timer does not keep the process alive. Returns a function that stops watching.
 * @param {(lastTick: number, blockedMs: number) => void} onStall
 * @returns {() => void}
 */
export function watchStalls(onStall) {
	let lastTick = performance.now();
	const timer = setInterval(() => {
		const t = performance.now();
		const late = t - lastTick - TICK_MS;
		if (late >= STALL_MS) onStall(lastTick, Math.round(late * 10) / 10);
		lastTick = t;
	}, TICK_MS);
	timer.unref();
	return () => clearInterval(timer);
}
