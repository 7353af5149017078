/**
 * Small helpers shared by the bench orchestrator and its worker processes: one clock for every
 * process, Poisson timing, percentiles.
 */
import { createRng } from '../reliability/lib/rng.ts';

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Every process on the machine reads the
 * same system clock here, so a timestamp taken in one worker can be compared with one taken in
 * another (the phone's send time against the projector's arrival time).
 */
export function now(): number {
	return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Exponentially distributed delay: the gap between events of a Poisson process of `ratePerSec`. */
export function poissonGapMs(ratePerSec: number, random: () => number = Math.random): number {
	return (-Math.log(1 - random()) / ratePerSec) * 1000;
}

/** A seeded PRNG (mulberry32, the reliability tools' one): the same seed gives every server the same write schedule. */
export function seededRandom(seed: number): () => number {
	return createRng(seed).next;
}

export type Summary = { count: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles of a sample (sorted in place). */
export function summarise(samples: number[] | Float64Array): Summary {
	const sorted = Float64Array.from(samples).sort();
	const n = sorted.length;
	const at = (q: number): number => (n === 0 ? NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!);
	return { count: n, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: n === 0 ? NaN : sorted[n - 1]! };
}

/** Median of the finite values (NaN if none). */
export function median(xs: readonly number[]): number {
	const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
	return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export type Difference = { median: number; lo: number; hi: number; confidence: number; rounds: number; verdict: 'lower' | 'higher' | 'level' };

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
	let term = 0.5 ** n; // P(X = 0)
	let sum = 0;
	for (let i = 0; i <= k; i++) {
		sum += term;
		term = (term * (n - i)) / (i + 1);
	}
	return sum;
}

/**
 * Paired per-round differences (e.g. our p99 minus a reference's, each pair measured minutes apart in
 * the same round): their median and the distribution-free interval for it from the sorted differences
 * (the sign test's: [d(k), d(n+1-k)], the narrowest with at least 95 % confidence; with fewer than 6
 * rounds no such interval exists and [min, max] is given with its lower confidence). `lower`/`higher`
 * only when the interval lies wholly below/above zero with at least 95 % confidence, else `level`: the
 * run cannot tell the two apart. Null with fewer than 3 rounds.
 */
export function pairedDifference(diffs: readonly number[]): Difference | null {
	const d = diffs.filter(Number.isFinite).sort((a, b) => a - b);
	const n = d.length;
	if (n < 3) return null;
	const coverage = (k: number) => 1 - 2 * binomialHalfCdf(n, k - 1);
	let k = 1;
	while (k + 1 <= n / 2 && coverage(k + 1) >= 0.95) k++;
	const lo = d[k - 1]!;
	const hi = d[n - k]!;
	const confidence = coverage(k);
	const sure = confidence >= 0.95;
	return { median: median(d), lo, hi, confidence, rounds: n, verdict: sure && hi < 0 ? 'lower' : sure && lo > 0 ? 'higher' : 'level' };
}

export function round1(v: number): number {
	return Number.isFinite(v) ? Math.round(v * 10) / 10 : v;
}

/** Run `fn` over `items` with at most `limit` running at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
		for (;;) {
			const i = next++;
			if (i >= items.length) return;
			out[i] = await fn(items[i]!, i);
		}
	});
	await Promise.all(runners);
	return out;
}

/** Poll until `predicate` holds or `timeoutMs` passes; returns whether it held. */
export async function until(predicate: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) return false;
		await sleep(stepMs);
	}
	return true;
}

/** Like `until`, for a predicate that has to ask (a worker, a server). */
export async function untilAsync(predicate: () => Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) return false;
		await sleep(stepMs);
	}
	return true;
}

/** Tag carried in a note's text: the send time on the phone, read back by the projector. */
export const SENT_TAG = /\[t=(\d+(?:\.\d+)?)\]/;
export function tagText(label: string, sentAt: number): string {
	return `${label} [t=${sentAt.toFixed(3)}]`;
}

/** Realistic note texts (the kind residents write at an issues step). */
export const NOTE_LABELS = [
	'夜道が暗くて一人で歩くのが怖い',
	'ゴミ出しが大変な高齢者が増えている',
	'子どもの遊び場が少ない',
	'サロンに男性が来ない',
	'見守り活動の担い手が足りない',
	'災害時に誰が誰を助けるか決まっていない',
	'バス停まで遠くて買い物に行けない',
	'公民館の行事に若い人が来ない',
	'挨拶が自然に交わされる町内',
	'民生委員さんが頼りになる'
] as const;

export const THEME_TITLES = ['夜道の安全', 'サロンの場所', '見守りの担い手', '買い物支援', '防災と助け合い', '子どもの居場所'] as const;
