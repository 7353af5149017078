/** An admin sets up a new district and a workshop in it; residents can join it at once. */
import { test, expect } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { signIn } from './people';

const server = serverForFile();

test('admin adds a district and creates a workshop that residents can join', async ({ browser }) => {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await signIn(page, server, 'admin', 'demo-admin-2026');

	await page.goto(`${server.url}/staff/admin/districts`);
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByLabel('地区名', { exact: true }).fill('かえで町地区');
	await page.getByLabel('計画の開始年度（西暦）').fill('2026');
	await page.getByRole('button', { name: '追加する' }).click();
	await expect(page.getByTestId('district-list')).toContainText('かえで町地区 地域福祉活動計画（2026〜2030年度）');

	await page.goto(`${server.url}/staff`);
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByLabel('地区', { exact: true }).selectOption({ label: 'かえで町地区' });
	await page.getByLabel('ワークショップ名').fill('第1回 かえで町の困りごと');
	await page.getByLabel('開催日').fill('2027-01-16');
	await page.getByLabel('会場').fill('かえで町集会所');
	await page.getByRole('button', { name: '作成する' }).click();
	await expect(page.getByRole('heading', { name: '第1回 かえで町の困りごと' })).toBeVisible();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	const code = (await page.getByTestId('join-code').textContent())!.replace('参加コード', '').replace(/\s/g, '');
	expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);

	const phoneCtx = await browser.newContext();
	const phone = await phoneCtx.newPage();
	await phone.goto(`${server.url}/j/${code}`);
	await expect(phone.getByRole('heading', { name: '第1回 かえで町の困りごと' })).toBeVisible();
	await ctx.close();
	await phoneCtx.close();
});
