/**
 * The plan's 計画書 page through the real production server: the facilitator downloads the plan as
 * Word, PDF, Excel, CSV and the JSON backup (each read back here), opens the print view, and both
 * pages pass axe; anonymous visitors and staff of other districts get 404 from the export URLs.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import PizZip from 'pizzip';
import ExcelJS from 'exceljs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Download, type Page } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { signIn } from './people';

const server = serverForFile();
test.describe.configure({ mode: 'serial' });

/** The demo plan's id, read from the server's database (the plan page links here once it exists). */
function demoPlanId(): string {
	const db = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare<[], { id: string }>('SELECT id FROM plans ORDER BY created_at LIMIT 1').get()!.id;
	} finally {
		db.close();
	}
}

async function expectNoSeriousAxe(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

async function downloadWith(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
	const [download]: [Download, void] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: button }).click()]);
	return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

test('the facilitator downloads the plan in each format from the document page', async ({ page }) => {
	test.setTimeout(120_000);
	const planId = demoPlanId();
	await signIn(page, server);
	await page.goto(`${server.url}/staff/plans/${planId}/document`);
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByRole('heading', { name: '計画書', exact: true })).toBeVisible();
	await expectNoSeriousAxe(page, 'the document page');

	const docx = await downloadWith(page, 'Word（計画書）');
	expect(docx.name).toMatch(/^さくら台地区_さくら台地区 地域福祉活動計画_\d{8}\.docx$/);
	const xml = new PizZip(docx.bytes).file('word/document.xml')!.asText();
	for (const s of ['さくら台地区 地域福祉活動計画', '1　地区の概要', '自治会・町内会数', '2　地区の課題', '3　めざす将来像', '4　重点目標と取り組み', '5　計画の推進と評価', '6　策定の経過', '第1回 みんなで話そう さくら台のこと'])
		expect(xml).toContain(s);
	await expect(page.getByRole('status')).toContainText('を保存しました');

	const pdf = await downloadWith(page, 'PDF（印刷用）');
	expect(pdf.name.endsWith('.pdf')).toBe(true);
	expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

	const xlsx = await downloadWith(page, 'Excel（取り組み表）');
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
	expect(wb.getWorksheet('取り組み')!.getRow(1).getCell(6).value).toBe('令和8年度');

	const csv = await downloadWith(page, 'CSV（付箋の一覧）');
	expect(csv.bytes.toString('utf8').startsWith('\uFEFF"種類","付箋","テーマ"')).toBe(true);

	const json = await downloadWith(page, 'バックアップ（JSON）');
	expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ format: 'kyoso-plan-backup', planId });

	await page.getByRole('link', { name: '印刷用の画面を開く' }).click();
	await expect(page.getByRole('heading', { name: 'さくら台地区 地域福祉活動計画' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '6　策定の経過' })).toBeVisible();
	// the profile table shows the stored number of 自治会・町内会 (the demo district: 13 in 2026)
	const profile = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '自治会・町内会数' }) });
	await expect(profile.getByRole('columnheader')).toHaveText(['年', '人口', '世帯数', '65歳以上', '高齢化率', '自治会・町内会数', '民生委員']);
	await expect(profile.getByRole('row').filter({ hasText: '2026年' }).getByRole('cell')).toHaveText(['2026年', '8,261', '3,738', '2,801', '33.9%', '13', '16']);
	await expect(page.getByRole('button', { name: '印刷する' })).toBeVisible();
	await expectNoSeriousAxe(page, 'the print view');
});

test('anonymous visitors and other districts get 404 from the plan export', async ({ playwright, browser }) => {
	const planId = demoPlanId();
	const anonymous = await playwright.request.newContext();
	for (const f of ['docx', 'json']) expect((await anonymous.get(`${server.url}/staff/plans/${planId}/export/${f}`, { maxRedirects: 0 })).status()).toBe(404);
	await anonymous.dispose();
	// the facilitator, signed in, asks for a plan that is not theirs / a format that does not exist
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await signIn(page, server);
	expect((await page.request.get(`${server.url}/staff/plans/not-a-plan/export/docx`)).status()).toBe(404);
	expect((await page.request.get(`${server.url}/staff/plans/${planId}/export/exe`)).status()).toBe(404);
	await ctx.close();
});

