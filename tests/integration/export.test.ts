/**
 * The Word export end to end inside the app (real SQLite, real sync server, demo data): a board with
 * themes, a closed vote and hidden notes is exported with the built-in template and read back with
 * PizZip; council templates are checked, stored, used and reset; and who may export.
 *
 * The export route itself (src/routes/staff/w/[id]/export.docx) is a thin wrapper: staffWorkshop()
 * then exportPlan(). Its HTTP refusals are covered in tests/e2e/export.spec.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import PizZip from 'pizzip';
import * as Y from 'yjs';
import { addNote, initBoard, setNoteHidden } from '../../src/lib/domain/board/board';
import { createTheme, renameTheme } from '../../src/lib/domain/board/themes';
import { closeVote, openVote, setVote } from '../../src/lib/domain/board/voting';
import { setControl } from '../../src/lib/domain/board/controls';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import type { KyosoApp } from '../../src/lib/server/app';
import type { StaffUser } from '../../src/lib/server/auth/staff';
import { staffWorkshop } from '../../src/lib/server/staffWorkshop';
import { exportPlan, councilTemplates } from '../../src/lib/server/export/planExport';
import { checkTemplate, MAX_TEMPLATE_BYTES, renderDocx } from '../../src/lib/server/export/renderDocx';
import { defaultTemplate } from '../../src/lib/server/export/councilTemplates';
import { describeProblems } from '../../src/lib/server/export/problemText';
import { SAMPLE_DATA } from '../../src/lib/server/export/templateSchema';
import { attachmentHeader, exportFileName } from '../../src/lib/server/export/download';
import { demoWorkshop, joinParticipant, otherDistrictWorkshop, startTestServer, userByLogin, type TestServer } from '../helpers/testServer';

let server: TestServer;
let app: KyosoApp;
let workshop: Workshop;

const HIDDEN = '非表示にした不適切な書き込み';
const ESCAPED = '<script>alert("x")</script> & 子ども食堂 > 3か所';

/** The text of word/document.xml, tags stripped, one line per paragraph. */
function documentText(bytes: Uint8Array): { xml: string; text: string } {
	const xml = new PizZip(bytes).file('word/document.xml')!.asText();
	const text = xml
		.split(/<\/w:p>/)
		.map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
		.join('\n');
	return { xml, text };
}

/** The built-in template with its document.xml changed. */
function templateWith(change: (xml: string) => string): Uint8Array {
	const zip = new PizZip(defaultTemplate());
	zip.file('word/document.xml', change(zip.file('word/document.xml')!.asText()));
	return zip.generate({ type: 'uint8array' });
}

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	workshop = await demoWorkshop(app);
	await joinParticipant(app, workshop.id, 'さくら');
	await joinParticipant(app, workshop.id, null);
	let clock = 1_000;
	const note = (doc: Y.Doc, id: string, text: string, kind = 'concern', nickname: string | null = null) => {
		const r = addNote(doc, { id, text, kind, authorId: `p-${id}`, authorRole: 'participant', nickname, now: clock++ });
		if (!r.ok) throw new Error(r.error);
	};
	await app.sync.change(boardDocName(workshop.id), (doc) => {
		initBoard(doc, { step: 'issues', inputOpen: true });
		note(doc, 'n1', 'ひとり暮らしの高齢者が増えている');
		note(doc, 'n2', '夜道が暗い\n街灯が少ない');
		note(doc, 'n3', HIDDEN);
		note(doc, 'n4', ESCAPED, 'concern', 'さくら');
		note(doc, 'n5', 'あいさつが多い町', 'strength');
		note(doc, 'n6', 'まだ分けていない付箋');
		createTheme(doc, { id: 'tA', title: '買い物の不便', x: 0, y: 0, now: clock++, noteIds: ['n4'] });
		createTheme(doc, { id: 'tB', title: '見守りとつながり', x: 0, y: 0, now: clock++, noteIds: ['n1', 'n3'] });
		createTheme(doc, { id: 'tC', title: '夜の安全', x: 0, y: 0, now: clock++, noteIds: ['n2'] });
		renameTheme(doc, 'tB', { catchphrase: 'となりの窓にあかりを' });
		setNoteHidden(doc, 'n3', true);
		openVote(doc, { roundId: 'r1', target: 'themes', dotsPerPerson: 3, allowStacking: true, hideResults: false, now: clock++ });
		setVote(doc, 'v1', 'tB', 3);
		setVote(doc, 'v2', 'tC', 2);
		setVote(doc, 'v3', 'tA', 1);
		closeVote(doc);
	});
});

