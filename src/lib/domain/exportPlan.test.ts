import { describe, it, expect, beforeEach } from 'vitest';
import * as Y from 'yjs';
import { addNote, initBoard, setNoteHidden, type AuthorRole } from './board/board';
import { createTheme, renameTheme } from './board/themes';
import { closeVote, openVote, setVote } from './board/voting';
import { addTable } from './board/tables';
import { setControl } from './board/controls';
import { setKinds } from './board/kinds';
import { readExportBoard } from './board/exportBoard';
import { buildPlanData, type ExportLabels, type PlanMeta } from './exportPlan';

const LABELS: ExportLabels = {
	untitledTheme: '（テーマ名なし）',
	kindLabel: (id) => ({ concern: '気になること', strength: 'いいところ' })[id] ?? id,
	tableName: (n) => `テーブル${n}`,
	rank: (n) => `第${n}位`
};

const META: PlanMeta = {
	councilName: 'みどり市社会福祉協議会',
	districtName: 'さくら台地区',
	planTitle: 'さくら台地区 地域福祉活動計画',
	planPeriod: { start: 2026, end: 2030 },
	workshopTitle: '第1回 みんなで話そう',
	heldOn: '2026-12-05',
	place: '公民館',
	participantCount: 12,
	exportedAt: Date.UTC(2027, 0, 15, 3, 0)
};

let doc: Y.Doc;
let clock = 1000;

beforeEach(() => {
	doc = new Y.Doc();
	initBoard(doc, { step: 'issues', inputOpen: true });
	clock = 1000;
});

function note(id: string, text: string, opts: { kind?: string; nickname?: string | null; role?: AuthorRole; tableId?: string } = {}) {
	const r = addNote(doc, {
		id,
		text,
		kind: opts.kind ?? 'concern',
		authorId: `author-${id}`,
		authorRole: opts.role ?? 'participant',
		nickname: opts.nickname ?? null,
		now: clock++,
		tableId: opts.tableId
	});
	if (!r.ok) throw new Error(r.error);
}

function theme(id: string, title: string, noteIds: string[], tableId?: string) {
	const r = createTheme(doc, { id, title, x: 0, y: 0, now: clock++, noteIds, tableId });
	if (!r.ok) throw new Error(r.error);
}

const build = (meta: Partial<PlanMeta> = {}) => buildPlanData(readExportBoard(doc), { ...META, ...meta }, LABELS);

describe('buildPlanData: cover and counts', () => {
	it('fills the cover with era dates and the plan period', () => {
		const d = build();
		expect(d).toMatchObject({
			councilName: 'みどり市社会福祉協議会',
			districtName: 'さくら台地区',
			workshopTitle: '第1回 みんなで話そう',
			planPeriod: '令和8年度〜令和12年度',
			heldOn: '令和8年12月5日',
			exportDate: '令和9年1月15日',
			place: '公民館',
			participantCount: '12',
			hasParticipantCount: true,
			noteCount: 0,
			themeCount: 0,
			hasThemes: false
		});
	});

	it('leaves unknown values empty', () => {
		const d = build({ heldOn: null, place: null, participantCount: null, planPeriod: null });
		expect(d).toMatchObject({ heldOn: '', place: '', participantCount: '', hasParticipantCount: false, planPeriod: '' });
	});

	it('takes the export date in Japan time', () => {
		expect(build({ exportedAt: Date.UTC(2026, 11, 31, 15, 0) }).exportDate).toBe('令和9年1月1日');
	});
});

describe('buildPlanData: hidden notes', () => {
	it('never exports hidden notes, not in themes, lists, kinds or counts', () => {
		note('a', '見守りが足りない');
		note('b', '不適切な書き込み');
		note('c', '隠した強み', { kind: 'strength' });
		note('d', 'ふつうの付箋');
		theme('t1', '見守り', ['a', 'b']);
		setNoteHidden(doc, 'b', true);
		setNoteHidden(doc, 'c', true);
		const d = build();
		const json = JSON.stringify(d);
		expect(json).not.toContain('不適切な書き込み');
		expect(json).not.toContain('隠した強み');
		expect(d.noteCount).toBe(2);
		expect(d.themes[0]!.noteCount).toBe(1);
		expect(d.unthemed.map((n) => n.text)).toEqual(['ふつうの付箋']);
		expect(d.hasStrengths).toBe(false);
	});
});

