/**
 * The whole arc of a plan through the real production server, on the demo's drafted plan (ひばりが丘地区):
 * the facilitator opens it from the staff home, reads the checklist with the plan's real figures (issues,
 * actions per priority issue, actions without 担い手, the document not yet written), follows the checklist's
 * link to the actions, enters the plan's cover (策定日, 策定者), follows the link to 計画書 and downloads the
 * Word file, which holds the cover, the plan's issues (重点 first) and its actions; back on the plan page the
 * checklist says the document was written; its 振り返り shows each action's history with the demo review's year. A bad 策定日 is refused with a Japanese error and nothing changes.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import PizZip from 'pizzip';
import { test, expect, type Download, type Page } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { signIn } from './people';

const server = serverForFile();
test.describe.configure({ mode: 'serial' });

const PLAN = 'ひばりが丘地区 地域福祉活動計画';

async function expectNoSeriousAxe(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

/** The text of a Word file's body, runs joined per paragraph. */
function docxText(bytes: Buffer): string {
	const xml = new PizZip(bytes).file('word/document.xml')!.asText();
	return xml
		.split(/<\/w:p>/)
		.map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
		.join('\n');
}

const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

test('a facilitator follows the drafted plan from the checklist to its actions and its Word document', async ({ page }) => {
	test.setTimeout(120_000);
	await signIn(page, server);
	await page.getByRole('link', { name: `「${PLAN}」の計画を開く` }).click();
	await expect(page.getByRole('heading', { name: PLAN, level: 1 })).toBeVisible();
	await page.locator('body[data-hydrated]').waitFor();

	// The checklist, with the plan's own figures.
	await expect(step(page, 'issues')).toContainText('課題 5件（うち重点 3件）');
	await expect(step(page, 'actions')).toHaveAttribute('data-state', 'started');
	await expect(step(page, 'actions')).toContainText('取り組み 7件');
	await expect(step(page, 'actions')).toContainText('担い手が決まっていない取り組みが 1件あります。');
	await expect(step(page, 'actions')).not.toContainText('に取り組みがありません');
	await expect(step(page, 'document')).toHaveAttribute('data-state', 'todo');
	await expect(step(page, 'document')).toContainText('計画書はまだ書き出していません。');
	// 振り返り: the demo review's year (令和9年度) in each action's history, and the indicators' charts
	const history = page.getByTestId('plan-review-history');
	await expect(history.getByRole('heading', { name: '振り返り：取り組みの年度ごとの評価' })).toBeVisible();
	await expect(history.getByTestId('plan-history-row')).toHaveCount(7);
	const watchRow = history.getByTestId('plan-history-row').filter({ hasText: 'ゆるやか見守り隊' });
	const cell = watchRow.getByRole('list', { name: '「ゆるやか見守り隊」の年度ごとの達成度' }).locator('[data-year="2027"]');
	await expect(cell).toContainText('令和9');
	await expect(cell).not.toHaveAttribute('data-level', '');
	await expect(history.getByTestId('history-cells').locator('[data-year]')).toHaveCount(7);
	await expect(history.getByTestId('indicator-chart').first()).toBeVisible();
	await expect(history.getByTestId('plan-history-empty')).toHaveCount(0);
	await expectNoSeriousAxe(page, 'the plan page');

	// A bad 策定日 (sent as the form would, bypassing the date picker) is refused; the plan is unchanged.
	const planUrl = page.url();
	const bad = await page.request.post(`${planUrl}?/updatePlan`, {
		form: { title: PLAN, start: '2027', end: '2031', status: 'drafting', adoptedOn: '2027-02-30', adoptedBy: '' },
		headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(((await bad.json()) as { type: string }).type).toBe('failure');

	// The cover: 策定日 and 策定者.
	await page.getByLabel('策定日').fill('2027-03-20');
	await page.getByLabel('策定者').fill('ひばりが丘地区社会福祉協議会');
	await page.getByRole('button', { name: '計画の設定を保存' }).click();
	await expect(page.getByText('保存しました').first()).toBeVisible();
	await expect(page.getByLabel('策定者')).toHaveValue('ひばりが丘地区社会福祉協議会');

	// The checklist's link to the actions: every action under its priority theme.
	await step(page, 'actions').getByRole('link', { name: '「取り組み」へ' }).click();
	await expect(page.getByRole('heading', { name: '取り組み', level: 1 })).toBeVisible();
	await expect(page.getByTestId('action-row')).toHaveCount(7);
	for (const theme of ['買い物と通院の足', 'ひとり暮らしの見守り', '災害時の助け合い']) await expect(page.getByRole('heading', { name: `テーマ：${theme}` })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'テーマ：買い物と通院の足' })).toBeVisible();
	await expect(page.getByTestId('action-row').filter({ hasText: 'ゆるやか見守り隊' })).toHaveAttribute('data-column', 'mutual');

	// Back to the plan, then its link to 計画書: the Word file holds the cover, the issues and the actions.
	await page.goto(planUrl);
	await step(page, 'document').getByRole('link', { name: '「計画書」へ' }).click();
	await expect(page.getByRole('heading', { name: '計画書', exact: true })).toBeVisible();
	await page.locator('body[data-hydrated]').waitFor();
	const [download]: [Download, void] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Word（計画書）' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^ひばりが丘地区_ひばりが丘地区 地域福祉活動計画_\d{8}\.docx$/);
	const text = docxText(fs.readFileSync(await download.path()));
	for (const s of ['令和9年3月20日', 'ひばりが丘地区社会福祉協議会']) expect(text, s).toContain(s);
	// the issues, 重点 first (移動の手段 was merged into 買い物と通院の足), with catch-phrase and notes
	const issues = ['買い物と通院の足', 'ひとり暮らしの見守り', '災害時の助け合い', '集まれる場所', '担い手不足'];
	const at = issues.map((t) => text.indexOf(t));
	expect(at.every((i) => i >= 0), issues.join(', ')).toBe(true);
	expect([...at].sort((a, b) => a - b)).toEqual(at);
	for (const s of ['重点1', '坂の上でも暮らしやすく', '乗り合いの車があれば助かる']) expect(text, s).toContain(s);
	// the actions, with 担い手, schedule and indicator
	for (const s of ['ついでの買い物お手伝い', '乗り合い送迎の相談窓口', '朝のあいさつ声かけ', 'ゆるやか見守り隊', '地区サロンを月2回に', '防災マップを住民でつくる', '避難の声かけ班づくり', 'ひばりが丘商店会', '見守りに協力する世帯'])
		expect(text, s).toContain(s);
	// the record of the workshops held, with the participants staff counted
	for (const s of ['第1回 ひばりが丘の「気になる」を出し合おう', '23人', '18人']) expect(text, s).toContain(s);

	// The checklist knows the document was written.
	await page.goto(planUrl);
	await expect(step(page, 'document')).toHaveAttribute('data-state', 'done');
	await expect(step(page, 'document')).toContainText('計画書を書き出しました。');
});
