/** Reconnect delays: exponential with full jitter, so a hall of phones does not return all at once. */
export function reconnectDelay(attempt: number, { baseMs = 400, maxMs = 10_000, random = Math.random } = {}): number {
	const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 10));
	return Math.round(cap / 4 + random() * (cap * 3) / 4);
}
