import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTokyoTime, describeDetail, describeEntry, readAuditFilter, tokyoDayStart, type AuditNames, type AuditWords } from './auditView';
import { AuditLog, type AuditEntry } from './audit';
import { openDatabase, type DB } from './db/database';

describe('formatTokyoTime', () => {
	it('shows Japan time (UTC+9) with 24-hour clock', () => {
		expect(formatTokyoTime(Date.UTC(2026, 11, 4, 15, 3, 9))).toBe('2026-12-05 00:03:09');
		expect(formatTokyoTime(Date.UTC(2026, 0, 1, 13, 0, 0))).toBe('2026-01-01 22:00:00');
	});
});

describe('describeDetail', () => {
	it('lists object entries as text and keeps anything else as stored', () => {
		expect(describeDetail(null)).toEqual([]);
		expect(describeDetail('{"login":"sato","oneTime":true}')).toEqual(['login: sato', 'oneTime: true']);
		expect(describeDetail('[1,2]')).toEqual(['[1,2]']);
		expect(describeDetail('not json')).toEqual(['not json']);
	});
});

const words: AuditWords = {
	actorSystem: 'システム',
	actorParticipant: '参加者',
	actorUnknown: '不明',
	action: (a) => ({ 'staff.create': '職員を追加', 'staff.assign_district': '担当地区に追加' })[a] ?? null,
	user: (name, login) => `${name}（${login}）`,
	removedUser: (name) => `${name}（削除済み）`,
	workshop: (title, district) => `${title}（${district}）`,
	gone: '（削除された記録）',
	fact: (k, v) => (k === 'role' ? `役割：${v === 'editor' ? '編集者' : String(v)}` : k === 'login' ? `ログインID：${String(v)}` : k === 'district' ? `地区：${String(v)}` : null)
};
const names: AuditNames = {
	users: new Map([
		['u1', { name: '山田 花子', login: 'yamada', removed: false }],
		['u2', { name: '佐藤', login: 'removed:u2', removed: true }]
	]),
	districts: new Map([['d1', 'さくら台地区']]),
	workshops: new Map([['w1', { title: '第1回', districtName: 'さくら台地区' }]])
};
const entry = (over: Partial<AuditEntry>): AuditEntry => ({ id: 1, at: Date.UTC(2026, 11, 5, 1, 0, 0), actorKind: 'staff', actorId: 'a', actorName: '管理者', action: 'staff.create', target: null, detail: null, ...over });

describe('describeEntry', () => {
	it('names targets and says details in words, hiding internal ids', () => {
		const row = describeEntry(entry({ target: 'user:u1', detail: JSON.stringify({ login: 'yamada', role: 'editor', districtId: 'd1' }) }), names, words);
		expect(row).toEqual({ id: 1, at: '2026-12-05 10:00:00', action: 'staff.create', actor: '管理者', actionLabel: '職員を追加', target: '山田 花子（yamada）', detail: ['ログインID：yamada', '役割：編集者'] });
	});
	it('names districts, workshops, removed people and records that are gone', () => {
		expect(describeEntry(entry({ target: 'district:d1' }), names, words).target).toBe('さくら台地区');
		expect(describeEntry(entry({ target: 'workshop:w1' }), names, words).target).toBe('第1回（さくら台地区）');
		expect(describeEntry(entry({ target: 'user:u2' }), names, words).target).toBe('佐藤（削除済み）');
		expect(describeEntry(entry({ target: 'user:nobody' }), names, words).target).toBe('（削除された記録）');
		expect(describeEntry(entry({ actorKind: 'system', actorName: null, action: 'x.y' }), names, words)).toMatchObject({ actor: 'システム', actionLabel: 'x.y' });
	});
});

describe('readAuditFilter', () => {
	it('reads person, action and Japan days; ignores what is malformed', () => {
		const f = readAuditFilter(new URLSearchParams({ who: 'user:u1', action: 'staff.create', from: '2026-12-05', to: '2026-12-05' }));
		expect(f).toMatchObject({ actor: { kind: 'staff', id: 'u1' }, action: 'staff.create', fromMs: Date.UTC(2026, 11, 4, 15), toMs: Date.UTC(2026, 11, 5, 15) });
		expect(readAuditFilter(new URLSearchParams({ who: 'everyone', action: 'DROP TABLE', from: '2026-02-30', to: 'yesterday' }))).toMatchObject({ actor: null, action: null, fromMs: null, toMs: null, who: '', fromDay: '', toDay: '' });
		expect(tokyoDayStart('2026-13-01')).toBeNull();
	});
});

describe('AuditLog.list with a filter', () => {
	let dir: string;
	let db: DB;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-audit-'));
		db = openDatabase(dir);
	});
	afterEach(() => {
		db.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	it('filters by actor, action and time, newest first', async () => {
		const councilId = 'c1';
		db.prepare(`INSERT INTO councils (id, name, created_at) VALUES ('c1', 'x', 0)`).run();
		const log = new AuditLog(db);
		await log.record(councilId, { kind: 'staff', id: 'a', name: 'A' }, 'staff.create', 'user:u1');
		await log.record(councilId, { kind: 'system' }, 'auth.login_failed', 'user:u1');
		await log.record(councilId, { kind: 'staff', id: 'b', name: 'B' }, 'staff.create', 'user:u2');
		await log.record('other', { kind: 'staff', id: 'a', name: 'A' }, 'staff.create', 'user:u3');
		const targets = async (f: Parameters<AuditLog['list']>[3]) => (await log.list(councilId, 100, null, f)).map((e) => e.target);
		expect(await targets({ actor: { kind: 'staff', id: 'a' }, action: null, fromMs: null, toMs: null })).toEqual(['user:u1']);
		expect(await targets({ actor: null, action: 'staff.create', fromMs: null, toMs: null })).toEqual(['user:u2', 'user:u1']);
		expect(await targets({ actor: { kind: 'system' }, action: null, fromMs: null, toMs: null })).toEqual(['user:u1']);
		expect(await targets({ actor: null, action: null, fromMs: Date.now() + 60_000, toMs: null })).toEqual([]);
		expect(await log.actions(councilId)).toEqual(['auth.login_failed', 'staff.create']);
		expect((await log.staffActors(councilId)).sort()).toEqual(['a', 'b']);
	});
});
