/**
 * 地区を知る (issue 17): a facilitator fills the district profile and sees 高齢化率 and the trend;
 * bad figures are refused next to their field with nothing stored; two phones in step 地区を知る
 * propose resources that the facilitator adds to the district's list from the board; an editor edits
 * the profile but cannot change the live board; the support map refuses a 40 MB file and a text file
 * named map.png, and a real PNG becomes the board's background in step 地区を知る.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard, residentJoins } from './people';
import { addStaff, adminSignsIn, assignDistrict, firstSignIn, newLaptop } from './admin';
import { makePng } from './pictures';

const server = serverForFile();
const DISTRICT = 'さくら台地区';

test.describe.configure({ mode: 'serial' });

async function noSeriousViolations(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).analyze();
	const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** From the board to the know page, through its link. */
async function openKnowPage(page: Page): Promise<void> {
	await page.getByRole('link', { name: '地区を知る（地域資源）' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `地区を知る（${DISTRICT}）` })).toBeVisible();
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

/** Open the profile form (a <details>) unless it is open already. */
async function openProfileForm(page: Page): Promise<void> {
	if (!(await page.getByRole('button', { name: '概要を保存する' }).isVisible())) await page.getByText('概要を入力・修正する').click();
	await expect(page.getByRole('button', { name: '概要を保存する' })).toBeVisible();
}

const yearGroup = (page: Page, n: number) => page.getByRole('group', { name: `年ごとの数字（${n}）` });

