/** Where a phone's unacknowledged operations wait: localStorage on the phone, memory in simulations. */
import type { ParticipantOp } from '../protocol/messages';

/** An operation waiting for its acknowledgement, with the time it was submitted. */
export type OutboxEntry = ParticipantOp & { queuedAt: number };

export type OutboxStore = {
	load(): OutboxEntry[];
	save(entries: readonly OutboxEntry[]): void;
};

/** Nothing kept across restarts of the process (simulated phones, tests). */
export function memoryOutbox(initial: OutboxEntry[] = []): OutboxStore {
	let saved = [...initial];
	return {
		load: () => [...saved],
		save: (entries) => {
			saved = [...entries];
		}
	};
}

/** JSON under `key` in a Web Storage (localStorage); a broken or full storage never throws. */
export function storageOutbox(storage: Pick<Storage, 'getItem' | 'setItem'> | null | undefined, key: string): OutboxStore {
	return {
		load() {
			try {
				const raw = storage?.getItem(key);
				const parsed: unknown = raw ? JSON.parse(raw) : [];
				return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
			} catch {
				return [];
			}
		},
		save(entries) {
			try {
				storage?.setItem(key, JSON.stringify(entries));
			} catch {
				/* private mode or full storage: the outbox still lives in memory */
			}
		}
	};
}
