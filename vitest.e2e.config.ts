import { defineConfig } from 'vitest/config';

// Tests that run the reliability scripts (scripts/reliability/) and the benchmarks' smoke variants
// (scripts/bench/) against the real production server as a child process: they need `npm run build`
// first, so they run after it (`npm run test:crash`).
export default defineConfig({
	test: {
		include: ['tests/e2e-node/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 60_000,
		pool: 'forks',
		fileParallelism: false
	}
});
