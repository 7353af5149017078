import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '../db/database';
import { Workshops } from '../workshops';
import { Districts } from '../districts';
import { StaffAuth, isLoginTaken } from './staff';
import { ensureFirstAdmin, firstAdminLines, DEFAULT_COUNCIL_NAME } from '../firstStart';

let dir: string;
let db: DB;
let staff: StaffAuth;
let workshops: Workshops;
let districts: Districts;
let councilId: string;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-staff-'));
	db = openDatabase(dir);
	staff = new StaffAuth(db);
	workshops = new Workshops(db);
	districts = new Districts(db);
	councilId = await workshops.createCouncil('テスト市社会福祉協議会');
});
afterEach(() => {
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const newUser = async (login: string, role: 'admin' | 'facilitator' | 'editor' = 'facilitator', mustChangePassword = false, council = councilId) =>
	await staff.createUser({ councilId: council, login, name: `${login}さん`, role, password: `${login}-password-1`, mustChangePassword });

describe('StaffAuth accounts', () => {
	it('creates users with a one-time password flag and finds them by login', async () => {
		const u = await newUser('sato', 'editor', true);
		expect(u).toMatchObject({ login: 'sato', name: 'satoさん', role: 'editor', disabled: false, mustChangePassword: true, councilId });
		expect(await staff.findByLogin('sato')).toEqual(u);
		expect(await staff.findByLogin('nobody')).toBeNull();
		expect((await newUser('kato')).mustChangePassword).toBe(false);
	});

	it('refuses a login id that is taken, recognisably', async () => {
		await newUser('sato');
		const e = await newUser('sato').then(
			() => null,
			(err: unknown) => err
		);
		expect(isLoginTaken(e)).toBe(true);
		expect(isLoginTaken(new Error('something else'))).toBe(false);
	});

	it('lists the users of one council only, enabled first', async () => {
		const other = await workshops.createCouncil('よその社協');
		const a = await newUser('a-admin', 'admin');
		const b = await newUser('b-fac');
		const c = await newUser('c-ed', 'editor');
		await newUser('elsewhere', 'facilitator', false, other);
		await staff.setDisabled(b.id, true);
		expect(await (await staff.listUsers(councilId)).map((u) => u.login)).toEqual([a.login, c.login, b.login]);
		expect(await (await staff.listUsers(other)).map((u) => u.login)).toEqual(['elsewhere']);
	});
});

describe('StaffAuth disable / enable', () => {
	it('disabling ends every session and stops sign-in; enabling allows sign-in again', async () => {
		const u = await newUser('sato');
		const s1 = await staff.createSession(u.id);
		const s2 = await staff.createSession(u.id);
		expect(await (await staff.userForSession(s1.token))?.id).toBe(u.id);

		expect(await staff.setDisabled(u.id, true)).toBe(true);
		expect(await (await staff.getUser(u.id))?.disabled).toBe(true);
		expect(await staff.userForSession(s1.token)).toBeNull();
		expect(await staff.userForSession(s2.token)).toBeNull();
		expect(db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?').get(u.id)).toEqual({ n: 0 });
		expect(await staff.verifyLogin('sato', 'sato-password-1')).toBeNull();
		// Only someone who knows the password is told that the account is stopped.
		expect(await staff.signIn('sato', 'sato-password-1')).toMatchObject({ kind: 'disabled', user: { id: u.id } });
		expect(await staff.signIn('sato', 'a-wrong-password')).toEqual({ kind: 'wrong' });

		expect(await staff.setDisabled(u.id, false)).toBe(true);
		expect(await staff.verifyLogin('sato', 'sato-password-1')).toMatchObject({ id: u.id });
		// Old sessions do not come back.
		expect(await staff.userForSession(s1.token)).toBeNull();
		expect(await staff.setDisabled('no-such-user', true)).toBe(false);
	});
});

describe('StaffAuth passwords and sessions', () => {
	it('setPassword replaces the password and sets or clears the one-time flag', async () => {
		const u = await newUser('sato');
		await staff.setPassword(u.id, 'one-time-pass-1', { mustChange: true });
		expect(await staff.verifyLogin('sato', 'sato-password-1')).toBeNull();
		expect(await staff.verifyLogin('sato', 'one-time-pass-1')).toMatchObject({ mustChangePassword: true });
		await staff.setPassword(u.id, 'my-own-password', { mustChange: false });
		expect(await staff.verifyLogin('sato', 'my-own-password')).toMatchObject({ mustChangePassword: false });
	});

	it('checkPassword checks the current password', async () => {
		const u = await newUser('sato');
		expect(await staff.checkPassword(u.id, 'sato-password-1')).toBe(true);
		expect(await staff.checkPassword(u.id, 'wrong')).toBe(false);
		expect(await staff.checkPassword('no-such-user', 'sato-password-1')).toBe(false);
	});

	it('changePassword needs the current password, clears the flag and ends the other sessions only', async () => {
		const u = await newUser('sato', 'facilitator', true);
		const here = await staff.createSession(u.id);
		const elsewhere = await staff.createSession(u.id);
		const other = await newUser('kato');
		const othersSession = await staff.createSession(other.id);

		expect(await staff.changePassword(u.id, 'wrong', 'brand-new-password', here.token)).toBe('wrong_current');
		expect(await staff.userForSession(elsewhere.token)).not.toBeNull();

		expect(await staff.changePassword(u.id, 'sato-password-1', 'brand-new-password', here.token)).toBe('ok');
		expect(await staff.userForSession(here.token)).toMatchObject({ id: u.id, mustChangePassword: false });
		expect(await staff.userForSession(elsewhere.token)).toBeNull();
		expect(await staff.userForSession(othersSession.token)).not.toBeNull();
		expect(await staff.verifyLogin('sato', 'brand-new-password')).not.toBeNull();
		expect(await staff.verifyLogin('sato', 'sato-password-1')).toBeNull();
	});

	it('endOtherSessions without a valid token, and endAllSessions, end them all', async () => {
		const u = await newUser('sato');
		const a = await staff.createSession(u.id);
		const b = await staff.createSession(u.id);
		expect(await staff.endOtherSessions(u.id, a.token)).toBe(1);
		expect(await staff.userForSession(a.token)).not.toBeNull();
		expect(await staff.userForSession(b.token)).toBeNull();
		await staff.createSession(u.id);
		expect(await staff.endOtherSessions(u.id, 'not a token')).toBe(2);
		expect(await staff.userForSession(a.token)).toBeNull();
		await staff.createSession(u.id);
		await staff.createSession(u.id);
		expect(await staff.endAllSessions(u.id)).toBe(2);
	});
});

describe('StaffAuth districts', () => {
	it('assigns and unassigns districts, and reports them per council', async () => {
		const d1 = await workshops.createDistrict(councilId, 'さくら台地区');
		const d2 = await workshops.createDistrict(councilId, 'あおば地区');
		const u = await newUser('sato');
		const v = await newUser('kato');
		await staff.assignDistrict(u.id, d1);
		await staff.assignDistrict(u.id, d1); // twice is fine
		await staff.assignDistrict(u.id, d2);
		await staff.assignDistrict(v.id, d2);
		expect(await (await staff.districtIds(u.id)).sort()).toEqual([d1, d2].sort());
		const map = await staff.districtAssignments(councilId);
		expect(map.get(u.id)?.sort()).toEqual([d1, d2].sort());
		expect(map.get(v.id)).toEqual([d2]);

		expect(await staff.unassignDistrict(u.id, d1)).toBe(true);
		expect(await staff.unassignDistrict(u.id, d1)).toBe(false);
		expect(await staff.districtIds(u.id)).toEqual([d2]);
	});

	it('Districts lists a council’s districts by name and checks the council', async () => {
		const other = await workshops.createCouncil('よその社協');
		const b = await workshops.createDistrict(councilId, 'B地区');
		const a = await workshops.createDistrict(councilId, 'A地区');
		const x = await workshops.createDistrict(other, 'X地区');
		expect(await (await districts.listForCouncil(councilId)).map((d) => d.id)).toEqual([a, b]);
		expect(await (await districts.inCouncil(councilId, a))?.name).toBe('A地区');
		expect(await districts.inCouncil(councilId, x)).toBeNull();
		expect(await districts.get('nope')).toBeNull();
	});
});

describe('first start in production mode', () => {
	it('creates one admin with a one-time password when there are no users, and nothing after', async () => {
		const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-first-'));
		const db2 = openDatabase(fresh);
		try {
			const staff2 = new StaffAuth(db2);
			const workshops2 = new Workshops(db2);
			const first = await ensureFirstAdmin(staff2, workshops2, undefined);
			expect(first).not.toBeNull();
			expect(first!.login).toBe('admin');
			expect(first!.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
			expect(first!.councilName).toBe(DEFAULT_COUNCIL_NAME);
			const admin = await staff2.verifyLogin('admin', first!.password);
			expect(admin).toMatchObject({ role: 'admin', mustChangePassword: true, councilId: first!.councilId });
			expect(firstAdminLines(first!).join('\n')).toContain(first!.password);
			expect(await ensureFirstAdmin(staff2, workshops2, undefined)).toBeNull();
			expect(await staff2.countUsers()).toBe(1);
		} finally {
			db2.close();
			fs.rmSync(fresh, { recursive: true, force: true });
		}
	});

	it('names the council from COUNCIL_NAME, and reuses a council that already exists', async () => {
		// This database already has a council (from beforeEach) but no users.
		const first = await ensureFirstAdmin(staff, workshops, 'みなと市社会福祉協議会');
		expect(first?.councilId).toBe(councilId);
		expect(first?.councilName).toBe('テスト市社会福祉協議会');

		const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-first-'));
		const db2 = openDatabase(fresh);
		try {
			const w2 = new Workshops(db2);
			const named = await ensureFirstAdmin(new StaffAuth(db2), w2, '  みなと市社会福祉協議会 ');
			expect(named?.councilName).toBe('みなと市社会福祉協議会');
			expect((await w2.firstCouncil())?.name).toBe('みなと市社会福祉協議会');
		} finally {
			db2.close();
			fs.rmSync(fresh, { recursive: true, force: true });
		}
	});
});

describe('StaffAuth corrections and removal', () => {
	it('updateProfile corrects name and role of a live account only', async () => {
		const u = await newUser('sato', 'editor');
		expect(await staff.updateProfile(u.id, { name: '佐藤 一郎', role: 'facilitator' })).toBe(true);
		expect(await staff.getUser(u.id)).toMatchObject({ name: '佐藤 一郎', role: 'facilitator' });
		expect(await staff.updateProfile('no-such-user', { name: 'x', role: 'admin' })).toBe(false);
	});

	it('remove ends sign-in, sessions and assignments, frees the login id and keeps the name for the audit log', async () => {
		const u = await newUser('sato');
		const districtId = await workshops.createDistrict(councilId, 'さくら台地区');
		await staff.assignDistrict(u.id, districtId);
		const s = await staff.createSession(u.id);

		expect(await staff.remove(u.id)).toBe(true);
		expect(await staff.remove(u.id)).toBe(false);
		expect(await staff.userForSession(s.token)).toBeNull();
		expect(await staff.districtIds(u.id)).toEqual([]);
		expect(await staff.signIn('sato', 'sato-password-1')).toEqual({ kind: 'wrong' });
		expect(await (await staff.listUsers(councilId)).map((x) => x.id)).not.toContain(u.id);
		expect(await (await staff.everyone(councilId)).find((x) => x.id === u.id)).toMatchObject({ name: 'satoさん', removed: true, disabled: true });
		expect(await staff.updateProfile(u.id, { name: 'x', role: 'admin' })).toBe(false);
		// The login id can be given to someone new.
		const again = await newUser('sato');
		expect(again.id).not.toBe(u.id);
		expect(await (await staff.findByLogin('sato'))?.id).toBe(again.id);
	});

	it('adminNames lists the enabled admins of the council', async () => {
		await newUser('boss', 'admin');
		const off = await newUser('old-boss', 'admin');
		await staff.setDisabled(off.id, true);
		await newUser('sato');
		expect(await staff.adminNames(councilId)).toEqual(['bossさん']);
	});
});
