/**
 * The actions page's live copy of the plan document (`plan.<id>`): it reads the actions table
 * (domain/plan/actionsTable.ts) whenever the document's actions or issues change, so that an action added,
 * edited, moved or removed by anyone (this page's forms, another laptop, the board's 「取り組みにする」, the
 * server) shows without a reload. Read-only by design: the page writes through its forms (server-side
 * validation with typed problems stays the one write path); this client never changes the document.
 */
import * as Y from 'yjs';
import { connectStaffDoc, type StaffDocConnection, type StaffDocStatus } from './staffDocConnection';
import { readActionsTable, type ActionsTable } from '$lib/domain/plan/actionsTable';
import { actionsMap } from '$lib/domain/plan/actions';
import { issuesMap } from '$lib/domain/plan/issues';

export class PlanActionsClient {
	/** the table as the document has it; null until the first sync (the page shows the server's until then) */
	table = $state.raw<ActionsTable | null>(null);
	status = $state<StaffDocStatus>('connecting');
	readonly #doc = new Y.Doc();
	readonly #conn: StaffDocConnection;
	#scheduled = false;

	constructor(opts: { serverUrl: string; docName: string }) {
		const changed = () => this.#schedule();
		actionsMap(this.#doc).observeDeep(changed);
		issuesMap(this.#doc).observeDeep(changed);
		this.#conn = connectStaffDoc(this.#doc, {
			...opts,
			onStatus: (s) => (this.status = s),
			onSynced: (synced) => {
				if (synced) this.#read();
			}
		});
	}

	/** One re-read per burst of updates (a remap moves many actions in one go). */
	#schedule(): void {
		if (this.#scheduled || !this.#conn?.provider.synced) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			this.#read();
		});
	}

	#read(): void {
		this.table = readActionsTable(this.#doc);
	}

	destroy(): void {
		this.#conn.destroy();
		this.#doc.destroy();
	}
}
