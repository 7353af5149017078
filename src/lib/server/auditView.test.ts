import { describe, it, expect } from 'vitest';
import { formatTokyoTime, describeDetail } from './auditView';

describe('formatTokyoTime', () => {
	it('shows Japan time (UTC+9) with 24-hour clock', () => {
		expect(formatTokyoTime(Date.UTC(2026, 11, 4, 15, 3, 9))).toBe('2026-12-05 00:03:09');
		expect(formatTokyoTime(Date.UTC(2026, 0, 1, 13, 0, 0))).toBe('2026-01-01 22:00:00');
	});
});

describe('describeDetail', () => {
	it('lists object entries as text and keeps anything else as stored', () => {
		expect(describeDetail(null)).toEqual([]);
		expect(describeDetail('{"login":"sato","oneTime":true}')).toEqual(['login: sato', 'oneTime: true']);
		expect(describeDetail('[1,2]')).toEqual(['[1,2]']);
		expect(describeDetail('not json')).toEqual(['not json']);
	});
});
