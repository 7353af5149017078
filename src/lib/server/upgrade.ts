/**
 * Authentication of websocket upgrades on /sync/<doc>, before the socket is accepted, and the
 * wiring of an http.Server's 'upgrade' event to the sync core. Shared by production and dev.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { KyosoApp } from './app';
import type { Principal } from './sync/principal';
import { SESSION_COOKIE } from './auth/staff';
import { DEVICE_COOKIE } from './participants';
import { hashToken } from './auth/tokens';
import { addressKey } from './auth/loginLimiter';
import { upgradeClientAddress } from './clientAddress';
import { MAX_FRAME_BYTES } from './sync/frameLimits';
import { SocketCounter, socketClaims } from './sync/socketLimits';

export const SYNC_PATH = '/sync/';

/** `deviceKey`: for a participant, the hash of its device cookie (its sockets are counted per device). */
export type UpgradeDecision =
	| { ok: true; principal: Principal; docName: string; deviceKey: string | null }
	| { ok: false; status: 400 | 401 | 403 | 404; message: string };

export function parseCookies(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!header) return out;
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i < 0) continue;
		const k = part.slice(0, i).trim();
		const v = part.slice(i + 1).trim();
		if (k && !(k in out)) {
			try {
				out[k] = decodeURIComponent(v);
			} catch {
				out[k] = v;
			}
		}
	}
	return out;
}

/** Browsers send Origin on websocket upgrades: refuse pages of other sites using our cookies. */
function sameOrigin(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true; // non-browser clients (tests, load tools) authenticate by cookie/token
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

export async function authorizeUpgrade(app: KyosoApp, req: IncomingMessage): Promise<UpgradeDecision> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	if (!url.pathname.startsWith(SYNC_PATH)) return { ok: false, status: 404, message: 'not found' };
	if (!sameOrigin(req)) return { ok: false, status: 403, message: 'cross-origin websocket refused' };
	let docName: string;
	try {
		docName = decodeURIComponent(url.pathname.slice(SYNC_PATH.length));
	} catch {
		return { ok: false, status: 400, message: 'malformed document name' };
	}
	const resolved = app.sync.kinds.resolve(docName);
	if (!resolved) return { ok: false, status: 404, message: 'unknown document' };
	const cookies = parseCookies(req.headers.cookie);
	const device = cookies[DEVICE_COOKIE];
	const decision = await resolved.kind.authorize(resolved.id, {
		as: url.searchParams.get('as'),
		staff: async () => {
			const user = await app.staff.userForSession(cookies[SESSION_COOKIE]);
			if (!user) return { ok: false, status: 401, message: 'sign in first' };
			if (user.mustChangePassword) return { ok: false, status: 403, message: 'change your one-time password first' };
			return { ok: true, user };
		},
		displayToken: url.searchParams.get('t'),
		deviceToken: device
	});
	if (!decision.ok) return decision;
	const deviceKey = decision.principal.kind === 'participant' && device !== undefined ? hashToken(device) : null;
	return { ok: true, docName, deviceKey, principal: decision.principal };
}

function refuse(socket: Duplex, status: number, message: string): void {
	const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
	const body = JSON.stringify({ error: message });
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
	);
}

/**
 * Whether the page behind an upgrade runs another build than this server: staff laptops and
 * projectors read and write the board document's shape directly, so a page loaded before a
 * deployment must reload (src/lib/client/reload.ts). Pages send their build as `v`; clients that
 * send none (tools, tests, pages of builds before this check) are not judged. Participants' phones
 * exchange operations and server-made views, not the document, and are left alone.
 */
export function isOutdated(req: IncomingMessage, principal: Principal, buildVersion: string | undefined): boolean {
	if (!buildVersion || principal.kind === 'participant') return false;
	const v = new URL(req.url ?? '/', 'http://localhost').searchParams.get('v');
	return v !== null && v !== buildVersion;
}

/** The websocket servers behind `/sync/`, one per kind of socket, and the open-socket counts. */
export type SyncSockets = {
	/** one `ws` server per kind of socket: each has its kind's maxPayload */
	servers: Record<Principal['kind'], WebSocketServer>;
	counter: SocketCounter;
	/** Drop every socket and stop accepting new ones. */
	close(): void;
};

/**
 * Route upgrades on /sync/ to the sync core. `getApp` may return undefined while starting.
 * Other upgrade paths (Vite's HMR in dev) are left alone. `buildVersion`: the SvelteKit build's
 * version (build/client/_app/version.json); in dev there is none and no page is outdated.
 *
 * The kind of socket is known before the upgrade completes, so each kind is upgraded by its own
 * `ws` server whose `maxPayload` is that kind's frame cap (sync/frameLimits.ts): the receiver
 * refuses a longer frame from its header (close 1009) instead of buffering it. The socket caps
 * (sync/socketLimits.ts) are taken before the upgrade and given back when the TCP socket closes.
 */
export function attachSync(server: Server, getApp: () => KyosoApp | undefined, opts: { buildVersion?: string } = {}): SyncSockets {
	const wsServer = (maxPayload: number) => new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
	const servers: SyncSockets['servers'] = {
		participant: wsServer(MAX_FRAME_BYTES.participant),
		staff: wsServer(MAX_FRAME_BYTES.staff),
		display: wsServer(MAX_FRAME_BYTES.display)
	};
	const counter = new SocketCounter();
	server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		if (!req.url?.startsWith(SYNC_PATH)) return;
		socket.on('error', () => socket.destroy());
		const app = getApp();
		if (!app) return refuse(socket, 503, 'starting');
		// The records are read asynchronously; the client sends nothing before the upgrade's answer.
		authorizeUpgrade(app, req).then(
			(decision) => {
				if (!decision.ok) return refuse(socket, decision.status, decision.message);
				admit(app, req, socket, head, decision);
			},
			(e: unknown) => {
				console.error('[sync] upgrade check failed', e);
				refuse(socket, 503, 'server error');
			}
		);
	});

	/** Take the socket caps for an authorised upgrade, then hand the socket to the sync core. */
	function admit(app: KyosoApp, req: IncomingMessage, socket: Duplex, head: Buffer, decision: UpgradeDecision & { ok: true }): void {
		const { principal, docName } = decision;
		const address = addressKey(upgradeClientAddress(req, app.config));
		const admission = counter.acquire(socketClaims(principal, { deviceKey: decision.deviceKey, address, crowdLimits: app.config.crowdLimits }));
		if (!admission.ok) return refuse(socket, 429, admission.message);
		if (socket.destroyed) return admission.release();
		socket.once('close', admission.release);
		servers[principal.kind].handleUpgrade(req, socket, head, (ws) => {
			try {
				app.sync.handleConnection(ws, principal, docName, { outdated: isOutdated(req, principal, opts.buildVersion) });
			} catch (e) {
				console.error('[sync] could not set up a connection', e);
				ws.close(1011, 'server error');
			}
		});
	}
	return {
		servers,
		counter,
		close() {
			for (const wss of Object.values(servers)) {
				for (const client of wss.clients) client.terminate();
				wss.close();
			}
		}
	};
}
