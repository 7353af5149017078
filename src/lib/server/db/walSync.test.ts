import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { WalSync, openForSync, type SyncTarget } from './walSync';
import { openDatabase, openLogConnection } from './database';
import { useTmpDirs } from '../testing/tmpDirs';

/** A WAL file whose fsyncs finish when the test says so. */
function manualFile() {
	const calls: { resolve: () => void; reject: (e: Error) => void }[] = [];
	const opened: string[] = [];
	let closed = 0;
	const target: SyncTarget = {
		datasync: () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject })),
		close: () => (closed++, Promise.resolve())
	};
	const open = (p: string) => (opened.push(p), Promise.resolve(target));
	return { calls, opened, open, closed: () => closed };
}

/** until `n` fsyncs have started (opening the file takes a turn) */
async function started(m: { calls: unknown[] }, n: number): Promise<void> {
	for (let i = 0; i < 20 && m.calls.length < n; i++) await tick();
	expect(m.calls).toHaveLength(n);
}

const tick = () => new Promise((r) => setImmediate(r));

const tmpDir = useTmpDirs('kyoso-wal-');

describe('WalSync', () => {
	it('fsyncs the WAL file of the database, opened once and kept open until close', async () => {
		const m = manualFile();
		const wal = new WalSync('/data/kyoso.sqlite', { open: m.open });
		const first = wal.sync();
		await started(m, 1);
		m.calls[0]!.resolve();
		await first;
		const second = wal.sync();
		await started(m, 2);
		m.calls[1]!.resolve();
		await second;
		expect(m.opened).toEqual(['/data/kyoso.sqlite-wal']);
		const closing = wal.close();
		await started(m, 3); // close syncs what is left
		m.calls[2]!.resolve();
		await closing;
		expect(m.closed()).toBe(1);
		expect(wal.stats().syncs).toBe(3);
	});

	it('serves every call made during an fsync with one more fsync, not with the one in flight', async () => {
		const m = manualFile();
		const wal = new WalSync('db', { open: m.open });
		const settled: string[] = [];
		void wal.sync().then(() => settled.push('first'));
		await started(m, 1);
		// Three commits while the first fsync runs: it may have started before their writes.
		for (const name of ['a', 'b', 'c']) void wal.sync().then(() => settled.push(name));
		m.calls[0]!.resolve();
		await started(m, 2);
		expect(settled).toEqual(['first']);
		// One shared fsync for the three, started only after the first one finished.
		m.calls[1]!.resolve();
		await tick();
		expect(settled).toEqual(['first', 'a', 'b', 'c']);
		expect(wal.stats().syncs).toBe(2);
	});

	it('rejects the callers of a failed fsync with a message that names the file, reopens it and tries again for the next', async () => {
		const m = manualFile();
		const wal = new WalSync('db', { open: m.open });
		const failed = wal.sync();
		await started(m, 1);
		m.calls[0]!.reject(new Error('EIO: i/o error'));
		await expect(failed).rejects.toThrow(/could not write the update log to disk \(fsync of db-wal\): EIO/);
		const next = wal.sync();
		await started(m, 2);
		m.calls[1]!.resolve();
		await expect(next).resolves.toBeUndefined();
		expect(m.opened).toHaveLength(2);
	});

	it('syncSoon: one fsync within soonMs for any number of calls, none if a sync() came first', async () => {
		const m = manualFile();
		const wal = new WalSync('db', { open: m.open, soonMs: 20 });
		for (let i = 0; i < 50; i++) wal.syncSoon();
		await tick();
		expect(m.calls).toHaveLength(0); // not at once
		await new Promise((r) => setTimeout(r, 40));
		await started(m, 1);
		m.calls[0]!.resolve();
		await tick();
		// A sync() right after syncSoon() covers it: no second fsync later.
		wal.syncSoon();
		const now = wal.sync();
		await started(m, 2);
		m.calls[1]!.resolve();
		await now;
		await new Promise((r) => setTimeout(r, 40));
		expect(m.calls).toHaveLength(2);
	});

	it('syncSoon: a failed fsync is logged, not thrown', async () => {
		const m = manualFile();
		const logged: string[] = [];
		const wal = new WalSync('db', { open: m.open, soonMs: 1, log: (msg) => logged.push(msg) });
		wal.syncSoon();
		await new Promise((r) => setTimeout(r, 20));
		await started(m, 1);
		m.calls[0]!.reject(new Error('EIO'));
		await tick();
		await tick();
		expect(logged.join()).toMatch(/could not write recent board changes to disk/);
	});
});

describe('openForSync', () => {
	it('opens an existing file for fsync and reports a missing one as nothing to sync', async () => {
		const dir = tmpDir();
		const file = path.join(dir, 'f');
		fs.writeFileSync(file, 'x');
		const target = await openForSync(file);
		await expect(target!.datasync()).resolves.toBeUndefined();
		await target!.close();
		await expect(openForSync(path.join(dir, 'missing'))).resolves.toBeNull();
	});

	it('reports other errors', async () => {
		// A directory cannot be opened for writing.
		await expect(openForSync(tmpDir())).rejects.toThrow(/EISDIR/);
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
			const wal = new WalSync(db.name);
			await expect(wal.sync()).resolves.toBeUndefined();
			await wal.close();
		} finally {
			log.close();
			db.close();
		}
	});

	it('refuses a database file that does not exist (it is opened after the main connection migrated it)', () => {
		expect(() => openLogConnection(path.join(tmpDir(), 'nothing.sqlite'))).toThrow();
	});
});
