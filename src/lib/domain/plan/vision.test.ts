import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { visionSchema } from '../../editor/visionExtensions';
import {
	addStatement,
	adoptTop,
	adoptedStatements,
	editStatement,
	moveStatement,
	readStatements,
	readVisionBlocks,
	removeStatement,
	setStatementStatus,
	statementsMap,
	visionFragment,
	visionPlainText,
	visionReady,
	MAX_STATEMENTS,
	STATEMENT_TEXT_MAX
} from './vision';

const t = (text: string, bold = false) => ({ type: 'text', text, ...(bold ? { marks: [{ type: 'bold' }] } : {}) });
const p = (...content: object[]) => ({ type: 'paragraph', content });
const li = (...content: object[]) => ({ type: 'listItem', content });

/** A plan document whose explanation the editor's own schema wrote (as tiptap's Collaboration does). */
function docWith(content: object[]): Y.Doc {
	const doc = new Y.Doc();
	prosemirrorJSONToYXmlFragment(visionSchema(), { type: 'doc', content }, visionFragment(doc));
	return doc;
}

describe('readVisionBlocks', () => {
	it('reads headings, paragraphs with bold runs and both kinds of list, in order', () => {
		const doc = docWith([
			{ type: 'heading', attrs: { level: 2 }, content: [t('めざす姿')] },
			p(t('だれもが'), t('顔の見える', true), t('地区に。')),
			{ type: 'heading', attrs: { level: 3 }, content: [t('大切にしたいこと')] },
			{ type: 'bulletList', content: [li(p(t('あいさつ'))), li(p(t('見守り'), t('の輪', true)))] },
			{ type: 'orderedList', content: [li(p(t('サロンを増やす')), { type: 'bulletList', content: [li(p(t('月1回')))] })] }
		]);
		expect(readVisionBlocks(doc)).toEqual([
			{ type: 'heading', level: 2, text: 'めざす姿' },
			{ type: 'paragraph', runs: [{ text: 'だれもが', bold: false }, { text: '顔の見える', bold: true }, { text: '地区に。', bold: false }] },
			{ type: 'heading', level: 3, text: '大切にしたいこと' },
			{ type: 'bullet', items: [[{ text: 'あいさつ', bold: false }], [{ text: '見守り', bold: false }, { text: 'の輪', bold: true }]] },
			// a nested list's items follow their parent item, one level deeper
			{ type: 'ordered', items: [[{ text: 'サロンを増やす', bold: false }], [{ text: '月1回', bold: false }]], levels: [0, 1] }
		]);
	});

	it('leaves out empty paragraphs and reads an empty document as no blocks', () => {
		expect(readVisionBlocks(new Y.Doc())).toEqual([]);
		expect(readVisionBlocks(docWith([p(), p(t('  ')), p(t('本文'))]))).toEqual([{ type: 'paragraph', runs: [{ text: '本文', bold: false }] }]);
	});

	it('reads an unknown block as a paragraph of its text', () => {
		const doc = new Y.Doc();
		const el = new Y.XmlElement('blockquote');
		const inner = new Y.XmlElement('paragraph');
		inner.insert(0, [new Y.XmlText('引用')]);
		el.insert(0, [inner]);
		visionFragment(doc).insert(0, [el]);
		expect(readVisionBlocks(doc)).toEqual([{ type: 'paragraph', runs: [{ text: '引用', bold: false }] }]);
	});

	it('turns blocks into plain text for phones', () => {
		const doc = docWith([
			{ type: 'heading', attrs: { level: 2 }, content: [t('見出し')] },
			p(t('本文'), t('太字', true)),
			{ type: 'orderedList', content: [li(p(t('一'))), li(p(t('二')))] },
			{ type: 'bulletList', content: [li(p(t('点')))] }
		]);
		expect(visionPlainText(readVisionBlocks(doc))).toBe('【見出し】\n本文太字\n1. 一\n2. 二\n・点');
	});
});

