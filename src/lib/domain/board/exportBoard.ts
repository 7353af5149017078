/**
 * What the plan export reads from a board (計画にまとめる): notes, themes, tables, note kinds, the
 * names setting and the dots of a closed vote on notes. A plain-data snapshot taken in one pass,
 * so that building the document data never touches the live Y.Doc. Pure.
 */
import type * as Y from 'yjs';
import { readNotes, type Note } from './board';
import { readThemes, type Theme } from './themes';
import { readTables, type Table } from './tables';
import { allKindDefs, type KindDef } from './kinds';
import { readControls } from './controls';
import { readVoteConfig, tally } from './voting';

export type ExportBoard = {
	/** every note, hidden ones included (the builder leaves them out) */
	notes: Note[];
	themes: Theme[];
	tables: Table[];
	kinds: ReadonlyMap<string, KindDef>;
	/** nicknames are shown on the board (the facilitator's 名前を表示 control) */
	showNames: boolean;
	/** dots per note of the last vote on notes, once it is closed; null otherwise */
	noteDots: ReadonlyMap<string, number> | null;
};

export function readExportBoard(doc: Y.Doc): ExportBoard {
	const vote = readVoteConfig(doc);
	const noteDots = vote && vote.status === 'closed' && vote.target === 'notes' ? new Map(tally(doc, vote).map((t) => [t.itemId, t.votes])) : null;
	return {
		notes: readNotes(doc),
		themes: readThemes(doc),
		tables: readTables(doc),
		kinds: allKindDefs(doc),
		showNames: readControls(doc).showNames,
		noteDots
	};
}
