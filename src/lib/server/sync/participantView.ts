/** What a participant's phone is sent: the step, whether input is open, and their own notes. */
import type * as Y from 'yjs';
import { readMeta, readNotes, type Note } from '../../domain/board';
import { DEFAULT_NOTE_KINDS } from '../../domain/steps';
import type { ParticipantView } from '../../protocol/messages';

/** Index notes by author once per refresh, so that N phones cost one pass over the board. */
export function notesByAuthor(doc: Y.Doc): Map<string, Note[]> {
	const byAuthor = new Map<string, Note[]>();
	for (const n of readNotes(doc)) {
		if (n.authorRole !== 'participant' || n.hidden) continue;
		let list = byAuthor.get(n.authorId);
		if (!list) byAuthor.set(n.authorId, (list = []));
		list.push(n);
	}
	return byAuthor;
}

export function buildParticipantView(
	doc: Y.Doc,
	me: { participantId: string; nickname: string | null; muted: boolean },
	byAuthor: Map<string, Note[]>
): ParticipantView {
	const meta = readMeta(doc);
	return {
		meta,
		kinds: DEFAULT_NOTE_KINDS[meta.step].map((k) => k.id),
		me,
		mine: (byAuthor.get(me.participantId) ?? []).map((n) => ({ id: n.id, text: n.text, kind: n.kind }))
	};
}
