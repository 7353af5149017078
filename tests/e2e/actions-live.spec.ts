/**
 * Issue 19, the live parts: (1) two staff on the plan's actions page: what one adds, edits or removes shows on
 * the other's page without a reload, and a half-typed edit form survives the other's change (with a notice
 * and a way to load the newer values); saving it keeps both edits. (2) The projector's matrix with a cell of
 * 25 ideas: split into pages that fit (nothing clipped, text still large), 「1 / N ページ」, the pages turn by
 * themselves and by the arrow keys, and together they show every idea once.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import path from 'node:path';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard, projectorOpens, signIn, staffDoc, planDoc, workshopIdOf } from './people';
import { adminSignsIn, hydrated, newLaptop } from './admin';
import { createTheme, setThemeRanking } from '../../src/lib/domain/board/themes';
import { addNote } from '../../src/lib/domain/board/board';
import { readActions, updateAction, periodYears } from '../../src/lib/domain/plan/actions';

const server = serverForFile();
test.describe.configure({ mode: 'serial' });

async function noSeriousAxe(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

function demoPlanId(): string {
	const db = new Database(path.join(server.dataDir, 'kyoso.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare<[], { id: string }>('SELECT id FROM plans ORDER BY created_at LIMIT 1').get()!.id;
	} finally {
		db.close();
	}
}
const rows = (page: Page) => page.getByTestId('action-row');
const addForm = (page: Page) => page.getByRole('form', { name: '取り組みを追加' });

async function opensActions(page: Page) {
	await page.goto(`${server.url}/staff/plans/${demoPlanId()}/actions`);
	await hydrated(page);
	await expect(page.getByTestId('conn-status')).toHaveText('一覧の自動更新：接続しました');
	// a marker that a reload would lose
	await page.evaluate(() => Object.assign(window, { notReloaded: true }));
}
const notReloaded = (page: Page) => page.evaluate(() => 'notReloaded' in window);

test('two staff on the actions page: adds, edits and removals show live; a half-typed form survives', async ({ browser }) => {
	const a = await newLaptop(browser);
	const b = await newLaptop(browser);
	await signIn(a.page, server);
	await adminSignsIn(b.page, server);
	await opensActions(a.page);
	await opensActions(b.page);
	await expect(rows(b.page)).toHaveCount(0);

	// A adds two actions: B's table shows them without a reload.
	for (const title of ['夕方の見守り散歩', '回覧板で声かけ']) {
		await addForm(a.page).getByLabel('取り組みの名前').fill(title);
		await addForm(a.page).getByLabel('担い手の列').selectOption({ label: '互助（ご近所・地域）：ご近所や地域で助け合えること' });
		await addForm(a.page).getByRole('button', { name: '追加する' }).click();
		await expect(a.page.getByRole('status')).toHaveText(`「${title}」を追加しました。`);
	}
	await expect(rows(b.page)).toHaveText([/夕方の見守り散歩/, /回覧板で声かけ/]);
	// the 担い手 suggestions and the filters work on the live table too
	await expect(b.page.getByText('取り組みはまだありません。')).toHaveCount(0);

	// B opens the first for editing and half-types a 担い手 (not saved).
	await b.page.getByRole('link', { name: '「夕方の見守り散歩」を編集' }).click();
	const formB = b.page.getByRole('form', { name: '取り組みを編集：夕方の見守り散歩' });
	await expect(formB).toBeVisible();
	await expect(b.page.getByTestId('conn-status')).toHaveText('一覧の自動更新：接続しました');
	await formB.getByLabel('担い手（グループ名）').fill('さくら台');
	await formB.getByLabel('くわしい内容').fill('週に一度、夕方に');

	// A renames it and sets its first year: B's table follows, B's typing stays, B is told.
	await a.page.getByRole('link', { name: '「夕方の見守り散歩」を編集' }).click();
	const formA = a.page.getByRole('form', { name: '取り組みを編集：夕方の見守り散歩' });
	await formA.getByLabel('取り組みの名前').fill('夕方の見守りウォーク');
	await formA.getByLabel('令和8年度（2026年度）').selectOption({ label: '検討' });
	await formA.getByRole('button', { name: '変更を保存' }).click();
	await expect(a.page.getByRole('status')).toHaveText('「夕方の見守りウォーク」を保存しました。');

	const bRow = rows(b.page).filter({ hasText: '夕方の見守りウォーク' });
	await expect(bRow).toHaveCount(1);
	await expect(bRow.locator('td.stage').first()).toHaveText('検討');
	await expect(formB.getByLabel('担い手（グループ名）')).toHaveValue('さくら台');
	await expect(formB.getByLabel('くわしい内容')).toHaveValue('週に一度、夕方に');
	await expect(formB.getByLabel('取り組みの名前')).toHaveValue('夕方の見守り散歩');
	const drift = formB.getByTestId('action-drift');
	await expect(drift).toContainText('他の人がこの取り組みを変更しました');
	await expect(drift).toContainText('変わった項目：取り組みの名前、年度ごとの予定');
	await noSeriousAxe(b.page, 'the actions page with the notice');

	// B saves: only the fields B changed are written, so A's new name and schedule stay.
	await formB.getByRole('button', { name: '変更を保存' }).click();
	await expect(b.page.getByRole('status')).toHaveText('「夕方の見守りウォーク」を保存しました。');
	for (const p of [a.page, b.page]) {
		const row = rows(p).filter({ hasText: '夕方の見守りウォーク' });
		await expect(row).toContainText('さくら台');
		await expect(row).toContainText('週に一度、夕方に');
		await expect(row.locator('td.stage')).toHaveText(['検討', '', '', '', '']);
	}
	await expect(b.page.getByTestId('action-drift')).not.toContainText('他の人が');

	// The newer values on request: A changes the 担い手 again, B loads them into the form.
	// (A's form was opened again with the stored values after A's save; B's save since then is announced there)
	const formA2 = a.page.getByRole('form', { name: '取り組みを編集：夕方の見守りウォーク' });
	await expect(formA2.getByTestId('action-drift')).toContainText('変わった項目：くわしい内容、担い手（グループ名）');
	await formA2.getByLabel('担い手（グループ名）').fill('さくら台子ども会');
	await formA2.getByRole('button', { name: '変更を保存' }).click();
	await expect(a.page.getByRole('status')).toHaveText('「夕方の見守りウォーク」を保存しました。');
	const formB2 = b.page.getByRole('form', { name: '取り組みを編集：夕方の見守りウォーク' });
	await expect(formB2.getByTestId('action-drift')).toContainText('変わった項目：担い手（グループ名）');
	await formB2.getByRole('button', { name: '新しい内容を読み込む' }).click();
	await expect(formB2.getByLabel('担い手（グループ名）')).toHaveValue('さくら台子ども会');
	await expect(formB2.getByTestId('action-drift')).not.toContainText('他の人が');

	// A removes the other action: it leaves B's table.
	a.page.once('dialog', (d) => void d.accept());
	await a.page.getByRole('button', { name: '「回覧板で声かけ」を削除' }).click();
	await expect(a.page.getByRole('status')).toHaveText('「回覧板で声かけ」を削除しました。');
	await expect(rows(b.page)).toHaveCount(1);
	await expect(b.page.getByText('回覧板で声かけ')).toHaveCount(0);

	// A change that comes from elsewhere (another client of the plan document, as the board's 「取り組みにする」
	// writes it): moved to another actor column, it shows in that column's group on both pages.
	const plan = await planDoc(server, a, demoPlanId());
	plan.change((d) => {
		const id = readActions(d).find((x) => x.title === '夕方の見守りウォーク')!.id;
		const r = updateAction(d, id, { column: 'public' }, { years: periodYears(2026, 2030), columns: ['self', 'mutual', 'community', 'public'], goals: [], issues: null });
		expect(r.ok).toBe(true);
	});
	for (const p of [a.page, b.page]) await expect(rows(p).filter({ hasText: '夕方の見守りウォーク' })).toHaveAttribute('data-column', 'public');
	plan.destroy();

	expect(await notReloaded(a.page)).toBe(true);
	expect(await notReloaded(b.page)).toBe(true);
	await a.ctx.close();
	await b.ctx.close();
});

test('the projector pages a full cell of the matrix: nothing clipped, every idea shown once', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);
	const page = facilitator.page;
	const workshopId = workshopIdOf(page);
	const staff = await staffDoc(server, facilitator, workshopId);
	staff.change((d) => {
		createTheme(d, { id: 'theme-walk', title: '夜道を安心して歩ける', x: 0, y: 0, now: 1 });
		setThemeRanking(d, [{ id: 'theme-walk', votes: 7 }]);
	});
	await page.getByTestId('step-select').selectOption('actions');
	await expect(page.getByTestId('action-grid').getByRole('rowheader')).toHaveText(['夜道を安心して歩ける']);

	// 25 ideas in one cell (互助), of different lengths; one in 自助.
	const ideas = Array.from({ length: 25 }, (_, i) => (i % 3 === 0 ? `${i + 1}番：暗い道に人感センサーの灯りをつけるよう自治会で話し合う` : `${i + 1}番：帰り道に声をかけ合う`));
	await expect
		.poll(() =>
			staff.change((d) => {
				ideas.forEach((text, i) => addNote(d, { id: `idea-${i + 1}`, text, kind: 'action', authorId: 'staff-test', authorRole: 'staff', nickname: null, now: 10 + i, cell: { row: 'theme-walk', column: 'mutual' } }));
				addNote(d, { id: 'idea-self', text: '夜は明るい服を着る', kind: 'action', authorId: 'staff-test', authorRole: 'staff', nickname: null, now: 100, cell: { row: 'theme-walk', column: 'self' } });
				return d.getMap('notes').size;
			})
		)
		.toBeGreaterThanOrEqual(26);
	staff.destroy();

	const projector = await projectorOpens(browser, server, info.displayPath);
	const matrix = projector.page.getByTestId('action-matrix');
	const mutual = matrix.getByRole('region', { name: '互助（ご近所・地域）' });
	await expect(mutual.getByRole('listitem').first()).toBeVisible();
	const indicator = matrix.getByTestId('matrix-page');
	await expect(indicator).toHaveText(/^1 \/ \d+ ページ$/);
	const pages = Number(await matrix.getAttribute('data-pages'));
	expect(pages).toBeGreaterThanOrEqual(2);

	/** The elements of the matrix whose content is taller than their box (clipped). */
	const clipped = () => matrix.evaluate((el) => [el, ...el.querySelectorAll('*')].filter((e) => e.scrollHeight > e.clientHeight + 1).map((e) => `${e.tagName}.${e.className} ${e.scrollHeight} > ${e.clientHeight}`));
	const shownIdeas = () => mutual.getByRole('listitem').allTextContents();

	// Page 1 fits; the pages then turn by themselves (about every 12 s).
	await expect.poll(clipped).toEqual([]);
	const seen: string[][] = [await shownIdeas()];
	expect(seen[0]![0]).toBe(ideas[0]);
	// text still large: 36 px or more on 1920 × 1080
	expect(await mutual.getByRole('listitem').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(36);
	await expect(indicator).toHaveText(`2 / ${pages} ページ`, { timeout: 16_000 });
	await expect.poll(clipped).toEqual([]);
	seen.push(await shownIdeas());
	// the other columns: 自助's one idea was on page 1 only
	await expect(matrix.getByRole('region', { name: '自助（わたし）' }).getByRole('listitem')).toHaveCount(0);

	// → turns on, ← back; after the last page comes the first.
	for (let p = 3; p <= pages; p++) {
		await projector.page.keyboard.press('ArrowRight');
		await expect(indicator).toHaveText(`${p} / ${pages} ページ`);
		await expect.poll(clipped).toEqual([]);
		seen.push(await shownIdeas());
	}
	await projector.page.keyboard.press('ArrowRight');
	await expect(indicator).toHaveText(`1 / ${pages} ページ`);
	await projector.page.keyboard.press('ArrowLeft');
	await expect(indicator).toHaveText(`${pages} / ${pages} ページ`);

	// Together the pages show every idea once, in order; the second page goes on where the first stopped.
	expect(seen.flat()).toEqual(ideas);
	expect(seen[1]![0]).toBe(ideas[seen[0]!.length]);
	await noSeriousAxe(projector.page, 'the paged matrix');
	await Promise.all([facilitator.ctx.close(), projector.ctx.close()]);
});
