import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './db/database';
import { backupDaily, backupFileName } from './backup';
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
