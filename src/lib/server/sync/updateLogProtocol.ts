/** Messages between the sync server and its update writer thread (updateLog.worker.ts). */
export type WriterRequest =
	| { t: 'append'; id: number; doc: string; updates: Uint8Array[] }
	/** `projector`: the projectors' copy of the same state, stored with it (DocLogWriter.compact) */
	| { t: 'compact'; id: number; doc: string; state: Uint8Array; projector?: Uint8Array }
	/** answered once everything sent before it is done */
	| { t: 'barrier'; id: number }
	/** write what is queued, close the connection, answer */
	| { t: 'close'; id: number };

export type WriterReply = { id: number; ok: true } | { id: number; ok: false; error: string };

/** The answers to all requests written in one transaction, in the order they came. */
export type WriterBatch = { replies: WriterReply[]; commitMs: number };
