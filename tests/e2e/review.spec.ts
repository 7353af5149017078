/**
 * The yearly review end to end (振り返り), through the real production server: the plan's actions are
 * put into the plan document by a staff laptop's live connection (as the actions table does; that page
 * is another issue's), staff open the review of 令和8年度, start the review workshop on a theme, three
 * phones rate two actions (one changes its mind), the projector shows the distribution live, staff take
 * the residents' view in with one click, record the result and carry the actions into 令和9年度, and the
 * history across years shows as cells and a chart. axe-core finds no serious violations.
 */
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { serverForFile, demoInfo, type ServerProcess } from './serverProcess';
import { projectorOpens, residentJoins, signIn } from './people';

const server = serverForFile();
test.describe.configure({ mode: 'serial' });

const SALON = 'ふれあいサロンを月2回にする';
const WATCH = '見守りの声かけ週間';

/** A staff laptop's live connection to the plan document (signed in with the page's session cookie). */
async function planDoc(server: ServerProcess, ctx: BrowserContext, planId: string) {
	const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie }, perMessageDeflate: false });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, `plan.${planId}`, doc, {
		params: { as: 'staff' },
		WebSocketPolyfill: CookieWebSocket as unknown as NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill'],
		disableBc: true
	});
	for (const t of [101, 102, 103, 104, 105]) provider.messageHandlers[t] = () => {};
	await expect.poll(() => provider.synced, { message: 'plan synced' }).toBe(true);
	return { doc, destroy: () => (provider.destroy(), doc.destroy()) };
}

