/** The meaning of each template tag, in the staff member's language (messages tpl_tag_<group>_<name>). */
import { m } from '../../paraglide/messages.js';
import { tagGroups, type FieldKind, type TagGroupId } from './templateSchema';

type Message = () => string;
const messages = m as unknown as Record<string, Message | undefined>;

export function tagMeaning(group: TagGroupId, name: string): string {
	return messages[`tpl_tag_${group}_${name}`]?.() ?? '';
}

export type TagDocGroup = { id: TagGroupId; lists: string[]; tags: { name: string; kind: FieldKind; meaning: string }[] };

/** The documented tag list for the admin page. */
export function tagDocs(): TagDocGroup[] {
	return tagGroups().map((g) => ({ ...g, tags: g.tags.map((t) => ({ ...t, meaning: tagMeaning(g.id, t.name) })) }));
}
