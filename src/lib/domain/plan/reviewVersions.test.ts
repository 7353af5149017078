import { describe, it, expect } from 'vitest';
import { indicatorText, versionRows } from './reviewVersions';
import type { ActionVersion } from './review';

const version: ActionVersion = {
	id: 'v1',
	at: 1,
	by: 'u',
	reason: '見直し',
	fiscalYear: 2026,
	actions: [
		{
			id: 'a1',
			title: 'サロン',
			description: '',
			issueId: 'i1',
			column: 'mutual',
			responsible: '地区社協',
			order: 1,
			schedule: { 2026: '実施' },
			indicator: { what: '参加者数', unit: '人', baseline: 12, targets: { 2027: 40, 2026: 30, 0: 50 } }
		},
		{ id: 'a2', title: '見守り', description: '', issueId: '', column: 'gone', responsible: '', order: 2, schedule: {}, indicator: null }
	]
};
const names = {
	themeTitle: (id: string) => (id === 'i1' ? 'つながりづくり' : ''),
	columnLabel: (id: string) => (id === 'mutual' ? '互助' : ''),
	years: [2026, 2027],
	yearLabel: (y: number) => `Y${y}`
};

describe('versionRows', () => {
	it('reads each action as it was, a cell for every year of the period', () => {
		const [a, b] = versionRows(version, names);
		expect(a).toEqual({
			id: 'a1',
			title: 'サロン',
			theme: 'つながりづくり',
			column: '互助',
			responsible: '地区社協',
			schedule: [
				{ fiscalYear: 2026, stage: '実施' },
				{ fiscalYear: 2027, stage: '' }
			],
			indicator: '参加者数（人）：現状 12／Y2026 30／Y2027 40／最終 50'
		});
		expect(b!.theme).toBe('');
		expect(b!.column).toBe('');
		expect(b!.indicator).toBe('');
		expect(b!.schedule.map((s) => s.stage)).toEqual(['', '']);
	});
	it('an indicator with no numbers is its name only', () => {
		expect(indicatorText({ what: '回数', unit: '', baseline: null, targets: {} }, String)).toBe('回数');
	});
});