describe('buildPlanData: themes', () => {
	it('orders ranked themes by rank, then the others in board order, with dots', () => {
		for (const id of ['n1', 'n2', 'n3', 'n4']) note(id, `付箋${id}`);
		theme('t1', '買い物', ['n1']);
		theme('t2', '見守り', ['n2', 'n3']);
		theme('t3', '居場所', ['n4']);
		theme('t4', '', []);
		openVote(doc, { roundId: 'r1', target: 'themes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		setVote(doc, 'p1', 't2', 3);
		setVote(doc, 'p2', 't3', 1);
		closeVote(doc);
		const d = build();
		expect(d.hasVotes).toBe(true);
		expect(d.themes.map((t) => [t.rankLabel, t.title, t.dots])).toEqual([
			['第1位', '見守り', '3'],
			['第2位', '居場所', '1'],
			['第3位', '買い物', '0'],
			['第4位', '（テーマ名なし）', '0']
		]);
		expect(d.themes[0]!.notes.map((n) => n.text)).toEqual(['付箋n2', '付箋n3']);
		expect(d.themes[0]!.notes[0]!.theme).toBe('見守り');
	});

	it('keeps board order and empty ranks before any vote', () => {
		theme('t1', 'B', []);
		theme('t2', 'A', []);
		renameTheme(doc, 't1', { catchphrase: 'みんなで見守るまち' });
		const d = build();
		expect(d.hasVotes).toBe(false);
		expect(d.themes.map((t) => [t.title, t.rank, t.rankLabel, t.dots, t.hasRank])).toEqual([
			['B', '', '', '', false],
			['A', '', '', '', false]
		]);
		expect(d.themes[0]).toMatchObject({ catchphrase: 'みんなで見守るまち', hasCatchphrase: true });
		expect(d.themes[1]).toMatchObject({ catchphrase: '', hasCatchphrase: false });
	});

	it('treats notes of a theme that no longer exists as not grouped', () => {
		note('a', '迷子の付箋');
		(doc.getMap('notes').get('a') as Y.Map<unknown>).set('themeId', 'gone');
		expect(build().unthemed.map((n) => n.text)).toEqual(['迷子の付箋']);
	});
});

describe('buildPlanData: anonymity', () => {
	it('shows no names unless names are shown on the board, and never staff names', () => {
		note('a', '名前つき', { nickname: 'さくら' });
		note('b', '職員の付箋', { role: 'staff', nickname: '職員A' });
		expect(build().unthemed.map((n) => n.author)).toEqual(['', '']);
		setControl(doc, 'showNames', true);
		const d = build();
		expect(d.unthemed.map((n) => [n.author, n.hasAuthor])).toEqual([
			['さくら', true],
			['', false]
		]);
	});
});

describe('buildPlanData: tables', () => {
	it('groups themes and free notes per table when there are several', () => {
		addTable(doc, 'east', '東テーブル');
		note('a', 'メインの付箋');
		note('b', '東の付箋', { tableId: 'east' });
		note('c', '東のテーマの付箋', { tableId: 'east' });
		theme('t1', '東のテーマ', ['c'], 'east');
		const d = build();
		expect(d.hasTables).toBe(true);
		expect(d.tables.map((t) => [t.name, t.noteCount, t.themeCount, t.unthemed.map((n) => n.text)])).toEqual([
			['テーブル1', 1, 0, ['メインの付箋']],
			['東テーブル', 2, 1, ['東の付箋']]
		]);
		expect(d.themes[0]!.table).toBe('東テーブル');
		expect(d.unthemed.map((n) => n.table)).toEqual(['テーブル1', '東テーブル']);
	});

	it('has one unnamed table and no table names on a one-table board', () => {
		note('a', 'x');
		const d = build();
		expect(d.hasTables).toBe(false);
		expect(d.tables).toHaveLength(1);
		expect(d.tables[0]!.name).toBe('');
		expect(d.unthemed[0]!.table).toBe('');
	});

	it('ranks per-table votes by rank, then table order', () => {
		addTable(doc, 'east', '東');
		theme('m1', 'メイン1', []);
		theme('m2', 'メイン2', []);
		theme('e1', '東1', [], 'east');
		openVote(doc, { roundId: 'r1', target: 'themes', dotsPerPerson: 1, allowStacking: false, hideResults: false, tableId: 'main', now: clock++ });
		setVote(doc, 'p1', 'm2', 1);
		closeVote(doc);
		openVote(doc, { roundId: 'r2', target: 'themes', dotsPerPerson: 1, allowStacking: false, hideResults: false, tableId: 'east', now: clock++ });
		closeVote(doc);
		expect(build().themes.map((t) => [t.rank, t.title])).toEqual([
			['1', 'メイン2'],
			['1', '東1'],
			['2', 'メイン1']
		]);
	});
});

describe('buildPlanData: kinds', () => {
	it('splits strengths and concerns and groups every kind with its label', () => {
		note('a', '坂が多い');
		note('b', 'あいさつが多い', { kind: 'strength' });
		note('c', '祭りがある', { kind: 'strength' });
		const d = build();
		expect(d.concerns.map((n) => n.text)).toEqual(['坂が多い']);
		expect(d.strengths.map((n) => n.text)).toEqual(['あいさつが多い', '祭りがある']);
		expect(d.hasStrengths && d.hasConcerns).toBe(true);
		expect(d.kinds.map((k) => [k.label, k.count])).toEqual([
			['気になること', 1],
			['いいところ', 2]
		]);
		expect(d.unthemed[1]!.kind).toBe('いいところ');
	});

	it('uses the facilitator’s own kind labels', () => {
		setKinds(doc, 'issues', [{ id: 'worry', label: '困りごと', colour: 'yellow' }]);
		note('a', 'ごみ出し', { kind: 'worry' });
		const d = build();
		expect(d.kinds).toEqual([expect.objectContaining({ label: '困りごと', count: 1 })]);
		expect(d.hasStrengths || d.hasConcerns).toBe(false);
	});
});

describe('buildPlanData: dots on notes', () => {
	it('gives the dots of a closed vote on notes, and none while it is open', () => {
		note('a', 'A');
		note('b', 'B');
		openVote(doc, { roundId: 'r1', target: 'notes', dotsPerPerson: 2, allowStacking: true, hideResults: false, now: clock++ });
		setVote(doc, 'p1', 'b', 2);
		expect(build().hasNoteDots).toBe(false);
		closeVote(doc);
		const d = build();
		expect(d.hasNoteDots).toBe(true);
		expect(d.unthemed.map((n) => [n.text, n.dots])).toEqual([
			['A', '0'],
			['B', '2']
		]);
	});
});
