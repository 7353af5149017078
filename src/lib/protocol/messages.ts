/**
 * The wire protocol on /sync/<doc>. Every frame starts with a varuint message type, as in
 * y-websocket (0 = sync, 1 = awareness, 3 = query awareness). Our own types carry one JSON string.
 * Shared by the server, the staff clients and the light participant client: types and constants
 * only, so that the phone's bundle stays small.
 */
import type { BoardMeta } from '../domain/board/board';
import type { Timer } from '../domain/board/controls';
import type { KindDef } from '../domain/board/kinds';
import type { Cell, GridColumn, GridRow } from '../domain/board/actionGrid';

export const MessageType = {
	Sync: 0,
	Awareness: 1,
	QueryAwareness: 3,
	/** client -> server: a participant operation (JSON ParticipantOp) */
	Op: 100,
	/** server -> client: the answer to an Op (JSON OpReply) */
	Reply: 101,
	/** server -> participant: what the phone needs to show (JSON ParticipantView) */
	View: 102,
	/** server -> everyone: how many are connected (JSON Presence) */
	Presence: 103,
	/** server -> client: a refusal or warning that is not an answer to an op (JSON Notice) */
	Notice: 104,
	/** server -> participant: what everyone at the table sees, when shown (JSON SharedView) */
	Shared: 105
} as const;

/** Close codes, named (4000-4999 are for applications). */
export const CloseCode = {
	Normal: 1000,
	GoingAway: 1001,
	MessageTooBig: 1009,
	InternalError: 1011,
	/** server restarting: clients wait a little and reconnect */
	Restarting: 4000,
	BadMessage: 4400,
	Unauthorized: 4401,
	Forbidden: 4403,
	NotFound: 4404,
	RateLimited: 4429,
	/**
	 * The page runs another build than the server (a deployment during a workshop): the server
	 * stored what the page had to send, and the page reloads to get the current build.
	 */
	Outdated: 4426
} as const;

/** The close reason sent with `Unauthorized` when an admin disabled the staff member's account. */
export const ACCOUNT_DISABLED_REASON = 'account disabled';

/** Operations a participant's phone may send (validated on the server by protocol/schema.ts). */
export type ParticipantOp =
	/** `cell`: in the step 取り組みを考える, the grid's row (priority theme) and actor column of the idea */
	| { op: 'note.add'; id: string; text: string; kind: string; cell?: Cell }
	| { op: 'note.edit'; id: string; noteId: string; text: string }
	| { op: 'note.delete'; id: string; noteId: string }
	/** set this participant's dots on one item to `dots` (absolute, so retries are safe) */
	| { op: 'vote.set'; id: string; itemId: string; dots: number; roundId?: string }
	| { op: 'table.choose'; id: string; tableId: string }
	/** propose a resource of the district (地域資源) in step 地区を知る; `id` names the proposal */
	| { op: 'resource.propose'; id: string; category: string; name: string; place: string; what: string }
	/** rate one action of the review round (振り返り); a new rating replaces this phone's earlier one */
	| { op: 'review.rate'; id: string; actionId: string; value: string; comment: string };

/** Error codes a participant can see; each has a translated message on the phone. */
export type OpErrorCode =
	| 'bad_message'
	| 'text_empty'
	| 'text_too_long'
	| 'text_control_chars'
	| 'note_exists'
	| 'note_not_found'
	| 'not_owner'
	| 'input_closed'
	| 'bad_kind'
	| 'board_full'
	| 'rate_limited'
	| 'muted'
	| 'read_only'
	| 'board_locked'
	| 'vote_not_open'
	| 'item_not_found'
	| 'budget_exhausted'
	| 'already_voted_item'
	| 'table_not_found'
	| 'table_exists'
	| 'bad_config'
	| 'cell_not_found'
	| 'wrong_step'
	| 'bad_category'
	| 'too_many_proposals'
	| 'review_not_open'
	| 'bad_rating'
	| 'server_error';

export type OpReply = { id: string; ok: true } | { id: string; ok: false; error: OpErrorCode; retryAfterMs?: number };

export type ViewNote = { id: string; text: string; kind: string; cell?: Cell };

export type ParticipantView = {
	meta: BoardMeta;
	kinds: string[];
	/** the kinds' labels and colours (label '' = the translated default label of that id) */
	kindDefs: KindDef[];
	me: { participantId: string; nickname: string | null; muted: boolean };
	/** the participant's own notes, oldest first (hidden ones excluded) */
	mine: ViewNote[];
	timer: Timer | null;
	locked: boolean;
	/** the facilitator's prompt for the step (null: the default wording) */
	prompt: string | null;
	/** the plan's vision as plain text while the facilitator shows it on phones, else null */
	vision: string | null;
	tables: { id: string; name: string }[];
	table: string;
	/** in the step 取り組みを考える: the action grid's themes and actor columns (null in other steps or before it is loaded) */
	grid: { rows: GridRow[]; columns: GridColumn[]; currentRow: string | null } | null;
	/** the open or last vote round, with this participant's dots */
	vote: { roundId: string; target: 'themes' | 'notes'; status: 'open' | 'closed'; dotsPerPerson: number; allowStacking: boolean; ballot: Record<string, number>; dotsLeft: number } | null;
	/** step 地区を知る only: the categories to choose from and this participant's resource proposals */
	know?: { categories: { id: string; label: string }[]; mine: ViewProposal[] };
	/** the review round (振り返り) while the step is 振り返る: the theme's actions in plain words and this phone's ratings */
	review?: ReviewView | null;
};

export type ReviewView = {
	roundId: string;
	themeTitle: string;
	scale: 'circle' | 'face5';
	actions: { id: string; title: string; plain: string }[];
	mine: Record<string, { value: string; comment: string }>;
	/** the council's wording of each rating value, from the review's scale ({} = the phone's plain words) */
	labels: Record<string, string>;
};

export type ViewProposal = { id: string; category: string; name: string; status: 'open' | 'accepted' | 'rejected' };

/** Shared by everyone at one table: others' notes (when the facilitator shows them) and vote items. */
export type SharedView = {
	notes: (ViewNote & { nickname: string | null })[] | null;
	voteItems: { id: string; label: string; votes: number | null }[] | null;
};

export type Presence = { participants: number; staff: number; displays: number };

export type Notice = { code: 'read_only' | 'update_refused' | 'bad_message'; message: string };
