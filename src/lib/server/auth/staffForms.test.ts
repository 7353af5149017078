import { describe, it, expect } from 'vitest';
import { parseNewStaff, parseProfile, DistrictForm } from './staffForms';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('parseNewStaff', () => {
	it('accepts a valid form and folds the login id to lower-case half-width', () => {
		expect(parseNewStaff(form({ login: ' Ｔａｎａｋａ.H ', name: ' 田中 花子（CSW） ', role: 'facilitator' }))).toEqual({
			ok: true,
			value: { login: 'tanaka.h', name: '田中 花子（CSW）', role: 'facilitator' }
		});
	});

	it('names the first wrong field', () => {
		expect(parseNewStaff(form({ login: 'ab', name: 'x', role: 'editor' }))).toEqual({ ok: false, error: 'login_format' });
		expect(parseNewStaff(form({ login: '-abc', name: 'x', role: 'editor' }))).toEqual({ ok: false, error: 'login_format' });
		expect(parseNewStaff(form({ login: 'たなか', name: 'x', role: 'editor' }))).toEqual({ ok: false, error: 'login_format' });
		expect(parseNewStaff(form({ login: 'a'.repeat(33), name: 'x', role: 'editor' }))).toEqual({ ok: false, error: 'login_format' });
		expect(parseNewStaff(form({ login: 'sato', name: '   ', role: 'editor' }))).toEqual({ ok: false, error: 'name' });
		expect(parseNewStaff(form({ login: 'sato', name: 'あ'.repeat(51), role: 'editor' }))).toEqual({ ok: false, error: 'name' });
		expect(parseNewStaff(form({ login: 'sato', name: 'a\nb', role: 'editor' }))).toEqual({ ok: false, error: 'name' });
		expect(parseNewStaff(form({ login: 'sato', name: '佐藤', role: 'root' }))).toEqual({ ok: false, error: 'role' });
		expect(parseNewStaff(new FormData())).toEqual({ ok: false, error: 'login_format' });
	});

	it('accepts a 50-character name and every role', () => {
		for (const role of ['admin', 'facilitator', 'editor']) {
			expect(parseNewStaff(form({ login: 'sato_1', name: 'あ'.repeat(50), role })).ok).toBe(true);
		}
	});
});

describe('DistrictForm', () => {
	it('needs a short non-empty id', () => {
		expect(DistrictForm.safeParse({ districtId: 'abc123' }).success).toBe(true);
		expect(DistrictForm.safeParse({ districtId: '' }).success).toBe(false);
		expect(DistrictForm.safeParse({ districtId: 'x'.repeat(65) }).success).toBe(false);
		expect(DistrictForm.safeParse({}).success).toBe(false);
	});
});

describe('parseProfile', () => {
	it('accepts a corrected name and role, trimmed', () => {
		expect(parseProfile(form({ name: ' 山田 花子 ', role: 'editor' }))).toEqual({ ok: true, value: { name: '山田 花子', role: 'editor' } });
	});
	it('names the wrong field: an empty or over-long name, an unknown role', () => {
		expect(parseProfile(form({ name: '  ', role: 'editor' }))).toEqual({ ok: false, error: 'name' });
		expect(parseProfile(form({ name: 'あ'.repeat(51), role: 'editor' }))).toEqual({ ok: false, error: 'name' });
		expect(parseProfile(form({ name: '山田', role: 'owner' }))).toEqual({ ok: false, error: 'role' });
		expect(parseProfile(form({ name: '山田' }))).toEqual({ ok: false, error: 'role' });
	});
});
