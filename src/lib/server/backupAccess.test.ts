import { describe, it, expect } from 'vitest';
import { openDatabase } from './db/database';
import { soleCouncil } from './backupAccess';
import { useTmpDirs } from './testing/tmpDirs';

const tmp = useTmpDirs('kyoso-backup-access-');

describe('soleCouncil', () => {
	it('is true only for the one council of a single-council database', () => {
		const db = openDatabase(tmp());
		expect(soleCouncil(db, 'c1')).toBe(false);
		db.prepare(`INSERT INTO councils (id, name, created_at) VALUES ('c1', 'A', 1)`).run();
		expect(soleCouncil(db, 'c1')).toBe(true);
		expect(soleCouncil(db, 'c2')).toBe(false);
		db.prepare(`INSERT INTO councils (id, name, created_at) VALUES ('c2', 'B', 2)`).run();
		expect(soleCouncil(db, 'c1')).toBe(false);
		db.close();
	});
});
