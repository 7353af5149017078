/** The Word renderer thread: fills and checks templates one request at a time (see docxRenderer.ts). */
import { parentPort } from 'node:worker_threads';
import { checkTemplate, checkTemplateAs, renderDocx, templateKindOf } from './renderDocx';
import type { RenderReply, RenderRequest } from './docxRenderer';

const port = parentPort;
if (!port) throw new Error('docxRenderer.worker.ts runs as a worker thread');

function answer(request: RenderRequest): RenderReply {
	const id = request.id;
	if (request.kind === 'check') return { id, problems: request.as ? checkTemplateAs(request.template, request.as) : checkTemplate(request.template) };
	if (request.kind === 'kindOf') return { id, templateKind: templateKindOf(request.template) };
	const result = renderDocx(request.template, request.data);
	return { id, result: result.ok ? { ok: true, value: new Uint8Array(result.value.buffer, result.value.byteOffset, result.value.byteLength) } : result };
}

port.on('message', (request: RenderRequest) => {
	let reply: RenderReply;
	try {
		reply = answer(request);
	} catch (e) {
		reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
	}
	port.postMessage(reply);
});