afterAll(async () => {
	await server?.close();
});

describe('export with the built-in template', () => {
	it('writes the board into a Word file: themes in rank order, Japanese intact, hidden notes absent, XML escaped', async () => {
		const r = await exportPlan(app, workshop, { now: Date.UTC(2026, 11, 20, 3) });
		if (!r.ok) throw new Error(JSON.stringify(r.problems));
		expect(r.value.custom).toBe(false);
		expect(r.value.fileName).toBe('さくら台地区_第1回 みんなで話そう さくら台のこと_20261220.docx');
		const { xml, text } = documentText(r.value.bytes);

		// cover
		expect(text).toContain('みどり市社会福祉協議会（デモ）');
		expect(text).toContain('地区：さくら台地区');
		expect(text).toContain('計画期間：令和8年度〜令和12年度');
		expect(text).toContain('開催日：令和8年12月5日');
		expect(text).toContain('作成日：令和8年12月20日');
		expect(text).toContain('参加者（スマートフォンで参加した人）：2人');
		expect(text).toContain('付箋の数：5枚');

		// themes by rank, in the section and in the table
		const order = ['第1位　見守りとつながり', '第2位　夜の安全', '第3位　買い物の不便'].map((t) => text.indexOf(t));
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(text).toContain('キャッチコピー：「となりの窓にあかりを」');
		expect(text).toContain('シール投票：3票');

		// moderation and anonymity
		expect(xml).not.toContain(HIDDEN);
		expect(text).not.toContain('さくら）'); // names are not shown on the board: no nickname

		// escaping and line breaks
		expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 子ども食堂 &gt; 3か所');
		expect(xml).not.toContain('<script>');
		expect(xml).toMatch(/夜道が暗い<\/w:t><\/w:r><w:r>(<w:rPr>.*?<\/w:rPr>)?<w:br\/>/);
		expect(text).toContain('まだ分けていない付箋');
		expect(text).toContain('あいさつが多い町');

		// the package is still a valid zip with its other parts
		const zip = new PizZip(r.value.bytes);
		expect(zip.file('word/styles.xml')!.asText()).toContain('w:eastAsia="游明朝"');
	});

	it('shows nicknames once the board shows names', async () => {
		await app.sync.change(boardDocName(workshop.id), (doc) => setControl(doc, 'showNames', true));
		const r = await exportPlan(app, workshop);
		await app.sync.change(boardDocName(workshop.id), (doc) => setControl(doc, 'showNames', false));
		if (!r.ok) throw new Error('export failed');
		expect(documentText(r.value.bytes).text).toContain('3か所（さくら）');
	});
});

