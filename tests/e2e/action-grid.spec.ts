/**
 * 取り組みを考える in a live workshop: the facilitator enters the step and the board's ranked themes
 * become the grid's rows; two residents post ideas into cells from their phones (theme and "who does
 * it" with a line of help); the facilitator moves one idea by the keyboard and one by drag; the
 * projector shows the current theme's matrix in large type and follows the facilitator's pick; the
 * facilitator promotes an idea and the plan document gets an action.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import Database from 'better-sqlite3';
import type * as Y from 'yjs';
import { serverForFile } from './serverProcess';
import { hydrated } from './admin';
import { demoWorkshopRoom, planDoc, staffDoc, type Person } from './people';
import { createTheme, setThemeRanking } from '../../src/lib/domain/board/themes';

const server = serverForFile();

async function expectNoSeriousAxe(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

/** The plan id of a workshop (read from the server's database). */
function planIdOf(workshopId: string): string {
	const db = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { readonly: true });
	try {
		return db.prepare<[string], { planId: string }>('SELECT plan_id AS planId FROM workshops WHERE id = ?').get(workshopId)!.planId;
	} finally {
		db.close();
	}
}

/** The grid cell (td) of a theme row and an actor column, on the facilitator's board. */
const cell = (page: Page, row: string, column: string): Locator => page.locator(`td[data-cell-row="${row}"][data-cell-column="${column}"]`);

async function postIdea(phone: Page, theme: string, who: RegExp, text: string) {
	await phone.getByRole('radio', { name: theme }).check();
	await phone.getByRole('radio', { name: who }).check();
	await phone.getByLabel('付箋に書く内容').fill(text);
	await phone.getByRole('button', { name: '送る' }).click();
	await expect(phone.getByTestId('my-note').filter({ hasText: text })).toHaveAttribute('data-pending', 'false');
}

