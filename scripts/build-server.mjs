// Compiles the custom server (server/index.ts and everything it imports from src/lib/server) and its
// worker threads ahead of time into build/kyoso/, next to SvelteKit's handler (`npm run build` runs
// this after `vite build`). `npm start` runs the result with plain node: no TypeScript loader at run
// time (less memory, a faster start). npm packages stay external and are loaded from node_modules.
import { build } from 'esbuild';

await build({
	entryPoints: {
		index: 'server/index.ts',
		'updateLog.worker': 'src/lib/server/sync/updateLog.worker.ts',
		'docxRenderer.worker': 'src/lib/server/export/docxRenderer.worker.ts'
	},
	outdir: 'build/kyoso',
	outExtension: { '.js': '.mjs' },
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: 'linked',
	// tsWorker.ts: start the compiled workers instead of booting TypeScript through tsx
	define: { __KYOSO_BUNDLE__: 'true' },
	logLevel: 'warning'
});
console.log('server compiled to build/kyoso/');