describe('template checks', () => {
	it('accepts the built-in template', () => {
		expect(checkTemplate(defaultTemplate())).toEqual([]);
	});

	it('names unclosed and unopened loops', () => {
		const bad = templateWith((xml) => xml.replace('{/themes}', '').replace('{councilName}', '{councilName}{/notes}'));
		const problems = checkTemplate(bad);
		expect(problems).toEqual(
			expect.arrayContaining([expect.objectContaining({ code: 'unclosed_loop', tag: 'themes' }), expect.objectContaining({ code: 'unopened_loop', tag: 'notes' })])
		);
		const text = describeProblems(problems).map((p) => p.message);
		expect(text.join('\n')).toContain('「#themes」を終わらせる「/themes」がありません');
	});

	it('names unknown tags, wherever they are (loops, inverted sections)', () => {
		const bad = templateWith((xml) => xml.replace('{councilName}', '{counsilName}').replace('{rankLabel}', '{rankLabel}{#votes}{/votes}'));
		const problems = checkTemplate(bad);
		expect(problems).toEqual([
			{ code: 'unknown_tag', tag: 'counsilName', detail: null },
			{ code: 'unknown_tag', tag: '#votes', detail: null }
		]);
		expect(describeProblems(problems)[0]!.message).toContain('「counsilName」は使えるタグではありません');
	});

	it('knows which tags exist inside which list', () => {
		const ok = templateWith((xml) => xml.replace('{councilName}', '{#tables}{name}{#themes}{title}{districtName}{#notes}{text}{/notes}{/themes}{/tables}'));
		expect(checkTemplate(ok)).toEqual([]);
		const bad = templateWith((xml) => xml.replace('{councilName}', '{name}{themes}'));
		expect(checkTemplate(bad)).toEqual([
			{ code: 'unknown_tag', tag: 'name', detail: null },
			{ code: 'list_as_text', tag: 'themes', detail: null }
		]);
	});

	it('reports unclosed braces, mismatched loops and @ tags', () => {
		expect(checkTemplate(templateWith((xml) => xml.replace('{councilName}', '{councilName')))).toEqual([
			expect.objectContaining({ code: 'unclosed_tag', tag: 'councilName' })
		]);
		expect(checkTemplate(templateWith((xml) => xml.replace('{councilName}', '{#hasVotes}{#hasThemes}{/hasVotes}{/hasThemes}')))[0]).toMatchObject({
			code: 'mismatched_loop'
		});
		expect(checkTemplate(templateWith((xml) => xml.replace('{councilName}', '{@raw}')))).toEqual([{ code: 'raw_xml', tag: '@raw', detail: null }]);
	});

	it('refuses what is not a .docx, empty and too large files', () => {
		expect(checkTemplate(new TextEncoder().encode('%PDF-1.7'))).toEqual([{ code: 'not_docx', tag: null, detail: null }]);
		const zip = new PizZip();
		zip.file('hello.txt', 'not word');
		expect(checkTemplate(zip.generate({ type: 'uint8array' }))[0]!.code).toBe('not_docx');
		expect(checkTemplate(new Uint8Array(0))[0]!.code).toBe('empty_file');
		expect(checkTemplate(new Uint8Array(MAX_TEMPLATE_BYTES + 1))[0]!.code).toBe('too_large');
	});

	it('renders the sample data with the built-in template', () => {
		const r = renderDocx(defaultTemplate(), SAMPLE_DATA);
		expect(r.ok).toBe(true);
	});
});

describe('council templates', () => {
	it('uses the council’s own template, falls back to the built-in one on request, and resets', async () => {
		const templates = councilTemplates(app);
		const admin = await userByLogin(app, 'admin');
		const own = templateWith((xml) => xml.replace('{councilName}', '独自様式：{councilName}'));
		expect(checkTemplate(own)).toEqual([]);
		await templates.put(workshop.councilId, 'summary', { data: own, fileName: '様式.docx', uploadedBy: { id: admin.id, name: admin.name } });
		expect(await templates.info(workshop.councilId, 'summary')).toMatchObject({ fileName: '様式.docx', size: own.byteLength, uploadedByName: admin.name });

		const r = await exportPlan(app, workshop);
		if (!r.ok) throw new Error('export failed');
		expect(r.value.custom).toBe(true);
		expect(documentText(r.value.bytes).text).toContain('独自様式：みどり市社会福祉協議会（デモ）');

		// A template that breaks (stored before checks existed, say): a failure with the problems, not an exception.
		await templates.put(workshop.councilId, 'summary', { data: templateWith((xml) => xml.replace('{/themes}', '')), fileName: 'bad.docx', uploadedBy: { id: admin.id, name: admin.name } });
		const broken = await exportPlan(app, workshop);
		expect(broken).toMatchObject({ ok: false, custom: true, problems: [expect.objectContaining({ code: 'unclosed_loop' })] });
		const fallback = await exportPlan(app, workshop, { useDefault: true });
		expect(fallback.ok && fallback.value.custom).toBe(false);

		expect(await templates.reset(workshop.councilId, 'summary')).toBe(true);
		expect(await templates.info(workshop.councilId, 'summary')).toBeNull();
		expect(await templates.reset(workshop.councilId, 'summary')).toBe(false);
	});
});

