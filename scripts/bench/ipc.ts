/**
 * What the orchestrator and its worker processes say to each other over the fork IPC channel:
 * one request/response table, so that both sides are type-checked against the same shapes.
 */

/** One workshop (room) of our server, as the clients need it. */
export type RoomRef = { workshopId: string; joinCode: string; displayToken: string };

/** Where raw y-websocket clients connect, and how. */
export type RawTarget = {
	/** label in the report */
	name: string;
	/** ws://host:port/prefix: y-websocket appends /<room> */
	serverUrl: string;
	room: string;
	params: Record<string, string>;
	cookie?: string;
	/** Hocuspocus 2+ frames every message with the document name and wants an auth message first. */
	hocuspocus: boolean;
};

export type ClientCounts = { phones: number; displays: number; staff: number };

export type HallSetup = {
	port: number;
	rooms: RoomRef[];
	/** phones of this worker: room index and nickname */
	phones: { room: number; nickname: string }[];
	/** room indices whose projector runs in this worker */
	displays: number[];
	/** room indices whose facilitator laptop runs in this worker */
	staff: number[];
	staffCookie: string;
	/** phones reconnecting every `retryMs` (the storm) instead of giving up */
	retryMs: number;
};

export type RunSpec = { durationMs: number; noteRatePerSec: number; voteRatePerSec: number };

export type HallStatus = { inflight: number; ackedByRoom: Record<number, number>; seenByRoom: Record<number, number> };

export type HallResult = {
	/** notes the server acknowledged: room and note id */
	acked: { room: number; id: string }[];
	/** notes the projectors saw, with send -> visible latency */
	seen: { room: number; id: string; ms: number }[];
	noteAckMs: number[];
	voteAckMs: number[];
	/** refusals and other trouble, by kind */
	errors: Record<string, number>;
	sentNotes: number;
	sentVotes: number;
};

export type StormStatus = {
	clients: number;
	/** clients synced since `armStorm` (phones: got a View; y-websocket clients: synced) */
	synced: number;
	/** absolute times (now()) at which each re-synced client was synced again */
	syncedAt: number[];
	/** earliest time any client's socket opened again */
	firstOpenAt: number | null;
	/** notes each projector holds, by room */
	displayNotes: Record<number, number>;
};

export type RawSetup = { target: RawTarget; clients: number; firstIndex: number; awareness: boolean };

export type RawResult = {
	/** latency of every arrival at every other client */
	samples: Float64Array;
	/** keys this worker's clients wrote */
	written: string[];
	/** per key, how many of this worker's clients (other than the writer) saw it */
	seenCount: Record<string, number>;
	errors: Record<string, number>;
	/** times this worker's event loop was held up ≥ 40 ms while measuring (its clients' own processing, GC): [ms blocked] */
	stalls: number[];
};

export type Api = {
	hallSetup: { req: HallSetup; res: { phones: number; displays: number; staff: number; failed: number } };
	openVote: { req: { themes: number; dotsPerPerson: number }; res: { opened: number } };
	awaitVote: { req: { timeoutMs: number }; res: { ready: number; missing: number } };
	hallRun: { req: RunSpec; res: { sentNotes: number; sentVotes: number } };
	hallStatus: { req: Record<string, never>; res: HallStatus };
	hallCollect: { req: Record<string, never>; res: HallResult };
	fill: { req: { notesPerPhone: number; staffNotes: number; spreadMs: number }; res: { acked: number; failed: number } };
	armStorm: { req: Record<string, never>; res: { clients: number } };
	stormStatus: { req: Record<string, never>; res: StormStatus };
	rawSetup: { req: RawSetup; res: { clients: number; failed: number } };
	/** `seed`: every client's Poisson schedule derives from it, so each server gets the same writes */
	rawRun: { req: { durationMs: number; ratePerSec: number; seed: number; /** unmeasured: the same workload under other keys, to warm the clients up */ warmup?: boolean }; res: { written: number } };
	rawStatus: { req: Record<string, never>; res: { seen: number } };
	rawCollect: { req: Record<string, never>; res: RawResult };
	reset: { req: Record<string, never>; res: { closed: number } };
};

export type Command = keyof Api;

export type Request<K extends Command = Command> = { id: number; cmd: K; req: Api[K]['req'] };
export type Response = { id: number; ok: true; res: unknown } | { id: number; ok: false; error: string };
