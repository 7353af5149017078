/** Labels and colours of note kinds for the UI. */
import { m } from '$lib/paraglide/messages';

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
const MARKS: Record<string, string> = { concern: '▲', strength: '●', resource: '■', vision: '★', action: '◆', review: '✓' };

export const kindLabel = (kind: string) => (LABELS[kind] ?? m.phone_kind_concern)();
export const kindColour = (kind: string) => COLOURS[kind] ?? 'yellow';
export const kindMark = (kind: string) => MARKS[kind] ?? '•';