test('a facilitator fills the profile over two years and sees 高齢化率 and the trend; bad figures change nothing', async ({ browser }) => {
	const fac = await facilitatorOpensBoard(browser, server);
	await openKnowPage(fac.page);
	const page = fac.page;
	// the demo district has a profile already: correct it to two years
	await openProfileForm(page);
	await page.getByRole('button', { name: 'この年（3）を消す' }).click();
	const fill = async (n: number, v: Record<string, string>) => {
		for (const [label, value] of Object.entries(v)) await yearGroup(page, n).getByLabel(label, { exact: true }).fill(value);
	};
	await fill(1, { '年（西暦）': '2025', 人口: '5000', 世帯数: '2100', '65歳以上の人口': '1600', '自治会・町内会の数': '9', '民生委員・児童委員の数': '11' });
	await fill(2, { '年（西暦）': '2026', 人口: '4900', 世帯数: '2120', '65歳以上の人口': '1666', '自治会・町内会の数': '', '民生委員・児童委員の数': '' });
	// 高齢化率 is shown as it is typed
	await expect(yearGroup(page, 2).getByTestId('row-aging-rate')).toHaveText('高齢化率 34.0%');
	await page.getByRole('button', { name: '概要を保存する' }).click();
	await expect(page.getByRole('status').filter({ hasText: '地区の概要を保存しました。' })).toBeVisible();
	await expect(page.getByTestId('aging-rate')).toContainText('2026年：');
	await expect(page.getByTestId('aging-rate')).toContainText('高齢化率 34.0%');
	const table = page.getByTestId('profile-table');
	await expect(table.getByRole('row')).toHaveCount(3);
	await expect(table.getByRole('row', { name: /2025/ })).toContainText('5,000');
	await expect(table.getByRole('row', { name: /2025/ })).toContainText('32.0%');
	await expect(page.getByRole('img', { name: '人口と65歳以上の人口の移り変わり' })).toBeVisible();
	await noSeriousViolations(page);

	// a negative population and more people aged 65+ than people: errors at their fields, nothing stored
	await openProfileForm(page);
	await yearGroup(page, 1).getByLabel('人口', { exact: true }).fill('-5');
	await yearGroup(page, 2).getByLabel('65歳以上の人口').fill('99999');
	await page.getByRole('button', { name: '概要を保存する' }).click();
	await expect(page.getByTestId('profile-errors')).toContainText('何も保存していません');
	await expect(yearGroup(page, 1).getByText('マイナスの数は入れられません。0以上の数を入れてください。')).toBeVisible();
	await expect(yearGroup(page, 2).getByText('65歳以上の人口が、人口より多くなっています。数字を確かめてください。')).toBeVisible();
	await expect(yearGroup(page, 1).getByLabel('人口', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await page.reload();
	await expect(table.getByRole('row', { name: /2025/ })).toContainText('5,000');
	await expect(page.getByTestId('aging-rate')).toContainText('高齢化率 34.0%');
	await fac.ctx.close();
});

test('two phones in step 地区を知る propose resources; the facilitator adds them to the list from the board', async ({ browser }) => {
	const fac = await facilitatorOpensBoard(browser, server);
	await fac.page.getByTestId('step-select').selectOption('know');
	const { joinPath } = demoInfo(server.output());
	const aki = await residentJoins(browser, server, joinPath, 'あき');
	const ben = await residentJoins(browser, server, joinPath, '', 'iPhone SE');
	for (const phone of [aki.page, ben.page]) await expect(phone.getByTestId('privacy-notice')).toHaveText('個人の名前や番地は書かないでください');
	await noSeriousViolations(aki.page);

	const proposeFrom = async (phone: Page, category: string, name: string, place: string) => {
		await phone.getByLabel('分類').selectOption({ label: category });
		await phone.getByLabel('名前（例：○○サロン）').fill(name);
		await phone.getByLabel('場所（なくても大丈夫です）').fill(place);
		await phone.getByRole('button', { name: '提案する' }).click();
		await expect(phone.getByTestId('my-proposal').filter({ hasText: name })).toHaveAttribute('data-status', 'open');
	};
	await proposeFrom(aki.page, 'サロン・居場所', 'みんなの縁側カフェ', '三丁目の空き店舗');
	await proposeFrom(ben.page, '見守り', '夕方の声かけ隊', '');
	// a proposal without a name is not sent; the phone says what to do
	await ben.page.getByRole('button', { name: '提案する' }).click();
	await expect(ben.page.getByTestId('propose-error')).toHaveText('名前を書いてください。');
	await expect(ben.page.getByTestId('my-proposal')).toHaveCount(1);

	const panel = fac.page.getByTestId('proposals');
	await expect(panel.getByTestId('proposal-row')).toHaveCount(2);
	await panel.getByRole('button', { name: '「みんなの縁側カフェ」を資源リストに追加' }).click();
	await panel.getByRole('button', { name: '「夕方の声かけ隊」を資源リストに追加' }).click();
	await expect(panel.getByTestId('proposal-row').filter({ hasText: '資源リストに追加済み' })).toHaveCount(2);
	await expect(aki.page.getByTestId('my-proposal').filter({ hasText: 'みんなの縁側カフェ' })).toHaveAttribute('data-status', 'accepted');
	await expect(ben.page.getByTestId('my-proposal').filter({ hasText: '夕方の声かけ隊' })).toContainText('資源リストに入りました');
	await noSeriousViolations(fac.page);

	await openKnowPage(fac.page);
	const rows = fac.page.getByTestId('resource-row');
	await expect(rows.filter({ hasText: 'みんなの縁側カフェ' })).toContainText('ワークショップで提案');
	await expect(rows.filter({ hasText: 'みんなの縁側カフェ' })).toContainText('場所：三丁目の空き店舗');
	await expect(rows.filter({ hasText: '夕方の声かけ隊' })).toHaveCount(1);
	await Promise.all([fac.ctx.close(), aki.ctx.close(), ben.ctx.close()]);
});

test('an editor edits the profile and the resources but cannot change the live board', async ({ browser }) => {
	const admin = await newLaptop(browser);
	await adminSignsIn(admin.page, server);
	const oneTime = await addStaff(admin.page, server, { login: 'iinkai.know', name: '地区委員 山本', role: '編集者' });
	await assignDistrict(admin.page, server, '地区委員 山本', DISTRICT);
	const editor = await newLaptop(browser);
	await firstSignIn(editor.page, server, 'iinkai.know', oneTime, 'sakuradai-yamamoto-2026');
	await editor.page.getByRole('link', { name: 'ボードを開く' }).first().click();
	await expect(editor.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(editor.page.getByText('編集者として開いています。ボードは読むだけです')).toBeVisible();
	// the proposals are there to read, with nothing to press
	await expect(editor.page.getByTestId('proposals')).toContainText('みんなの縁側カフェ');
	await expect(editor.page.getByRole('button', { name: /資源リストに追加/ })).toHaveCount(0);
	await expect(editor.page.getByRole('button', { name: /却下/ })).toHaveCount(0);

	await openKnowPage(editor.page);
	await openProfileForm(editor.page);
	await editor.page.getByLabel('地区の特徴').fill('坂道が多く、駅まで歩いて25分。新しい住宅と古い団地が混ざる地区。');
	await editor.page.getByRole('button', { name: '概要を保存する' }).click();
	await expect(editor.page.getByRole('status').filter({ hasText: '地区の概要を保存しました。' })).toBeVisible();
	await expect(editor.page.getByText('坂道が多く、駅まで歩いて25分。')).toBeVisible();
	await editor.page.getByLabel('分類').last().selectOption({ label: '子育て' });
	await editor.page.getByLabel('名前', { exact: true }).last().fill('土曜の絵本タイム');
	await editor.page.getByRole('button', { name: '追加する' }).click();
	await expect(editor.page.getByTestId('resource-row').filter({ hasText: '土曜の絵本タイム' })).toBeVisible();
	// the support map belongs to the live board: not offered to an editor
	await expect(editor.page.getByLabel(/地図の画像/)).toHaveCount(0);
	// … and the server refuses it when posted directly with the editor's session, storing nothing
	const knowUrl = editor.page.url();
	const action = { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' };
	const mapPost = await editor.page.request.post(`${knowUrl}?/uploadMap`, {
		headers: action,
		multipart: { map: { name: '地図.png', mimeType: 'image/png', buffer: makePng(320, 200) } }
	});
	expect(await mapPost.json()).toMatchObject({ type: 'failure', status: 403 });
	await editor.page.reload();
	await expect(editor.page.getByTestId('map-none')).toBeVisible();
	await expect(editor.page.getByTestId('map-preview')).toHaveCount(0);
	// creating a workshop is the facilitator's too: the plan page's action refuses the editor, no workshop appears
	const planUrl = knowUrl.replace(/\/know(\?.*)?$/, '');
	await editor.page.goto(planUrl);
	const workshopRows = editor.page.locator('tr[data-workshop]');
	const workshopsBefore = await workshopRows.count();
	const wsPost = await editor.page.request.post(`${planUrl}?/createWorkshop`, {
		headers: action,
		multipart: { title: '編集者が作ったワークショップ', heldOn: '2026-06-01', place: '公民館', step: 'know' }
	});
	expect(await wsPost.json()).toMatchObject({ type: 'failure', status: 403 });
	await editor.page.reload();
	await expect(workshopRows).toHaveCount(workshopsBefore);
	await expect(editor.page.getByText('編集者が作ったワークショップ')).toHaveCount(0);
	await editor.page.goto(knowUrl);
	await noSeriousViolations(editor.page);
	await Promise.all([admin.ctx.close(), editor.ctx.close()]);
});

test('a facilitator corrects a resource (name, contact, 公開) and removes one; both stay after reload', async ({ browser }) => {
	const fac = await facilitatorOpensBoard(browser, server);
	await openKnowPage(fac.page);
	const page = fac.page;
	const rows = page.getByTestId('resource-row');
	const total = await rows.count();
	const book = rows.filter({ hasText: '土曜の絵本タイム' });
	await book.getByText('「土曜の絵本タイム」を直す').click();
	await book.getByLabel('名前', { exact: true }).fill('土曜の絵本と工作の会');
	await book.getByLabel('連絡先（なくても大丈夫です）').fill('地区社協 090-0000-1234');
	await book.getByLabel('連絡先を計画書などで公開してよい').check();
	await book.getByRole('button', { name: '直した内容を保存する' }).click();
	await expect(page.getByRole('status').filter({ hasText: '「土曜の絵本と工作の会」を保存しました。' })).toBeVisible();

	page.once('dialog', (d) => void d.accept());
	await rows.filter({ hasText: '夕方の声かけ隊' }).getByRole('button', { name: '「夕方の声かけ隊」を削除' }).click();
	await expect(page.getByRole('status').filter({ hasText: '「夕方の声かけ隊」を削除しました。' })).toBeVisible();

	await page.reload();
	await expect(rows).toHaveCount(total - 1);
	await expect(rows.filter({ hasText: '夕方の声かけ隊' })).toHaveCount(0);
	await expect(rows.filter({ hasText: '土曜の絵本タイム' })).toHaveCount(0);
	const edited = rows.filter({ hasText: '土曜の絵本と工作の会' });
	await expect(edited).toContainText('連絡先：地区社協 090-0000-1234（公開）');
	// and back to staff-only
	await edited.getByText('「土曜の絵本と工作の会」を直す').click();
	await edited.getByLabel('連絡先を計画書などで公開してよい').uncheck();
	await edited.getByRole('button', { name: '直した内容を保存する' }).click();
	await expect(page.getByRole('status').filter({ hasText: '「土曜の絵本と工作の会」を保存しました。' })).toBeVisible();
	await page.reload();
	await expect(rows.filter({ hasText: '土曜の絵本と工作の会' })).toContainText('連絡先：地区社協 090-0000-1234（職員のみ）');
	await fac.ctx.close();
});

test('the support map refuses a 40 MB file and a text named map.png; a real PNG becomes the board background', async ({ browser }) => {
	const fac = await facilitatorOpensBoard(browser, server);
	const boardUrl = fac.page.url();
	await openKnowPage(fac.page);
	const page = fac.page;
	const file = page.getByLabel('地図の画像（PNG・JPEG、8.0MBまで）');

	await file.setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: Buffer.alloc(40 * 1024 * 1024, 1) });
	await page.getByRole('button', { name: '地図を載せる' }).click();
	await expect(page.getByTestId('map-error')).toHaveText('ファイルが大きすぎます（8MBまで）。画像を小さくしてから載せてください。何も保存していません。');
	await expect(page.getByTestId('map-none')).toBeVisible();

	await file.setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: Buffer.from('これは地図ではなく、ただの文字です。\n'.repeat(50)) });
	await page.getByRole('button', { name: '地図を載せる' }).click();
	await expect(page.getByTestId('map-error')).toHaveText('PNGかJPEGの画像ではありません。地図をPNGかJPEGで保存し直してから載せてください。何も保存していません。');
	await page.reload();
	await expect(page.getByTestId('map-none')).toBeVisible();

	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
	await file.setInputFiles({ name: '地図.png', mimeType: 'image/png', buffer: makePng(640, 400) });
	await page.getByRole('button', { name: '地図を載せる' }).click();
	await expect(page.getByRole('status').filter({ hasText: '地図を載せました。' })).toBeVisible();
	const preview = page.getByTestId('map-preview');
	await expect(preview).toBeVisible();
	await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
	await noSeriousViolations(page);

	// the picture's own route: the right type, privately cached, and nothing for a stranger
	const res = await page.request.get(`${server.url}${await preview.getAttribute('src')}`);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('image/png');
	expect(res.headers()['cache-control']).toContain('private');
	const mapPath = new URL(`${server.url}${await preview.getAttribute('src')}`).pathname;
	const stranger = await browser.newContext();
	expect((await stranger.request.get(`${server.url}${mapPath}`)).status()).toBe(404);

	// on the board in step 地区を知る it is the background, and only in that step
	await page.goto(boardUrl);
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(page.getByTestId('step-select')).toHaveValue('know');
	const bg = page.getByTestId('board-background');
	await expect(bg).toBeVisible();
	await expect.poll(() => bg.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
	// the projector's link fetches it too, but only while the board is in step 地区を知る
	const token = (await page.getByTestId('open-projector').getAttribute('href'))!.split('/').at(-1)!;
	const projectorMap = `${server.url}${mapPath}?w=${boardUrl.split('/').at(-1)}&t=${token}`;
	const asProjector = await stranger.request.get(projectorMap);
	expect(asProjector.status()).toBe(200);
	expect(asProjector.headers()['cache-control']).toBe('no-store');
	await page.getByTestId('step-select').selectOption('issues');
	await expect(bg).toHaveCount(0);
	await expect.poll(async () => (await stranger.request.get(projectorMap)).status()).toBe(404);
	await stranger.close();
	await fac.ctx.close();
});
