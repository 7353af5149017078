/**
 * An in-process Kyoso Canvas server for integration tests: the real app (SQLite in a temp dir,
 * demo data), the real upgrade handler on a plain node:http server, and small clients that speak
 * the wire protocol over real sockets.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { createApp, type KyosoApp } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { setApp } from '../../src/lib/server/appContext';
import { attachSync, type SyncSockets } from '../../src/lib/server/upgrade';
import { newToken } from '../../src/lib/server/auth/tokens';
import { SESSION_COOKIE, type StaffUser } from '../../src/lib/server/auth/staff';
import { DEVICE_COOKIE, type Participant } from '../../src/lib/server/participants';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { decodeFrame, jsonFrame, splitFrame, syncFrame } from '../../src/lib/protocol/codec';
import { ParticipantConnection, type ParticipantEvents } from '../../src/lib/client/participantConnection';
import { toBytes, wsSocket } from '../../src/lib/server/testing/wsSocket';
import { MessageType, type Notice, type OpReply, type ParticipantOp, type ParticipantView, type Presence } from '../../src/lib/protocol/messages';

/* ------------------------------------------------------------------ polling */

import { waitFor } from '../../src/lib/server/testing/waitFor';

export { waitFor };

/* ------------------------------------------------------------------ server */

export type TestServer = {
	/** the current app (a new one after `restart`) */
	readonly app: KyosoApp;
	readonly port: number;
	/** http://127.0.0.1:PORT */
	readonly url: string;
	readonly dataDir: string;
	/** the websocket servers per kind of socket and the open-socket counts (upgrade.ts) */
	readonly sockets: SyncSockets;
	/** Close the app (as on SIGTERM) and create a new one on the same data dir; sockets stay on the same port. */
	restart(): Promise<KyosoApp>;
	/** Close the app and the http server, and remove the data dir. */
	close(): Promise<void>;
};

/**
 * `env`: more settings as environment variables (e.g. KYOSO_PRELOAD: '0'). `buildVersion`: the
 * build the server says it runs (pages sending another `v` are outdated); none by default.
 */
