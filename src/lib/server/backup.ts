/**
 * Daily database backups (毎日のバックアップ): a consistent copy of the SQLite database made with
 * SQLite's online backup API (better-sqlite3 `db.backup`, safe while the app writes), one file per
 * day under DATA_DIR/backups, the newest `keep` kept. Restore procedure: README "Backups".
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DB } from './db/database';

export const BACKUP_PREFIX = 'kyoso-';

export function backupFileName(date: Date): string {
	// Japan's calendar day, so a backup taken at 01:00 JST is named after that day.
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
	return `${BACKUP_PREFIX}${day}.sqlite`;
}

/** A backup made on demand ("back up now"): the Japan day and time, so that several a day can exist. */
export function manualBackupFileName(date: Date): string {
	const p = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
			.formatToParts(date)
			.map((x) => [x.type, x.value])
	);
	return `${BACKUP_PREFIX}${p.year}-${p.month}-${p.day}-${p.hour}${p.minute}${p.second}.sqlite`;
}

/** Names a backup file may have; anything else (a path, a partial file) is not a backup. */
export const BACKUP_NAME = /^kyoso-\d{4}-\d{2}-\d{2}(-\d{6})?\.sqlite$/;

export const backupDir = (dataDir: string) => path.join(dataDir, 'backups');

export type BackupResult = { file: string; bytes: number; skipped: boolean; removed: string[] };

/** Copy the live database into `file` (consistent, while the app writes), never leaving a half-written file under that name. */
async function writeBackup(db: DB, file: string): Promise<void> {
	const tmp = `${file}.partial`;
	await db.backup(tmp);
	// A single self-contained file (no -wal/-shm companions), so it can be copied as it is.
	const copy = new Database(tmp);
	copy.pragma('journal_mode = DELETE');
	copy.close();
	fs.renameSync(tmp, file); // a half-written backup never carries the final name
}

/** Make today's backup if it does not exist yet, then prune old ones. */
export async function backupDaily(db: DB, dataDir: string, opts: { now?: Date; keep?: number } = {}): Promise<BackupResult> {
	const dir = backupDir(dataDir);
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, backupFileName(opts.now ?? new Date()));
	let skipped = true;
	if (!fs.existsSync(file)) {
		await writeBackup(db, file);
		skipped = false;
	}
	const keep = opts.keep ?? 14;
	const all = fs
		.readdirSync(dir)
		.filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith('.sqlite'))
		.sort();
	const removed = all.slice(0, Math.max(0, all.length - keep));
	for (const f of removed) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, f + suffix), { force: true });
	return { file, bytes: fs.statSync(file).size, skipped, removed };
}

/** A backup now (the admin's 「今すぐバックアップ」), kept alongside the daily ones and pruned with them. */
export async function backupNow(db: DB, dataDir: string, opts: { now?: Date } = {}): Promise<{ name: string; bytes: number }> {
	const dir = backupDir(dataDir);
	fs.mkdirSync(dir, { recursive: true });
	const name = manualBackupFileName(opts.now ?? new Date());
	const file = path.join(dir, name);
	await writeBackup(db, file);
	return { name, bytes: fs.statSync(file).size };
}

export type BackupFile = { name: string; bytes: number; at: number };

/** The backups on disk, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
	let names: string[];
	try {
		names = fs.readdirSync(backupDir(dataDir));
	} catch {
		return [];
	}
	return names
		.filter((n) => BACKUP_NAME.test(n))
		.map((name) => {
			const st = fs.statSync(path.join(backupDir(dataDir), name));
			return { name, bytes: st.size, at: st.mtimeMs };
		})
		.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
}

/** The path of a backup by its name, or null for a name that is not one of ours (or does not exist). */
export function backupPath(dataDir: string, name: string): string | null {
	if (!BACKUP_NAME.test(name)) return null;
	const file = path.join(backupDir(dataDir), name);
	return fs.existsSync(file) ? file : null;
}

/** Back up at start and then every hour (a new file only once per day). */
export function scheduleBackups(db: DB, dataDir: string, log: (msg: string, e?: unknown) => void = console.log): () => Promise<void> {
	let running: Promise<void> = Promise.resolve();
	const run = () =>
		(running = backupDaily(db, dataDir).then(
			(r) => {
				if (!r.skipped) log(`[backup] ${r.file} (${Math.round(r.bytes / 1024)} kB)`);
			},
			(e: unknown) => log('[backup] failed: check free disk space and DATA_DIR permissions', e)
		));
	void run();
	const timer = setInterval(run, 3600_000);
	timer.unref();
	// Stopping waits for a backup in progress, so that the database is not closed under it.
	return () => {
		clearInterval(timer);
		return running;
	};
}
