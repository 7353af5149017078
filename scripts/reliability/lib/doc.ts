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
import { readNotes, type Note } from '../../../src/lib/domain/board/board.ts';
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

/**
 * Read the live document through a socket: send sync step 1, apply the server's step 2, then ask
 * again with what was received and apply that answer too (a staff socket on an unloaded board is
 * first answered from the stored bytes, with the log as separate updates).
 */
function readLive(url: string, headers: Record<string, string>, what: string, timeoutMs: number): Promise<Y.Doc> {
	return new Promise((resolve, reject) => {
		const doc = new Y.Doc();
		const ws = new WebSocket(url, { perMessageDeflate: false, headers });
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error('no sync step 2 from the server in time'));
		}, timeoutMs);
		const askFor = () => {
			const enc = encoding.createEncoder();
			encoding.writeVarUint(enc, MessageType.Sync);
			syncProtocol.writeSyncStep1(enc, doc);
			ws.send(encoding.toUint8Array(enc));
		};
		let answers = 0;
		ws.on('open', askFor);
		ws.on('message', (data) => {
			const dec = decoding.createDecoder(toBytes(data));
			if (decoding.readVarUint(dec) !== MessageType.Sync) return;
			const type = decoding.readVarUint(dec);
			if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) return;
			Y.applyUpdate(doc, decoding.readVarUint8Array(dec));
			if (type !== syncProtocol.messageYjsSyncStep2) return;
			if (++answers === 1) return askFor();
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
			reject(new Error(`${what} socket closed (${code}) before sync`));
		});
	});
}

/**
 * What a projector gets of the live board: the board's projector copy (visible notes without their
 * authors, no ballots: src/lib/domain/projectorMirror.ts).
 */
export function readLiveDoc(port: number, workshopId: string, displayToken: string, timeoutMs = 15_000): Promise<Y.Doc> {
	return readLive(syncUrl(port, workshopId, { as: 'display', t: displayToken }), {}, 'display', timeoutMs);
}

/** The live board itself, as a staff laptop gets it (`staffCookie`: the Cookie header of a signed-in facilitator). */
export function readLiveBoard(port: number, workshopId: string, staffCookie: string, timeoutMs = 15_000): Promise<Y.Doc> {
	return readLive(syncUrl(port, workshopId, { as: 'staff' }), { cookie: staffCookie }, 'staff', timeoutMs);
}

/** Read a board from the SQLite file of a stopped server, the way the server loads it. */
export async function readStoredDoc(dataDir: string, workshopId: string): Promise<Y.Doc> {
	const db = openDatabase(dataDir);
	try {
		const store = new SqliteDocStore(db);
		const loaded = await store.load(boardDoc(workshopId));
		const doc = new Y.Doc();
		if (loaded.update) Y.applyUpdate(doc, loaded.update);
		return doc;
	} finally {
		db.close();
	}
}

/** Read a board from a copy of the data dir's database files, leaving the originals untouched. */
export async function readStoredCopy(dataDir: string, workshopId: string): Promise<Y.Doc> {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-copy-'));
	try {
		for (const f of fs.readdirSync(dataDir)) {
			if (/\.sqlite(-wal|-shm)?$/.test(f)) fs.copyFileSync(path.join(dataDir, f), path.join(copy, f));
		}
		return await readStoredDoc(copy, workshopId);
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
