/**
 * Limits against one resident (or one script) taking the workshop for themselves (issue 15, items
 * 3, 4, 5, 7 and 8), through the real app and real sockets: joins per address and per workshop,
 * server-made device ids, frame caps chosen per role before the upgrade, memory after a hostile
 * load, and open sockets per device, address, staff account and projector link.
 * Every limit is listed with its reason in docs/LIMITS.md.
 */
import net from 'node:net';
import crypto from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { randomId } from '../../src/lib/domain/ids';
import { CloseCode } from '../../src/lib/protocol/messages';
import { DEVICE_COOKIE } from '../../src/lib/server/participants';
import { hashToken, newToken } from '../../src/lib/server/auth/tokens';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { joinWithCode } from '../../src/lib/server/joinWorkshop';
import { JOIN_LIMITS } from '../../src/lib/server/joinLimits';
import { SOCKET_LIMITS } from '../../src/lib/server/sync/socketLimits';
import { PARTICIPANT_MAX_FRAME_BYTES } from '../../src/lib/server/sync/frameLimits';
import type { KyosoApp } from '../../src/lib/server/app';
import { connect, demoWorkshop, joinParticipant, refusedUpgrade, staffCookie, startTestServer, waitFor, type TestServer, type WireClient } from '../helpers/testServer';

let server: TestServer;
let app: KyosoApp;
let planId: string;
const open: WireClient[] = [];
const raw: net.Socket[] = [];

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	planId = (await demoWorkshop(app)).planId;
});
afterAll(() => server.close());
afterEach(async () => {
	for (const c of open.splice(0)) c.ws.terminate();
	for (const s of raw.splice(0)) s.destroy();
	// every count goes back to zero once the sockets are closed
	await waitFor(() => server.sockets.counter.size === 0, 10_000, 'every socket count to go back to zero');
});

let lastDisplayToken = '';
/** A new workshop (its projector link's token in `lastDisplayToken`). */
async function freshWorkshop(): Promise<Workshop> {
	const { workshop, displayToken } = await app.workshops.createWorkshop({ planId, title: `limits ${randomId(6)}` });
	lastDisplayToken = displayToken;
	return workshop;
}
/** A documentation address (RFC 5737) per call, never the same twice, so that tests do not share a join count
 * (a random pick once gave this test the address an earlier test had used up). */
let addressCount = 0;
const someAddress = () => {
	addressCount++;
	return `${addressCount <= 254 ? '198.51.100' : '203.0.113'}.${((addressCount - 1) % 254) + 1}`;
};

async function participantSocket(workshopId: string, deviceToken: string): Promise<WireClient> {
	const c = await connect(server.port, { workshopId, as: 'participant', cookie: `${DEVICE_COOKIE}=${deviceToken}` });
	open.push(c);
	return c;
}

/* ================================================================== 3. joins */

describe('joins per client address and per workshop (item 3)', () => {
	it('lets 80 residents behind one hall address join within two minutes', async () => {
		const w = await freshWorkshop();
		const hall = someAddress();
		const results = await Promise.all(
			Array.from({ length: 80 }, async (_, i) => joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: `住民${i + 1}`, address: hall }))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(80);
		expect(await app.participants.listForWorkshop(w.id)).toHaveLength(80);
	});

	it('stops 1,000 joins from one address at the per-address limit, with the time to wait', async () => {
		const w = await freshWorkshop();
		const attacker = someAddress();
		const results = await Promise.all(Array.from({ length: 1000 }, async () => joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: null, address: attacker })));
		expect(results.filter((r) => r.ok)).toHaveLength(JOIN_LIMITS.address.points);
		const refused = results.filter((r) => !r.ok);
		expect(refused).toHaveLength(1000 - JOIN_LIMITS.address.points);
		for (const r of refused) {
			expect(r).toMatchObject({ ok: false, error: 'too_many_joins' });
			const wait = !r.ok && r.error === 'too_many_joins' ? r.retryAfterMs : 0;
			expect(wait).toBeGreaterThan(0);
			expect(wait).toBeLessThanOrEqual(JOIN_LIMITS.address.duration * 1000);
		}
		expect(await app.participants.listForWorkshop(w.id)).toHaveLength(JOIN_LIMITS.address.points);
		// another address (a resident on mobile data) still joins
		expect(await joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: null, address: someAddress() })).toMatchObject({ ok: true });
	});

	it('stops joins into one workshop from many addresses at the per-workshop limit', async () => {
		const w = await freshWorkshop();
		const n = JOIN_LIMITS.workshop.points + 60;
		const results = await Promise.all(Array.from({ length: n }, async (_, i) => joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: null, address: `2001:db8:${i.toString(16)}::1` })));
		expect(results.filter((r) => r.ok)).toHaveLength(JOIN_LIMITS.workshop.points);
		expect(await app.participants.listForWorkshop(w.id)).toHaveLength(JOIN_LIMITS.workshop.points);
		// the refused workshop joins gave their addresses their points back: another workshop still takes them
		const other = await freshWorkshop();
		expect(await joinWithCode(app, { code: other.joinCode, deviceCookie: undefined, nickname: null, address: `2001:db8:${(n - 1).toString(16)}::1` })).toMatchObject({ ok: true });
	});

	it('does not count a phone that joined already (a second scan, a new nickname), even at the limit', async () => {
		const w = await freshWorkshop();
		const hall = someAddress();
		const first = await joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: 'はな', address: hall });
		if (!first.ok) throw new Error('first join refused');
		await Promise.all(Array.from({ length: JOIN_LIMITS.address.points }, async () => joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: null, address: hall })));
		expect(await joinWithCode(app, { code: w.joinCode, deviceCookie: undefined, nickname: null, address: hall })).toMatchObject({ ok: false, error: 'too_many_joins' });
		const again = await joinWithCode(app, { code: w.joinCode, deviceCookie: first.deviceToken, nickname: 'はなこ', address: hall });
		expect(again).toMatchObject({ ok: true, deviceToken: first.deviceToken, issued: false });
		expect((await app.participants.find(w.id, first.deviceToken))?.nickname).toBe('はなこ');
	});
});

