/** The Word renderer thread: fills templates one request at a time (see docxRenderer.ts). */
import { parentPort } from 'node:worker_threads';
import { renderDocx } from './renderDocx';
import type { RenderReply, RenderRequest } from './docxRenderer';

const port = parentPort;
if (!port) throw new Error('docxRenderer.worker.ts runs as a worker thread');

port.on('message', ({ id, template, data }: RenderRequest) => {
	let reply: RenderReply;
	try {
		const result = renderDocx(template, data);
		reply = { id, result: result.ok ? { ok: true, value: new Uint8Array(result.value.buffer, result.value.byteOffset, result.value.byteLength) } : result };
	} catch (e) {
		reply = { id, error: e instanceof Error ? e.message : String(e) };
	}
	port.postMessage(reply);
});
