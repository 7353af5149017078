/**
 * Cold start of a board whose update log holds 10,000 separate updates (no snapshot): written
 * through the DocStore's own append API into a fresh data dir before the server starts (the way
 * the server itself writes them, one row per update), so that nothing has compacted them. Then,
 * per trial, a fresh copy of that data dir, a new server process, and one projector client
 * (y-websocket, as the projector page connects): time from the client's connect to synced. The
 * server loads the document on that first connection (Room -> DocStore.load -> Y.applyUpdate).
 *
 * The server-side share is timed in this process on the same database, through the same
 * SqliteDocStore (read only; src/lib/server/sync is not touched): the SQL read of the log, the
 * room's load (`loadInto`: every row applied in one transaction), and the sync reply; for
 * comparison the earlier path (`load`: Y.mergeUpdates of every row, then one apply) and the same
 * document loaded from a compacted snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { openDatabase } from '../../../src/lib/server/db/database.ts';
import { SqliteDocStore } from '../../../src/lib/server/sync/docStore.ts';
import { ProjectorMirror } from '../../../src/lib/domain/board/projectorMirror.ts';
import { initBoard, addNote, moveNote, editOwnNote, notesMap } from '../../../src/lib/domain/board/board.ts';
import { createTheme, assignNotes, renameTheme } from '../../../src/lib/domain/board/themes.ts';
import { NOTE_LABELS, THEME_TITLES, now, round1, seededRandom, sleep, summarise } from '../common.ts';
import { launchKyoso, seedRooms, settings, HOST } from '../servers.ts';
import { yClient } from '../clients.ts';
import { progress } from '../report.ts';

export type ColdStartOptions = { updates: number; trials: number };

export type ColdTrial = {
	/**
	 * `cold`: the server started with KYOSO_PRELOAD=0 KYOSO_WARMUP=0, so the first client's
	 * connection loads the board in cold code; `restart`: as deployed, the server warms the Yjs code
	 * and loads boards written in the last hours in the background at start, and the client comes
	 * 1.5 s after "listening" (phones retry 0.5-3 s after a restart); `compacted`: the same 10,000
	 * updates stored the way the server keeps them after an unload or shutdown (folded into one
	 * snapshot, with the projectors' copy of it built and stored in the same compaction), on a server
	 * as deployed but not preloading it (a board not written in the last hours: KYOSO_PRELOAD=0), so
	 * the first connection opens it unloaded (the projector is answered from the stored copy).
	 */
	mode: 'cold' | 'restart' | 'compacted';
	/** open -> synced minus the client's apply: the server's load, reply and the loopback */
	server_share_ms: number;
	connect_to_open_ms: number;
	open_to_synced_ms: number;
	connect_to_synced_ms: number;
	/** the client's own share: applying the server's sync reply to its empty Y.Doc */
	client_apply_ms: number;
	warm_connect_to_synced_ms: number;
	notes: number;
};

export type ColdStart = {
	updates: number;
	notes: number;
	log_rows: number;
	db_mb: number;
	state_kb: number;
	/** client connect -> synced, first connection of a fresh server process (one per trial and mode) */
	trials: ColdTrial[];
	/** mode `cold`: the first connection loads the board */
	connect_to_synced_ms: { median: number; max: number };
	/** mode `cold`: the server's share of it (without the client's own apply) */
	server_share_ms: { median: number; max: number };
	/** mode `restart`: the board was preloaded in the background before the client came */
	restart_connect_to_synced_ms: { median: number; max: number };
	/** mode `compacted`: first connection loads the board from its snapshot */
	compacted_connect_to_synced_ms: { median: number; max: number };
	compacted_server_share_ms: { median: number; max: number };
	/** the same, a second client on the already loaded document */
	warm_connect_to_synced_ms: number;
	/** in-process timings of the room's load path (DocStore.loadInto), ms: median of 5 after a first run */
	server_load: {
		sql_read_ms: number;
		/** SQL + applying the snapshot and every row to a new Y.Doc in one transaction */
		load_into_ms: number;
		sync_reply_ms: number;
		total_ms: number;
		total_first_ms: number;
	};
	/** the earlier load path: DocStore.load (SQL + Y.mergeUpdates of every row), then one apply */
	merge_path: { store_load_ms: number; apply_ms: number; total_ms: number };
	/** the same document with its log folded into one snapshot (what compaction leaves) */
	snapshot_load: { total_ms: number };
};

