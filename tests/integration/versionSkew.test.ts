/**
 * A deployment during a workshop: pages of the earlier build (laptops, projectors) that connect to
 * the new server have what they changed while away stored, then are closed with
 * CloseCode.Outdated so that they reload the current build. Pages of the current build, clients
 * that send no build, and phones are left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, getNote, initBoard } from '../../src/lib/domain/board/board';
import { CloseCode, MessageType } from '../../src/lib/protocol/messages';
import { OUTDATED_GRACE_MS } from '../../src/lib/server/sync/syncServer';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import { connect, demoWorkshop, joinParticipant, staffCookie, startTestServer, waitFor, whenSynced, yClient, type TestServer, type YClient } from '../helpers/testServer';

const BUILD = 'build-2026-11-27b';
let server: TestServer;
let workshop: Workshop;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
	server = await startTestServer({ buildVersion: BUILD });
	workshop = await demoWorkshop(server.app);
});

afterEach(async () => {
	for (const fn of cleanups.splice(0).reverse()) await fn();
	await server.close();
});

/** A y-websocket client that records the close codes it gets and does not reconnect after one. */
async function client(o: { as: 'staff' | 'display'; version?: string; doc?: Y.Doc }): Promise<YClient & { closes: number[] }> {
	const y = yClient(server.port, {
		workshopId: workshop.id,
		as: o.as,
		version: o.version,
		doc: o.doc,
		cookie: o.as === 'staff' ? await staffCookie(server.app) : undefined,
		displayToken: o.as === 'display' ? (await server.app.workshops.displayToken(workshop.id) ?? '') : undefined
	});
	const closes: number[] = [];
	y.provider.on('connection-close', (event) => {
		if (!event) return;
		closes.push(event.code);
		if (event.code === CloseCode.Outdated) y.provider.disconnect(); // as boardClient does before reloading
	});
	cleanups.push(() => y.destroy());
	return Object.assign(y, { closes });
}

const serverDoc = async () => (await server.app.sync.room(boardDocName(workshop.id))).doc;

describe('pages of another build', () => {
	it('a laptop of the earlier build: what it wrote offline is stored, then it is told to reload', async () => {
		// The laptop had the board, lost the connection, and a note was added on it meanwhile.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(await serverDoc()));
		initBoard(doc, { step: 'issues', inputOpen: true });
		const added = addNote(doc, { id: 'written-offline', text: '停電中に書いた付箋', kind: 'concern', authorId: 'staff', authorRole: 'staff', nickname: null, now: Date.now() });
		expect(added.ok).toBe(true);

		const laptop = await client({ as: 'staff', version: 'build-2026-11-20', doc });
		await waitFor(async () => laptop.closes.includes(CloseCode.Outdated), 3_000, 'the outdated close');
		// stored before the close: in the room and in the database
		expect(getNote(await serverDoc(), 'written-offline')?.text).toBe('停電中に書いた付箋');
		await server.restart();
		expect(getNote(await serverDoc(), 'written-offline')?.text).toBe('停電中に書いた付箋');
	});

	it('a projector of the earlier build is told to reload', async () => {
		const screen = await client({ as: 'display', version: 'build-2026-11-20' });
		await waitFor(async () => screen.closes.includes(CloseCode.Outdated), 3_000, 'the outdated close');
	});

	it('pages of this build, and clients that send no build, stay connected', async () => {
		const current = await client({ as: 'staff', version: BUILD });
		const unversioned = await client({ as: 'display' });
		await Promise.all([whenSynced(current), whenSynced(unversioned)]);
		await new Promise((r) => setTimeout(r, 500));
		expect(current.closes).toEqual([]);
		expect(unversioned.closes).toEqual([]);
		expect(current.provider.wsconnected && unversioned.provider.wsconnected).toBe(true);
	});

	it("phones are not judged by build (they exchange operations and the server's views)", async () => {
		const me = await joinParticipant(server.app, workshop.id, null);
		const phone = await connect(server.port, { workshopId: workshop.id, as: 'participant', cookie: me.cookie, version: 'build-2026-11-20' });
		cleanups.push(() => phone.close());
		await waitFor(async () => phone.lastView(), 3_000, 'the first view');
		await new Promise((r) => setTimeout(r, 300));
		expect(phone.closeEvent).toBeNull();
	});

	it(`closes an earlier-build page that never sends its update ${OUTDATED_GRACE_MS / 1000} s after it connected`, async () => {
		const raw = await connect(server.port, { workshopId: workshop.id, as: 'staff', cookie: await staffCookie(server.app), version: 'build-2026-11-20' });
		cleanups.push(() => raw.close());
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, MessageType.Sync);
		syncProtocol.writeSyncStep1(enc, new Y.Doc());
		raw.send(encoding.toUint8Array(enc)); // asks for the state, never answers the server's step 1
		const t0 = performance.now();
		await waitFor(async () => raw.closeEvent, OUTDATED_GRACE_MS + 3_000, 'the close');
		expect(raw.closeEvent!.code).toBe(CloseCode.Outdated);
		expect(performance.now() - t0).toBeGreaterThan(OUTDATED_GRACE_MS - 1_000);
	});
});
