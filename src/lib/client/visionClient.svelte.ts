/**
 * The plan document for the vision page (将来像を描く): a Y.Doc synced through y-websocket as staff,
 * with the statements as a reactive, plain list. The rich text is bound by the editor
 * (VisionEditor.svelte: tiptap's Collaboration on the `vision` fragment, carets over this provider's
 * awareness). Statement changes are tagged 'user' like the board's. The connection (retries with jitter,
 * reload for a newer build) is staffDocConnection.ts, shared with the actions page.
 */
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Notice } from '$lib/protocol/messages';
import { connectStaffDoc, type StaffDocConnection, type StaffDocStatus } from './staffDocConnection';
import { readStatements, statementsMap, type Statement } from '$lib/domain/plan/vision';
import { CompositionGate } from './compositionGate';

export const USER_ORIGIN = 'user';

export class VisionClient {
	statements = $state.raw<readonly Statement[]>([]);
	status = $state<StaffDocStatus>('connecting');
	synced = $state(false);
	refusal = $state.raw<Notice | null>(null);
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** holds this laptop's changes and others' while its editor is composing (compositionGate.ts) */
	readonly gate: CompositionGate;
	readonly #conn: StaffDocConnection;

	constructor(opts: { serverUrl: string; docName: string; user: { name: string; color: string } }) {
		// made in `setup`, which runs synchronously before the first connection
		let gate!: CompositionGate;
		statementsMap(this.doc).observe(() => this.#read());
		this.#conn = connectStaffDoc(this.doc, {
			...opts,
			onStatus: (s) => (this.status = s),
			onSynced: (synced) => {
				this.synced = synced;
				this.#read();
			},
			onNotice: (n) => (this.refusal = n),
			setup: (provider) => (gate = new CompositionGate(provider))
		});
		this.provider = this.#conn.provider;
		this.gate = gate;
	}

	#read(): void {
		this.statements = readStatements(this.doc);
	}

	/** Run a change on the plan document as the user's own. */
	change<T>(fn: (doc: Y.Doc) => T): T {
		let result!: T;
		this.doc.transact(() => {
			result = fn(this.doc);
		}, USER_ORIGIN);
		return result;
	}

	destroy(): void {
		this.gate.destroy();
		this.#conn.destroy();
		this.doc.destroy();
	}
}
