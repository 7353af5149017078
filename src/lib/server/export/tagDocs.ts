/** The meaning of each template tag, in the staff member's language (messages tpl_tag_<group>_<name>), with an example value. */
import { m } from '../../paraglide/messages.js';
import { SCHEMAS, tagGroups, type FieldKind, type TagGroupId, type TemplateKind } from './templateSchema';

type Message = () => string;
const messages = m as unknown as Record<string, Message | undefined>;

export function tagMeaning(group: TagGroupId, name: string): string {
	return messages[`tpl_tag_${group}_${name}`]?.() ?? '';
}

export type TagDocGroup = { id: TagGroupId; lists: string[]; tags: { name: string; kind: FieldKind; meaning: string; example: string }[] };

type Sample = Record<string, unknown>;

/** Every item of each list name in the sample (depth first): where a group's example values come from. */
function listItems(sample: Sample, out = new Map<string, Sample[]>()): Map<string, Sample[]> {
	for (const [key, value] of Object.entries(sample)) {
		if (!Array.isArray(value) || typeof value[0] !== 'object' || value[0] === null) continue;
		const list = out.get(key) ?? [];
		out.set(key, list);
		for (const item of value) {
			list.push(item as Sample);
			listItems(item as Sample, out);
		}
	}
	return out;
}

/** The first value of a tag that says something (not empty, not an empty list), else the first. */
const telling = (items: Sample[], name: string): unknown =>
	items.map((i) => i[name]).find((v) => v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)) ?? items[0]?.[name];

/** A value as the reference shows it: text as is (shortened), flags as ✓/―, lists by their length, XML as its role. */
function exampleOf(value: unknown, kind: FieldKind): string {
	if (kind === 'flag') return value ? '✓' : '―';
	if (kind === 'list') return Array.isArray(value) ? `×${value.length}` : '';
	if (kind === 'xml') return '(Word XML)';
	const s = String(value ?? '').replace(/\n/g, ' / ');
	return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** The documented tag list for the admin page: the workshop summary's, the plan's or the review sheet's, with example values from its sample. */
export function tagDocs(kind: TemplateKind = 'workshop'): TagDocGroup[] {
	const sample = SCHEMAS[kind].sample as Sample;
	const items = listItems(sample);
	return tagGroups(kind).map((g) => {
		const from = g.lists.length === 0 ? [sample] : g.lists.flatMap((l) => items.get(l) ?? []);
		return { ...g, tags: g.tags.map((t) => ({ ...t, meaning: tagMeaning(g.id, t.name), example: exampleOf(telling(from, t.name), t.kind) })) };
	});
}
