/**
 * A kept version of the plan's actions (what they said before a revision), in words a person reads:
 * each action's title, theme, column, 担い手, schedule by year and indicator as it was. Pure: no IO.
 */
import type { ActionVersion } from './review';
import type { ReviewIndicator } from './reviewActions';

export type VersionRow = {
	id: string;
	title: string;
	theme: string;
	column: string;
	responsible: string;
	/** one cell per year of the plan's period ('' = nothing planned that year) */
	schedule: { fiscalYear: number; stage: string }[];
	indicator: string;
};

export type VersionNames = { themeTitle: (issueId: string) => string; columnLabel: (columnId: string) => string; years: number[]; yearLabel: (y: number) => string };

/** 「サロンの参加者数（人）：現状 12／令和8年度 30／令和9年度 40／最終 50」; '' without an indicator. */
export function indicatorText(ind: ReviewIndicator | null, yearLabel: (y: number) => string): string {
	if (!ind) return '';
	const parts: string[] = [];
	if (ind.baseline !== null) parts.push(`現状 ${ind.baseline}`);
	const years = Object.keys(ind.targets).map(Number).filter((y) => y !== 0).sort((a, b) => a - b);
	for (const y of years) parts.push(`${yearLabel(y)} ${ind.targets[y]}`);
	if (ind.targets[0] !== undefined) parts.push(`最終 ${ind.targets[0]}`);
	const head = ind.unit ? `${ind.what}（${ind.unit}）` : ind.what;
	return parts.length ? `${head}：${parts.join('／')}` : head;
}

export function versionRows(version: ActionVersion, names: VersionNames): VersionRow[] {
	return version.actions.map((a) => ({
		id: a.id,
		title: a.title,
		theme: a.issueId ? names.themeTitle(a.issueId) : '',
		column: a.column ? names.columnLabel(a.column) : '',
		responsible: a.responsible,
		schedule: names.years.map((y) => ({ fiscalYear: y, stage: a.schedule?.[y] ?? '' })),
		indicator: indicatorText(a.indicator ?? null, names.yearLabel)
	}));
}