/**
 * A realistic 10,000-update log of a busy workshop, each update one transaction: the server's
 * init, notes from phones (server-side client), and three facilitator laptops (own Yjs clients)
 * creating and naming themes, grouping notes, and moving notes about; phones editing their notes.
 */
export function generateLog(count: number, seed = 20261123): { updates: Uint8Array[]; notes: number } {
	const random = seededRandom(seed);
	const server = new Y.Doc();
	const laptops = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
	const docs = [server, ...laptops];
	const updates: Uint8Array[] = [];
	for (const d of docs) {
		d.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin === 'remote') return;
			updates.push(u);
			for (const other of docs) if (other !== d) Y.applyUpdate(other, u, 'remote');
		});
	}
	initBoard(server, { step: 'issues', inputOpen: true });
	const notes = Math.min(2000, Math.floor(count * 0.2));
	const themes = 24;
	const noteIds: string[] = [];
	const themeIds: string[] = [];
	let t = Date.UTC(2026, 10, 23, 1, 0, 0);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
	const laptop = () => pick(laptops);
	// Phones write the notes (through the server's document), facilitators start themes as they go.
	for (let i = 0; i < notes && updates.length < count; i++) {
		const id = `n-${i.toString(36).padStart(6, '0')}`;
		const r = addNote(server, { id, text: `${pick(NOTE_LABELS)}（${i + 1}）`, kind: random() < 0.7 ? 'concern' : 'strength', authorId: `p-${i % 300}`, authorRole: 'participant', nickname: `住民${(i % 300) + 1}`, now: t++ });
		if (!r.ok) throw new Error(r.error);
		noteIds.push(id);
		if (i % Math.floor(notes / themes) === 0 && themeIds.length < themes && updates.length < count) {
			const tid = `th-${themeIds.length}`;
			const c = createTheme(laptop(), { id: tid, title: '', x: 1600 + (themeIds.length % 6) * 1000, y: (Math.floor(themeIds.length / 6)) * 1400, now: t++ });
			if (!c.ok) throw new Error(c.error);
			themeIds.push(tid);
		}
	}
	// The rest: facilitators move notes about, group them and name themes; phones edit their notes.
	while (updates.length < count) {
		const x = random();
		if (x < 0.55) {
			const r = moveNote(laptop(), pick(noteIds), Math.floor(random() * 8000), Math.floor(random() * 6000));
			if (!r.ok) throw new Error(r.error);
		} else if (x < 0.75) {
			const r = assignNotes(laptop(), [pick(noteIds)], random() < 0.9 ? pick(themeIds) : null);
			if (!r.ok) throw new Error(r.error);
		} else if (x < 0.9) {
			const i = Math.floor(random() * noteIds.length);
			const r = editOwnNote(server, { id: noteIds[i]!, authorId: `p-${i % 300}`, text: `${pick(NOTE_LABELS)}（${i + 1}・${Math.floor(random() * 100)}）` });
			if (!r.ok) throw new Error(r.error);
		} else {
			const r = renameTheme(laptop(), pick(themeIds), random() < 0.5 ? { title: pick(THEME_TITLES) } : { catchphrase: `${pick(THEME_TITLES)}を考える` });
			if (!r.ok) throw new Error(r.error);
		}
	}
	const n = notesMap(server).size;
	for (const d of docs) d.destroy();
	return { updates: updates.slice(0, count), notes: n };
}

function timed<T>(fn: () => T): [T, number] {
	const t0 = performance.now();
	const v = fn();
	return [v, performance.now() - t0];
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
	const t0 = performance.now();
	const v = await fn();
	return [v, performance.now() - t0];
}

const median = (xs: number[]): number => summarise(xs).p50;

