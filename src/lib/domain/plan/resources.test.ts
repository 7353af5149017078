import { describe, expect, it } from 'vitest';
import { groupByCategory, validateResource, type ResourceInput } from './resources';
import { DEFAULT_RESOURCE_CATEGORIES } from '../council/settings';

const base: ResourceInput = { category: 'watch', name: '見守り隊', place: '', what: '', contact: '', contactPublic: true };

describe('validateResource', () => {
	it('needs a name and a known category; trims; a public flag without a contact is dropped', () => {
		expect(validateResource({ ...base, name: ' 見守り隊 ' }, DEFAULT_RESOURCE_CATEGORIES)).toEqual({ ok: true, value: { ...base, contactPublic: false } });
		expect(validateResource({ ...base, name: '', category: 'x' }, DEFAULT_RESOURCE_CATEGORIES)).toEqual({
			ok: false,
			errors: [
				{ field: 'category', code: 'bad_category' },
				{ field: 'name', code: 'text_empty' }
			]
		});
		expect(validateResource({ ...base, what: 'あ'.repeat(201) }, DEFAULT_RESOURCE_CATEGORIES)).toEqual({ ok: false, errors: [{ field: 'what', code: 'text_too_long' }] });
	});
	it('groups by the council order, unknown categories last', () => {
		const g = groupByCategory(
			[
				{ category: 'other', name: 'b' },
				{ category: 'gone', name: 'z' },
				{ category: 'salon', name: 'a' }
			],
			DEFAULT_RESOURCE_CATEGORIES
		);
		expect(g.map((x) => x.category.label)).toEqual(['サロン・居場所', 'その他', 'gone']);
	});
});