/* ================================================================== 8. device ids */

describe('device ids are made by the server (item 8)', () => {
	it('replaces a kc_device value the server never issued; that value opens no socket', async () => {
		const w = await freshWorkshop();
		const chosen = newToken(); // well-formed, but chosen by someone else
		const joined = await joinWithCode(app, { code: w.joinCode, deviceCookie: chosen, nickname: null, address: someAddress() });
		if (!joined.ok) throw new Error(`join refused: ${joined.error}`);
		expect(joined.issued).toBe(true);
		expect(joined.deviceToken).not.toBe(chosen);
		expect(await app.participants.isKnownDevice(chosen)).toBe(false);
		const r = await refusedUpgrade(server.port, { workshopId: w.id, as: 'participant', cookie: `${DEVICE_COOKIE}=${chosen}` });
		expect(r.status, r.body).toBe(401);
		// the server-made id opens the phone's socket
		await participantSocket(w.id, joined.deviceToken);
	});

	it('keeps a device id it issued, also for another workshop (one phone, one cookie)', async () => {
		const first = await freshWorkshop();
		const second = await freshWorkshop();
		const a = await joinWithCode(app, { code: first.joinCode, deviceCookie: undefined, nickname: null, address: someAddress() });
		if (!a.ok) throw new Error('join refused');
		const b = await joinWithCode(app, { code: second.joinCode, deviceCookie: a.deviceToken, nickname: null, address: someAddress() });
		expect(b).toMatchObject({ ok: true, deviceToken: a.deviceToken, issued: false });
		expect(await app.participants.find(second.id, a.deviceToken)).not.toBeNull();
	});
});

/* ================================================================== 5. sockets */

