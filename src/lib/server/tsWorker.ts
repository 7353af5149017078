/**
 * Worker threads whose code is TypeScript. In production the server and each worker are compiled
 * ahead of time (`npm run build` → build/kyoso/). Run from source (`npm run start:source`, tests),
 * the server is under tsx (`node --import tsx`), but worker threads do not inherit that loader, so
 * every worker starts from one small JavaScript boot file that loads its TypeScript entry through
 * tsx's API.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BOOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tsWorker.boot.mjs');

/** Defined as `true` by the server bundle (scripts/build-server.mjs); not defined when running from source. */
declare const __KYOSO_BUNDLE__: boolean | undefined;
/** Whether this code runs from the compiled server bundle (`npm start`) rather than from source under tsx. */
export const BUNDLED = typeof __KYOSO_BUNDLE__ !== 'undefined' && __KYOSO_BUNDLE__ === true;

/**
 * Start a worker thread. From source, `source` (its .ts module as a file URL:
 * `new URL('./x.worker.ts', import.meta.url).href`) is loaded through the tsx boot file; in the server
 * bundle, `bundled` is the worker's own compiled file next to the server's. `resourceLimits` (e.g. a
 * heap limit) apply to the thread either way.
 */
export function startTsWorker(source: string, bundled: string, data: Record<string, unknown> = {}, opts: { resourceLimits?: ResourceLimits } = {}): Worker {
	if (BUNDLED) return new Worker(new URL(`./${bundled}`, import.meta.url), { workerData: data, resourceLimits: opts.resourceLimits });
	return new Worker(BOOT, { workerData: { ...data, entry: source }, resourceLimits: opts.resourceLimits });
}
