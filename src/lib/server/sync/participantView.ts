/**
 * What a participant's phone is sent. Personal (View): the step, input state, timer, their own
 * notes, their table and their dots. Shared per table (SharedView): everyone's notes when the
 * facilitator shows them, and the items of an open vote: built once per table, not per phone.
 */
import type * as Y from 'yjs';
import { readMeta, readNotes, type Note } from '../../domain/board/board';
import { readKinds, type KindDef } from '../../domain/board/kinds';
import { readControls } from '../../domain/board/controls';
import { readStage } from '../../domain/board/stage';
import { readTables, tableOf } from '../../domain/board/tables';
import { ballotOf, dotsUsed, readVoteConfig, resultsShown, tally, voteItems } from '../../domain/board/voting';
import { readBallot } from '../../domain/board/ballot';
import { readActionGrid, type ActionGrid } from '../../domain/board/actionGrid';
import type { ParticipantView, SharedView, ViewProposal } from '../../protocol/messages';
import { readProposalCategories, readProposals } from '../../domain/board/proposals';
import { myRatings, readRound } from '../../domain/board/reviewRound';
import type { ParticipantViews } from './docKinds';

/** One pass over the board per refresh, shared by every phone. */
export type BoardSnapshot = {
	byAuthor: Map<string, Note[]>;
	visible: Note[];
	meta: ReturnType<typeof readMeta>;
	kinds: KindDef[];
	controls: ReturnType<typeof readControls>;
	tables: ReturnType<typeof readTables>;
	vote: ReturnType<typeof readVoteConfig>;
	/** the action grid, in the step 取り組みを考える */
	grid: ActionGrid | null;
	stage: ReturnType<typeof readStage>;
	/** step 地区を知る: the categories and each participant's proposals */
	know: { categories: { id: string; label: string }[]; byAuthor: Map<string, ViewProposal[]> } | null;
	review: ReturnType<typeof readRound>;
};

function snapshotKnow(doc: Y.Doc): BoardSnapshot['know'] {
	const byAuthor = new Map<string, ViewProposal[]>();
	for (const p of readProposals(doc)) {
		let list = byAuthor.get(p.authorId);
		if (!list) byAuthor.set(p.authorId, (list = []));
		list.push({ id: p.id, category: p.category, name: p.name, status: p.status });
	}
	return { categories: readProposalCategories(doc), byAuthor };
}

export function snapshotBoard(doc: Y.Doc): BoardSnapshot {
	const byAuthor = new Map<string, Note[]>();
	const visible: Note[] = [];
	for (const n of readNotes(doc)) {
		if (n.hidden) continue;
		visible.push(n);
		if (n.authorRole !== 'participant') continue;
		let list = byAuthor.get(n.authorId);
		if (!list) byAuthor.set(n.authorId, (list = []));
		list.push(n);
	}
	const meta = readMeta(doc);
	const grid = meta.step === 'actions' ? readActionGrid(doc) : null;
	return {
		byAuthor,
		visible,
		meta,
		kinds: readKinds(doc, meta.step),
		controls: readControls(doc),
		tables: readTables(doc),
		vote: readVoteConfig(doc),
		grid,
		stage: readStage(doc),
		know: meta.step === 'know' ? snapshotKnow(doc) : null,
		review: meta.step === 'review' ? readRound(doc) : null
	};
}

export function buildParticipantView(
	doc: Y.Doc,
	me: { participantId: string; nickname: string | null; muted: boolean },
	s: BoardSnapshot = snapshotBoard(doc)
): ParticipantView {
	const ballot = s.vote ? ballotOf(doc, me.participantId) : readBallot(null);
	return {
		meta: s.meta,
		kinds: s.kinds.map((k) => k.id),
		kindDefs: s.kinds,
		me,
		mine: (s.byAuthor.get(me.participantId) ?? []).map((n) => (n.cell ? { id: n.id, text: n.text, kind: n.kind, cell: n.cell } : { id: n.id, text: n.text, kind: n.kind })),
		timer: s.controls.timer,
		locked: s.controls.locked,
		prompt: s.stage.prompts[s.meta.step] ?? null,
		vision: s.stage.phoneVision,
		tables: s.tables.map((t) => ({ id: t.id, name: t.name })),
		table: tableOf(doc, me.participantId),
		grid: s.grid,
		vote: s.vote
			? {
					roundId: s.vote.roundId,
					target: s.vote.target,
					status: s.vote.status,
					dotsPerPerson: s.vote.dotsPerPerson,
					allowStacking: s.vote.allowStacking,
					ballot,
					dotsLeft: Math.max(0, s.vote.dotsPerPerson - dotsUsed(ballot))
				}
			: null,
		...(s.know ? { know: { categories: s.know.categories, mine: s.know.byAuthor.get(me.participantId) ?? [] } } : {}),
		review: s.review ? { roundId: s.review.roundId, themeTitle: s.review.themeTitle, scale: s.review.scale, actions: s.review.actions, labels: s.review.labels, mine: myRatings(doc, me.participantId) } : null
	};
}

export function buildSharedView(doc: Y.Doc, tableId: string, s: BoardSnapshot): SharedView {
	const notes = s.controls.showAll
		? s.visible
				.filter((n) => n.tableId === tableId)
				.map((n) => ({ id: n.id, text: n.text, kind: n.kind, nickname: s.controls.showNames ? n.nickname : null }))
		: null;
	let voteItemsOut: SharedView['voteItems'] = null;
	const v = s.vote;
	if (v && (v.tableId === null || v.tableId === tableId)) {
		const counts = resultsShown(v) ? new Map(tally(doc, v).map((t) => [t.itemId, t.votes])) : null;
		voteItemsOut = voteItems(doc, v).map((i) => ({ id: i.id, label: i.label, votes: counts ? (counts.get(i.id) ?? 0) : null }));
	}
	return { notes, voteItems: voteItemsOut };
}

/** The board's participant views (docKinds.ts ParticipantViews): one read of the board per change. */
export function boardViews(doc: Y.Doc): ParticipantViews {
	const snap = snapshotBoard(doc);
	return {
		view(me) {
			const view = buildParticipantView(doc, me, snap);
			return { json: JSON.stringify(view), table: view.table };
		},
		shared: (table) => JSON.stringify(buildSharedView(doc, table, snap))
	};
}
