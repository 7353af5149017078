/**
 * The update writer thread: its own SQLite connection (`openLogConnection`: WAL, synchronous=NORMAL;
 * the main thread's `WalSync` makes the commits durable) appending rooms' updates. Requests are queued as they arrive and written together in one transaction per turn of
 * this thread's event loop, so every write that arrived during a commit (an fsync) is committed by
 * the next one: group commit. Requests are answered in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WriterBatch, WriterReply, WriterRequest } from './updateLogProtocol';
import { DocLogWriter } from './docStore';
import { openLogConnection } from '../db/database';

const port = parentPort;
if (!port) throw new Error('updateLog.worker.ts runs as a worker thread');

const db = openLogConnection((workerData as { file: string }).file);
const writer = new DocLogWriter(db);

let queue: WriterRequest[] = [];
let scheduled = false;

port.on('message', (request: WriterRequest) => {
	queue.push(request);
	if (!scheduled) {
		scheduled = true;
		setImmediate(drain);
	}
});

function drain(): void {
	scheduled = false;
	const batch = queue;
	queue = [];
	const started = performance.now();
	const replies = writeBatch(batch);
	const answer: WriterBatch = { replies, commitMs: performance.now() - started };
	port!.postMessage(answer);
	if (batch.some((r) => r.t === 'close')) {
		db.close();
		port!.close();
	}
}

function writeBatch(batch: WriterRequest[]): WriterReply[] {
	const replies = new Map<number, WriterReply>();
	try {
		writer.transaction(() => {
			for (const r of batch) {
				if (r.t === 'append') writer.append(r.doc, r.updates);
				else if (r.t === 'compact') {
					// A failed compaction loses nothing (the log stays) and must not undo the appends
					// committed with it: it runs in its own savepoint.
					try {
						writer.compact(r.doc, r.state, undefined, r.projector);
					} catch (e) {
						replies.set(r.id, { id: r.id, ok: false, error: `compaction failed: ${message(e)}` });
					}
				}
			}
		});
	} catch (e) {
		// Nothing of this batch was committed.
		writer.forgetSeqs();
		const error = `could not store updates: ${message(e)}`;
		return batch.map((r): WriterReply => (r.t === 'append' || r.t === 'compact' ? { id: r.id, ok: false, error } : { id: r.id, ok: true }));
	}
	return batch.map((r) => replies.get(r.id) ?? { id: r.id, ok: true });
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
