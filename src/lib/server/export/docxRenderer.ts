/**
 * Filling and checking Word templates away from the sockets. Rendering a 2,000-note board takes
 * ~130 ms of pure CPU in docxtemplater, and checking an uploaded template unpacks it and parses
 * every part (a 64 MB document.xml took 3.6 s); on the main thread either would pause every live
 * workshop of the process for as long. `WorkerDocxRenderer` (the default) does both on a worker
 * thread, started at the first use and kept for the next ones; `InlineDocxRenderer` works in place
 * (unit tests). A job that has not answered within its time limit ends the thread (any other job
 * then waiting on it fails too, and the next job starts a new thread), and so does running out of
 * the thread's heap limit.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../tsWorker';
import type { Checked, TemplateProblem } from './templateProblems';
import type { TemplateKind } from './templateSchema';
import { checkTemplate, checkTemplateAs, renderDocx, templateKindOf } from './renderDocx';

/** The data a template is filled with: the workshop summary's or the plan's (plain, structured-clonable). */
export type DocxData = object;

/** The longest an export's rendering may take on the thread (a 2,000-note board: ~130 ms). */
export const RENDER_TIMEOUT_MS = 60_000;
/** The longest checking an uploaded template may take (the built-in one: ~20 ms; 20 MB of XML: a few s). */
export const TEMPLATE_CHECK_TIMEOUT_MS = 30_000;
/**
 * Heap limit of the renderer thread: a template at the expanded-size limit (20 MB of XML) is parsed
 * by docxtemplater in a few hundred MB; beyond this the thread ends instead of the process.
 */
export const RENDERER_HEAP_MB = 1024;

export interface DocxRenderer {
	render(template: Uint8Array, data: DocxData): Promise<Checked<Buffer>>;
	/** `checkTemplate` (or, with a kind, `checkTemplateAs`): problems of an uploaded template, empty if it may be stored. */
	check(template: Uint8Array, as?: TemplateKind): Promise<TemplateProblem[]>;
	/** `templateKindOf`: which document a stored council template makes (plan or workshop summary). */
	kindOf(template: Uint8Array): Promise<TemplateKind | null>;
	close(): Promise<void>;
}

export class InlineDocxRenderer implements DocxRenderer {
	render(template: Uint8Array, data: DocxData): Promise<Checked<Buffer>> {
		return Promise.resolve(renderDocx(template, data));
	}
	check(template: Uint8Array, as?: TemplateKind): Promise<TemplateProblem[]> {
		return Promise.resolve(as ? checkTemplateAs(template, as) : checkTemplate(template));
	}
	kindOf(template: Uint8Array): Promise<TemplateKind | null> {
		return Promise.resolve(templateKindOf(template));
	}
	close(): Promise<void> {
		return Promise.resolve();
	}
}

export type RenderRequest =
	| { id: number; kind: 'render'; template: Uint8Array; data: DocxData }
	| { id: number; kind: 'check'; template: Uint8Array; as?: TemplateKind }
	| { id: number; kind: 'kindOf'; template: Uint8Array };
export type RenderReply =
	| { id: number; result: { ok: true; value: Uint8Array } | Extract<Checked<Buffer>, { ok: false }> }
	| { id: number; problems: TemplateProblem[] }
	| { id: number; templateKind: TemplateKind | null }
	| { id: number; error: string };

const WORKER_ENTRY = new URL('./docxRenderer.worker.ts', import.meta.url).href;

type Waiting = { worker: Worker; resolve: (reply: RenderReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** Thrown when a job did not answer within its time limit (the thread was ended). */
export class RendererTimeout extends Error {}

export class WorkerDocxRenderer implements DocxRenderer {
	#timeouts: { renderMs: number; checkMs: number };
	#worker: Worker | null = null;
	#nextId = 1;
	#waiting = new Map<number, Waiting>();

	constructor(timeouts: { renderMs?: number; checkMs?: number } = {}) {
		this.#timeouts = { renderMs: timeouts.renderMs ?? RENDER_TIMEOUT_MS, checkMs: timeouts.checkMs ?? TEMPLATE_CHECK_TIMEOUT_MS };
	}

	#spawn(): Worker {
		const worker = startTsWorker(WORKER_ENTRY, 'docxRenderer.worker.mjs', {}, { resourceLimits: { maxOldGenerationSizeMb: RENDERER_HEAP_MB } });
		worker.on('message', (reply: RenderReply) => {
			const w = this.#waiting.get(reply.id);
			if (!w) return;
			this.#waiting.delete(reply.id);
			clearTimeout(w.timer);
			if (![...this.#waiting.values()].some((other) => other.worker === worker)) worker.unref();
			w.resolve(reply);
		});
		worker.on('error', (e) => console.error('[export] the renderer thread failed', e));
		worker.on('exit', (code) => {
			if (this.#worker === worker) this.#worker = null;
			for (const [id, w] of this.#waiting) {
				if (w.worker !== worker) continue; // a job of the thread started after this one was ended
				this.#waiting.delete(id);
				clearTimeout(w.timer);
				w.reject(new Error(`the renderer thread exited (${code}) during a job`));
			}
		});
		worker.unref();
		this.#worker = worker;
		return worker;
	}

	#run(request: RenderRequest, timeoutMs: number): Promise<RenderReply> {
		return new Promise((resolve, reject) => {
			const worker = this.#worker ?? this.#spawn();
			const timer = setTimeout(() => {
				this.#waiting.delete(request.id);
				reject(new RendererTimeout(`the renderer thread did not answer within ${timeoutMs} ms`));
				// the thread may be stuck in that job: end it (the next job starts a new one)
				if (this.#worker === worker) this.#worker = null;
				void worker.terminate();
			}, timeoutMs);
			timer.unref();
			this.#waiting.set(request.id, { worker, resolve, reject, timer });
			worker.ref();
			worker.postMessage(request);
		});
	}

	async render(template: Uint8Array, data: DocxData): Promise<Checked<Buffer>> {
		const reply = await this.#run({ id: this.#nextId++, kind: 'render', template, data }, this.#timeouts.renderMs);
		if ('error' in reply) throw new Error(reply.error);
		if (!('result' in reply)) throw new Error('the renderer thread answered a render with a check');
		if (!reply.result.ok) return reply.result;
		const v = reply.result.value;
		return { ok: true, value: Buffer.from(v.buffer, v.byteOffset, v.byteLength) };
	}

	async check(template: Uint8Array, as?: TemplateKind): Promise<TemplateProblem[]> {
		let reply: RenderReply;
		try {
			reply = await this.#run({ id: this.#nextId++, kind: 'check', template, as }, this.#timeouts.checkMs);
		} catch (e) {
			// too slow, or the thread ran out of memory on it: refused, with a reason the admin can act on
			console.error('[export] a template check did not finish', e);
			return [{ code: 'check_failed', tag: null, detail: null }];
		}
		if ('error' in reply) throw new Error(reply.error);
		if (!('problems' in reply)) throw new Error('the renderer thread answered a check with a render');
		return reply.problems;
	}

	async kindOf(template: Uint8Array): Promise<TemplateKind | null> {
		const reply = await this.#run({ id: this.#nextId++, kind: 'kindOf', template }, this.#timeouts.checkMs);
		if ('error' in reply) throw new Error(reply.error);
		if (!('templateKind' in reply)) throw new Error('the renderer thread answered a kindOf with something else');
		return reply.templateKind;
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = null;
		if (worker) await worker.terminate();
	}
}
