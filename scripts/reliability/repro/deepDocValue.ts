/**
 * Repro: a staff Yjs update that stores a deeply nested array in the board.
 *   where=timer (default): controls.timer with an extra deep field. Phones' views copy the timer
 *     object, so JSON.stringify(view) overflows the stack in Room.refreshViews (a setImmediate:
 *     uncaught, the process exits) and again in handleConnection for every phone that connects
 *     after a restart: the server dies each time a phone reconnects.
 *   where=meta: meta.extra, which nothing renders. The server accepts and stores it, but after a
 *     restart SqliteDocStore.load (Y.mergeUpdates) overflows the stack: the board can no longer be
 *     opened (close 1011 "could not load document") by anyone.
 * Run: node --import tsx scripts/reliability/repro/deepDocValue.ts [depth=4300] [timer|meta] [warm-up updates=0]
 *   e.g. `… deepDocValue.ts 4300 timer` and `… deepDocValue.ts 5200 meta 3000`
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { demoInfo, health, joinWithCode, missingBuildMessage, sleep, staffLogin, startServer } from '../lib/server.ts';
import { readLiveDoc, syncUrl } from '../lib/doc.ts';

function open(url: string, cookie: string): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false });
		ws.on('open', () => resolve(ws));
		ws.on('error', reject);
	});
}

const ourFrames = (output: string) => output.split('\n').filter((l) => /Error|at .*(room|syncServer|upgrade|docStore)\.ts/.test(l)).join('\n');

async function main(): Promise<void> {
	const missing = missingBuildMessage();
	if (missing) throw new Error(missing);
	const depth = Number(process.argv[2] ?? 4300);
	const where = process.argv[3] === 'meta' ? 'meta' : 'timer';
	const warm = Number(process.argv[4] ?? 0);
	const server = await startServer();
	try {
		const info = demoInfo(server.output());
		const phone = await joinWithCode(server.url, info.joinCode, 'phone');
		const staff = await staffLogin(server.url);
		const participantUrl = syncUrl(server.port, phone.workshopId, { as: 'participant' });
		const p = await open(participantUrl, phone.cookie);
		p.on('error', () => {});

		// The staff client's copy of the board, then one change to it.
		const doc = await readLiveDoc(server.port, phone.workshopId, info.displayToken);
		const s = await open(syncUrl(server.port, phone.workshopId, { as: 'staff' }), staff);
		s.on('error', () => {});
		const send = (depth: number): number => {
			let deep: unknown = [];
			for (let i = 0; i < depth; i++) deep = [deep];
			const before = Y.encodeStateVector(doc);
			if (where === 'timer') doc.getMap('controls').set('timer', { durationMs: 60_000, remainingMs: 60_000, endsAt: null, note: deep });
			else doc.getMap('meta').set('extra', deep);
			const update = Y.encodeStateAsUpdate(doc, before);
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, 0);
			syncProtocol.writeUpdate(enc, update);
			s.send(encoding.toUint8Array(enc));
			return update.length;
		};
		if (warm > 0) {
			// Ordinary nested values first, so that the server's decoder is optimised (JIT) as in a
			// long session: optimised frames are smaller, so the live server accepts deeper values
			// than a freshly started one can load.
			for (let i = 0; i < warm; i++) send(200);
			await sleep(500);
		}
		const size = send(depth);
		console.log(`sent a ${size}-byte staff update (${where === 'timer' ? 'controls.timer' : 'meta.extra'} with a ${depth}-deep array) while one phone is connected`);
		await sleep(1000);
		console.log(`server alive: ${server.alive()}, /healthz: ${server.alive() ? await health(server.url) : 0}`);
		if (!server.alive()) console.log(ourFrames(server.currentOutput()));
		else if (/Caught error while handling a Yjs update/.test(server.currentOutput())) console.log('(the server could not decode the update: try a smaller depth)');
		p.terminate();
		s.terminate();

		console.log('kill -9 if still running, restart on the same data dir, then a projector and the phone open the board:');
		if (server.alive()) await server.crash();
		await server.restart();
		const projector = await readLiveDoc(server.port, phone.workshopId, info.displayToken).then(
			() => 'board loaded',
			(e: unknown) => (e instanceof Error ? e.message : String(e))
		);
		console.log(`projector: ${projector}`);
		const p2 = await open(participantUrl, phone.cookie).catch((e: unknown) => e);
		await sleep(1000);
		console.log(`phone socket: ${p2 instanceof WebSocket ? 'opened' : String(p2)}; server alive: ${server.alive()}`);
		console.log(ourFrames(server.currentOutput()));
		if (p2 instanceof WebSocket) p2.terminate();
	} finally {
		await server.stop('SIGKILL');
	}
}

main().catch((e: unknown) => {
	console.error(e);
	process.exitCode = 1;
});
