/** Labels, colours and marks of note kinds for the UI (custom kinds carry their own label). */
import { m } from '$lib/paraglide/messages';
import type { KindDef } from '$lib/domain/board/kinds';

const LABELS: Record<string, () => string> = {
	concern: m.phone_kind_concern,
	strength: m.phone_kind_strength,
	resource: m.phone_kind_resource,
	vision: m.phone_kind_vision,
	action: m.phone_kind_action,
	review: m.phone_kind_review
};

const COLOURS: Record<string, string> = {
	concern: 'yellow',
	strength: 'blue',
	resource: 'green',
	vision: 'pink',
	action: 'green',
	review: 'green'
};

/** A mark besides colour, so that kinds stay apart for colour-blind viewers and on washed-out projectors. */
const MARKS: Record<string, string> = { yellow: '▲', blue: '●', green: '■', pink: '★' };

export type KindDefs = ReadonlyMap<string, KindDef> | undefined;

export const kindLabel = (kind: string, defs?: KindDefs) => defs?.get(kind)?.label || (LABELS[kind] ?? m.phone_kind_concern)();
export const kindColour = (kind: string, defs?: KindDefs) => defs?.get(kind)?.colour ?? COLOURS[kind] ?? 'yellow';
export const kindMark = (kind: string, defs?: KindDefs) => MARKS[kindColour(kind, defs)] ?? '•';
