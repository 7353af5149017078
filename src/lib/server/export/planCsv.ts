/**
 * All notes of the plan's workshops as CSV (付箋の一覧): kind, text, theme, votes, workshop, time.
 * No participant identity (no nickname, no device). UTF-8 with BOM and the formula guard (csv.ts).
 */
import { csvDocument } from '../csv';
import type { PlanSnapshot } from '../../domain/plan/planSnapshot';

export const NOTES_CSV_HEADER = ['種類', '付箋', 'テーマ', '票数', 'ワークショップ', '開催日', '書いた時刻'] as const;

const TIME = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

export function planNotesCsv(s: PlanSnapshot): string {
	const rows = s.workshops.flatMap((w) =>
		[...w.notes].sort((a, b) => a.createdAt - b.createdAt).map((n) => [n.kind, n.text, n.theme, n.votes, w.title, w.heldOn ?? '', TIME.format(new Date(n.createdAt))])
	);
	return csvDocument(NOTES_CSV_HEADER, rows);
}
