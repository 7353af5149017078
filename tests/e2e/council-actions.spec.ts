/**
 * Council settings and the plan's actions (issues 17 and 19), through the real production server: a
 * facilitator adds actions with a five-year schedule and an indicator; bad input (a 10,000-character title,
 * an unknown actor column, a schedule outside the plan period) is refused with a clear error and nothing
 * changes; two staff save different fields of one action at once and both edits survive; the admin sets
 * the council's goals and switches the actor preset with a mapping while the plan has actions (none lost,
 * columns mapped); a facilitator cannot open the council settings (the server refuses).
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import path from 'node:path';
import { serverForFile } from './serverProcess';
import { signIn } from './people';
import { adminSignsIn, hydrated, newLaptop } from './admin';

const server = serverForFile();
test.describe.configure({ mode: 'serial' });

/** The demo plan's id (the plan page that links to the actions is another issue's page). */
function demoPlanId(): string {
	const db = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare<[], { id: string }>('SELECT id FROM plans ORDER BY created_at LIMIT 1').get()!.id;
	} finally {
		db.close();
	}
}
const actionsUrl = () => `${server.url}/staff/plans/${demoPlanId()}/actions`;
const rows = (page: Page) => page.getByTestId('action-row');
const addForm = (page: Page) => page.getByRole('form', { name: '取り組みを追加' });

async function noSeriousAxe(page: Page) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function addAction(page: Page, a: { title: string; column: string; responsible: string; stages: string[]; indicator?: { what: string; unit: string; baseline: string; final: string } }) {
	const f = addForm(page);
	await f.getByLabel('取り組みの名前').fill(a.title);
	await f.getByLabel('担い手の列').selectOption({ label: a.column });
	await f.getByLabel('担い手（グループ名）').fill(a.responsible);
	const eras = ['令和8年度（2026年度）', '令和9年度（2027年度）', '令和10年度（2028年度）', '令和11年度（2029年度）', '令和12年度（2030年度）'];
	for (const [i, s] of a.stages.entries()) if (s) await f.getByLabel(eras[i]!, { exact: true }).selectOption({ label: s });
	if (a.indicator) {
		await f.getByLabel('数えるもの').fill(a.indicator.what);
		await f.getByLabel('単位').fill(a.indicator.unit);
		await f.getByLabel('現状値').fill(a.indicator.baseline);
		await f.getByLabel('計画終了時の目標').fill(a.indicator.final);
		await f.getByLabel('令和10年度の目標').fill('45');
	}
	await f.getByRole('button', { name: '追加する' }).click();
	await expect(page.getByRole('status')).toHaveText(`「${a.title}」を追加しました。`);
}

