/**
 * The plan page (issue 17): a facilitator creates a plan from the staff home and a workshop from the
 * plan page; phones write notes; the facilitator groups them and runs a dot vote; the ranked themes
 * are gathered into the plan's issues (once, however often), two are merged, one marked 重点; the next
 * workshop is suggested on 将来像. An editor edits the plan but the server refuses their board writes.
 * Bad input (a 7-year period, an empty title) is refused with clear words and changes nothing.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { serverForFile } from './serverProcess';
import { residentJoins, signIn, staffDoc, writeNote } from './people';
import { addStaff, adminSignsIn, assignDistrict, firstSignIn, newLaptop } from './admin';
import { addNote } from '../../src/lib/domain/board/board';

const server = serverForFile();
const PLAN = 'さくら台地区 第2期計画';
const WORKSHOP = '第1回 さくら台の困りごと';

async function axeClean(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

const issueTitles = (page: Page) => page.getByTestId('issue').locator('h3');

test('a plan from the staff home, a workshop from the plan, its ranked themes become the plan’s issues', async ({ browser }) => {
	const fac = await newLaptop(browser);
	const page = fac.page;
	await signIn(page, server);
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
	const plans = page.getByTestId('plan-list').getByRole('listitem');
	const before = await plans.count();

	// Bad input first: a 7-year period and an empty title are refused and nothing is created.
	const newPlan = page.locator('form[action="?/createPlan"]');
	await newPlan.evaluate((f: HTMLFormElement) => {
		f.noValidate = true;
	});
	await page.getByLabel('計画の地区').selectOption({ label: 'さくら台地区' });
	await page.getByLabel('計画名').fill(PLAN);
	await page.getByLabel('開始年度（西暦）').fill('2027');
	await page.getByLabel('計画の年数（3〜5年度）').fill('7');
	await page.getByRole('button', { name: '計画を作る' }).click();
	await expect(page.getByRole('alert')).toHaveText('計画期間は3〜5年度にしてください。開始年度と終了年度（年数）を確かめてください。');
	await expect(plans).toHaveCount(before);
	await page.getByLabel('計画名').fill('   ');
	await page.getByLabel('計画の年数（3〜5年度）').fill('5');
	await page.getByRole('button', { name: '計画を作る' }).click();
	await expect(page.getByRole('alert')).toHaveText('計画名を入力してください。');
	await expect(plans).toHaveCount(before);

	// A good plan: the plan page shows its period in both styles and its status.
	await page.getByLabel('計画名').fill(PLAN);
	await page.getByRole('button', { name: '計画を作る' }).click();
	await expect(page.getByRole('heading', { name: PLAN, level: 1 })).toBeVisible();
	await expect(page.getByTestId('plan-facts')).toContainText('令和9年度〜令和13年度（2027〜2031年度）');
	await expect(page.getByTestId('plan-facts')).toContainText('策定中');
	const planUrl = page.url();
	await expect(page.locator('[data-step="issues"]')).toContainText('まだ課題がありません');
	await expect(page.locator('[data-step="vision"]').getByRole('link', { name: '「将来像」へ' })).toHaveAttribute('href', /\/staff\/plans\/[a-z0-9]+\/vision$/);
	// the other parts of the arc, read from their records: the district's profile (3 years) and resources, no vision yet
	await expect(page.locator('[data-step="know"]')).toContainText('地区の概要（3年分）');
	await expect(page.locator('[data-step="know"]')).toContainText(/地域資源 \d+件/);
	await expect(page.locator('[data-step="vision"]')).toContainText('めざす地区の将来像がまだ決まっていません。');
	await axeClean(page, 'plan page (new)');
	// 地区を知る and 振り返り lead back to the plan
	for (const step of ['know', 'review'] as const) {
		await page.locator(`[data-step="${step}"]`).getByRole('link').click();
		await page.getByRole('link', { name: `← 計画のページ（${PLAN}）へ` }).click();
		await expect(page).toHaveURL(planUrl);
	}

	// A workshop of the plan, on the suggested step (課題を出し合う: nothing ranked yet).
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByLabel('始めるステップ')).toHaveValue('issues');
	await page.getByLabel('ワークショップ名').fill(WORKSHOP);
	await page.getByLabel('開催日').fill('2027-05-15');
	await page.getByLabel('会場').fill('さくら台地区公民館');
	await page.getByRole('button', { name: 'ワークショップを作る' }).click();
	await expect(page.getByRole('heading', { name: WORKSHOP })).toBeVisible();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	const workshopId = new URL(page.url()).pathname.split('/').at(-1)!;
	const code = (await page.getByTestId('join-code').textContent())!.replace('参加コード', '').replace(/\s/g, '');

	// Two phones write notes.
	const phoneA = await residentJoins(browser, server, `/j/${code}`);
	const phoneB = await residentJoins(browser, server, `/j/${code}`, '', 'iPhone 13');
	await writeNote(phoneA.page, 'スーパーが遠くて買い物が大変');
	await writeNote(phoneB.page, 'ひとり暮らしの人が心配');
	await writeNote(phoneA.page, 'バスの本数が少ない');

	// The facilitator makes a theme of each note and names it.
	const board = page.getByRole('region', { name: 'ボード' });
	for (const [text, title] of [
		['スーパーが遠くて買い物が大変', '買い物'],
		['ひとり暮らしの人が心配', '見守り'],
		['バスの本数が少ない', '移動']
	] as const) {
		await board.getByRole('button', { name: `気になること: ${text}` }).click();
		await page.getByTestId('group-selected').click();
		const theme = board.locator('[data-theme-id]').last();
		await theme.getByRole('textbox', { name: 'テーマ名を入力' }).fill(title);
		await theme.getByRole('textbox', { name: 'テーマ名を入力' }).press('Enter');
		await expect(board.getByRole('textbox', { name: `テーマ名（${title}）` })).toBeVisible();
	}

	// Dot vote: 買い物 gets two dots, 見守り and 移動 one each.
	const panel = page.getByRole('region', { name: /シール投票/ });
	await panel.getByLabel('1人あたりの票数').fill('2');
	await panel.getByRole('button', { name: '投票を始める' }).click();
	for (const phone of [phoneA.page, phoneB.page]) await expect(phone.getByTestId('vote')).toBeVisible();
	await phoneA.page.getByRole('button', { name: '「買い物」に1票入れる' }).click();
	await phoneA.page.getByRole('button', { name: '「移動」に1票入れる' }).click();
	await phoneB.page.getByRole('button', { name: '「買い物」に1票入れる' }).click();
	await phoneB.page.getByRole('button', { name: '「見守り」に1票入れる' }).click();
	await expect(page.getByText('投票した人 2人')).toBeVisible();
	await panel.getByRole('button', { name: '投票を締め切る' }).click();
	await expect(board.locator('[data-theme-id]').filter({ has: page.getByRole('textbox', { name: 'テーマ名（買い物）' }) }).locator('.votes')).toHaveText('2票');

	// Back on the plan page: gather the ranked themes, twice (idempotent).
	await page.goto(planUrl);
	await page.getByRole('button', { name: 'ボードから課題を集める' }).click();
	await expect(page.getByRole('status')).toHaveText('3件を加え、0件を更新しました。');
	await expect(issueTitles(page)).toHaveText(['買い物', '見守り', '移動']);
	await expect(page.getByTestId('issue').first()).toContainText(`${WORKSHOP}：第1位（2票）`);
	await page.getByRole('button', { name: 'ボードから課題を集める' }).click();
	await expect(page.getByRole('status')).toHaveText('新しいテーマはありませんでした。課題はボードの投票結果と同じです。');
	await expect(page.getByTestId('issue')).toHaveCount(3);

	// Merge 移動 into 買い物: one issue with both themes' notes; then mark it 重点.
	await page.getByLabel('「移動」をまとめる先').selectOption({ label: '買い物' });
	await page.getByRole('button', { name: '「移動」をまとめる' }).click();
	await expect(issueTitles(page)).toHaveText(['買い物', '見守り']);
	const shopping = page.getByTestId('issue').filter({ has: page.getByRole('heading', { name: '買い物' }) });
	await shopping.getByText('付箋（2枚）').click();
	await expect(shopping.locator('.notes li')).toHaveText(['スーパーが遠くて買い物が大変', 'バスの本数が少ない']);
	await expect(shopping.getByRole('button', { name: '「移動」を分ける' })).toBeVisible();
	await shopping.getByRole('button', { name: '「買い物」を重点にする' }).click();
	await expect(shopping.locator('.tag')).toHaveText('重点');
	await expect(page.locator('[data-step="issues"]')).toHaveAttribute('data-state', 'done');
	await expect(page.locator('[data-step="issues"]')).toContainText('課題 2件（うち重点 1件）');

	// The workshop's record: date, place, participants counted from joins, steps covered.
	const row = page.getByTestId('workshop-records').locator(`tr[data-workshop="${WORKSHOP}"]`);
	await expect(row).toContainText('2027-05-15');
	await expect(row).toContainText('さくら台地区公民館');
	await expect(row).toContainText('2人');
	await expect(row).toContainText('課題を出し合う');
	// Staff correct the count (people without phones came too); a word instead of a number is refused.
	await page.getByLabel(`「${WORKSHOP}」の参加者数`, { exact: true }).fill('たくさん');
	await page.getByRole('button', { name: `「${WORKSHOP}」の参加者数を保存` }).click();
	await expect(page.getByRole('alert')).toHaveText('参加者数は0〜10000の数字で入力してください。');
	await expect(row).toContainText('2人');
	await page.getByLabel(`「${WORKSHOP}」の参加者数`, { exact: true }).fill('15');
	await page.getByRole('button', { name: `「${WORKSHOP}」の参加者数を保存` }).click();
	await expect(row).toContainText('15人');

	// The next workshop of the plan is suggested on 将来像 (the issues are ranked now).
	await expect(page.getByLabel('始めるステップ')).toHaveValue('vision');
	await expect(page.getByLabel('始めるステップ').locator('option:checked')).toHaveText('将来像を描く（おすすめ）');
	await axeClean(page, 'plan page (with issues)');

	// Bad input on the plan's settings: a 7-year period and an empty title change nothing.
	await page.getByLabel('終了年度（西暦）').fill('2033');
	await page.getByRole('button', { name: '計画の設定を保存' }).click();
	await expect(page.getByRole('alert')).toHaveText('計画期間は3〜5年度にしてください。開始年度と終了年度（年数）を確かめてください。');
	await page.locator('form[action="?/updatePlan"]').evaluate((f: HTMLFormElement) => {
		f.noValidate = true;
	});
	await page.getByLabel('計画名').fill(' ');
	await page.getByRole('button', { name: '計画の設定を保存' }).click();
	await expect(page.getByRole('alert')).toHaveText('計画名を入力してください。');
	await page.goto(planUrl);
	await expect(page.getByRole('heading', { name: PLAN, level: 1 })).toBeVisible();
	await expect(page.getByTestId('plan-facts')).toContainText('令和9年度〜令和13年度（2027〜2031年度）');

	// The plan is adopted: status 策定済み, kept after a reload (then back to 策定中 for the rest).
	const setStatus = async (label: string) => {
		await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByLabel('状況', { exact: true }).selectOption({ label });
		await page.getByRole('button', { name: '計画の設定を保存' }).click();
		await expect(page.locator('form[action="?/updatePlan"]').getByRole('status')).toBeVisible();
		await page.reload();
		await expect(page.getByTestId('plan-facts')).toContainText(label);
		await expect(page.getByLabel('状況', { exact: true }).locator('option:checked')).toHaveText(label);
	};
	await setStatus('策定済み');
	await expect(page.getByTestId('plan-facts')).not.toContainText('策定中');
	await setStatus('策定中');

	// An editor of the district edits the plan (marks 見守り 重点) but cannot write on the live board.
	const admin = await newLaptop(browser);
	await adminSignsIn(admin.page, server);
	const oneTime = await addStaff(admin.page, server, { login: 'iinkai.plan', name: '計画委員 佐藤', role: '編集者' });
	await assignDistrict(admin.page, server, '計画委員 佐藤', 'さくら台地区');
	const editor = await newLaptop(browser);
	await firstSignIn(editor.page, server, 'iinkai.plan', oneTime, 'sakuradai-keikaku-2027');
	await editor.page.getByRole('link', { name: `「${PLAN}」の計画を開く` }).click();
	await expect(editor.page.getByRole('heading', { name: PLAN, level: 1 })).toBeVisible();
	await expect(editor.page.getByRole('button', { name: 'ワークショップを作る' })).toHaveCount(0);
	await editor.page.getByRole('button', { name: '「見守り」を重点にする' }).click();
	await expect(editor.page.getByRole('button', { name: '「見守り」を重点から外す' })).toBeVisible();
	await page.reload();
	await expect(page.locator('[data-step="issues"]')).toContainText('課題 2件（うち重点 2件）');

	const editorBoard = await staffDoc(server, editor, workshopId);
	editorBoard.change((doc) => addNote(doc, { id: 'editor-note-1', text: '編集者がボードに書いた付箋', kind: 'concern', authorId: 'editor', authorRole: 'staff', nickname: null, now: Date.now() }));
	// A fresh facilitator's copy, loaded after the editor's write: the server kept none of it.
	await page.goto(`${server.url}/staff/w/${workshopId}`);
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(board.getByRole('button', { name: '気になること: ひとり暮らしの人が心配' })).toBeVisible();
	const facBoard = await staffDoc(server, fac, workshopId);
	expect(facBoard.doc.getMap('notes').has('editor-note-1')).toBe(false);
	expect(facBoard.doc.getMap('notes').size).toBe(3);
	editorBoard.destroy();
	facBoard.destroy();

	for (const p of [fac, phoneA, phoneB, admin, editor]) await p.ctx.close();
});

test('the demo’s second district shows a drafted plan: workshops held, issues with priorities', async ({ browser }) => {
	const { ctx, page } = await newLaptop(browser);
	await signIn(page, server);
	await page.getByRole('link', { name: '「ひばりが丘地区 地域福祉活動計画」の計画を開く' }).click();
	await expect(page.getByTestId('plan-facts')).toContainText('令和9年度〜令和13年度（2027〜2031年度）');
	await expect(page.getByTestId('workshop-records').locator('tbody tr')).toHaveCount(2);
	await expect(page.getByTestId('workshop-records')).toContainText('23人');
	await expect(page.locator('[data-testid="issue"][data-priority="true"]')).toHaveCount(3);
	await expect(page.locator('[data-step="issues"]')).toHaveAttribute('data-state', 'done');
	await ctx.close();
});