export async function startTestServer(opts: { dataDir?: string; env?: Record<string, string>; buildVersion?: string } = {}): Promise<TestServer> {
	const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-it-'));
	// No JIT warm-up in tests: dozens of apps are created, and none serves a cold board under a clock.
	const config = readConfig({ DATA_DIR: dataDir, PORT: '0', DEMO: '1', KYOSO_WARMUP: '0', ...opts.env });
	let app: KyosoApp = await createApp(config);
	setApp(app);

	const server = http.createServer((_req, res) => {
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end('not found');
	});
	const sockets = attachSync(server, () => app, { buildVersion: opts.buildVersion });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	let closed = false;

	return {
		get app() {
			return app;
		},
		port,
		url: `http://127.0.0.1:${port}`,
		dataDir,
		sockets,
		async restart() {
			await app.close();
			app = await createApp(config);
			setApp(app);
			return app;
		},
		async close() {
			if (closed) return;
			closed = true;
			await app.close();
			setApp(undefined);
			sockets.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/* ------------------------------------------------------------------ app fixtures */

export async function userByLogin(app: KyosoApp, login: string): Promise<StaffUser> {
	const row = app.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE login = ?').get(login);
	const user = row ? await app.staff.getUser(row.id) : null;
	if (!user) throw new Error(`no user with login ${login}`);
	return user;
}

/** The workshop seeded in demo mode. */
export async function demoWorkshop(app: KyosoApp): Promise<Workshop> {
	const workshop = (await app.workshops.listFor(await userByLogin(app, 'admin')))[0];
	if (!workshop) throw new Error('demo workshop missing');
	return workshop;
}

/** A signed-in staff session (the demo facilitator by default); returns the Cookie header value. */
export async function staffCookie(app: KyosoApp, login = 'facilitator'): Promise<string> {
	const { token } = await app.staff.createSession((await userByLogin(app, login)).id);
	return `${SESSION_COOKIE}=${token}`;
}

export type JoinedParticipant = { participant: Participant; deviceToken: string; cookie: string };

/** Join a workshop as a new phone; `cookie` is the Cookie header value for its sockets. */
export async function joinParticipant(app: KyosoApp, workshopId: string, nickname: string | null = null): Promise<JoinedParticipant> {
	const deviceToken = newToken();
	const participant = await app.participants.join(workshopId, deviceToken, nickname);
	return { participant, deviceToken, cookie: `${DEVICE_COOKIE}=${deviceToken}` };
}

/** Another workshop in a district the demo facilitator is not assigned to (same council). */
export async function otherDistrictWorkshop(app: KyosoApp): Promise<{ workshop: Workshop; displayToken: string }> {
	const councilId = (await userByLogin(app, 'admin')).councilId;
	const districtId = await app.workshops.createDistrict(councilId, 'ひまわり地区');
	const planId = await app.workshops.createPlan(districtId, 'ひまわり地区 地域福祉活動計画', 2026, 2030);
	return await app.workshops.createWorkshop({ planId, title: '別地区のワークショップ' });
}

/* ------------------------------------------------------------------ raw wire client */

export type Role = 'participant' | 'staff' | 'display';

export type ConnectOptions = {
	workshopId: string;
	as: Role | null;
	/** Cookie header value */
	cookie?: string;
	/** projector token, sent as ?t= */
	displayToken?: string;
	/** Origin header, as browsers send */
	origin?: string;
	/** override the document name in the path */
	docName?: string;
	/** the page's build, sent as ?v= */
	version?: string;
};

export function syncUrl(port: number, o: ConnectOptions): string {
	const url = new URL(`ws://127.0.0.1:${port}/sync/${o.docName ?? boardDocName(o.workshopId)}`);
	if (o.as) url.searchParams.set('as', o.as);
	if (o.displayToken !== undefined) url.searchParams.set('t', o.displayToken);
	if (o.version !== undefined) url.searchParams.set('v', o.version);
	return url.href;
}

function headers(o: ConnectOptions): Record<string, string> {
	const h: Record<string, string> = {};
	if (o.cookie) h.cookie = o.cookie;
	if (o.origin) h.origin = o.origin;
	return h;
}

export type Frame = {
	type: number;
	/** the parsed JSON of our own message types (100-105), decoded by protocol/codec.ts */
	json?: unknown;
	/** the frame after the message type (for Yjs sync and awareness messages) */
	body: Uint8Array;
};

function toFrame(bytes: Uint8Array): Frame {
	const split = splitFrame(bytes);
	if (!split) throw new Error('a frame without a readable message type');
	const f = decodeFrame(bytes);
	return { type: split.type, body: split.body, json: f && 'json' in f ? f.json : undefined };
}

/** A websocket that records every decoded frame the server sends. */
export class WireClient {
	readonly ws: WebSocket;
	readonly frames: Frame[] = [];
	closeEvent: { code: number; reason: string } | null = null;

	constructor(ws: WebSocket) {
		this.ws = ws;
		ws.on('message', (data) => this.frames.push(toFrame(toBytes(data))));
		ws.on('close', (code, reason) => (this.closeEvent = { code, reason: reason.toString() }));
	}

	#json<T>(type: number): T[] {
		return this.frames.filter((f) => f.type === type).map((f) => f.json as T);
	}
	replies(): OpReply[] {
		return this.#json<OpReply>(MessageType.Reply);
	}
	views(): ParticipantView[] {
		return this.#json<ParticipantView>(MessageType.View);
	}
	notices(): Notice[] {
		return this.#json<Notice>(MessageType.Notice);
	}
	presences(): Presence[] {
		return this.#json<Presence>(MessageType.Presence);
	}
	lastView(): ParticipantView | undefined {
		return this.views().at(-1);
	}

	send(bytes: Uint8Array): void {
		this.ws.send(bytes);
	}

	sendOp(op: ParticipantOp): void {
		this.send(jsonFrame(MessageType.Op, op));
	}

	/** Send an operation and wait for the reply to it (a reply with its id that arrives after sending). */
	async request(op: ParticipantOp, timeoutMs = 5_000): Promise<OpReply> {
		const from = this.frames.length;
		this.sendOp(op);
		return waitFor(
			() => this.frames.slice(from).find((f): f is Frame & { json: OpReply } => f.type === MessageType.Reply && (f.json as OpReply).id === op.id)?.json,
			timeoutMs,
			`reply to ${op.op} ${op.id}`
		);
	}

	/** Send a raw Yjs update as a sync message (type 0, sync type 2). */
	sendYjsUpdate(update: Uint8Array): void {
		this.send(syncFrame(syncProtocol.messageYjsUpdate, update));
	}

	/** Wait for a frame that arrives after index `from` and matches. */
	nextFrame(match: (f: Frame) => boolean, from = 0, timeoutMs = 5_000): Promise<Frame> {
		return waitFor(() => this.frames.slice(from).find(match), timeoutMs, 'a matching frame');
	}

	async close(): Promise<void> {
		if (this.ws.readyState === WebSocket.CLOSED) return;
		const done = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
		this.ws.close();
		await done;
	}
}

/** Open a socket on /sync/ and wait until the upgrade succeeded. Rejects if the server refuses it. */
export function connect(port: number, o: ConnectOptions): Promise<WireClient> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(syncUrl(port, o), { headers: headers(o), perMessageDeflate: false });
		const client = new WireClient(ws);
		ws.once('open', () => resolve(client));
		ws.once('error', reject);
	});
}

/**
 * The set-up of a test file that talks to the server over sockets: one test server for the file
 * (started before its tests, closed after them), the demo workshop's plan, and `connect`, whose
 * sockets are closed after each test. Registers vitest's beforeAll / afterAll / afterEach, so call it
 * at the top level of the file; its fields are there once the tests run.
 */
export type SocketSuite = {
	readonly server: TestServer;
	readonly app: KyosoApp;
	/** the demo workshop's plan */
	readonly planId: string;
	/** `connect` on this server; the socket is closed after the test */
	connect(o: ConnectOptions): Promise<WireClient>;
};