describe('open sockets per device, address, staff account and projector link (item 5)', () => {
	it(`refuses more than ${SOCKET_LIMITS.perDevice} sockets on one device cookie with 429 (500 in parallel), and counts down on close`, async () => {
		const w = await freshWorkshop();
		const { deviceToken } = await joinParticipant(app, w.id);
		const cookie = `${DEVICE_COOKIE}=${deviceToken}`;
		const attempts = await Promise.allSettled(Array.from({ length: 500 }, async () => connect(server.port, { workshopId: w.id, as: 'participant', cookie })));
		const accepted = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
		open.push(...accepted);
		expect(accepted).toHaveLength(SOCKET_LIMITS.perDevice);
		const key = `device:${hashToken(deviceToken)}`;
		expect(server.sockets.counter.count(key)).toBe(SOCKET_LIMITS.perDevice);

		const r = await refusedUpgrade(server.port, { workshopId: w.id, as: 'participant', cookie });
		expect(r.status).toBe(429);
		expect(r.body).toContain('too many connections from this device');

		accepted[0]!.ws.close();
		await waitFor(() => server.sockets.counter.count(key) === SOCKET_LIMITS.perDevice - 1, 5_000, 'the closed socket to be counted down');
		await participantSocket(w.id, deviceToken);
	});

	it(`refuses participant sockets over ${SOCKET_LIMITS.perAddress} from one address; staff and the projector still connect`, async () => {
		const w = await freshWorkshop();
		const phones = await Promise.all(Array.from({ length: SOCKET_LIMITS.perAddress + 1 }, async () => (await joinParticipant(app, w.id)).deviceToken));
		for (let i = 0; i < SOCKET_LIMITS.perAddress; i += 50) await Promise.all(phones.slice(i, i + 50).map((t) => participantSocket(w.id, t)));
		expect(server.sockets.counter.count('address:127.0.0.1')).toBe(SOCKET_LIMITS.perAddress);
		const r = await refusedUpgrade(server.port, { workshopId: w.id, as: 'participant', cookie: `${DEVICE_COOKIE}=${phones.at(-1)!}` });
		expect(r.status).toBe(429);
		expect(r.body).toContain('this network address');
		open.push(await connect(server.port, { workshopId: w.id, as: 'staff', cookie: await staffCookie(app) }));
		open.push(await connect(server.port, { workshopId: w.id, as: 'display', displayToken: lastDisplayToken }));
	});

	it(`refuses more than ${SOCKET_LIMITS.perStaff} sockets per staff account and ${SOCKET_LIMITS.perDisplayLink} per projector link`, async () => {
		const w = await freshWorkshop();
		const cookie = await staffCookie(app);
		const staff = await Promise.allSettled(Array.from({ length: SOCKET_LIMITS.perStaff + 10 }, async () => connect(server.port, { workshopId: w.id, as: 'staff', cookie })));
		open.push(...staff.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : [])));
		expect(staff.filter((a) => a.status === 'fulfilled')).toHaveLength(SOCKET_LIMITS.perStaff);
		const displayToken = lastDisplayToken;
		const displays = await Promise.allSettled(Array.from({ length: SOCKET_LIMITS.perDisplayLink + 5 }, async () => connect(server.port, { workshopId: w.id, as: 'display', displayToken })));
		open.push(...displays.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : [])));
		expect(displays.filter((a) => a.status === 'fulfilled')).toHaveLength(SOCKET_LIMITS.perDisplayLink);
		expect((await refusedUpgrade(server.port, { workshopId: w.id, as: 'display', displayToken })).status).toBe(429);
	});
});

/* ================================================================== 4. frames and memory */

