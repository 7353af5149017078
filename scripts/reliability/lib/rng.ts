/** A small seeded PRNG (mulberry32), so that a run can be repeated with the same --seed. */
export type Rng = {
	/** uniform in [0, 1) */
	next(): number;
	/** integer in [lo, hi] */
	int(lo: number, hi: number): number;
	/** uniform in [lo, hi) */
	range(lo: number, hi: number): number;
	pick<T>(items: readonly T[]): T;
	chance(p: number): boolean;
	/** a new generator derived from this seed and `salt` (independent stream per phone or socket) */
	fork(salt: number): Rng;
	readonly seed: number;
};

export function createRng(seed: number): Rng {
	let a = seed >>> 0;
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		seed: seed >>> 0,
		next,
		int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
		range: (lo, hi) => lo + next() * (hi - lo),
		pick<T>(items: readonly T[]): T {
			if (items.length === 0) throw new Error('pick from an empty list');
			return items[Math.floor(next() * items.length)]!;
		},
		chance: (p) => next() < p,
		fork: (salt) => createRng(Math.imul((seed >>> 0) ^ 0x9e3779b9, 2654435761) ^ Math.imul(salt + 1, 0x85ebca6b))
	};
}

/** A seed from the clock when none was given (printed, so the run can be repeated). */
export function defaultSeed(): number {
	return (Date.now() ^ (process.pid << 16)) >>> 0 || 1;
}
