/**
 * The short crash test (issue 5): 2 trials of 40 phones posting for 4 s against the real
 * production server, killed with SIGKILL mid-burst and restarted. Every acknowledged note must be
 * stored exactly once. The full run is `npm run crashtest -- --trials 5`.
 */
import { describe, it, expect } from 'vitest';
import { BUILD_PRESENT, SKIP_REASON, runScript } from './runScript';

describe('crash test (kill -9 while phones post)', () => {
	it.skipIf(!BUILD_PRESENT)(
		BUILD_PRESENT ? 'loses and duplicates no acknowledged note over 2 trials' : `crash test ${SKIP_REASON}`,
		async () => {
			const run = await runScript('scripts/reliability/crashtest.ts', ['--trials', '2', '--phones', '40', '--seconds', '4', '--seed', '20260501', '--quiet'], 100_000);
			const r = run.last;
			expect(r.trials, run.stdout).toBe(2);
			expect(r.lost, run.stdout).toBe(0);
			expect(r.duplicated, run.stdout).toBe(0);
			expect(r.pending, run.stdout).toBe(0);
			expect(r.acked as number, run.stdout).toBeGreaterThan(0);
			expect(run.code, run.stdout + run.stderr).toBe(0);
		},
		120_000
	);
});