async function inProcessLoad(dataDir: string, docName: string): Promise<Pick<ColdStart, 'server_load' | 'merge_path' | 'snapshot_load' | 'state_kb'>> {
	const db = openDatabase(dataDir);
	try {
		const store = new SqliteDocStore(db);
		const rowsStmt = db.prepare<[string], { data: Buffer }>('SELECT data FROM doc_updates WHERE doc = ? AND seq > 0 ORDER BY seq');
		// What the room does on load now: DocStore.loadInto (snapshot, then every log row, applied in one transaction).
		const runs: { sql: number; load: number; reply: number }[] = [];
		let state: Uint8Array = new Uint8Array();
		for (let i = 0; i < 6; i++) {
			const [, sql] = timed(() => rowsStmt.all(docName));
			const doc = new Y.Doc({ gc: true });
			const [, load] = await timedAsync(() => store.loadInto(docName, doc, 'load'));
			// what the server computes for a client's sync step 1 (an empty client: the whole state)
			const [st, reply] = timed(() => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc())));
			state = st;
			doc.destroy();
			runs.push({ sql, load, reply });
		}
		// The earlier path, for comparison: DocStore.load merges every row with Y.mergeUpdates, then one apply.
		const merges: { load: number; apply: number }[] = [];
		for (let i = 0; i < 2; i++) {
			const [loaded, load] = await timedAsync(() => store.load(docName));
			const doc = new Y.Doc({ gc: true });
			const [, apply] = timed(() => Y.applyUpdate(doc, loaded.update!));
			doc.destroy();
			merges.push({ load, apply });
		}
		// The same state as one compacted snapshot, in a scratch document name of this copy.
		const snapName = `${docName}.bench-snapshot`;
		await store.compact(snapName, state, 0);
		const snapRuns: number[] = [];
		for (let i = 0; i < 5; i++) {
			const doc = new Y.Doc({ gc: true });
			snapRuns.push((await timedAsync(() => store.loadInto(snapName, doc, 'load')))[1]);
			doc.destroy();
		}
		const rest = runs.slice(1);
		const first = runs[0]!;
		const m = (k: keyof (typeof runs)[number]) => round1(median(rest.map((r) => r[k])));
		return {
			state_kb: round1(state.length / 1024),
			server_load: {
				sql_read_ms: m('sql'),
				load_into_ms: m('load'),
				sync_reply_ms: m('reply'),
				total_ms: round1(median(rest.map((r) => r.load + r.reply))),
				total_first_ms: round1(first.load + first.reply)
			},
			merge_path: {
				store_load_ms: round1(median(merges.map((r) => r.load))),
				apply_ms: round1(median(merges.map((r) => r.apply))),
				total_ms: round1(median(merges.map((r) => r.load + r.apply)))
			},
			snapshot_load: { total_ms: round1(median(snapRuns)) }
		};
	} finally {
		db.close();
	}
}

/** One projector client: connect -> socket open -> synced. */
async function connectOnce(port: number, docName: string, token: string): Promise<{ open: number; synced: number; apply: number; notes: number }> {
	const t0 = now();
	let openAt = NaN;
	let applyStart = NaN;
	let apply = 0;
	const client = yClient({ serverUrl: `ws://${HOST}:${port}/sync`, room: docName, params: { as: 'display', t: token }, awarenessState: null, maxBackoffTime: 1000 });
	client.provider.on('status', ({ status }: { status: string }) => {
		if (status === 'connected' && Number.isNaN(openAt)) openAt = now();
	});
	client.doc.on('beforeTransaction', () => (applyStart = performance.now()));
	client.doc.on('afterTransactionCleanup', () => (apply += performance.now() - applyStart));
	try {
		await client.whenSynced(30_000);
		const syncedAt = now();
		return { open: openAt - t0, synced: syncedAt - t0, apply, notes: client.doc.getMap('notes').size };
	} finally {
		client.destroy();
	}
}

