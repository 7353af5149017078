/**
 * District resources (地域資源): what already supports people in the district (salons, 見守り, clubs,
 * shops, facilities…), each under one of the council's categories. Validation of a resource as staff
 * enter it and as a phone proposes it in the workshop step 地区を知る. Pure: no IO.
 */
import { checkText, normaliseText, charCount, type TextError } from '../text';
import type { SettingsItem } from '../council/settings';

export type Resource = {
	id: string;
	districtId: string;
	/** a category id of the council's settings (`resourceCategories`) */
	category: string;
	name: string;
	place: string;
	/** what it does (活動内容) */
	what: string;
	/** '' = none; shown to staff only unless `contactPublic` */
	contact: string;
	contactPublic: boolean;
	/** entered by staff, or accepted from a phone's proposal in a workshop */
	source: 'staff' | 'workshop';
	createdAt: number;
};

export const RESOURCE_LIMITS = { name: 60, place: 80, what: 200, contact: 100, perDistrict: 500 } as const;

export type ResourceInput = { category: string; name: string; place: string; what: string; contact: string; contactPublic: boolean };
export type ResourceField = 'category' | 'name' | 'place' | 'what' | 'contact';
export type ResourceErrorCode = TextError | 'bad_category';
export type ResourceError = { field: ResourceField; code: ResourceErrorCode };

/** An optional text: '' is fine, otherwise the usual checks. */
function optionalText(raw: string, max: number): { ok: true; text: string } | { ok: false; error: TextError } {
	if (normaliseText(raw) === '') return { ok: true, text: '' };
	return checkText(raw, max);
}

/** Check a resource (name required; place, what and contact optional), every problem at its field. */
export function validateResource(input: ResourceInput, categories: readonly SettingsItem[]): { ok: true; value: ResourceInput } | { ok: false; errors: ResourceError[] } {
	const errors: ResourceError[] = [];
	if (!categories.some((c) => c.id === input.category)) errors.push({ field: 'category', code: 'bad_category' });
	const name = checkText(input.name, RESOURCE_LIMITS.name);
	if (!name.ok) errors.push({ field: 'name', code: name.error });
	const place = optionalText(input.place, RESOURCE_LIMITS.place);
	if (!place.ok) errors.push({ field: 'place', code: place.error });
	const what = optionalText(input.what, RESOURCE_LIMITS.what);
	if (!what.ok) errors.push({ field: 'what', code: what.error });
	const contact = optionalText(input.contact, RESOURCE_LIMITS.contact);
	if (!contact.ok) errors.push({ field: 'contact', code: contact.error });
	if (!name.ok || !place.ok || !what.ok || !contact.ok || errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { category: input.category, name: name.text, place: place.text, what: what.text, contact: contact.text, contactPublic: input.contactPublic && contact.text !== '' } };
}

/** The category's label, or the id itself for a category the council has since removed. */
export function categoryLabel(categories: readonly SettingsItem[], id: string): string {
	return categories.find((c) => c.id === id)?.label ?? id;
}

/** Resources grouped by category in the council's order (unknown categories last), names sorted. */
export function groupByCategory<T extends { category: string; name: string }>(items: readonly T[], categories: readonly SettingsItem[]): { category: SettingsItem; items: T[] }[] {
	const order = new Map(categories.map((c, i) => [c.id, i]));
	const groups = new Map<string, T[]>();
	for (const it of items) {
		let g = groups.get(it.category);
		if (!g) groups.set(it.category, (g = []));
		g.push(it);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : 1))
		.map(([id, list]) => ({ category: { id, label: categoryLabel(categories, id) }, items: [...list].sort((x, y) => x.name.localeCompare(y.name, 'ja')) }));
}

/** Whether a text is within its bound (for form hints). */
export const fits = (s: string, max: number) => charCount(normaliseText(s)) <= max;
