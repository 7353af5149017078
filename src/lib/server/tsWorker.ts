/**
 * Worker threads whose code is TypeScript. The server runs under tsx (`node --import tsx`), but
 * worker threads do not inherit that loader, so every worker starts from one small JavaScript boot
 * file that loads its TypeScript entry through tsx's API.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BOOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tsWorker.boot.mjs');

/** `entry`: the worker's .ts module, as a file URL (`new URL('./x.worker.ts', import.meta.url).href`). */
export function startTsWorker(entry: string, data: Record<string, unknown> = {}): Worker {
	return new Worker(BOOT, { workerData: { ...data, entry } });
}
