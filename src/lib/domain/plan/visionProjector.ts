/**
 * The projector's copy of a plan document (プロジェクター用の写し): the vision only, never the rest of
 * the plan (issues, actions, reviews). A projector of a workshop of the plan syncs with it when the
 * facilitator switches the projector to the vision. Its layout:
 *   vision: Y.Map { statements: [{ id, text, status }], blocks: VisionBlock[] }
 * Plain values, rewritten when they differ after a transaction that touched the vision (the
 * explanation's blocks as one value: a few kB, what the projector renders in large type). It can
 * start from a stored state of an earlier copy (`from`) and is then reconciled. Pure: no IO.
 */
import * as Y from 'yjs';
import { readStatements, readVisionBlocks, statementsMap, visionFragment, type StatementStatus, type VisionBlock } from './vision';
import { sameData, type YType } from '../board/yChanges';

export type ProjectedStatement = { id: string; text: string; status: StatementStatus };
export type ProjectedVision = { statements: ProjectedStatement[]; blocks: VisionBlock[] };

export function projectedMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('vision');
}

/** What a projector may see of a plan: its statements (in order) and its explanation's blocks. */
export function projectVision(plan: Y.Doc): ProjectedVision {
	return {
		statements: readStatements(plan).map((s) => ({ id: s.id, text: s.text, status: s.status })),
		blocks: readVisionBlocks(plan)
	};
}

/** A projector's reading of its copy (tolerant: a copy of another build reads as empty parts). */
export function readProjectedVision(copy: Y.Doc): ProjectedVision {
	const m = projectedMap(copy);
	const statements = m.get('statements');
	const blocks = m.get('blocks');
	return { statements: Array.isArray(statements) ? (statements as ProjectedStatement[]) : [], blocks: Array.isArray(blocks) ? (blocks as VisionBlock[]) : [] };
}

export class VisionMirror {
	readonly doc = new Y.Doc({ gc: true });
	readonly changedOnBuild: boolean;
	readonly #plan: Y.Doc;
	readonly #onTransaction = (tr: Y.Transaction) => {
		const touched = (t: YType) => tr.changed.has(t) || tr.changedParentTypes.has(t);
		if (touched(statementsMap(this.#plan)) || touched(visionFragment(this.#plan))) this.#put();
	};

	constructor(plan: Y.Doc, opts: { from?: Uint8Array } = {}) {
		this.#plan = plan;
		if (opts.from) Y.applyUpdate(this.doc, opts.from);
		let changed = false;
		const onUpdate = () => (changed = true);
		this.doc.on('update', onUpdate);
		this.#put();
		this.doc.off('update', onUpdate);
		this.changedOnBuild = changed;
		plan.on('afterTransaction', this.#onTransaction);
	}

	#put(): void {
		const v = projectVision(this.#plan);
		const to = projectedMap(this.doc);
		this.doc.transact(() => {
			for (const k of [...to.keys()]) if (k !== 'statements' && k !== 'blocks') to.delete(k);
			for (const [k, value] of Object.entries(v)) if (!to.has(k) || !sameData(to.get(k), value)) to.set(k, value);
		});
	}

	destroy(): void {
		this.#plan.off('afterTransaction', this.#onTransaction);
		this.doc.destroy();
	}
}
