/** What a council admin does on the admin pages, step by step through the visible labels. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { ServerProcess } from './serverProcess';

export const ADMIN = { login: 'admin', password: 'demo-admin-2026', name: '管理者（デモ）' } as const;

export async function hydrated(page: Page): Promise<void> {
	await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

export async function newLaptop(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
	const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
	return { ctx, page: await ctx.newPage() };
}

/** Fill in the sign-in form and submit it (what happens next is the caller's to check). */
export async function submitSignIn(page: Page, server: ServerProcess, login: string, password: string): Promise<void> {
	await page.goto(`${server.url}/login`);
	await hydrated(page);
	await page.getByLabel('ログインID').fill(login);
	await page.getByLabel('パスワード').fill(password);
	await page.getByRole('button', { name: 'ログイン' }).click();
}

export async function adminSignsIn(page: Page, server: ServerProcess): Promise<void> {
	await submitSignIn(page, server, ADMIN.login, ADMIN.password);
	await expect(page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
}

export type RoleChoice = '進行役' | '編集者' | '管理者';

/** The admin adds a staff member; returns the one-time password shown once. */
export async function addStaff(page: Page, server: ServerProcess, who: { login: string; name: string; role: RoleChoice }): Promise<string> {
	await page.goto(`${server.url}/staff/admin/new`);
	await hydrated(page);
	await page.getByLabel('ログインID').fill(who.login);
	await page.getByLabel('表示名').fill(who.name);
	await page.getByRole('radio', { name: new RegExp(`^${who.role}`) }).check();
	await page.getByRole('button', { name: '追加して初回パスワードを発行する' }).click();
	await expect(page.getByRole('status')).toContainText(`${who.name} さん`);
	return ((await page.getByTestId('one-time-password').textContent()) ?? '').trim();
}

/** Open a staff member's page from the staff list. */
export async function openMember(page: Page, server: ServerProcess, name: string): Promise<void> {
	await page.goto(`${server.url}/staff/admin`);
	await page.getByRole('link', { name: `${name}: 詳細・変更` }).click();
	await expect(page.getByRole('heading', { name: `${name} さんのアカウント` })).toBeVisible();
	await hydrated(page);
}

export async function assignDistrict(page: Page, server: ServerProcess, name: string, district: string): Promise<void> {
	await openMember(page, server, name);
	await page.getByLabel('担当に加える地区').selectOption({ label: district });
	await page.getByRole('button', { name: '担当に加える' }).click();
	await expect(page.getByRole('status')).toHaveText(`${district} を担当に加えました。`);
}

/** A new person signs in with their one-time password and chooses their own. */
export async function firstSignIn(page: Page, server: ServerProcess, login: string, oneTime: string, password: string): Promise<void> {
	await submitSignIn(page, server, login, oneTime);
	await expect(page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
	await hydrated(page);
	await page.getByLabel('いまのパスワード').fill(oneTime);
	await page.getByLabel('新しいパスワード', { exact: true }).fill(password);
	await page.getByLabel('新しいパスワード（確認のため、もう一度）').fill(password);
	await page.getByRole('button', { name: 'パスワードを変更する' }).click();
	await expect(page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
}
