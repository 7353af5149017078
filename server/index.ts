/**
 * Production entry: one HTTP server on PORT serving the SvelteKit handler (adapter-node build)
 * and the Yjs websocket sync on /sync/. /healthz answers 503 until the database is open.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { readConfig } from '../src/lib/server/config.ts';
import { createApp, startBanner, type KyosoApp } from '../src/lib/server/app.ts';
import { setApp } from '../src/lib/server/appContext.ts';
import { attachSync, SYNC_PATH } from '../src/lib/server/upgrade.ts';
import { BUNDLED } from '../src/lib/server/tsWorker.ts';
import { serverUrls } from '../src/lib/server/addresses.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

// Councils upload their Word template (up to 5 MB, src/lib/server/export) and support-map pictures (up to 8 MB,
// src/lib/domain/plan/mapImage.ts); adapter-node refuses
// request bodies over 512 KB unless BODY_SIZE_LIMIT says otherwise. The handler, imported below
// once the app exists, reads it then. An explicit BODY_SIZE_LIMIT still wins.
process.env.BODY_SIZE_LIMIT ??= '10M';

const config = readConfig();

/** The SvelteKit build's version, which its pages send when they connect (see upgrade.ts isOutdated). */
function readBuildVersion(): string | undefined {
	const file = new URL(BUNDLED ? '../client/_app/version.json' : '../build/client/_app/version.json', import.meta.url);
	try {
		const { version } = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
		return typeof version === 'string' && version ? version : undefined;
	} catch {
		console.warn(`[sync] no build version at ${file.pathname}: pages of other builds will not be asked to reload`);
		return undefined;
	}
}

// adapter-node assumes https unless told otherwise. Without ORIGIN we tell it the truth about
// this plain-HTTP socket through a header we set ourselves (any client-sent value is overwritten).
// Behind a TLS-terminating proxy, set ORIGIN=https://your.host instead.
const PROTO_HEADER = 'x-kyoso-forwarded-proto';
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) process.env.PROTOCOL_HEADER = PROTO_HEADER;
const setProto = process.env.PROTOCOL_HEADER === PROTO_HEADER;
let app: KyosoApp | undefined;
let handler: Handler | undefined;

const server = http.createServer((req, res) => {
	if (req.url === '/healthz' || req.url?.startsWith('/healthz?')) {
		const ready = Boolean(app && handler);
		res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
		res.end(JSON.stringify(ready ? { status: 'ok', ...app!.sync.stats() } : { status: 'starting' }));
		return;
	}
	if (!handler) {
		res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' });
		res.end('起動中です。数秒後にもう一度開いてください。 / Starting, please retry in a few seconds.');
		return;
	}
	if (setProto) req.headers[PROTO_HEADER] = 'http';
	handler(req, res);
});
// Sockets are accepted only once the pages are served too (503 before: clients retry): a board page
// re-reads its data when its socket comes back, and must not get the 503 of a server still starting.
attachSync(server, () => (handler ? app : undefined), { buildVersion: readBuildVersion() });
// Nothing else here speaks websocket: answer other upgrade requests instead of leaving them hanging.
server.on('upgrade', (req, socket) => {
	if (!req.url?.startsWith(SYNC_PATH)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
});

server.listen(config.port, config.host, async () => {
	try {
		app = await createApp(config);
		setApp(app);
		// The SvelteKit handler is imported after the app exists: its hooks read it.
		// (the compiled server lives in build/kyoso/, next to the handler; from source it is server/)
		const built = (await import(new URL(BUNDLED ? '../handler.js' : '../build/handler.js', import.meta.url).href)) as { handler: Handler };
		handler = built.handler;
	} catch (e) {
		console.error('Could not start. If the build is missing, run `npm run build` first.', e);
		process.exit(1);
	}
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const urls = serverUrls(config.host, port, os.networkInterfaces());
	console.log(await startBanner(app, config.origin ?? urls.local));
	for (const url of urls.lan) console.log(`  on the same network (a phone in the hall): ${url}`);
	console.log(`listening on ${config.host}:${port}`);
});

let stopping = false;
function shutdown(signal: string): void {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing sockets and the database`);
	server.close();
	const closing = app?.close() ?? Promise.resolve();
	setApp(undefined);
	// Queued writes are committed first (bounded, in case the disk hangs); then close frames get a
	// moment to leave, and the process exits even if a client hangs on.
	const deadline = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
	void Promise.race([closing.catch((e: unknown) => console.error('closing failed', e)), deadline]).then(() => {
		setTimeout(() => process.exit(0), 300).unref();
	});
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
