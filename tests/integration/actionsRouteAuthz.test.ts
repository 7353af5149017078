/**
 * The actions page's form actions (src/routes/staff/plans/[plan]/actions/+page.server.ts) called as SvelteKit
 * calls them, with the signed-in staff member in `locals`: staff of another district (a facilitator and an
 * editor assigned elsewhere) are refused (403) on add, update and remove, and the plan document does not
 * change; the district's own facilitator gets through the same calls (so the refusal is the guard's).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as Y from 'yjs';
import { isHttpError } from '@sveltejs/kit';
import { startTestServer, demoWorkshop, userByLogin, type TestServer } from '../helpers/testServer';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import { readActions } from '../../src/lib/domain/plan/actions';
import type { StaffUser } from '../../src/lib/server/auth/staff';
import { actions } from '../../src/routes/staff/plans/[plan]/actions/+page.server';

let server: TestServer;
let planId: string;
let actionId: string;
let home: StaffUser;
let strangers: { name: string; user: StaffUser }[];

type Kind = 'add' | 'update' | 'remove';

/** Call a form action as SvelteKit does: the plan in params, the user in locals, the form posted. */
function post(kind: Kind, user: StaffUser, fields: Record<string, string>): Promise<unknown> {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	const request = new Request(`http://127.0.0.1/staff/plans/${planId}/actions?/${kind}`, { method: 'POST', body });
	const event = { params: { plan: planId }, locals: { user }, request, url: new URL(request.url) };
	return (actions[kind] as (e: typeof event) => Promise<unknown>)(event);
}

const planState = () => server.app.sync.read(planDocName(planId), (doc) => Y.encodeStateAsUpdate(doc));

async function actionBase(): Promise<string> {
	const a = (await server.app.sync.read(planDocName(planId), readActions)).find((x) => x.id === actionId)!;
	return JSON.stringify({ title: a.title, description: a.description, issueId: a.issueId, column: a.column, responsible: a.responsible, schedule: a.schedule, indicator: a.indicator, goalId: a.goalId });
}

beforeAll(async () => {
	server = await startTestServer();
	const app = server.app;
	const w = await demoWorkshop(app);
	planId = w.planId;
	home = await userByLogin(app, 'facilitator');
	const otherDistrict = await app.workshops.createDistrict(w.councilId, 'ひまわり地区');
	strangers = [];
	for (const role of ['facilitator', 'editor'] as const) {
		const user = await app.staff.createUser({ councilId: w.councilId, login: `far-${role}`, name: `far ${role}`, role, password: 'far-district-password-2026' });
		await app.staff.assignDistrict(user.id, otherDistrict);
		strangers.push({ name: `a ${role} of another district`, user });
	}
	// one action of the plan, added by the district's own facilitator through the same form action
	const added = await post('add', home, { title: '見守り当番表をつくる', column: 'mutual', responsible: '自治会' });
	expect(added).toMatchObject({ action: 'add', added: '見守り当番表をつくる' });
	actionId = (await app.sync.read(planDocName(planId), readActions)).find((a) => a.title === '見守り当番表をつくる')!.id;
});

afterAll(async () => {
	await server?.close();
});

describe('the actions page refuses staff of another district', () => {
	it('refuses add, update and remove with 403 and leaves the plan document as it was', async () => {
		const before = await planState();
		const base = await actionBase();
		for (const { name, user } of strangers) {
			const attempts: [Kind, Record<string, string>][] = [
				['add', { title: '他地区からの取り組み', column: 'self' }],
				['update', { id: actionId, base, title: '書きかえられた名前', column: 'self', responsible: '他地区' }],
				['remove', { id: actionId }]
			];
			for (const [kind, fields] of attempts) {
				const refused = await post(kind, user, fields).then(
					() => null,
					(e: unknown) => e
				);
				expect(isHttpError(refused) ? refused.status : refused, `${name}: ${kind}`).toBe(403);
			}
		}
		expect(await planState()).toEqual(before);
		expect((await server.app.sync.read(planDocName(planId), readActions)).map((a) => a.title)).toEqual(['見守り当番表をつくる']);
	});

	it('lets the district’s own facilitator update and remove the same action (the refusal above is the district check)', async () => {
		expect(await post('update', home, { id: actionId, base: await actionBase(), title: '見守り当番表を見直す', column: 'mutual', responsible: '自治会' })).toMatchObject({ updated: '見守り当番表を見直す' });
		expect(await post('remove', home, { id: actionId })).toMatchObject({ removed: '見守り当番表を見直す' });
		expect(await server.app.sync.read(planDocName(planId), readActions)).toEqual([]);
	});
});
