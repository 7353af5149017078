// Entry of every worker thread (see tsWorker.ts): worker threads do not inherit the tsx loader the
// server runs under, so the TypeScript entry named in workerData is loaded through tsx's API.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