test('phones post ideas into cells, staff move them by keys and drag, the projector shows the theme, an idea becomes an action', async ({ browser }) => {
	const room = await demoWorkshopRoom(browser, server, [{ nickname: 'さくら' }, { nickname: 'けん', device: 'iPhone SE' }]);
	const { facilitator, projector, workshopId } = room;
	const [sakura, ken] = room.phones as [Person, Person];
	const page = facilitator.page;

	// The step before: two themes ranked by the dot vote (a third got no votes).
	const staff = await staffDoc(server, facilitator, workshopId);
	staff.change((d) => {
		createTheme(d, { id: 'theme-walk', title: '夜道を安心して歩ける', x: 0, y: 0, now: 1 });
		createTheme(d, { id: 'theme-salon', title: '気軽に集まれる場所', x: 400, y: 0, now: 2 });
		createTheme(d, { id: 'theme-other', title: '票のなかったテーマ', x: 800, y: 0, now: 3 });
		setThemeRanking(d, [
			{ id: 'theme-salon', votes: 9 },
			{ id: 'theme-walk', votes: 5 }
		]);
	});
	staff.destroy();

	// Entering the step loads the ranked themes as the grid's rows (the server fills the grid).
	await page.getByTestId('step-select').selectOption('actions');
	const grid = page.getByTestId('action-grid');
	await expect(grid.getByRole('rowheader')).toHaveText(['気軽に集まれる場所', '夜道を安心して歩ける']);
	await expect(grid.getByRole('columnheader')).toHaveText(['重点テーマ', '自助（わたし）自分や家族でできること', '互助（ご近所・地域）ご近所や地域で助け合えること', '共助（地区社協・団体）地区社協や団体で取り組むこと', '公助（社協・市）社協や市が取り組むこと']);
	await expect(grid.getByText('票のなかったテーマ')).toHaveCount(0);

	// The phones show the themes and the columns' plain labels with their line of help.
	await expect(sakura.page.getByRole('group', { name: 'だれが取り組みますか' })).toContainText('自助（わたし）自分や家族でできること');
	await expectNoSeriousAxe(sakura.page, 'the phone in the step actions');
	// Without a column chosen, nothing is sent and the phone says what to do.
	await sakura.page.getByLabel('付箋に書く内容').fill('帰り道に声をかけ合う');
	await sakura.page.getByRole('button', { name: '送る' }).click();
	await expect(sakura.page.getByRole('alert')).toHaveText('「だれが取り組みますか」から一つ選んでから送ってください。');
	await expect(sakura.page.getByLabel('付箋に書く内容')).toHaveValue('帰り道に声をかけ合う');
	await postIdea(sakura.page, '夜道を安心して歩ける', /^互助（ご近所・地域）/, '帰り道に声をかけ合う');
	await expect(sakura.page.getByTestId('my-note-cell')).toHaveText('夜道を安心して歩ける・互助（ご近所・地域）');
	await postIdea(ken.page, '気軽に集まれる場所', /^自助（わたし）/, '近所の人をサロンに誘う');

	// The ideas arrive in their cells on the facilitator's board.
	await expect(cell(page, 'theme-walk', 'mutual').getByTestId('grid-idea')).toHaveText(/帰り道に声をかけ合う/);
	await expect(cell(page, 'theme-salon', 'self').getByTestId('grid-idea')).toHaveText(/近所の人をサロンに誘う/);
	await expectNoSeriousAxe(page, 'the facilitator’s grid');

	// Keyboard: focus the idea, the right arrow moves it to the next column (focus stays on it).
	const walkIdea = page.getByRole('button', { name: '帰り道に声をかけ合う（夜道を安心して歩ける・互助（ご近所・地域））矢印キーで移動' });
	await walkIdea.focus();
	await page.keyboard.press('ArrowRight');
	await expect(cell(page, 'theme-walk', 'community').getByTestId('grid-idea')).toHaveText(/帰り道に声をかけ合う/);
	await expect(cell(page, 'theme-walk', 'mutual').getByTestId('grid-idea')).toHaveCount(0);
	await expect(page.getByRole('button', { name: /^帰り道に声をかけ合う（夜道を安心して歩ける・共助/ })).toBeFocused();
	// the move menu names its cells
	await expect(page.getByLabel('「帰り道に声をかけ合う」の移動先')).toHaveValue('theme-walk/community');

	// Drag: the other idea goes to 公助 of the same theme.
	const from = (await cell(page, 'theme-salon', 'self').getByRole('button', { name: /^近所の人をサロンに誘う/ }).boundingBox())!;
	const to = (await cell(page, 'theme-salon', 'public').boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
	await page.mouse.up();
	await expect(cell(page, 'theme-salon', 'public').getByTestId('grid-idea')).toHaveText(/近所の人をサロンに誘う/);
	await expect(cell(page, 'theme-salon', 'self').getByTestId('grid-idea')).toHaveCount(0);

	// The projector shows the current theme's matrix: the first row until the facilitator picks another.
	const matrix = projector.page.getByTestId('action-matrix');
	await expect(matrix.getByRole('heading', { level: 2 })).toHaveText('重点テーマ：気軽に集まれる場所');
	await expect(matrix.getByRole('region', { name: '公助（社協・市）' })).toContainText('近所の人をサロンに誘う');
	await expect(matrix.getByRole('region', { name: '自助（わたし）' })).toContainText('まだありません');
	await expect(matrix.getByTestId('matrix-column')).toHaveCount(4);
	// legible from the back of the hall: ideas at 36 px or more on 1920 × 1080
	const size = await matrix.getByText('近所の人をサロンに誘う').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(size).toBeGreaterThanOrEqual(36);
	await page.getByLabel('プロジェクターに映すテーマ').selectOption({ label: '夜道を安心して歩ける' });
	await expect(matrix.getByRole('heading', { level: 2 })).toHaveText('重点テーマ：夜道を安心して歩ける');
	await expect(matrix.getByRole('region', { name: '共助（地区社協・団体）' })).toContainText('帰り道に声をかけ合う');
	await expect(matrix.getByText('近所の人をサロンに誘う')).toHaveCount(0);
	await expectNoSeriousAxe(projector.page, 'the projector’s matrix');

	// Promote an idea: the plan document gets an action, and the idea says so.
	const plan = await planDoc(server, facilitator, planIdOf(workshopId));
	await page.getByRole('button', { name: '「帰り道に声をかけ合う」を取り組みにする' }).click();
	await expect(cell(page, 'theme-walk', 'community').getByTestId('promoted')).toHaveText('取り組みにしました');
	// a full action: its 課題 is the plan issue the board's theme was gathered into (marked 重点), its column the council's
	const walkIssue = () => {
		for (const [id, issue] of plan.doc.getMap<Y.Map<unknown>>('issues')) {
			const sources = issue.get('sources') as { themeId: string }[] | undefined;
			if (sources?.some((x) => x.themeId === 'theme-walk')) return { id, priority: issue.get('priority') };
		}
		return null;
	};
	await expect.poll(() => walkIssue()?.priority).toBe(true);
	await expect
		.poll(() => [...plan.doc.getMap<Y.Map<unknown>>('actions').values()].map((a) => ({ title: a.get('title'), issueId: a.get('issueId'), column: a.get('column'), responsible: a.get('responsible') })))
		.toEqual([{ title: '帰り道に声をかけ合う', issueId: walkIssue()!.id, column: 'community', responsible: '' }]);
	await expect(page.getByRole('button', { name: '「帰り道に声をかけ合う」を取り組みにする' })).toHaveCount(0);
	plan.destroy();

	// The actions are edited from the board too: the grid links to the plan's list of actions, and the promoted
	// idea opens its action's edit form, where the facilitator writes a five-year schedule and an indicator.
	const planId = planIdOf(workshopId);
	await expect(grid.getByRole('link', { name: '取り組みの一覧を開く' })).toHaveAttribute('href', `/staff/plans/${planId}/actions`);
	await cell(page, 'theme-walk', 'community').getByRole('link', { name: '取り組みにしました：「帰り道に声をかけ合う」を開いて予定や評価指標を書く' }).click();
	await expect(page).toHaveURL(new RegExp(`/staff/plans/${planId}/actions\\?edit=`));
	await hydrated(page);
	const edit = page.getByRole('form', { name: '取り組みを編集：帰り道に声をかけ合う' });
	await expect(edit.getByLabel('取り組みの名前')).toHaveValue('帰り道に声をかけ合う');
	const stages = ['検討', '準備', '実施', '継続', '拡充'];
	for (const [i, s] of stages.entries()) await edit.getByLabel(`令和${8 + i}年度（${2026 + i}年度）`, { exact: true }).selectOption({ label: s });
	await edit.getByLabel('数えるもの').fill('声かけに参加した人');
	await edit.getByLabel('単位').fill('人');
	await edit.getByLabel('令和9年度の目標').fill('30');
	await edit.getByRole('button', { name: '変更を保存' }).click();
	await expect(page.getByRole('status')).toHaveText('「帰り道に声をかけ合う」を保存しました。');
	const row = page.getByTestId('action-row').filter({ hasText: '帰り道に声をかけ合う' });
	await expect(row.locator('td.stage')).toHaveText(stages);
	await expect(row).toContainText('声かけに参加した人（人）');
	await expect(row.getByTestId('indicator-target')).toHaveText(['令和9年度の目標: 30']);

	await room.close();
});
