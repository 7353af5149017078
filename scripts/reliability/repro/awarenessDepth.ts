/**
 * Repro: a staff socket publishes an awareness state that is a deeply nested JSON array (~12 KB).
 * JSON.parse accepts it and the state is stored; re-encoding it (JSON.stringify) overflows the stack.
 * That is caught on the message path, but the next staff socket to open the same board makes
 * handleConnection encode every awareness state inside the websocket upgrade callback, and the
 * RangeError escapes as an uncaught exception: the whole server process exits.
 * Run: node --import tsx scripts/reliability/repro/awarenessDepth.ts [depth=6000]
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { demoInfo, health, joinWithCode, missingBuildMessage, sleep, staffLogin, startServer } from '../lib/server.ts';
import { syncUrl } from '../lib/doc.ts';

function open(url: string, cookie: string): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false });
		ws.on('open', () => resolve(ws));
		ws.on('error', reject);
	});
}

async function main(): Promise<void> {
	const missing = missingBuildMessage();
	if (missing) throw new Error(missing);
	const depth = Number(process.argv[2] ?? 6000);
	const server = await startServer();
	try {
		const info = demoInfo(server.output());
		const { workshopId } = await joinWithCode(server.url, info.joinCode, 'x');
		const cookie = await staffLogin(server.url);
		const url = syncUrl(server.port, workshopId, { as: 'staff' });
		const a = await open(url, cookie);
		a.on('error', () => {});
		// awareness message: [1][varUint8Array: [count=1][clientID][clock][varString state]]
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 1);
		encoding.writeVarUint(inner, 12345);
		encoding.writeVarUint(inner, 1);
		encoding.writeVarString(inner, '['.repeat(depth) + ']'.repeat(depth));
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, 1);
		encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
		a.send(encoding.toUint8Array(enc));
		await sleep(300);
		console.log(`after a ${depth}-deep awareness state: server alive ${server.alive()}, /healthz ${await health(server.url)}`);
		const b = await open(url, cookie).catch((e: unknown) => e);
		await sleep(500);
		console.log(`a second staff socket ${b instanceof WebSocket ? 'opened' : 'failed'}; server alive ${server.alive()}, exit ${JSON.stringify(server.exitInfo())}`);
		if (!server.alive()) console.log(server.currentOutput().split('\n').filter((l) => /Error|at .*(awareness\.js|syncServer|upgrade)/.test(l)).join('\n'));
		if (b instanceof WebSocket) b.terminate();
		a.terminate();
	} finally {
		await server.stop('SIGKILL');
	}
}

main().catch((e: unknown) => {
	console.error(e);
	process.exitCode = 1;
});
