/**
 * How the end-to-end tests, the reliability scripts and the benchmarks start the production server:
 * the compiled build, as `npm start` does (`npm run build` writes it, after SvelteKit's handler).
 */
export const SERVER_ENTRY = 'build/kyoso/index.mjs';
/** Arguments for `node` (run with the repository root as the working directory). */
export const SERVER_NODE_ARGS = ['--enable-source-maps', SERVER_ENTRY];
