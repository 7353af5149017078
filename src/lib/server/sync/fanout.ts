/**
 * Fan-out of committed document updates to everyone else who holds the document. A room publishes
 * each update once the update log has committed it (relay-after-commit), under the update's sequence
 * number in the log; subscribers get the updates after `fromSeq`, in order.
 *
 * One process (today) holds each document in one room, which relays to its own sockets directly
 * (room.ts): `InProcessFanout` is the in-process bus, and costs nothing for a document nobody
 * subscribed to. A scale-out backend (several processes, e.g. Redis streams keyed by document)
 * implements the same interface; its subscribers read what the fan-out no longer holds from the
 * store (`DocStore.readStored`), and tell a gap by the sequence numbers.
 */

/** One committed update of a document, with its sequence number in the document's log. */
export type FanoutListener = (seq: number, update: Uint8Array) => void;

export interface Fanout {
	/** Hand on an update that is committed under `seq` (sequence numbers grow by one per update). */
	publish(doc: string, seq: number, update: Uint8Array): void;
	/**
	 * Receive the document's updates with a sequence number above `fromSeq`: those the fan-out still
	 * holds at once, in order, then each new one as it is published. Returns the unsubscribe.
	 */
	subscribe(doc: string, fromSeq: number, fn: FanoutListener): () => void;
}

type Held = { seq: number; update: Uint8Array };

/**
 * The fan-out within one process. While a document has subscribers it holds its last `keep` updates,
 * for subscribers that come a little behind; with none it holds nothing.
 */
export class InProcessFanout implements Fanout {
	readonly #subscribers = new Map<string, Set<FanoutListener>>();
	readonly #held = new Map<string, Held[]>();
	readonly #keep: number;

	constructor(opts: { keep?: number } = {}) {
		this.#keep = opts.keep ?? 256;
	}

	publish(doc: string, seq: number, update: Uint8Array): void {
		const subscribers = this.#subscribers.get(doc);
		if (!subscribers) return;
		const held = this.#held.get(doc);
		if (held) {
			held.push({ seq, update });
			if (held.length > this.#keep) held.splice(0, held.length - this.#keep);
		}
		for (const fn of [...subscribers]) {
			try {
				fn(seq, update);
			} catch (e) {
				// one subscriber's failure must not keep the update from the others
				console.error(`[fanout] a subscriber of ${doc} failed`, e);
			}
		}
	}

	subscribe(doc: string, fromSeq: number, fn: FanoutListener): () => void {
		let subscribers = this.#subscribers.get(doc);
		if (!subscribers) {
			subscribers = new Set();
			this.#subscribers.set(doc, subscribers);
			this.#held.set(doc, []);
		}
		for (const h of this.#held.get(doc) ?? []) if (h.seq > fromSeq) fn(h.seq, h.update);
		subscribers.add(fn);
		return () => {
			const set = this.#subscribers.get(doc);
			if (!set?.delete(fn) || set.size > 0) return;
			this.#subscribers.delete(doc);
			this.#held.delete(doc);
		};
	}

	/** Documents with subscribers (for tests and stats). */
	get subscribedDocs(): number {
		return this.#subscribers.size;
	}
}
