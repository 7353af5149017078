/**
 * Staff accounts end to end, through the real production server: the admin creates a facilitator
 * with a one-time password; the new person must choose their own password before anything else;
 * the admin assigns a district, reads the audit log and disables the account, which ends the
 * person's session at once. A facilitator is refused the admin pages by the server (403), and
 * repeated wrong passwords lock the account with a message that says when to retry.
 */
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { serverForFile } from './serverProcess';

const server = serverForFile();

const NEW_LOGIN = 'yamada.k';
const NEW_NAME = '山田 花子（CSW）';
const NEW_PASSWORD = 'sakuradai-mimamori-2026';

async function hydrated(page: Page): Promise<void> {
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ ctx: BrowserContext; page: Page }> {
	const ctx = await browser.newContext({ viewport });
	return { ctx, page: await ctx.newPage() };
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
	await page.goto(`${server.url}/login`);
	await hydrated(page);
	await page.getByLabel('ログインID').fill(login);
	await page.getByLabel('パスワード').fill(password);
	await page.getByRole('button', { name: 'ログイン' }).click();
}

test.describe.configure({ mode: 'serial' });

test('admin creates a facilitator; they change the one-time password; admin assigns, audits and disables them', async ({ browser }) => {
	// The admin signs in and adds a facilitator from the admin pages.
	const admin = await newPage(browser);
	await signIn(admin.page, 'admin', 'demo-admin-2026');
	await expect(admin.page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
	await admin.page.getByRole('link', { name: '管理' }).click();
	await expect(admin.page.getByRole('heading', { name: '職員の管理' })).toBeVisible();
	await admin.page.getByRole('link', { name: '職員を追加' }).click();
	await expect(admin.page.getByRole('heading', { name: '職員を追加' })).toBeVisible();
	await hydrated(admin.page);

	// A login id that is not allowed says what to do.
	await admin.page.getByLabel('ログインID').fill('ヤマダ');
	await admin.page.getByLabel('表示名').fill(NEW_NAME);
	await admin.page.getByRole('radio', { name: /^進行役/ }).check();
	await admin.page.getByRole('button', { name: '追加して初回パスワードを発行する' }).click();
	await expect(admin.page.getByRole('alert')).toContainText('ログインIDは半角の英小文字・数字');

	await admin.page.getByLabel('ログインID').fill(NEW_LOGIN);
	await admin.page.getByRole('button', { name: '追加して初回パスワードを発行する' }).click();
	await expect(admin.page.getByRole('status')).toHaveText(`${NEW_NAME} さん（ログインID：${NEW_LOGIN}）を追加しました。`);
	const oneTime = (await admin.page.getByTestId('one-time-password').textContent())?.trim() ?? '';
	expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

	await admin.page.getByRole('button', { name: 'ログアウト' }).click();
	await expect(admin.page.getByRole('heading', { name: '職員・委員ログイン' })).toBeVisible();

	// The new facilitator signs in with it and must change it first.
	const fac = await newPage(browser, { width: 412, height: 915 });
	await signIn(fac.page, NEW_LOGIN, oneTime);
	await expect(fac.page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
	await expect(fac.page).toHaveURL(/\/staff\/account$/);
	await expect(fac.page.getByText('初回パスワードでログインしています。')).toBeVisible();
	// Other staff pages send them back here.
	await fac.page.goto(`${server.url}/staff`);
	await expect(fac.page).toHaveURL(/\/staff\/account$/);
	await hydrated(fac.page);

	await fac.page.getByLabel('いまのパスワード').fill(oneTime);
	await fac.page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
	await fac.page.getByLabel('新しいパスワード（確認のため、もう一度）').fill(`${NEW_PASSWORD}x`);
	await fac.page.getByRole('button', { name: 'パスワードを変更する' }).click();
	await expect(fac.page.getByRole('alert')).toHaveText('確認用のパスワードが一致しません。同じものを2回入力してください。');

	await fac.page.getByLabel('いまのパスワード').fill(oneTime);
	await fac.page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
	await fac.page.getByLabel('新しいパスワード（確認のため、もう一度）').fill(NEW_PASSWORD);
	await fac.page.getByRole('button', { name: 'パスワードを変更する' }).click();
	await expect(fac.page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
	await expect(fac.page.getByText('担当しているワークショップはまだありません。')).toBeVisible();
	await expect(fac.page.getByRole('link', { name: '管理' })).toHaveCount(0);

	// The admin signs in again, assigns a district and reads the audit log.
	await signIn(admin.page, 'admin', 'demo-admin-2026');
	await expect(admin.page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
	await admin.page.goto(`${server.url}/staff/admin`);
	const row = admin.page.getByTestId('staff-list').locator(`li[data-login="${NEW_LOGIN}"]`);
	await expect(row).toContainText('利用中');
	await expect(row).not.toContainText('初回パスワードのまま');
	await row.getByRole('link', { name: `${NEW_NAME}: 詳細・変更` }).click();
	await expect(admin.page.getByRole('heading', { name: `${NEW_NAME} さんのアカウント` })).toBeVisible();
	await hydrated(admin.page);
	await admin.page.getByLabel('担当に加える地区').selectOption({ label: 'さくら台地区' });
	await admin.page.getByRole('button', { name: '担当に加える' }).click();
	await expect(admin.page.getByRole('status')).toHaveText('さくら台地区 を担当に加えました。');

	await fac.page.reload();
	await expect(fac.page.getByText('第1回 みんなで話そう さくら台のこと')).toBeVisible();

	// Disabling asks first, then ends the facilitator's session at once.
	admin.page.once('dialog', (d) => void d.accept());
	await admin.page.getByRole('button', { name: 'アカウントを停止する' }).click();
	await expect(admin.page.getByRole('status')).toHaveText('アカウントを停止しました。');
	await expect(admin.page.getByTestId('member-status')).toHaveText('停止中');

	await fac.page.reload();
	await expect(fac.page.getByRole('heading', { name: '職員・委員ログイン' })).toBeVisible();
	await signIn(fac.page, NEW_LOGIN, NEW_PASSWORD);
	await expect(fac.page.getByRole('alert')).toContainText('このアカウントは管理者によって停止されています。');
	await signIn(fac.page, NEW_LOGIN, `${NEW_PASSWORD}-wrong`);
	await expect(fac.page.getByRole('alert')).toHaveText('ログインIDまたはパスワードが違います。もう一度入力してください。');

	// The audit log shows what happened, newest first, in Japan time.
	await admin.page.goto(`${server.url}/staff/admin/audit`);
	const log = admin.page.getByTestId('audit-log');
	await expect(log.locator('tbody tr').first()).toHaveAttribute('data-action', 'auth.login_failed');
	for (const action of ['staff.create', 'auth.password_changed', 'staff.assign_district', 'staff.disable', 'auth.logout', 'auth.login']) {
		await expect(log.locator(`tr[data-action="${action}"]`).first()).toBeVisible();
	}
	const disableRow = log.locator('tr[data-action="staff.disable"]');
	await expect(disableRow).toContainText('管理者（デモ）');
	await expect(disableRow).toContainText('アカウント停止');
	await expect(disableRow).toContainText(`${NEW_NAME} (${NEW_LOGIN})`);
	await expect(disableRow.locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

	await Promise.all([admin.ctx.close(), fac.ctx.close()]);
});

test('a facilitator gets 403 from the server on the admin pages and their actions', async ({ browser }) => {
	const { ctx, page } = await newPage(browser);
	await signIn(page, 'facilitator', 'demo-facilitator-2026');
	await expect(page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
	await expect(page.getByRole('link', { name: '管理' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'パスワード変更' })).toBeVisible();

	for (const path of ['/staff/admin', '/staff/admin/new', '/staff/admin/audit']) {
		const res = await page.goto(`${server.url}${path}`);
		expect(res?.status(), path).toBe(403);
	}
	await expect(page.getByRole('alert')).toHaveText('この画面を開く権限がありません。必要なときは協議会の管理者に相談してください。');

	// Posting the create form directly is refused too, and creates nothing.
	const res = await page.request.post(`${server.url}/staff/admin/new`, {
		form: { login: 'intruder', name: '侵入者', role: 'admin' },
		headers: { origin: server.url },
		maxRedirects: 0
	});
	expect(res.status()).toBe(403);
	await ctx.close();

	const admin = await newPage(browser);
	await signIn(admin.page, 'admin', 'demo-admin-2026');
	await expect(admin.page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
	await admin.page.goto(`${server.url}/staff/admin`);
	await expect(admin.page.getByTestId('staff-list')).toContainText('facilitator');
	await expect(admin.page.getByTestId('staff-list')).not.toContainText('intruder');
	await admin.ctx.close();
});

test('six wrong passwords for one account say when to try again', async ({ browser }) => {
	const { ctx, page } = await newPage(browser);
	const wrong = 'not-the-password';
	for (let i = 1; i <= 4; i++) {
		await signIn(page, 'facilitator', `${wrong}-${i}`);
		await expect(page.getByRole('alert')).toHaveText('ログインIDまたはパスワードが違います。もう一度入力してください。');
	}
	// The fifth failure uses up the account's allowance, the sixth is refused without a check.
	for (let i = 5; i <= 6; i++) {
		await signIn(page, 'facilitator', `${wrong}-${i}`);
		await expect(page.getByRole('alert')).toHaveText(/^ログインの失敗が続いたため、いまはログインできません。1[45]分後にもう一度お試しください。$/);
	}
	// Even the right password waits now.
	await signIn(page, 'facilitator', 'demo-facilitator-2026');
	await expect(page.getByRole('alert')).toContainText('分後にもう一度お試しください。');
	await expect(page).toHaveURL(/\/login/);

	// The English page says the same.
	await ctx.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
	await page.goto(`${server.url}/login`);
	await hydrated(page);
	await page.getByLabel('Login ID').fill('facilitator');
	await page.getByLabel('Password').fill('demo-facilitator-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText(/^Too many failed sign-ins\. Please try again in 1[45] min\.$/);

	// Another account from the same address is not locked.
	await page.getByLabel('Login ID').fill('admin');
	await page.getByLabel('Password').fill('demo-admin-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Plans and workshops' })).toBeVisible();
	await ctx.close();
});
