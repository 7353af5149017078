/**
 * The plan export inside the app (real SQLite, real sync server, demo data): the snapshot read from
 * the records and the boards (hidden notes left out, no identities), each format through
 * exportPlanAs, a council's plan template used and a broken one refused with nothing stored changed,
 * who may open the plan, and the JSON backup: export → import into a fresh data dir → export again
 * gives the same bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import PizZip from 'pizzip';
import { addNote, initBoard, setNoteHidden } from '../../src/lib/domain/board/board';
import { createTheme } from '../../src/lib/domain/board/themes';
import { boardDocName, type Workshop } from '../../src/lib/server/workshops';
import type { KyosoApp } from '../../src/lib/server/app';
import { readPlanSnapshot } from '../../src/lib/server/export/planSnapshotSource';
import { exportPlanAs, planTemplate } from '../../src/lib/server/export/planDocument';
import { councilTemplates } from '../../src/lib/server/export/planExport';
import { checkTemplate } from '../../src/lib/server/export/renderDocx';
import { exportPlanBackup, importPlanBackup, BackupError } from '../../src/lib/server/export/planBackup';
import { openDatabase } from '../../src/lib/server/db/database';
import { closePdfBrowser } from '../../src/lib/server/export/planPdf';
import { CouncilSettingsStore, councilSettings } from '../../src/lib/server/councilSettings';
import { Plans } from '../../src/lib/server/plans';
import { demoPlanIds, DEMO_PLAN_TITLE } from '../../src/lib/server/demo/plan';
import { agingRate, formatRate, latestYear } from '../../src/lib/domain/plan/profile';
import { adoptedStatements } from '../../src/lib/domain/plan/vision';
import { formatEraFiscalYear } from '../../src/lib/domain/eraDate';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import { demoWorkshop, joinParticipant, otherDistrictWorkshop, startTestServer, userByLogin, type TestServer } from '../helpers/testServer';

let server: TestServer;
let app: KyosoApp;
let workshop: Workshop;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-plan-export-'));

beforeAll(async () => {
	server = await startTestServer();
	app = server.app;
	workshop = (await demoWorkshop(app));
	await joinParticipant(app, workshop.id, 'さくら');
	await app.sync.change(boardDocName(workshop.id), (doc) => {
		initBoard(doc, { step: 'issues', inputOpen: true });
		const add = (id: string, text: string, now: number) => {
			const r = addNote(doc, { id, text, kind: 'concern', authorId: `p-${id}`, authorRole: 'participant', nickname: 'さくら', now });
			if (!r.ok) throw new Error(r.error);
		};
		add('n1', 'ひとり暮らしの高齢者が増えている', 1_000);
		add('n2', '非表示にした書き込み', 2_000);
		add('n3', '=1+2 のような書き込み', 3_000);
		createTheme(doc, { id: 't1', title: '見守り', x: 0, y: 0, now: 4_000, noteIds: ['n1'] });
		setNoteHidden(doc, 'n2', true);
	});
});

afterAll(async () => {
	await closePdfBrowser();
	await server?.close();
	fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the plan snapshot from the stores', () => {
	it('holds the council, district, plan and the workshop notes without hidden notes or nicknames', async () => {
		const s = (await readPlanSnapshot(app, workshop.planId))!;
		expect(s.council.name).toBe('みどり市社会福祉協議会（デモ）');
		expect(s.council.actorColumns.length).toBeGreaterThanOrEqual(2);
		expect(s.district.name).toBe('さくら台地区');
		expect(s.plan).toMatchObject({ title: 'さくら台地区 地域福祉活動計画', startYear: 2026, endYear: 2030 });
		expect(s.workshops).toHaveLength(1);
		expect(s.workshops[0]!.participants).toBe(1);
		expect(s.workshops[0]!.notes.map((n) => [n.text, n.theme])).toEqual([
			['ひとり暮らしの高齢者が増えている', '見守り'],
			['=1+2 のような書き込み', '']
		]);
		expect(JSON.stringify(s)).not.toContain('さくら"');
		expect(await readPlanSnapshot(app, 'no-such-plan')).toBeNull();
	});
});

describe('each format', () => {
	it('docx, xlsx, csv and json come out with their names and types', async () => {
		const now = Date.UTC(2027, 2, 20, 3);
		const expected = { docx: 'PK', xlsx: 'PK', csv: '\uFEFF', json: '{' } as const;
		for (const format of ['docx', 'xlsx', 'csv', 'json'] as const) {
			const r = await exportPlanAs(app, workshop.planId, format, { now });
			if (!r || !r.ok) throw new Error(`${format} failed`);
			expect(r.value.fileName.startsWith('さくら台地区_さくら台地区 地域福祉活動計画')).toBe(true);
			expect(r.value.fileName.endsWith(`_20270320.${format}`)).toBe(true);
			expect(r.value.bytes.toString('utf8').startsWith(expected[format]), format).toBe(true);
		}
		const csv = (await exportPlanAs(app, workshop.planId, 'csv'))!;
		if (!csv.ok) throw new Error('csv');
		const text = csv.value.bytes.toString('utf8');
		expect(text).toContain('"ひとり暮らしの高齢者が増えている","見守り"');
		expect(text).toContain(`"'=1+2 のような書き込み"`);
		expect(text).not.toContain('非表示にした書き込み');
		expect(text).not.toContain('さくら"');
	});

	it('pdf is a PDF', { timeout: 60_000 }, async () => {
		const r = await exportPlanAs(app, workshop.planId, 'pdf');
		if (!r || !r.ok) throw new Error('pdf failed');
		expect(r.value.bytes.subarray(0, 5).toString()).toBe('%PDF-');
	});

	it('no file for a plan that does not exist', async () => {
		expect(await exportPlanAs(app, 'nope', 'docx')).toBeNull();
	});
});

describe('council templates', () => {
	it('the council’s plan template is used for the plan; ?template=builtin uses the built-in one', async () => {
		const councilId = workshop.councilId;
		const admin = (await userByLogin(app, 'admin'));
		const zip = new PizZip(planTemplate());
		zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{planTitle}', '{planTitle}（社協様式）'));
		const own = zip.generate({ type: 'uint8array' });
		expect(checkTemplate(own)).toEqual([]);
		await councilTemplates(app).put(councilId, 'plan', { data: own, fileName: 'own.docx', uploadedBy: { id: admin.id, name: admin.name } });
		const r = (await exportPlanAs(app, workshop.planId, 'docx'))!;
		if (!r.ok) throw new Error('docx failed');
		expect(r.value.template).toBe('council');
		expect(new PizZip(r.value.bytes).file('word/document.xml')!.asText()).toContain('（社協様式）');
		const builtin = (await exportPlanAs(app, workshop.planId, 'docx', { template: 'builtin' }))!;
		if (!builtin.ok) throw new Error('docx failed');
		expect(builtin.value.template).toBe('builtin');
		await councilTemplates(app).reset(councilId, 'plan');
	});

	it('a broken template file gets the problems and changes nothing stored', async () => {
		const before = app.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get();
		const zip = new PizZip(planTemplate());
		zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{planTitle}', '{#issues}{planTitle}'));
		const r = (await exportPlanAs(app, workshop.planId, 'docx', { template: { file: zip.generate({ type: 'uint8array' }), name: 'bad.docx' } }))!;
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems.length).toBeGreaterThan(0);
		expect(await councilTemplates(app).info(workshop.councilId, 'plan')).toBeNull();
		expect(app.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual(before);
	});
});

describe('access', () => {
	it('staff of the district and admins may open the plan; others may not', async () => {
		const plan = (await app.workshops.getPlan(workshop.planId))!;
		expect((await app.workshops.canStaffOpenPlan((await userByLogin(app, 'facilitator')), plan))).toBe(true);
		expect((await app.workshops.canStaffOpenPlan((await userByLogin(app, 'admin')), plan))).toBe(true);
		const other = (await otherDistrictWorkshop(app)).workshop;
		expect((await app.workshops.canStaffOpenPlan((await userByLogin(app, 'facilitator')), (await app.workshops.getPlan(other.planId))!))).toBe(false);
	});
});

describe('the drafted demo plan', () => {
	it('its document holds the district profile, a resource, the adopted vision and the review', async () => {
		const councilId = (await app.workshops.getPlan(workshop.planId))!.councilId;
		const drafted = (await demoPlanIds(app.plans, councilId))!;
		const s = (await readPlanSnapshot(app, drafted.planId))!;
		const profile = (await app.districtProfiles.get(drafted.districtId))!;
		const resources = await app.resources.list(drafted.districtId);
		const statements = await app.sync.read(planDocName(drafted.planId), adoptedStatements);
		expect(s.profile.years.map((y) => y.year)).toEqual(profile.years.map((y) => y.year));
		expect(s.vision.statements).toEqual(statements);
		expect(statements.length).toBeGreaterThan(0);
		expect(s.vision.explanation.length).toBeGreaterThan(0);
		// the demo review is of the plan's first year
		const reviewed = `振り返りの実施：${formatEraFiscalYear(s.plan.startYear)}`;
		expect(s.review).toContain(reviewed);
		const hidden = resources.find((r) => r.contact && !r.contactPublic);
		if (hidden) expect(JSON.stringify(s)).not.toContain(hidden.contact);

		const r = await exportPlanAs(app, drafted.planId, 'docx');
		if (!r || !r.ok) throw new Error('docx failed');
		const xml = new PizZip(r.value.bytes).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '');
		const last = latestYear(profile)!;
		expect(xml).toContain(formatRate(agingRate(last.population, last.aged65)));
		expect(xml).toContain(resources[0]!.name);
		for (const t of statements) expect(xml).toContain(t);
		expect(xml).toContain(reviewed);
	});
});

describe('JSON backup', () => {
	it('export → import into a fresh data dir → export again is byte-identical', async () => {
		const districtId = (await app.workshops.getPlan(workshop.planId))!.districtId;
		const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 250]);
		await app.supportMaps.put(districtId, picture, { type: 'image/png', width: 2, height: 1 }, null);
		const first = await exportPlanBackup(app.db, workshop.planId);
		type Know = { profile: { character: string; years: { year: number }[] }; resources: { name: string }[]; supportMap: { data: string; mime: string } };
		const parsed = JSON.parse(first) as { sections: { documents: Record<string, string>; workshops: { id: string }[] } & Know };
		expect(Object.keys(parsed.sections.documents)).toContain(boardDocName(workshop.id));
		expect(first).not.toContain(workshop.joinCode);
		// 地区を知る: the district's profile, resources and support map go with the plan
		const profile = (await app.districtProfiles.get(districtId))!;
		expect(parsed.sections.profile.years.map((y) => y.year)).toEqual(profile.years.map((y) => y.year));
		expect(parsed.sections.resources.map((r) => r.name).sort()).toEqual((await app.resources.list(districtId)).map((r) => r.name).sort());
		expect(parsed.sections.resources.length).toBeGreaterThan(0);
		expect(parsed.sections.supportMap).toMatchObject({ mime: 'image/png', data: Buffer.from(picture).toString('base64') });

		const fresh = openDatabase(path.join(tmp, 'fresh'));
		try {
			expect(await importPlanBackup(fresh, first)).toBe(workshop.planId);
			const second = await exportPlanBackup(fresh, workshop.planId);
			expect(second).toBe(first);
			expect(fresh.prepare('SELECT COUNT(*) AS n FROM district_profile_years').get()).toEqual({ n: profile.years.length });
			expect(fresh.prepare('SELECT data FROM district_maps').get()).toEqual({ data: Buffer.from(picture) });
			// importing the same plan again is refused, and nothing is stored twice
			await expect(importPlanBackup(fresh, first)).rejects.toThrow(BackupError);
			expect(fresh.prepare('SELECT COUNT(*) AS n FROM workshops').get()).toEqual({ n: 1 });
		} finally {
			fresh.close();
		}
	});

	it('a broken file is refused with a reason and stores nothing', async () => {
		const db = openDatabase(path.join(tmp, 'broken'));
		try {
			await expect(importPlanBackup(db, 'not json')).rejects.toThrow(/JSON として読めません/);
			await expect(importPlanBackup(db, JSON.stringify({ format: 'other' }))).rejects.toThrow(/format/);
			const good = JSON.parse(await exportPlanBackup(app.db, workshop.planId)) as { sections: { documents: Record<string, string> } };
			good.sections.documents[boardDocName(workshop.id)] = Buffer.from('not yjs').toString('base64');
			await expect(importPlanBackup(db, JSON.stringify(good))).rejects.toThrow(/文書/);
			expect(db.prepare('SELECT COUNT(*) AS n FROM plans').get()).toEqual({ n: 0 });
			expect(db.prepare('SELECT COUNT(*) AS n FROM councils').get()).toEqual({ n: 0 });
		} finally {
			db.close();
		}
	});
});

describe('the drafted demo plan (ひばりが丘地区), every part wired', () => {
	it('the snapshot holds the council’s settings, the plan record, the issues (重点 first) and the actions per issue × column', async () => {
		const council = councilSettings(app);
		const admin = (await userByLogin(app, 'admin'));
		const settings = (await council.get(workshop.councilId))!;
		await council.save(workshop.councilId, { ...settings, philosophy: '誰もが役割を持ち、支え合うまち', goals: [{ id: 'g1', label: 'つながる' }, { id: 'g2', label: '支え合う' }, { id: 'g3', label: '安心して暮らす' }] }, { userId: admin.id });
		const ids = (await demoPlanIds(app.plans, workshop.councilId))!;
		const plan = (await app.plans.get(ids.planId))!;
		await app.plans.update(plan.id, { title: plan.title, period: plan.period, status: 'adopted', adoptedOn: '2027-03-20', adoptedBy: 'ひばりが丘地区社会福祉協議会' });

		const s = (await readPlanSnapshot(app, plan.id))!;
		expect(s.council).toMatchObject({ philosophy: '誰もが役割を持ち、支え合うまち', goals: [{ id: 'g1', label: 'つながる' }, { id: 'g2', label: '支え合う' }, { id: 'g3', label: '安心して暮らす' }] });
		expect(s.council.actorColumns.map((c) => c.id)).toEqual(['self', 'mutual', 'community', 'public']);
		expect(s.plan).toMatchObject({ title: DEMO_PLAN_TITLE, startYear: 2027, endYear: 2031, status: 'adopted', adoptedOn: '2027-03-20', adoptedBy: 'ひばりが丘地区社会福祉協議会' });
		// 重点 first, ranked in the plan's order; 移動の手段 was merged into 買い物と通院の足 (its notes with it)
		expect(s.issues.map((i) => [i.title, i.rank])).toEqual([
			['買い物と通院の足', 1],
			['ひとり暮らしの見守り', 2],
			['災害時の助け合い', 3],
			['集まれる場所', null],
			['担い手不足', null]
		]);
		expect(s.issues[0]).toMatchObject({ catchphrase: '坂の上でも暮らしやすく', notes: expect.arrayContaining(['スーパーまで歩くと坂がきつい', '乗り合いの車があれば助かる']) });
		const title = (id: string) => s.issues.find((i) => i.id === id)?.title;
		expect(s.actions.map((a) => [title(a.issueId), a.columnId, a.title])).toEqual([
			['買い物と通院の足', 'mutual', 'ついでの買い物お手伝い'],
			['買い物と通院の足', 'public', '乗り合い送迎の相談窓口'],
			['ひとり暮らしの見守り', 'self', '朝のあいさつ声かけ'],
			['ひとり暮らしの見守り', 'mutual', 'ゆるやか見守り隊'],
			['ひとり暮らしの見守り', 'community', '地区サロンを月2回に'],
			['災害時の助け合い', 'mutual', '避難の声かけ班づくり'],
			['災害時の助け合い', 'community', '防災マップを住民でつくる']
		]);
		const watch = s.actions.find((a) => a.title === 'ゆるやか見守り隊')!;
		expect(watch.schedule).toEqual([
			{ year: 2027, stage: '検討' },
			{ year: 2028, stage: '準備' },
			{ year: 2029, stage: '実施' },
			{ year: 2030, stage: '継続' },
			{ year: 2031, stage: '拡充' }
		]);
		expect(watch.indicator).toEqual({ what: '見守りに協力する世帯', unit: '世帯', baseline: 25, targets: [{ year: 2029, value: 40 }, { year: 2030, value: 50 }, { year: 2031, value: 60 }] });
		// the demo council had no goals when its actions were written: none linked
		expect(watch.goalId).toBeNull();
		expect(s.workshops.map((w) => [w.participants, w.steps])).toEqual([
			[23, ['課題を出し合う', '課題を整理する']],
			[18, ['課題を出し合う', '課題を整理する']]
		]);

		// the Word file carries them: the cover, the issues, the actions
		const docx = (await exportPlanAs(app, plan.id, 'docx', { template: 'builtin' }))!;
		if (!docx.ok) throw new Error('docx failed');
		const xml = new PizZip(docx.value.bytes).file('word/document.xml')!.asText();
		for (const text of ['ひばりが丘地区社会福祉協議会', '令和9年3月20日', '重点1', '買い物と通院の足', '坂の上でも暮らしやすく', 'ゆるやか見守り隊', '見守りに協力する世帯', '誰もが役割を持ち、支え合うまち']) expect(xml, text).toContain(text);
	});

	it('its JSON backup keeps the council’s settings and the plan record’s fields, byte for byte', async () => {
		const ids = (await demoPlanIds(app.plans, workshop.councilId))!;
		const first = await exportPlanBackup(app.db, ids.planId);
		const parsed = JSON.parse(first) as { sections: { council: { settings: { data: { philosophy: string } } }; plan: Record<string, unknown>; workshops: Record<string, unknown>[] } };
		expect(parsed.sections.council.settings.data.philosophy).toBe('誰もが役割を持ち、支え合うまち');
		expect(parsed.sections.plan).toMatchObject({ status: 'adopted', adoptedOn: '2027-03-20', adoptedBy: 'ひばりが丘地区社会福祉協議会' });
		expect(parsed.sections.workshops.map((w) => [w.participantCount, w.stepsCovered])).toEqual([
			[23, '["issues","organise"]'],
			[18, '["issues","organise"]']
		]);
		const fresh = openDatabase(path.join(tmp, 'fresh-drafted'));
		try {
			expect(await importPlanBackup(fresh, first)).toBe(ids.planId);
			expect(await exportPlanBackup(fresh, ids.planId)).toBe(first);
			const settings = await new CouncilSettingsStore(fresh).get(workshop.councilId);
			expect(settings?.goals.map((g) => g.label)).toEqual(['つながる', '支え合う', '安心して暮らす']);
			expect(await new Plans(fresh).get(ids.planId)).toMatchObject({ status: 'adopted', adoptedOn: '2027-03-20', adoptedBy: 'ひばりが丘地区社会福祉協議会' });
		} finally {
			fresh.close();
		}
	});
});
