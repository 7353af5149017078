/**
 * Issue 15: a failure inside one participant's operation (a bug in our rules, or input they did
 * not foresee) is refused to that participant with server_error; the room is not poisoned and no
 * other laptop, projector or phone of the workshop is disconnected. The rules are replaced here by
 * a version that throws, half-way through a change, for one marker text.
 */
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { getNote } from '../../src/lib/domain/board/board';
import { randomId } from '../../src/lib/domain/ids';
import { boardDocName } from '../../src/lib/server/workshops';
import { connect, demoWorkshop, joinParticipant, staffCookie, startTestServer, waitFor, type TestServer, type WireClient } from '../helpers/testServer';

const BOOM = 'この付箋でサーバーの規則が失敗します';

vi.mock('../../src/lib/server/sync/participantOps', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../src/lib/server/sync/participantOps')>();
	return {
		...real,
		applyParticipantOp: (...args: Parameters<typeof real.applyParticipantOp>) => {
			const [doc, op] = args;
			if (op.op === 'note.add' && op.text === BOOM) {
				// change something first, then fail: the partial change must not take the room down
				doc.getMap('meta').set('touchedByFailedOp', true);
				throw new Error('rule failed half-way');
			}
			return real.applyParticipantOp(...args);
		}
	};
});

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	await server?.close();
});

describe('an operation that fails inside the server', () => {
	it('is refused to that phone only; the room and every other socket carry on', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const app = server.app;
		const { workshop, displayToken } = await app.workshops.createWorkshop({ planId: (await demoWorkshop(app)).planId, title: `op failure ${randomId(6)}` });
		const docName = boardDocName(workshop.id);
		const staff = await connect(server.port, { workshopId: workshop.id, as: 'staff', cookie: await staffCookie(app) });
		const projector = await connect(server.port, { workshopId: workshop.id, as: 'display', displayToken });
		const alice = await connect(server.port, { workshopId: workshop.id, as: 'participant', cookie: (await joinParticipant(app, workshop.id, 'alice')).cookie });
		const bob = await connect(server.port, { workshopId: workshop.id, as: 'participant', cookie: (await joinParticipant(app, workshop.id, 'bob')).cookie });
		const all: WireClient[] = [staff, projector, alice, bob];
		try {
			await waitFor(() => alice.lastView() && bob.lastView(), 5_000, 'first views');
			const bad = `n-${randomId(12)}`;
			expect(await alice.request({ op: 'note.add', id: bad, text: BOOM, kind: 'concern' })).toEqual({ id: bad, ok: false, error: 'server_error' });
			expect(errors.mock.calls.some((c) => String(c[0]).includes('refused to that participant only'))).toBe(true);

			const room = app.sync.rooms.get(docName);
			expect(room?.destroyed).toBe(false);
			for (const c of all) expect(c.closeEvent).toBeNull();
			// the same phone and another one go on writing
			for (const [c, text] of [[alice, 'もう一度'], [bob, 'ぼくも']] as const) {
				const id = `n-${randomId(12)}`;
				expect(await c.request({ op: 'note.add', id, text, kind: 'concern' })).toEqual({ id, ok: true });
				expect(getNote(room!.doc, id)?.text).toBe(text);
			}
			for (const c of all) expect(c.closeEvent).toBeNull();
			// the same through the phone's form (no socket): refused alike, the room carries on
			const viaForm = await app.sync.applyParticipantOp(docName, { op: 'note.add', id: `n-${randomId(12)}`, text: BOOM, kind: 'concern' }, { participantId: 'p-form', nickname: null });
			expect(viaForm).toEqual({ ok: false, error: 'server_error' });
			expect(app.sync.rooms.get(docName)?.destroyed).toBe(false);
			for (const c of all) expect(c.closeEvent).toBeNull();
		} finally {
			for (const c of all) await c.close();
			errors.mockRestore();
		}
	});
});
