import { describe, expect, it } from 'vitest';
import { resourceNote, reviewText, snapshotProfile, snapshotResources, snapshotVisionBlocks } from './snapshotKnowReview';
import { REVIEW_SCALES } from '../council/settings';
import type { Resource } from './resources';

const res = (id: string, category: string, contact: string, contactPublic: boolean): Resource => ({
	id,
	districtId: 'd',
	category,
	name: `名前${id}`,
	place: '集会所',
	what: '体操',
	contact,
	contactPublic,
	source: 'staff',
	createdAt: 1
});

describe('snapshot parts of 地区を知る, 将来像, 振り返り', () => {
	it('maps the profile years (自治会・町内会の数 as stored) and an empty profile', () => {
		expect(snapshotProfile(null)).toEqual({ years: [], character: '' });
		const p = snapshotProfile({ baseDate: null, character: '坂の多い町', years: [{ year: 2025, population: 1000, households: 400, aged65: 380, associations: 5, commissioners: 4 }] });
		expect(p).toEqual({ character: '坂の多い町', years: [{ year: 2025, population: 1000, households: 400, aged65: 380, associations: 5, welfareCommissioners: 4 }] });
	});

	it('prints a contact only when it is public, and groups by the council’s categories', () => {
		expect(resourceNote(res('a', 'salon', '090-0000-0000', false))).toBe('集会所／体操');
		expect(resourceNote(res('a', 'salon', '事務局', true))).toBe('集会所／体操／連絡先：事務局');
		const groups = snapshotResources([res('1', 'salon', 'x', false), res('2', 'gone', '', false)], [{ id: 'salon', label: 'サロン' }, { id: 'watch', label: '見守り' }]);
		expect(groups.map((g) => [g.label, g.resources.map((r) => r.name)])).toEqual([
			['サロン', ['名前1']],
			['見守り', []],
			['その他', ['名前2']]
		]);
	});

	it('words the review from the council’s scale and the reviews held', () => {
		const text = reviewText({ preset: 'circle', levels: REVIEW_SCALES.circle }, [{ fiscalYear: 2026, entries: 3 }, { fiscalYear: 2027, entries: 0 }]);
		expect(text).toContain('「○ できた」「△ 一部できた」「× できなかった」の3段階');
		expect(text).toContain('振り返りの実施：令和8年度（3件の取り組み）。');
		expect(text).not.toContain('令和9年度');
		expect(reviewText({ preset: 'circle', levels: REVIEW_SCALES.circle }, [])).not.toContain('振り返りの実施');
	});

	it('flattens list items to their text', () => {
		expect(snapshotVisionBlocks([{ type: 'bullet', items: [[{ text: 'だれもが', bold: true }, { text: '集える', bold: false }]] }])).toEqual([{ type: 'bullet', items: ['だれもが集える'] }]);
	});
});