export async function runColdStart(o: ColdStartOptions): Promise<ColdStart> {
	const template = fs.mkdtempSync(path.join(settings.dataRoot, 'kyoso-bench-cold-'));
	const copies: string[] = [];
	try {
		const [room] = await seedRooms(template, 1);
		const docName = `workshop.${room!.workshopId}`;
		const [log, genMs] = timed(() => generateLog(o.updates));
		const db = openDatabase(template);
		const store = new SqliteDocStore(db);
		for (let i = 0; i < log.updates.length; i += 500) await store.append(docName, log.updates.slice(i, i + 500));
		const rows = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?').get(docName)!.n;
		const snaps = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc = ?').get(docName)!.n;
		db.pragma('wal_checkpoint(TRUNCATE)');
		db.close();
		if (rows !== o.updates || snaps !== 0) throw new Error(`the log holds ${rows} rows and ${snaps} snapshots, expected ${o.updates} and 0`);
		const dbMb = fs.statSync(path.join(template, 'kyoso.sqlite')).size / 2 ** 20;
		progress(`web: cold start: ${rows} logged updates (${log.notes} notes) written in ${Math.round(genMs)} ms generation + append; ${round1(dbMb)} MB database`);

		const copy = (from = template): string => {
			const dir = fs.mkdtempSync(path.join(settings.dataRoot, 'kyoso-bench-cold-run-'));
			copies.push(dir);
			for (const f of fs.readdirSync(from)) if (f.startsWith('kyoso.sqlite')) fs.copyFileSync(path.join(from, f), path.join(dir, f));
			return dir;
		};
		// The same document as the server keeps it after an unload or shutdown: its log folded into a
		// snapshot, with the projectors' copy built afresh and stored in the same compaction (Room.compact).
		const compactedTemplate = copy();
		{
			const cdb = openDatabase(compactedTemplate);
			const cstore = new SqliteDocStore(cdb);
			const doc = new Y.Doc();
			await cstore.loadInto(docName, doc, 'load');
			const projectors = new ProjectorMirror(doc);
			await cstore.compact(docName, Y.encodeStateAsUpdate(doc), undefined, Y.encodeStateAsUpdate(projectors.doc));
			projectors.destroy();
			doc.destroy();
			cdb.pragma('wal_checkpoint(TRUNCATE)');
			cdb.close();
		}

		const inproc = await inProcessLoad(copy(), docName);
		const trials: ColdTrial[] = [];
		const modes = ['cold', 'restart', 'compacted'] as const;
		for (let t = 0; t < o.trials * modes.length; t++) {
			const mode = modes[t % modes.length]!;
			const dir = copy(mode === 'compacted' ? compactedTemplate : template);
			const logLines: string[] = [];
			const env: Record<string, string> = mode === 'cold' ? { KYOSO_PRELOAD: '0', KYOSO_WARMUP: '0' } : mode === 'compacted' ? { KYOSO_PRELOAD: '0' } : {};
			const server = await launchKyoso(0, dir, logLines, env);
			try {
				await sleep(1500); // start-up work (the backup at start, the handler import) out of the way
				const cold = await connectOnce(server.port, docName, room!.displayToken);
				const warm = await connectOnce(server.port, docName, room!.displayToken);
				trials.push({
					mode,
					server_share_ms: round1(cold.synced - cold.open - cold.apply),
					connect_to_open_ms: round1(cold.open),
					open_to_synced_ms: round1(cold.synced - cold.open),
					connect_to_synced_ms: round1(cold.synced),
					client_apply_ms: round1(cold.apply),
					warm_connect_to_synced_ms: round1(warm.synced),
					notes: cold.notes
				});
				progress(`web: cold start trial ${Math.floor(t / modes.length) + 1} (${mode}): connect -> synced ${round1(cold.synced)} ms (socket open ${round1(cold.open)} ms, client apply ${round1(cold.apply)} ms), ${cold.notes} notes; second client ${round1(warm.synced)} ms`);
			} finally {
				await server.stop();
			}
		}
		const range = (xs: number[]) => ({ median: round1(median(xs)), max: round1(Math.max(...xs)) });
		const colds = trials.filter((t) => t.mode === 'cold');
		const restarts = trials.filter((t) => t.mode === 'restart');
		const compacted = trials.filter((t) => t.mode === 'compacted');
		return {
			updates: rows,
			notes: log.notes,
			log_rows: rows,
			db_mb: round1(dbMb),
			state_kb: inproc.state_kb,
			trials,
			connect_to_synced_ms: range(colds.map((t) => t.connect_to_synced_ms)),
			server_share_ms: range(colds.map((t) => t.server_share_ms)),
			restart_connect_to_synced_ms: range(restarts.map((t) => t.connect_to_synced_ms)),
			compacted_connect_to_synced_ms: range(compacted.map((t) => t.connect_to_synced_ms)),
			compacted_server_share_ms: range(compacted.map((t) => t.server_share_ms)),
			warm_connect_to_synced_ms: round1(median(trials.map((t) => t.warm_connect_to_synced_ms))),
			server_load: inproc.server_load,
			merge_path: inproc.merge_path,
			snapshot_load: inproc.snapshot_load
		};
	} finally {
		fs.rmSync(template, { recursive: true, force: true });
		for (const d of copies) fs.rmSync(d, { recursive: true, force: true });
	}
}