async function noSeriousViolations(page: Page) {
	const result = await new AxeBuilder({ page }).analyze();
	const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('staff review a year with the residents’ ratings and carry the actions into the next year', async ({ browser }) => {
	test.setTimeout(180_000);
	const info = demoInfo(server.output());
	const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
	const staff = await ctx.newPage();
	await signIn(staff, server);
	await staff.getByRole('link', { name: 'ボードを開く' }).first().click();
	await staff.getByRole('link', { name: '振り返り' }).click();
	await expect(staff.getByRole('heading', { name: '振り返り（年度ごとの評価）' })).toBeVisible();
	const planId = /\/staff\/plans\/([^/]+)\/review/.exec(staff.url())![1]!;
	await expect(staff.getByTestId('review-no-actions')).toBeVisible();

	// the plan's actions, as the actions table writes them
	const plan = await planDoc(server, ctx, planId);
	plan.doc.transact(() => {
		for (const [id, title, plain, order] of [
			['act-salon', SALON, '集まれる場所と回数を増やします', 1],
			['act-watch', WATCH, 'ひとり暮らしの方に声をかけます', 2]
		] as const) {
			const m = new Y.Map<unknown>();
			plan.doc.getMap('actions').set(id, m);
			m.set('title', title);
			m.set('description', plain);
			m.set('issueId', 'issue-tsunagari');
			m.set('order', order);
			m.set('responsible', '地区社協');
			m.set('schedule', { 2026: 'run' });
			if (id === 'act-salon') m.set('indicator', { what: 'サロンの参加者数', unit: '人', baseline: '12', targets: { 2026: '30', 2027: '40' }, finalTarget: '' });
		}
		plan.doc.getMap('issues').set('issue-tsunagari', { title: 'つながりづくり' });
	});
	await staff.reload();
	await expect(staff.getByTestId('review-no-actions')).toHaveCount(0);

	// open the review of 令和8年度
	await staff.getByRole('button', { name: '令和8年度の振り返りを始める' }).click();
	await expect(staff.getByRole('heading', { name: '令和8年度の振り返り' })).toBeVisible();
	await expect(staff.getByTestId('review-scale')).toContainText('5: 目標を大きく上回った');
	await noSeriousViolations(staff);

	// the review workshop: the theme's actions on the phones and the projector
	const projector = await projectorOpens(browser, server, info.displayPath);
	await staff.getByLabel('いま評価してもらうテーマ').selectOption({ label: 'つながりづくり（取り組み 2件）' });
	await staff.getByLabel('スマートフォンでの評価のしかた').selectOption('circle');
	await staff.getByRole('button', { name: 'このテーマの取り組みを参加者に見せる' }).click();
	await expect(staff.getByRole('status').filter({ hasText: '参加者のスマートフォンとプロジェクターに取り組みを表示しました。' })).toBeVisible();
	const dist = projector.page.getByTestId('review-distribution');
	await expect(dist).toContainText('つながりづくり');

	const phones = [];
	for (let i = 0; i < 3; i++) phones.push(await residentJoins(browser, server, info.joinPath));
	const ratings = [
		[SALON, '○ できた', WATCH, '△ 少しできた'],
		[SALON, '○ できた', WATCH, '× できなかった'],
		[SALON, '△ 少しできた', WATCH, '△ 少しできた']
	] as const;
	for (const [i, p] of phones.entries()) {
		const round = p.page.getByTestId('review-round');
		await expect(round.getByRole('heading', { name: SALON })).toBeVisible();
		await expect(round).toContainText('集まれる場所と回数を増やします');
		const [a1, r1, a2, r2] = ratings[i]!;
		if (i === 0) {
			// the first phone changes its mind: the second rating replaces the first
			await round.getByRole('button', { name: `「${a1}」を × できなかった と評価する` }).click();
			await expect(round.getByTestId('review-action').filter({ hasText: a1 }).getByTestId('review-mine')).toContainText('× できなかった');
			await round.getByLabel(`「${a1}」へのひとこと`).fill('男性も来やすい時間にしてほしい');
		}
		await round.getByRole('button', { name: `「${a1}」を ${r1} と評価する` }).click();
		await expect(round.getByTestId('review-action').filter({ hasText: a1 }).getByTestId('review-mine')).toContainText(r1);
		await round.getByRole('button', { name: `「${a2}」を ${r2} と評価する` }).click();
		await expect(round.getByTestId('review-action').filter({ hasText: a2 }).getByTestId('review-mine')).toContainText(r2);
	}
	await noSeriousViolations(phones[0]!.page);

	const bar = (action: string, value: string) => dist.locator(`[data-action-id="${action}"] [data-value="${value}"]`);
	await expect(bar('act-salon', 'good')).toHaveAttribute('data-count', '2');
	await expect(bar('act-salon', 'fair')).toHaveAttribute('data-count', '1');
	await expect(bar('act-salon', 'poor')).toHaveAttribute('data-count', '0');
	await expect(bar('act-watch', 'fair')).toHaveAttribute('data-count', '2');
	await expect(bar('act-watch', 'poor')).toHaveAttribute('data-count', '1');
	await expect(dist.locator('[data-action-id="act-salon"]')).toContainText('3人が評価');
	await expect(dist).not.toContainText('男性も来やすい');

	// staff take the residents' view in and record the result
	await staff.reload();
	const salon = staff.getByRole('region', { name: SALON });
	const watch = staff.getByRole('region', { name: WATCH });
	await salon.getByRole('button', { name: `「${SALON}」の住民の声として取り込む` }).click();
	await expect(salon.getByLabel('住民の声')).toHaveValue('住民の評価（3人）: ○できた 2人・△少しできた 1人・×できなかった 0人。主な声: 「男性も来やすい時間にしてほしい」');

	await salon.getByLabel('実施内容').fill('自治会館で月2回開き、延べ24回になった');
	await salon.getByRole('radio', { name: '4: 目標を上回った' }).check();
	await salon.getByLabel('指標の実績値：サロンの参加者数（人）').fill('２６');
	await expect(salon).toContainText('この年度の目標：30人');
	await salon.getByLabel('評価のコメント').fill('新しい参加者が増えた');
	await salon.getByRole('radio', { name: '拡充' }).check();
	await salon.getByRole('button', { name: `「${SALON}」の評価を保存` }).click();
	await expect(salon.getByRole('status')).toHaveText('保存しました。');

	// bad input: a clear error, nothing stored
	await watch.getByLabel('評価のコメント').fill('あ'.repeat(1001));
	await watch.getByRole('button', { name: `「${WATCH}」の評価を保存` }).click();
	await expect(watch.getByTestId('review-error')).toContainText('文章が長すぎます');
	await watch.getByLabel('評価のコメント').fill('当番の負担に差がある');
	await watch.getByRole('radio', { name: '3: 目標どおり' }).check();
	await watch.getByRole('radio', { name: '継続' }).check();
	await watch.getByRole('button', { name: `「${WATCH}」の評価を保存` }).click();
	await expect(watch.getByRole('status')).toHaveText('保存しました。');

	// carry into 令和9年度: the schedule gets the next steps, the version before is kept
	await staff.getByRole('button', { name: '令和9年度の予定に反映する' }).click();
	await expect(staff.getByRole('status').filter({ hasText: '2件の取り組みを令和9年度の予定に反映しました。' })).toBeVisible();
	const schedule = (id: string) => (plan.doc.getMap('actions').get(id) as Y.Map<unknown>).get('schedule');
	await expect.poll(() => schedule('act-salon')).toEqual({ 2026: 'run', 2027: 'expand' });
	expect(schedule('act-watch')).toEqual({ 2026: 'run', 2027: 'continue' });

	// the next year: its review, and the history across both years
	await staff.getByRole('link', { name: '← 振り返りの年度一覧へ' }).click();
	await expect(staff.getByTestId('review-versions')).toContainText('令和8年度の振り返りから：令和8年度の振り返りによる見直し（取り組み 2件）');
	await expect(staff.getByTestId('review-years')).toContainText('2件中 2件 評価済み');
	await staff.getByRole('button', { name: '令和9年度の振り返りを始める' }).click();
	const salon9 = staff.getByRole('region', { name: SALON });
	await salon9.getByRole('radio', { name: '2: 目標を下回った' }).check();
	await salon9.getByLabel('指標の実績値：サロンの参加者数（人）').fill('31');
	await salon9.getByRole('button', { name: `「${SALON}」の評価を保存` }).click();
	await expect(salon9.getByRole('status')).toHaveText('保存しました。');
	const cells = salon9.getByTestId('history-cells');
	await expect(cells.locator('[data-year="2026"]')).toContainText('令和8');
	await expect(cells.locator('[data-year="2026"]')).toContainText('目標を上回った');
	await expect(cells.locator('[data-year="2027"]')).toContainText('目標を下回った');
	await expect(staff.getByRole('region', { name: WATCH }).getByTestId('history-cells').locator('[data-year="2027"]')).toContainText('未評価');
	const chart = salon9.getByTestId('indicator-chart');
	await expect(chart.locator('circle')).toHaveCount(2);
	await expect(chart).toContainText('令和9年度：実績 31人、目標 40人');
	await noSeriousViolations(staff);

	// the review sheet downloads as Excel
	const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: '評価シートを Excel で書き出す' }).click()]);
	expect(download.suggestedFilename()).toBe('さくら台地区_令和9年度評価シート.xlsx');

	plan.destroy();
	for (const p of [...phones, projector]) await p.ctx.close();
	await ctx.close();
});
