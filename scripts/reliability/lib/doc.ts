/**
 * Two ways to read a workshop board: live, as a projector does (y-websocket sync on a display
 * socket), and at rest, from the SQLite file of a stopped server (SqliteDocStore, as the server loads it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { openDatabase } from '../../../src/lib/server/db/database.ts';
import { SqliteDocStore } from '../../../src/lib/server/sync/docStore.ts';
import { readNotes, type Note } from '../../../src/lib/domain/board.ts';
import { MessageType } from '../../../src/lib/protocol/messages.ts';

export const boardDoc = (workshopId: string) => `workshop.${workshopId}`;

export function syncUrl(port: number, workshopId: string, params: Record<string, string>): string {
	const url = new URL(`ws://127.0.0.1:${port}/sync/${boardDoc(workshopId)}`);
	for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
	return url.href;
}

export function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Read the live board through a projector socket: send sync step 1, apply the server's step 2. */
export function readLiveDoc(port: number, workshopId: string, displayToken: string, timeoutMs = 15_000): Promise<Y.Doc> {
	return new Promise((resolve, reject) => {
		const doc = new Y.Doc();
		const ws = new WebSocket(syncUrl(port, workshopId, { as: 'display', t: displayToken }), { perMessageDeflate: false });
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error('no sync step 2 from the server in time'));
		}, timeoutMs);
		ws.on('open', () => {
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, MessageType.Sync);
			syncProtocol.writeSyncStep1(enc, doc);
			ws.send(encoding.toUint8Array(enc));
		});
		ws.on('message', (data) => {
			const dec = decoding.createDecoder(toBytes(data));
			if (decoding.readVarUint(dec) !== MessageType.Sync) return;
			if (decoding.readVarUint(dec) !== syncProtocol.messageYjsSyncStep2) return;
			Y.applyUpdate(doc, decoding.readVarUint8Array(dec));
			clearTimeout(timer);
			ws.close();
			resolve(doc);
		});
		ws.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		ws.on('close', (code) => {
			clearTimeout(timer);
			reject(new Error(`display socket closed (${code}) before sync`));
		});
	});
}

/** Read a board from the SQLite file of a stopped server, the way the server loads it. */
export function readStoredDoc(dataDir: string, workshopId: string): Y.Doc {
	const db = openDatabase(dataDir);
	try {
		const store = new SqliteDocStore(db);
		const loaded = store.load(boardDoc(workshopId));
		const doc = new Y.Doc();
		if (loaded.update) Y.applyUpdate(doc, loaded.update);
		return doc;
	} finally {
		db.close();
	}
}

/** Read a board from a copy of the data dir's database files, leaving the originals untouched. */
export function readStoredCopy(dataDir: string, workshopId: string): Y.Doc {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-copy-'));
	try {
		for (const f of fs.readdirSync(dataDir)) {
			if (/\.sqlite(-wal|-shm)?$/.test(f)) fs.copyFileSync(path.join(dataDir, f), path.join(copy, f));
		}
		return readStoredDoc(copy, workshopId);
	} finally {
		fs.rmSync(copy, { recursive: true, force: true });
	}
}

export function notesOf(doc: Y.Doc): Note[] {
	return readNotes(doc);
}

/** Every root map of the board as plain JSON (all roots of a board are Y.Maps). */
export function docJson(doc: Y.Doc): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of [...doc.share.keys()].sort()) out[key] = doc.getMap(key).toJSON();
	return out;
}

/** A stable string for comparing JSON values (object keys sorted). */
export function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}
