import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node without the SvelteKit plugin: domain and server code
// use relative imports only, so that the Node entry (tsx) and vitest can load them directly.
export default defineConfig({
	// `$lib` for the few tests that call a route module's load/actions directly (their server code is the app's)
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
