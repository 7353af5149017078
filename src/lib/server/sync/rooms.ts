/**
 * The loaded documents (rooms) of the sync core: loading one on first use (filled by its kind if new;
 * the store is read asynchronously, and everyone asking for a document while it loads shares that load),
 * unloading it some time after its last socket left (snapshot, compaction, its kind's hooks), preloading
 * at start, and dropping a room whose write failed (every socket is closed: clients resend). Code outside
 * the sync core reaches sockets through `closeWhere` and `forEachConn`, never through the rooms.
 */
import * as Y from 'yjs';
import type { DocStore } from './docStore';
import type { UpdateLog } from './updateLog';
import type { DocKind, DocKinds } from './docKinds';
import type { Fanout } from './fanout';
import { Room, SERVER_ORIGIN, type Conn } from './room';
import { CloseCode } from '../../protocol/messages';

export type RoomRegistryOptions = {
	store: DocStore;
	writer: UpdateLog;
	kinds: DocKinds;
	/** Where rooms publish their committed updates. */
	fanout: Fanout;
	/** Unload a room this long after its last socket left. */
	unloadAfterMs: number;
	log: (msg: string, err?: unknown) => void;
};

export class RoomRegistry {
	readonly #rooms = new Map<string, Room>();
	/** Rooms whose stored state is being read: a second open of the same document waits for the same load. */
	readonly #loading = new Map<string, Promise<Room>>();
	readonly #unloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
	readonly #o: RoomRegistryOptions;
	#closing = false;

	constructor(o: RoomRegistryOptions) {
		this.#o = o;
	}

	get closing(): boolean {
		return this.#closing;
	}

	get(name: string): Room | undefined {
		return this.#rooms.get(name);
	}

	has(name: string): boolean {
		return this.#rooms.has(name);
	}

	/** Whether the document is being loaded now (not yet a room). */
	loading(name: string): boolean {
		return this.#loading.has(name);
	}

	/**
	 * The room of a document, loaded if needed (filled by its kind if new); two opens of a document
	 * being loaded share the one load. Rejects if the stored state cannot be read, the name is of no
	 * kind, or the server began closing while it loaded.
	 */
	open(name: string): Promise<Room> {
		const existing = this.#rooms.get(name);
		if (existing) return Promise.resolve(existing);
		const loading = this.#loading.get(name);
		if (loading) return loading;
		const resolved = this.#o.kinds.resolve(name);
		if (!resolved) return Promise.reject(new Error(`no document kind for ${name}`));
		const load = this.#load(name, resolved.kind, resolved.id).finally(() => this.#loading.delete(name));
		this.#loading.set(name, load);
		return load;
	}

	async #load(name: string, kind: DocKind, id: string): Promise<Room> {
		const room = await Room.load(name, kind, this.#o.store, this.#o.writer, (r, e) => this.#poison(r, e), this.#o.fanout);
		if (this.#closing) {
			room.destroy();
			throw new Error(`the server is closing: ${name} was not opened`);
		}
		this.#rooms.set(name, room);
		const onStaffChange = kind.onStaffChange;
		if (onStaffChange) {
			const content = new Set(kind.contentMaps ?? []);
			const doc = room.doc;
			doc.on('afterTransaction', (tr: Y.Transaction) => {
				const origin = tr.origin as Conn | null;
				if (!origin || typeof origin !== 'object' || !('principal' in origin) || origin.principal.kind !== 'staff') return;
				// Only changes to top-level maps' own keys (settings), not edits of content.
				const changed = new Map<string, string[]>();
				for (const [type, keys] of tr.changed) {
					if (type.parent !== null || !(type instanceof Y.Map)) continue;
					const mapName = [...doc.share.entries()].find(([, t]) => (t as unknown) === type)?.[0];
					if (mapName && !content.has(mapName)) changed.set(mapName, [...keys].filter((k): k is string => k !== null));
				}
				if (changed.size > 0) onStaffChange(name, origin.principal, changed, doc);
			});
		}
		const init = kind.init;
		if (init) room.mutate(SERVER_ORIGIN, () => init(room.doc, id));
		return room;
	}