describe('who may export (the route’s guard)', () => {
	let users: Record<string, StaffUser>;
	let elsewhere: Workshop;

	beforeAll(async () => {
		const councilId = workshop.councilId;
		elsewhere = await (await otherDistrictWorkshop(app)).workshop;
		const editor = await app.staff.createUser({ councilId, login: 'export-editor', name: '編集', role: 'editor', password: 'export-editor-2026', mustChangePassword: false });
		await app.staff.assignDistrict(editor.id, workshop.districtId);
		const other = await app.staff.createUser({ councilId, login: 'export-other', name: '他地区', role: 'facilitator', password: 'export-other-2026' });
		await app.staff.assignDistrict(other.id, elsewhere.districtId);
		const otherCouncil = await app.workshops.createCouncil('よその社協');
		const foreignAdmin = await app.staff.createUser({ councilId: otherCouncil, login: 'export-foreign', name: '他社協', role: 'admin', password: 'export-foreign-2026' });
		const disabled = await app.staff.createUser({ councilId, login: 'export-disabled', name: '停止', role: 'facilitator', password: 'export-disabled-2026' });
		await app.staff.assignDistrict(disabled.id, workshop.districtId);
		await app.staff.setDisabled(disabled.id, true);
		users = {
			admin: await userByLogin(app, 'admin'),
			facilitator: await userByLogin(app, 'facilitator'),
			editor: (await app.staff.getUser(editor.id))!,
			otherDistrict: (await app.staff.getUser(other.id))!,
			otherCouncilAdmin: (await app.staff.getUser(foreignAdmin.id))!,
			disabled: (await app.staff.getUser(disabled.id))!
		};
	});

	const status = async (fn: () => unknown): Promise<number> => {
		try {
			await fn();
			return 200;
		} catch (e) {
			return (e as { status?: number }).status ?? 500;
		}
	};

	it.each([
		['admin', 200],
		['facilitator', 200],
		['editor', 200],
		['otherDistrict', 404],
		['otherCouncilAdmin', 404],
		['disabled', 404]
	])('%s → %i', async (who, expected) => {
		expect(await status(() => staffWorkshop(workshop.id, users[who]!))).toBe(expected);
	});

	it('refuses participants, projectors and anonymous visitors (no staff session) with 404', async () => {
		expect(await status(() => staffWorkshop(workshop.id, null))).toBe(404);
	});

	it('refuses a workshop of another district to its non-assigned facilitator, but not to its own', async () => {
		expect(await status(() => staffWorkshop(elsewhere.id, users.facilitator!))).toBe(404);
		expect(await status(() => staffWorkshop(elsewhere.id, users.otherDistrict!))).toBe(200);
	});
});

describe('download headers', () => {
	it('sends the Japanese name with RFC 5987 and a safe ASCII fallback', () => {
		const name = exportFileName('さくら台地区', '第1回 "話そう"/みんなで', { year: 2026, month: 12, day: 5 });
		expect(name).toBe('さくら台地区_第1回 話そう みんなで_20261205.docx');
		const header = attachmentHeader(name, 'kyoso-plan-20261205.docx');
		expect(header).toBe(`attachment; filename="kyoso-plan-20261205.docx"; filename*=UTF-8''${encodeURIComponent(name)}`);
		expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(name);
		expect(attachmentHeader("it's (1)*.docx", 'x"y.docx')).toBe(`attachment; filename="x_y.docx"; filename*=UTF-8''it%27s%20%281%29%2A.docx`);
	});
});