describe('vision statements', () => {
	it('adds candidates in order, edits, reorders and removes them', () => {
		const doc = new Y.Doc();
		expect(addStatement(doc, { id: 'a1', text: ' 見守りあう地区 ' }).ok).toBe(true);
		expect(addStatement(doc, { id: 'b2', text: 'だれもが集える地区' }).ok).toBe(true);
		expect(addStatement(doc, { id: 'c3', text: '若い世代が参加する地区' }).ok).toBe(true);
		expect(readStatements(doc).map((s) => [s.id, s.text, s.status])).toEqual([
			['a1', '見守りあう地区', 'candidate'],
			['b2', 'だれもが集える地区', 'candidate'],
			['c3', '若い世代が参加する地区', 'candidate']
		]);
		expect(editStatement(doc, 'b2', 'だれもが気軽に集える地区').ok).toBe(true);
		expect(moveStatement(doc, 'c3', -1).ok).toBe(true);
		expect(readStatements(doc).map((s) => s.id)).toEqual(['a1', 'c3', 'b2']);
		expect(moveStatement(doc, 'a1', -1).ok).toBe(true); // already first: unchanged
		expect(readStatements(doc).map((s) => s.id)).toEqual(['a1', 'c3', 'b2']);
		expect(removeStatement(doc, 'a1').ok).toBe(true);
		expect(readStatements(doc).map((s) => s.text)).toEqual(['若い世代が参加する地区', 'だれもが気軽に集える地区']);
		expect(removeStatement(doc, 'a1')).toEqual({ ok: false, error: 'not_found' });
	});

	it('refuses empty, too long, duplicate, badly named and too many statements, changing nothing', () => {
		const doc = new Y.Doc();
		expect(addStatement(doc, { id: 'x1', text: '   ' })).toEqual({ ok: false, error: 'text_empty' });
		expect(addStatement(doc, { id: 'x1', text: 'あ'.repeat(STATEMENT_TEXT_MAX + 1) })).toEqual({ ok: false, error: 'text_too_long' });
		expect(addStatement(doc, { id: '__proto__', text: 'よい' })).toEqual({ ok: false, error: 'bad_id' });
		expect(addStatement(doc, { id: 'x1', text: 'あ'.repeat(STATEMENT_TEXT_MAX) }).ok).toBe(true);
		expect(addStatement(doc, { id: 'x1', text: '別' })).toEqual({ ok: false, error: 'exists' });
		expect(editStatement(doc, 'x1', '')).toEqual({ ok: false, error: 'text_empty' });
		for (let i = 2; i <= MAX_STATEMENTS; i++) expect(addStatement(doc, { id: `x${i}`, text: `案${i}` }).ok).toBe(true);
		expect(addStatement(doc, { id: 'over', text: '多すぎ' })).toEqual({ ok: false, error: 'too_many' });
		expect(readStatements(doc)).toHaveLength(MAX_STATEMENTS);
		expect(readStatements(doc)[0]!.text).toBe('あ'.repeat(STATEMENT_TEXT_MAX));
	});

	it('adopts statements one by one, at most five, and reads the adopted ones in order', () => {
		const doc = new Y.Doc();
		for (let i = 1; i <= 7; i++) addStatement(doc, { id: `s${i}`, text: `将来像${i}` });
		expect(visionReady(doc)).toBe(false);
		setStatementStatus(doc, 's3', 'adopted');
		expect(visionReady(doc)).toBe(false);
		setStatementStatus(doc, 's1', 'adopted');
		expect(adoptedStatements(doc)).toEqual(['将来像1', '将来像3']);
		expect(visionReady(doc)).toBe(true);
		for (const id of ['s4', 's5', 's6']) expect(setStatementStatus(doc, id, 'adopted').ok).toBe(true);
		expect(setStatementStatus(doc, 's7', 'adopted')).toEqual({ ok: false, error: 'too_many_adopted' });
		expect(adoptedStatements(doc)).toHaveLength(5);
		setStatementStatus(doc, 's1', 'candidate');
		expect(adoptedStatements(doc)).toEqual(['将来像3', '将来像4', '将来像5', '将来像6']);
	});

	it('「上位2つを採用」 adopts the two with most votes (ties by order, no votes never) and unadopts the rest', () => {
		const doc = new Y.Doc();
		for (const [id, text] of [['a1', 'A'], ['b2', 'B'], ['c3', 'C'], ['d4', 'D']]) addStatement(doc, { id: id!, text: text! });
		setStatementStatus(doc, 'a1', 'adopted');
		const r = adoptTop(doc, new Map([['b2', 3], ['c3', 5], ['d4', 3]]), 2);
		expect(r).toEqual({ ok: true, value: ['c3', 'b2'] });
		expect(adoptedStatements(doc)).toEqual(['B', 'C']);
		expect(adoptTop(doc, new Map([['d4', 1]]), 2)).toEqual({ ok: true, value: ['d4'] });
		expect(adoptedStatements(doc)).toEqual(['D']);
	});

	it('reads records of unknown shape tolerantly and converges between replicas', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		statementsMap(a).set('odd', { v: 1, text: 'ふしぎ', status: 'weird', order: 'x', themeRef: { workshopId: 'constructor', themeId: 't' } });
		statementsMap(a).set('junk', 42);
		addStatement(a, { id: 'ok1', text: '正しい' });
		addStatement(b, { id: 'ok2', text: 'もう一つ' });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(readStatements(a)).toEqual(readStatements(b));
		const odd = readStatements(a).find((s) => s.id === 'odd')!;
		expect(odd).toEqual({ id: 'odd', text: 'ふしぎ', status: 'candidate', order: 0, themeRef: null });
		expect(readStatements(a).some((s) => s.id === 'junk')).toBe(false);
	});
});
