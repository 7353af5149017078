/**
 * Filling Word templates away from the sockets. Rendering a 2,000-note board takes ~130 ms of pure
 * CPU in docxtemplater; on the main thread that would pause every live workshop of the process for
 * as long. `WorkerDocxRenderer` (the default) renders on a worker thread, started at the first
 * export and kept for the next ones; `InlineDocxRenderer` renders in place (unit tests).
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../tsWorker';
import type { PlanDocData } from '../../domain/exportPlan';
import type { Checked } from './templateProblems';
import { renderDocx } from './renderDocx';

export interface DocxRenderer {
	render(template: Uint8Array, data: PlanDocData): Promise<Checked<Buffer>>;
	close(): Promise<void>;
}

export class InlineDocxRenderer implements DocxRenderer {
	render(template: Uint8Array, data: PlanDocData): Promise<Checked<Buffer>> {
		return Promise.resolve(renderDocx(template, data));
	}
	close(): Promise<void> {
		return Promise.resolve();
	}
}

export type RenderRequest = { id: number; template: Uint8Array; data: PlanDocData };
export type RenderReply = { id: number; result: { ok: true; value: Uint8Array } | Extract<Checked<Buffer>, { ok: false }> } | { id: number; error: string };

const WORKER_ENTRY = new URL('./docxRenderer.worker.ts', import.meta.url).href;

export class WorkerDocxRenderer implements DocxRenderer {
	#worker: Worker | null = null;
	#nextId = 1;
	#waiting = new Map<number, { resolve: (r: Checked<Buffer>) => void; reject: (e: Error) => void }>();

	#spawn(): Worker {
		const worker = startTsWorker(WORKER_ENTRY, 'docxRenderer.worker.mjs');
		worker.on('message', (reply: RenderReply) => {
			const w = this.#waiting.get(reply.id);
			if (!w) return;
			this.#waiting.delete(reply.id);
			if (this.#waiting.size === 0) worker.unref();
			if ('error' in reply) w.reject(new Error(reply.error));
			else if (reply.result.ok) {
				const v = reply.result.value;
				w.resolve({ ok: true, value: Buffer.from(v.buffer, v.byteOffset, v.byteLength) });
			} else w.resolve(reply.result);
		});
		worker.on('error', (e) => console.error('[export] the renderer thread failed', e));
		worker.on('exit', (code) => {
			if (this.#worker === worker) this.#worker = null;
			for (const [id, w] of this.#waiting) {
				this.#waiting.delete(id);
				w.reject(new Error(`the renderer thread exited (${code}) during an export`));
			}
		});
		worker.unref();
		this.#worker = worker;
		return worker;
	}

	render(template: Uint8Array, data: PlanDocData): Promise<Checked<Buffer>> {
		return new Promise((resolve, reject) => {
			const id = this.#nextId++;
			this.#waiting.set(id, { resolve, reject });
			const worker = this.#worker ?? this.#spawn();
			worker.ref();
			const request: RenderRequest = { id, template, data };
			worker.postMessage(request);
		});
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = null;
		if (worker) await worker.terminate();
	}
}
