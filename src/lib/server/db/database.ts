/**
 * The embedded SQLite database (better-sqlite3). WAL journal with synchronous=FULL on the main
 * connection: every commit is fsynced before it returns, so an operation we acknowledge survives a
 * crash of the process and a power cut; WAL keeps readers from blocking the writer.
 *
 * The boards' update log is written through its own connections (`openLogConnection`) with
 * synchronous=NORMAL, and made durable afterwards by `WalSync` (see walSync.ts): a change is relayed
 * to the other screens once committed, and acknowledged once fsynced.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type DB = Database.Database;

export function openDatabase(dataDir: string, file = 'kyoso.sqlite'): DB {
	fs.mkdirSync(dataDir, { recursive: true });
	const db = new Database(path.join(dataDir, file));
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	migrate(db);
	return db;
}

/**
 * A connection for the update log (`SqliteDocStore` on the main thread, or the writer thread) to the
 * database `file`, already created and migrated by `openDatabase`. Commits are not fsynced: they
 * survive a crash of the process at once and a power cut after the next `WalSync.sync()`.
 */
export function openLogConnection(file: string): DB {
	const db = new Database(file, { fileMustExist: true });
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('busy_timeout = 5000');
	return db;
}

export function migrate(db: DB): void {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current > MIGRATIONS.length) {
		throw new Error(`database schema version ${current} is newer than this build (${MIGRATIONS.length}); upgrade the app`);
	}
	for (let v = current; v < MIGRATIONS.length; v++) {
		const sql = MIGRATIONS[v]!;
		db.transaction(() => {
			db.exec(sql);
			db.pragma(`user_version = ${v + 1}`);
		})();
	}
}
