import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './db/database';
import { backupDaily, backupFileName, backupNow, backupPath, listBackups, manualBackupFileName } from './backup';
import { useTmpDirs } from './testing/tmpDirs';

const tmp = useTmpDirs('kyoso-backup-');

describe('daily backups', () => {
	it('names files by the Japanese calendar day', () => {
		expect(backupFileName(new Date('2026-11-23T16:30:00Z'))).toBe('kyoso-2026-11-24.sqlite');
		expect(backupFileName(new Date('2026-11-23T14:59:00Z'))).toBe('kyoso-2026-11-23.sqlite');
	});

	it('copies the live database, once per day, and keeps only the newest', async () => {
		const dir = tmp();
		const db = openDatabase(dir);
		db.prepare(`INSERT INTO councils (id, name, created_at) VALUES ('c1', 'テスト社協', 1)`).run();
		const first = await backupDaily(db, dir, { now: new Date('2026-11-20T03:00:00Z'), keep: 2 });
		expect(first.skipped).toBe(false);
		const copy = new Database(first.file, { readonly: true });
		expect(copy.prepare('SELECT name FROM councils').get()).toEqual({ name: 'テスト社協' });
		copy.close();
		expect((await backupDaily(db, dir, { now: new Date('2026-11-20T05:00:00Z'), keep: 2 })).skipped).toBe(true);
		await backupDaily(db, dir, { now: new Date('2026-11-21T03:00:00Z'), keep: 2 });
		const third = await backupDaily(db, dir, { now: new Date('2026-11-22T03:00:00Z'), keep: 2 });
		expect(third.removed).toEqual(['kyoso-2026-11-20.sqlite']);
		expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual(['kyoso-2026-11-21.sqlite', 'kyoso-2026-11-22.sqlite']);
		db.close();
	});
});

describe('backups on demand', () => {
	it('names them by Japan day and time', () => {
		expect(manualBackupFileName(new Date('2026-11-23T16:30:05Z'))).toBe('kyoso-2026-11-24-013005.sqlite');
	});

	it('makes a readable copy now, lists backups newest first with size, and finds only our own files', async () => {
		const dir = tmp();
		const db = openDatabase(dir);
		db.prepare(`INSERT INTO councils (id, name, created_at) VALUES ('c1', 'テスト社協', 1)`).run();
		await backupDaily(db, dir, { now: new Date('2026-11-20T03:00:00Z') });
		const now = await backupNow(db, dir, { now: new Date('2026-11-20T05:00:00Z') });
		expect(now.name).toBe('kyoso-2026-11-20-140000.sqlite');
		const copy = new Database(path.join(dir, 'backups', now.name), { readonly: true });
		expect(copy.prepare('SELECT name FROM councils').get()).toEqual({ name: 'テスト社協' });
		copy.close();
		fs.writeFileSync(path.join(dir, 'backups', 'notes.txt'), 'x');
		const list = listBackups(dir);
		expect(list.map((b) => b.name).sort()).toEqual(['kyoso-2026-11-20-140000.sqlite', 'kyoso-2026-11-20.sqlite']);
		expect(list.every((b) => b.bytes > 0 && b.at > 0)).toBe(true);
		expect(backupPath(dir, now.name)).toBe(path.join(dir, 'backups', now.name));
		expect(backupPath(dir, '../kyoso.sqlite')).toBeNull();
		expect(backupPath(dir, 'notes.txt')).toBeNull();
		expect(backupPath(dir, 'kyoso-2020-01-01.sqlite')).toBeNull();
		db.close();
	});
});
