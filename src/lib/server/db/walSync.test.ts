import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WalSync, datasyncFile } from './walSync';
import { openDatabase, openLogConnection } from './database';

/** An fsync that finishes when the test says so; records the order of starts. */
function manualFsync() {
	const calls: { path: string; resolve: () => void; reject: (e: Error) => void }[] = [];
	const fsync = (p: string) => new Promise<void>((resolve, reject) => calls.push({ path: p, resolve, reject }));
	return { calls, fsync };
}

const tick = () => new Promise((r) => setImmediate(r));

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir(): string {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-wal-'));
	dirs.push(d);
	return d;
}

describe('WalSync', () => {
	it('fsyncs the WAL file of the database', async () => {
		const m = manualFsync();
		const wal = new WalSync('/data/kyoso.sqlite', m.fsync);
		const done = wal.sync();
		expect(m.calls.map((c) => c.path)).toEqual(['/data/kyoso.sqlite-wal']);
		m.calls[0]!.resolve();
		await done;
		expect(wal.stats().syncs).toBe(1);
	});

	it('serves every call made during an fsync with one more fsync, not with the one in flight', async () => {
		const m = manualFsync();
		const wal = new WalSync('db', m.fsync);
		const settled: string[] = [];
		void wal.sync().then(() => settled.push('first'));
		// Three commits while the first fsync runs: it may have started before their writes.
		for (const name of ['a', 'b', 'c']) void wal.sync().then(() => settled.push(name));
		expect(m.calls).toHaveLength(1);
		m.calls[0]!.resolve();
		await tick();
		expect(settled).toEqual(['first']);
		// One shared fsync for the three, started only after the first one finished.
		expect(m.calls).toHaveLength(2);
		m.calls[1]!.resolve();
		await tick();
		expect(settled).toEqual(['first', 'a', 'b', 'c']);
		expect(wal.stats().syncs).toBe(2);
	});

	it('rejects the callers of a failed fsync with a message that names the file, and tries again for the next', async () => {
		const m = manualFsync();
		const wal = new WalSync('db', m.fsync);
		const failed = wal.sync();
		m.calls[0]!.reject(new Error('EIO: i/o error'));
		await expect(failed).rejects.toThrow(/could not write the update log to disk \(fsync of db-wal\): EIO/);
		const next = wal.sync();
		expect(m.calls).toHaveLength(2);
		m.calls[1]!.resolve();
		await expect(next).resolves.toBeUndefined();
	});
});

describe('datasyncFile', () => {
	it('syncs an existing file and treats a missing one as nothing to sync', async () => {
		const dir = tmpDir();
		const file = path.join(dir, 'f');
		fs.writeFileSync(file, 'x');
		await expect(datasyncFile(file)).resolves.toBeUndefined();
		await expect(datasyncFile(path.join(dir, 'missing'))).resolves.toBeUndefined();
	});

	it('reports other errors', async () => {
		const dir = tmpDir();
		// A directory cannot be opened for writing.
		await expect(datasyncFile(dir)).rejects.toThrow(/EISDIR/);
	});
});

describe('the update log connection', () => {
	it('commits without fsync (synchronous=NORMAL) while the main connection keeps FULL, and sees the same data', async () => {
		const dir = tmpDir();
		const db = openDatabase(dir);
		const log = openLogConnection(db.name);
		try {
			expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
			expect(log.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
			expect(log.pragma('journal_mode', { simple: true })).toBe('wal');
			log.prepare('INSERT INTO doc_updates (doc, seq, data, created_at) VALUES (?, ?, ?, ?)').run('workshop.x', 1, Buffer.from([1, 2]), 1);
			expect(db.prepare('SELECT COUNT(*) AS n FROM doc_updates').get()).toEqual({ n: 1 });
			expect(fs.existsSync(`${db.name}-wal`)).toBe(true);
			await expect(new WalSync(db.name).sync()).resolves.toBeUndefined();
		} finally {
			log.close();
			db.close();
		}
	});

	it('refuses a database file that does not exist (it is opened after the main connection migrated it)', () => {
		expect(() => openLogConnection(path.join(tmpDir(), 'nothing.sqlite'))).toThrow();
	});
});