test('a facilitator adds actions with a five-year schedule and an indicator', async ({ browser }) => {
	const { ctx, page } = await newLaptop(browser);
	await signIn(page, server);
	await page.goto(actionsUrl());
	await hydrated(page);
	await expect(page.getByRole('heading', { name: '取り組み', exact: true })).toBeVisible();
	await expect(page.getByText('取り組みはまだありません。')).toBeVisible();
	await expect(page.getByText('令和8年度〜令和12年度（2026〜2030年度）')).toBeVisible();

	await addAction(page, {
		title: 'ゆるやか見守り隊',
		column: '互助（ご近所・地域）：ご近所や地域で助け合えること',
		responsible: '自治会の班長会',
		stages: ['検討', '準備', '実施', '継続', '拡充'],
		indicator: { what: '見守りに協力する世帯', unit: '世帯', baseline: '25', final: '60' }
	});
	await addAction(page, { title: '朝のあいさつ声かけ', column: '自助（わたし）：自分や家族でできること', responsible: '住民一人ひとり', stages: ['実施', '継続', '継続', '継続', '継続'] });
	await addAction(page, { title: '乗り合い送迎の相談窓口', column: '公助（社協・市）：社協や市が取り組むこと', responsible: '市社協', stages: ['', '準備', '実施', '', ''] });

	await expect(rows(page)).toHaveCount(3);
	const watch = rows(page).filter({ hasText: 'ゆるやか見守り隊' });
	await expect(watch.locator('td.stage')).toHaveText(['検討', '準備', '実施', '継続', '拡充']);
	await expect(watch).toContainText('見守りに協力する世帯（世帯）');
	await expect(watch).toContainText('計画終了時の目標: 60');
	// the per-year target is shown in the indicator cell
	await expect(watch.getByTestId('indicator-target')).toHaveText(['令和10年度の目標: 45']);
	// 担い手 suggestions: the district's resources (地域資源) and the groups the plan already names
	await expect
		.poll(() => addForm(page).locator('datalist option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)))
		.toEqual(expect.arrayContaining(['ひだまりサロン', '子ども食堂 にこにこ', '地域包括支援センター（出張相談）', '自治会の班長会', '市社協']));
	await expect(rows(page).filter({ hasText: '乗り合い送迎' }).locator('td.stage')).toHaveText(['', '準備', '実施', '', '']);
	// The table is grouped by actor column in the council's order.
	expect(await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-column')))).toEqual(['self', 'mutual', 'public']);

	// Filters: by actor and by year.
	await page.getByLabel('担い手の列', { exact: true }).first().selectOption({ label: '公助（社協・市）' });
	await page.getByRole('button', { name: '絞り込む' }).click();
	await expect(rows(page)).toHaveCount(1);
	await page.getByRole('link', { name: '絞り込みを解除' }).click();
	await page.getByLabel('年度', { exact: true }).selectOption({ label: '令和12年度' });
	await page.getByRole('button', { name: '絞り込む' }).click();
	await expect(rows(page)).toHaveCount(2);
	await page.getByRole('link', { name: '絞り込みを解除' }).click();
	await expect(rows(page)).toHaveCount(3);
	await hydrated(page);
	await noSeriousAxe(page);
	await page.screenshot({ path: 'test-results/council-actions-table.png', fullPage: true });
	await ctx.close();
});

test('bad input gets a clear error and changes nothing', async ({ browser }) => {
	const { ctx, page } = await newLaptop(browser);
	await signIn(page, server);
	await page.goto(actionsUrl());
	await hydrated(page);
	await expect(rows(page)).toHaveCount(3);

	// A 10,000-character title through the form.
	await addForm(page).getByLabel('取り組みの名前').fill('長'.repeat(10_000));
	await addForm(page).getByRole('button', { name: '追加する' }).click();
	await expect(addForm(page).getByTestId('action-errors')).toHaveText('「取り組みの名前」が長すぎます。80文字以内にしてください。何も保存されていません。');
	await page.reload();
	await expect(rows(page)).toHaveCount(3);

	// A 30-character unit: the error names the indicator's box and its own limit (20), not the indicator's 80.
	await hydrated(page);
	await addForm(page).getByLabel('取り組みの名前').fill('単位の長い取り組み');
	await addForm(page).getByLabel('数えるもの').fill('参加者');
	await addForm(page).getByLabel('単位').fill('か'.repeat(30));
	await addForm(page).getByRole('button', { name: '追加する' }).click();
	await expect(addForm(page).getByTestId('action-errors')).toHaveText('「評価指標：単位」が長すぎます。20文字以内にしてください。何も保存されていません。');
	await page.reload();
	await expect(rows(page)).toHaveCount(3);

	// An unknown column and a schedule outside the plan period, sent as a crafted form post.
	const post = (form: Record<string, string>) =>
		page.request.post(`${actionsUrl()}?/add`, { form, headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' } });
	const unknownColumn = await (await post({ title: '列がない取り組み', column: 'neighbours' })).json();
	expect(unknownColumn.type).toBe('failure');
	expect(unknownColumn.data).toContain('unknown_column');
	const outside = await (await post({ title: '期間外の取り組み', column: 'self', stage_2031: 'run', stage_2025: 'study' })).json();
	expect(outside.type).toBe('failure');
	expect(outside.data).toContain('year_outside_period');
	// An edit of an action that does not exist.
	const ghost = await (await page.request.post(`${actionsUrl()}?/update`, { form: { id: 'nosuchaction', base: '{}', title: 'x' }, headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' } })).json();
	expect(ghost.type).toBe('failure');
	await page.reload();
	await expect(rows(page)).toHaveCount(3);
	await expect(page.getByText('列がない取り組み')).toHaveCount(0);
	await expect(page.getByText('期間外の取り組み')).toHaveCount(0);
	await ctx.close();
});

test('two staff save different fields of the same action at once and both edits survive', async ({ browser }) => {
	const a = await newLaptop(browser);
	const b = await newLaptop(browser);
	await signIn(a.page, server);
	await adminSignsIn(b.page, server);
	for (const p of [a.page, b.page]) {
		await p.goto(actionsUrl());
		await p.getByRole('link', { name: '「朝のあいさつ声かけ」を編集' }).click();
		await expect(p.getByRole('heading', { name: '取り組みを編集：朝のあいさつ声かけ' })).toBeVisible();
		await hydrated(p);
	}
	const formA = a.page.getByRole('form', { name: '取り組みを編集：朝のあいさつ声かけ' });
	const formB = b.page.getByRole('form', { name: '取り組みを編集：朝のあいさつ声かけ' });
	await formA.getByLabel('取り組みの名前').fill('朝と夕方のあいさつ声かけ');
	await formB.getByLabel('担い手（グループ名）').fill('さくら台子ども会');
	await formB.getByLabel('令和12年度（2030年度）').selectOption({ label: '拡充' });
	await Promise.all([formA.getByRole('button', { name: '変更を保存' }).click(), formB.getByRole('button', { name: '変更を保存' }).click()]);
	await expect(a.page.getByRole('status')).toContainText('を保存しました。');
	await expect(b.page.getByRole('status')).toContainText('を保存しました。');
	for (const p of [a.page, b.page]) {
		await p.goto(actionsUrl());
		const row = rows(p).filter({ hasText: '朝と夕方のあいさつ声かけ' });
		await expect(row).toContainText('さくら台子ども会');
		await expect(row.locator('td.stage')).toHaveText(['実施', '継続', '継続', '継続', '拡充']);
		await expect(rows(p)).toHaveCount(3);
	}
	await a.ctx.close();
	await b.ctx.close();
});

test('a facilitator cannot open the council settings: the server refuses', async ({ browser }) => {
	const { ctx, page } = await newLaptop(browser);
	await signIn(page, server);
	const res = await page.goto(`${server.url}/staff/admin/council`);
	expect(res?.status()).toBe(403);
	const post = await page.request.post(`${server.url}/staff/admin/council?/save`, {
		form: { name: '乗っ取り', actorPreset: 'custom' },
		headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect([401, 403]).toContain(post.status());
	await ctx.close();
});

test('the admin sets the council goals and switches the actor preset with a mapping: no action lost', async ({ browser }) => {
	const { ctx, page } = await newLaptop(browser);
	await adminSignsIn(page, server);
	await page.getByRole('link', { name: '管理' }).click();
	await page.getByRole('link', { name: '社協の設定' }).click();
	await expect(page.getByRole('heading', { name: '社協の設定' })).toBeVisible();
	await hydrated(page);
	await expect(page.getByLabel('社協の名前')).toHaveValue('みどり市社会福祉協議会（デモ）');
	await page.getByLabel('基本理念').fill('だれもが役割をもち、支え合って暮らせるまち');

	// One goal is too few: the error says what to do and nothing is saved.
	await page.getByRole('button', { name: '目標を追加' }).click();
	await page.getByLabel('目標1', { exact: true }).fill('つながる');
	await page.getByRole('button', { name: '設定を保存' }).click();
	await expect(page.getByText('「市全体の活動目標」が足りません。2個以上にしてください。')).toBeVisible();
	await page.getByRole('button', { name: '目標を追加' }).click();
	await page.getByLabel('目標2', { exact: true }).fill('支え合う');
	await page.getByRole('button', { name: '目標を追加' }).click();
	await page.getByLabel('目標3', { exact: true }).fill('暮らしを守る');

	// Switch the four-column preset to わたし・わたしたち・社協・市: the page asks where each old column goes
	// (the counts are the council's: this plan's three actions and the demo's drafted plan's seven).
	await page.getByLabel('列の型').selectOption({ label: 'わたし・わたしたち・社協・市（4列）' });
	const mapping = page.getByTestId('column-mapping');
	await expect(mapping).toBeVisible();
	await expect(mapping.getByLabel('「自助（わたし）」の取り組み（2件）の移し先')).toHaveValue('me');
	await expect(mapping.getByLabel('「互助（ご近所・地域）」の取り組み（4件）の移し先')).toHaveValue('us');
	await expect(mapping.getByLabel('「公助（社協・市）」の取り組み（2件）の移し先')).toHaveValue('city');
	await mapping.getByLabel('「公助（社協・市）」の取り組み（2件）の移し先').selectOption({ label: '社協' });
	await noSeriousAxe(page);
	await page.getByRole('button', { name: '設定を保存' }).click();
	await expect(page.getByRole('status')).toHaveText('設定を保存しました。10件の取り組みを新しい列に移しました。');
	await expect(page.getByLabel('目標3', { exact: true })).toHaveValue('暮らしを守る');
	await expect(page.getByTestId('column-mapping')).toHaveCount(0);

	// The actions page: every action kept, in its mapped column; the goals are offered.
	await page.goto(actionsUrl());
	await expect(rows(page)).toHaveCount(3);
	const columns = await rows(page).evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-title'), e.getAttribute('data-column')])));
	expect(columns).toEqual({ 朝と夕方のあいさつ声かけ: 'me', ゆるやか見守り隊: 'us', 乗り合い送迎の相談窓口: 'council' });
	await expect(page.getByRole('rowgroup').filter({ hasText: '乗り合い送迎の相談窓口' }).getByRole('rowheader')).toHaveText('社協');
	await expect(addForm(page).getByLabel('社協の活動目標').locator('option')).toHaveText(['（なし）', 'つながる', '支え合う', '暮らしを守る']);
	await ctx.close();
});