/**
 * Stores a broken council plan template straight into the server's database (the admin page refuses one
 * at upload, so this is how a template that broke later, or was stored before the checks, looks).
 * Returns a function that removes it again.
 */
function storeBrokenPlanTemplate(planId: string): { bytes: Buffer; remove: () => void } {
	const zip = new PizZip(fs.readFileSync(path.resolve(import.meta.dirname, '../../src/lib/server/export/planTemplate.docx')));
	zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{planTitle}', '{#themes}{planTitel}'));
	const bytes = zip.generate({ type: 'nodebuffer' });
	const db = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const { councilId } = db.prepare<[string], { councilId: string }>('SELECT d.council_id AS councilId FROM plans p JOIN districts d ON d.id = p.district_id WHERE p.id = ?').get(planId)!;
		db.prepare(
			`INSERT INTO council_templates (council_id, kind, data, file_name, size, uploaded_by, uploaded_by_name, uploaded_at) VALUES (?, 'plan', ?, 'こわれた様式.docx', ?, NULL, 'テスト', ?)
			ON CONFLICT (council_id, kind) DO UPDATE SET data = excluded.data, file_name = excluded.file_name, size = excluded.size`
		).run(councilId, bytes, bytes.byteLength, Date.now());
		return {
			bytes,
			remove: () => {
				const w = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { fileMustExist: true });
				try {
					w.pragma('busy_timeout = 5000');
					w.prepare("DELETE FROM council_templates WHERE council_id = ? AND kind = 'plan'").run(councilId);
				} finally {
					w.close();
				}
			}
		};
	} finally {
		db.close();
	}
}

function storedPlanTemplate(): Buffer | undefined {
	const db = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare<[], { data: Buffer }>("SELECT data FROM council_templates WHERE kind = 'plan'").get()?.data;
	} finally {
		db.close();
	}
}

test('a broken council plan template: Word says what to fix; the built-in template box still gets the plan', async ({ page }) => {
	test.setTimeout(120_000);
	const planId = demoPlanId();
	const broken = storeBrokenPlanTemplate(planId);
	try {
		await signIn(page, server);
		await page.goto(`${server.url}/staff/plans/${planId}/document`);
		await page.locator('body[data-hydrated]').waitFor();
		const useBuiltin = page.getByRole('checkbox', { name: '社協の様式ではなく、既定の様式で Word を作る' });
		await expect(useBuiltin).not.toBeChecked();

		let downloads = 0;
		page.on('download', () => downloads++);
		await page.getByRole('button', { name: 'Word（計画書）' }).click();
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('社協の様式（Word のひな形）に直す必要のあるところがあり、Word を作れませんでした');
		// the problems, each its own item, in Japanese, naming the broken tag
		const problems = alert.getByRole('listitem');
		expect(await problems.count()).toBeGreaterThan(0);
		for (const text of await problems.allTextContents()) expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
		await expect(alert).toContainText('themes');
		expect(downloads).toBe(0);
		await expectNoSeriousAxe(page, 'the document page with the template problems');
		// nothing stored changed: the council's template is still the one stored
		expect(storedPlanTemplate()?.equals(broken.bytes)).toBe(true);

		await useBuiltin.check();
		const docx = await downloadWith(page, 'Word（計画書）');
		expect(docx.name.endsWith('.docx')).toBe(true);
		const xml = new PizZip(docx.bytes).file('word/document.xml')!.asText();
		for (const s of ['さくら台地区 地域福祉活動計画', '1　地区の概要', '6　策定の経過']) expect(xml).toContain(s);
		await expect(page.getByRole('alert')).toHaveCount(0);
		await expect(page.getByRole('status')).toContainText('を保存しました');
	} finally {
		broken.remove();
	}
});