export function socketSuite(): SocketSuite {
	let server: TestServer | null = null;
	let planId: string | null = null;
	const sockets: WireClient[] = [];
	beforeAll(async () => {
		server = await startTestServer();
		planId = (await demoWorkshop(server.app)).planId;
	});
	afterAll(async () => {
		await server?.close();
	});
	afterEach(async () => {
		for (const c of sockets.splice(0)) await c.close();
	});
	const started = (): TestServer => {
		if (!server) throw new Error('the test server starts in beforeAll: use the suite inside a test or a hook');
		return server;
	};
	return {
		get server() {
			return started();
		},
		get app() {
			return started().app;
		},
		get planId() {
			started();
			return planId!;
		},
		async connect(o) {
			const c = await connect(started().port, o);
			sockets.push(c);
			return c;
		}
	};
}

/** Try to open a socket that the server should refuse; resolves with the HTTP status and body of the refusal. */
export function refusedUpgrade(port: number, o: ConnectOptions): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(syncUrl(port, o), { headers: headers(o), perMessageDeflate: false });
		ws.on('error', () => {}); // terminating a handshake reports an error; the status is what counts
		ws.once('open', () => {
			ws.close();
			reject(new Error('the upgrade was accepted'));
		});
		ws.once('unexpected-response', (_req, res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => {
				ws.terminate();
				resolve({ status: res.statusCode ?? 0, body });
			});
		});
	});
}

/* ------------------------------------------------------------------ phone client */

export type PhoneClient = {
	/** the phone's own protocol client (outbox, resend with the same ids, final errors, back-off) */
	conn: ParticipantConnection;
	views: ParticipantView[];
	replies: OpReply[];
	closes: number[];
	lastView(): ParticipantView | undefined;
	stop(): void;
};

/**
 * A participant's phone as the page runs it (src/lib/client/participantConnection.ts) on a real
 * socket, its outbox in memory. It reconnects after `retryMs` (fast, for tests) instead of the
 * phone's back-off; `events` adds callbacks of its own.
 */
export function phoneClient(port: number, o: { workshopId: string; cookie: string; retryMs?: number; events?: ParticipantEvents }): PhoneClient {
	const views: ParticipantView[] = [];
	const replies: OpReply[] = [];
	const closes: number[] = [];
	const conn = new ParticipantConnection({
		openSocket: wsSocket(syncUrl(port, { workshopId: o.workshopId, as: 'participant' }), { cookie: o.cookie }),
		reconnect: () => o.retryMs ?? 50,
		events: {
			...o.events,
			view: (v) => {
				views.push(v);
				o.events?.view?.(v);
			},
			reply: (r, entry, outcome) => {
				replies.push(r);
				o.events?.reply?.(r, entry, outcome);
			},
			closed: (code) => {
				closes.push(code);
				o.events?.closed?.(code);
			}
		}
	});
	conn.start();
	return { conn, views, replies, closes, lastView: () => views.at(-1), stop: () => conn.stop() };
}

/* ------------------------------------------------------------------ y-websocket client */

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;

/** The ws WebSocket with a fixed Cookie header, in the shape y-websocket expects of a polyfill. */
function webSocketWithCookie(cookie: string | undefined): NonNullable<ProviderOptions['WebSocketPolyfill']> {
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
		}
	}
	return CookieWebSocket as unknown as NonNullable<ProviderOptions['WebSocketPolyfill']>;
}

export type YClient = {
	doc: Y.Doc;
	provider: WebsocketProvider;
	notices: Notice[];
	destroy(): void;
};

/** A staff board or projector as the browser runs it: a Y.Doc synced by y-websocket. */
export function yClient(port: number, o: Omit<ConnectOptions, 'as' | 'origin'> & { as: 'staff' | 'display'; doc?: Y.Doc }): YClient {
	const doc = o.doc ?? new Y.Doc();
	const params: Record<string, string> = { as: o.as };
	if (o.displayToken !== undefined) params.t = o.displayToken;
	if (o.version !== undefined) params.v = o.version;
	const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, o.docName ?? boardDocName(o.workshopId), doc, {
		params,
		WebSocketPolyfill: webSocketWithCookie(o.cookie),
		disableBc: true,
		maxBackoffTime: 200
	});
	const notices: Notice[] = [];
	// Our JSON message types: record notices, ignore the rest (y-websocket would log them as unknown).
	for (const t of [MessageType.Reply, MessageType.View, MessageType.Presence, MessageType.Notice]) {
		provider.messageHandlers[t] = (_enc, dec) => {
			const json = JSON.parse(decoding.readVarString(dec)) as unknown;
			if (t === MessageType.Notice) notices.push(json as Notice);
		};
	}
	return {
		doc,
		provider,
		notices,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Wait until a y-websocket client has received the server's state. */
export function whenSynced(c: YClient, timeoutMs = 5_000): Promise<true> {
	return waitFor(() => c.provider.synced, timeoutMs, 'y-websocket sync');
}