/** A websocket handshake written by hand, so that a test can send a frame's header without its body. */
async function rawParticipant(workshopId: string, deviceToken: string): Promise<{ socket: net.Socket; received: () => Buffer; closed: () => boolean }> {
	const socket = net.connect(server.port, '127.0.0.1');
	raw.push(socket);
	socket.on('error', () => {}); // writing after the server closed: EPIPE / ECONNRESET
	let data = Buffer.alloc(0);
	let closed = false;
	socket.on('data', (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
	socket.on('close', () => (closed = true));
	await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
	socket.write(
		[
			`GET /sync/${boardDocName(workshopId)}?as=participant HTTP/1.1`,
			`Host: 127.0.0.1:${server.port}`,
			'Upgrade: websocket',
			'Connection: Upgrade',
			`Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
			'Sec-WebSocket-Version: 13',
			`Cookie: ${DEVICE_COOKIE}=${deviceToken}`,
			'',
			''
		].join('\r\n')
	);
	await waitFor(() => data.includes('\r\n\r\n'), 5_000, 'the upgrade response');
	if (!data.toString('latin1').startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${data.toString('latin1').split('\r\n')[0]}`);
	const headerEnd = data.indexOf('\r\n\r\n') + 4;
	return { socket, received: () => data.subarray(headerEnd), closed: () => closed };
}

/** The header of a masked binary frame announcing `length` bytes (64-bit length form). */
function frameHeader(length: number): Buffer {
	const h = Buffer.alloc(14);
	h[0] = 0x82; // FIN + binary
	h[1] = 0x80 | 127; // masked, 64-bit length
	h.writeBigUInt64BE(BigInt(length), 2);
	crypto.randomFillSync(h, 10, 4); // mask key
	return h;
}

/** The close code of the close frame the server sent (unmasked, after any other frames), if any. */
function closeCodeIn(frames: Buffer): number | null {
	let i = 0;
	while (i + 2 <= frames.length) {
		const op = frames[i]! & 0x0f;
		let len = frames[i + 1]! & 0x7f;
		let at = i + 2;
		if (len === 126) {
			len = frames.readUInt16BE(at);
			at += 2;
		} else if (len === 127) {
			len = Number(frames.readBigUInt64BE(at));
			at += 8;
		}
		if (op === 0x8) return len >= 2 ? frames.readUInt16BE(at) : null;
		i = at + len;
	}
	return null;
}

const MB = 1024 * 1024;
const rssMb = () => process.memoryUsage().rss / MB;
/** A full garbage collection (the test process runs without --expose-gc), so that RSS shows what is still held. */
function collectGarbage(): void {
	v8.setFlagsFromString('--expose-gc');
	const gc: unknown = vm.runInNewContext('gc');
	if (typeof gc === 'function') gc();
}

describe('frame caps chosen per role before the upgrade completes; memory after a hostile load (item 4)', () => {
	it('closes a participant socket with 1009 as soon as a frame header announces more than 8 KB, before its body arrives', async () => {
		const w = await freshWorkshop();
		const { deviceToken } = await joinParticipant(app, w.id);
		const s = await rawParticipant(w.id, deviceToken);
		s.socket.write(frameHeader(Math.round(1.9 * MB)));
		s.socket.write(Buffer.alloc(1024)); // a first kilobyte of the body; the rest never comes
		await waitFor(() => closeCodeIn(s.received()) !== null || s.closed(), 5_000, 'the server to refuse the frame');
		expect(closeCodeIn(s.received())).toBe(CloseCode.MessageTooBig);
		await waitFor(() => s.closed(), 5_000, 'the server to close the TCP socket');
	});

	it('keeps a participant frame of exactly the cap open (the refusal is at the cap, not below it)', async () => {
		const w = await freshWorkshop();
		const { deviceToken } = await joinParticipant(app, w.id);
		const s = await rawParticipant(w.id, deviceToken);
		s.socket.write(frameHeader(PARTICIPANT_MAX_FRAME_BYTES));
		s.socket.write(Buffer.alloc(PARTICIPANT_MAX_FRAME_BYTES - 1)); // all but the last byte: the server waits
		// a staff socket's round trip shows the server has read what was sent
		const staff = await connect(server.port, { workshopId: w.id, as: 'staff', cookie: await staffCookie(app) });
		open.push(staff);
		await waitFor(() => staff.frames.length > 0, 5_000, 'the staff socket to be answered');
		expect(closeCodeIn(s.received())).toBeNull();
		expect(s.closed()).toBe(false);
	});

	it('300 sockets on 75 device cookies, each sending most of a 1.9 MB frame: refused from the header, memory back within 50 MB of where it started', async () => {
		const w = await freshWorkshop();
		const devices = await Promise.all(Array.from({ length: 300 / SOCKET_LIMITS.perDevice }, async () => (await joinParticipant(app, w.id)).deviceToken));
		collectGarbage();
		const before = rssMb();
		const chunk = Buffer.alloc(64 * 1024, 0x61); // one buffer, written again and again: the client holds no copies
		const frame = Math.round(1.9 * MB);
		const sockets = (await Promise.all(devices.map((d) => Promise.all(Array.from({ length: SOCKET_LIMITS.perDevice }, () => rawParticipant(w.id, d)))))).flat();
		let peak = rssMb();
		await Promise.all(
			sockets.map(async (s) => {
				s.socket.write(frameHeader(frame));
				for (let sent = 0; sent + chunk.length < frame && !s.closed(); sent += chunk.length) {
					if (!s.socket.write(chunk)) await new Promise<void>((resolve) => (s.closed() ? resolve() : s.socket.once('drain', () => resolve()).once('close', () => resolve())));
					peak = Math.max(peak, rssMb());
				}
			})
		);
		peak = Math.max(peak, rssMb());
		await waitFor(() => ((peak = Math.max(peak, rssMb())), sockets.every((s) => s.closed())), 10_000, 'the server to close every socket');
		await waitFor(() => server.sockets.counter.size === 0, 10_000, 'every socket to be counted down');
		collectGarbage();
		const after = rssMb();
		console.log(`[limits] RSS before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after the sockets closed ${after.toFixed(0)} MB`);
		expect(sockets.every((s) => closeCodeIn(s.received()) === CloseCode.MessageTooBig)).toBe(true);
		// the frames are refused from their headers: nothing near 300 x 1.9 MB is ever held (570 MB before the fix;
		// the peak includes this process's own 300 client sockets)
		expect(peak - before).toBeLessThan(150);
		expect(after - before).toBeLessThan(50);
		// the board and its phones carry on
		const phone = await joinParticipant(app, w.id);
		const c = await participantSocket(w.id, phone.deviceToken);
		expect(await c.request({ op: 'note.add', id: `n-${randomId(12)}`, kind: 'concern', text: 'まだ書けます' })).toMatchObject({ ok: true });
	});
});