	#poison(room: Room, error: unknown): void {
		this.#o.log(`could not store an update to ${room.name}; closing the room so clients resend`, error);
		this.#rooms.delete(room.name);
		room.closeAll(CloseCode.InternalError, 'storage failure');
		room.destroy();
	}

	/** The room lost its last socket (or was opened without one): unload it later unless someone comes. */
	idle(room: Room): void {
		if (room.conns.size > 0) return;
		this.cancelUnload(room.name);
		this.#unloadTimers.set(
			room.name,
			setTimeout(() => {
				this.#unloadTimers.delete(room.name);
				void this.#unload(room);
			}, this.#o.unloadAfterMs)
		);
	}

	cancelUnload(name: string): void {
		const t = this.#unloadTimers.get(name);
		if (t) clearTimeout(t);
		this.#unloadTimers.delete(name);
	}

	/** Snapshot and compact an idle room, and drop it once its writes are on disk (unless someone came back). */
	async #unload(room: Room): Promise<void> {
		if (room.conns.size > 0 || room.destroyed) return;
		room.kind.onUnload?.(room.name, room.doc);
		// with the projector copy, so that the first projector on the unloaded board is answered from the store
		await room.compact({ projector: true });
		await this.#o.writer.flush();
		if (room.conns.size > 0 || room.destroyed || this.#unloadTimers.has(room.name)) return;
		room.destroy();
		if (this.#rooms.get(room.name) === room) this.#rooms.delete(room.name);
	}

	/**
	 * Load these documents in the background, one per turn of the event loop, so that clients
	 * coming back after a restart find them ready (boards that were live before it). Each is
	 * unloaded again like any room if nobody connects. Resolves with how many were loaded.
	 */
	async preload(names: readonly string[]): Promise<number> {
		let loaded = 0;
		for (const name of names) {
			await new Promise((resolve) => setImmediate(resolve));
			if (this.#closing) break;
			if (this.#rooms.has(name) || this.#loading.has(name)) continue;
			try {
				const room = await this.open(name);
				loaded++;
				// Build the projectors' copy (from the stored one), and encode it, for the projector coming back
				if (room.kind.projector) room.warmProjectorCopy();
				// and fold the log now, while no client waits for it: the encoded state is kept as the answer
				// for the clients coming back with nothing cached (reloaded laptops).
				if (room.logLength > 0) void room.compact();
				this.idle(room);
			} catch (e) {
				this.#o.log(`could not preload ${name}`, e);
			}
		}
		return loaded;
	}

	/** Every open connection, with its room. */
	*connections(): Generator<[Room, Conn]> {
		for (const room of this.#rooms.values()) for (const c of room.conns) yield [room, c];
	}

	/** Close every connection (of `docName` only, if given) that `match` picks. */
	closeWhere(match: (c: Conn) => boolean, code: number, reason: string, docName?: string): void {
		const rooms = docName === undefined ? [...this.#rooms.values()] : [this.#rooms.get(docName)].filter((r): r is Room => r !== undefined);
		for (const room of rooms) for (const c of [...room.conns]) if (match(c)) c.close(code, reason);
	}

	/** Stop accepting, compact every room, tell clients to come back shortly. */
	closeAll(): void {
		this.#closing = true;
		for (const t of this.#unloadTimers.values()) clearTimeout(t);
		this.#unloadTimers.clear();
		for (const room of this.#rooms.values()) {
			room.kind.onUnload?.(room.name, room.doc);
			void room.compact({ projector: true });
			room.closeAll(CloseCode.Restarting, 'server restarting');
			room.destroy();
		}
		this.#rooms.clear();
	}

	stats(): { rooms: number; connections: number } {
		let connections = 0;
		for (const r of this.#rooms.values()) connections += r.conns.size;
		return { rooms: this.#rooms.size, connections };
	}
}
