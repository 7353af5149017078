/**
 * A council's first day, as a new admin lives it on a production-mode server (DEMO=0), issue 22:
 * the one-time password change says what is wrong in the app's own words and keeps what need not be
 * retyped (8); the home page is a checklist, not advice to ask oneself (6); districts are created,
 * renamed and archived (10); role descriptions say what a role can do (2); staff changes ask first (5)
 * and can be corrected or removed (9); the audit log reads as plain Japanese with filters and a CSV
 * for Excel (7); backups are listed, made, downloaded, and the restore steps are on the page (11).
 */
import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { addStaff, assignDistrict, hydrated, newLaptop, openMember, submitSignIn } from './admin';

const server = serverForFile({ env: { DEMO: '0', COUNCIL_NAME: 'みどり市社会福祉協議会' } });
const PASSWORD = 'midori-shakyo-kanri-2026';

test.describe.configure({ mode: 'serial' });

let admin: Page;

test.beforeAll(async ({ browser }) => {
	admin = (await newLaptop(browser)).page;
});
test.afterAll(async () => {
	await admin.context().close();
});

test('the first password change speaks Japanese, keeps the one-time password, and says it is done (item 8)', async () => {
	const oneTime = /password:\s+(\S+)/.exec(server.output())?.[1] ?? '';
	expect(oneTime).not.toBe('');
	await submitSignIn(admin, server, 'admin', oneTime);
	await expect(admin.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
	await hydrated(admin);
	const current = admin.getByLabel('いまのパスワード');
	const next = admin.getByLabel('新しいパスワード', { exact: true });
	const confirmation = admin.getByLabel('新しいパスワード（確認のため、もう一度）');

	// Too short: the app's own message (the form is sent, no browser bubble), the one-time password stays.
	await current.fill(oneTime);
	await next.fill('short');
	await confirmation.fill('short');
	await admin.getByRole('button', { name: 'パスワードを変更する' }).click();
	await expect(admin.getByRole('alert')).toHaveText('新しいパスワードは10文字以上にしてください。');
	await expect(current).toHaveValue(oneTime);
	await expect(next).toHaveValue('');

	// A typo in the confirmation: only the confirmation is emptied.
	await next.fill(PASSWORD);
	await confirmation.fill(`${PASSWORD}x`);
	await admin.getByRole('button', { name: 'パスワードを変更する' }).click();
	await expect(admin.getByRole('alert')).toHaveText('確認用のパスワードが一致しません。同じものを2回入力してください。');
	await expect(current).toHaveValue(oneTime);
	await expect(next).toHaveValue(PASSWORD);
	await expect(confirmation).toHaveValue('');

	await confirmation.fill(PASSWORD);
	await admin.getByRole('button', { name: 'パスワードを変更する' }).click();
	await expect(admin.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
	await expect(admin.getByRole('status')).toHaveText('パスワードを変更しました。次からは新しいパスワードでログインしてください。');
});

test('the admin home is a first-day checklist; districts are created, renamed and archived (items 6, 10, 2)', async () => {
	await admin.goto(`${server.url}/staff`);
	const list = admin.getByTestId('first-day');
	await expect(list.getByRole('heading', { name: 'はじめの準備' })).toBeVisible();
	await expect(admin.getByText('管理者に地区の作成と割り当てを依頼してください')).toHaveCount(0);
	for (const step of ['district', 'staff', 'assigned', 'workshop']) await expect(list.locator(`li[data-step="${step}"]`)).toContainText('（まだ）');

	// 1. Create a district, from the checklist's link.
	await list.getByRole('link', { name: '地区を作成する' }).click();
	await expect(admin.getByRole('heading', { name: '地区', exact: true })).toBeVisible();
	await hydrated(admin);
	for (const name of ['ひがし', 'にし地区']) {
		await admin.getByLabel('地区名', { exact: true }).fill(name);
		await admin.getByRole('button', { name: '追加する' }).click();
		await expect(admin.getByRole('status')).toHaveText(`${name} を追加しました。`);
	}
	// Rename: the plan named after the district follows.
	await admin.getByLabel('「ひがし」の新しい地区名').fill('ひがし地区');
	await admin.getByRole('button', { name: 'ひがし の名前を変える' }).click();
	await expect(admin.getByRole('status')).toContainText('地区名を「ひがし地区」に変えました。');
	await expect(admin.locator('li[data-district="ひがし地区"]')).toContainText('ひがし地区 地域福祉活動計画');
	// An empty name says what to do.
	await admin.getByLabel('「ひがし地区」の新しい地区名').fill('');
	await admin.getByRole('button', { name: 'ひがし地区 の名前を変える' }).click();
	await expect(admin.getByRole('alert')).toHaveText('地区名を1〜20文字で入力してください（改行などの特殊な文字は使えません）。');
	// Archive asks first and says what happens.
	let question = '';
	admin.once('dialog', (d) => {
		question = d.message();
		void d.accept();
	});
	await admin.getByRole('button', { name: 'にし地区 をアーカイブする' }).click();
	await expect(admin.getByRole('status')).toContainText('にし地区 をアーカイブしました。');
	expect(question).toContain('新しいワークショップを作れず');
	await expect(admin.locator('li[data-district="にし地区"]')).toContainText('アーカイブ済み');
	await expect(admin.getByRole('button', { name: 'にし地区 を元に戻す' })).toBeVisible();

	await admin.goto(`${server.url}/staff`);
	await expect(list.locator('li[data-step="district"]')).toContainText('（済み）');

	// 2. Add staff. The editor's description says what an editor can really do.
	await list.getByRole('link', { name: '職員を追加する' }).click();
	await expect(admin.getByRole('heading', { name: '職員を追加' })).toBeVisible();
	await expect(admin.getByRole('radio', { name: /^編集者/ })).toHaveAccessibleName(/ボードと履歴を見て、計画書（Word）を書き出せます。ボードへの書き込みや進行の操作はできません。/);
	await expect(admin.getByText('計画の下書きを編集します')).toHaveCount(0);
	await addStaff(admin, server, { login: 'csw.ito', name: 'CSW 伊藤', role: '進行役' });

	// 3. Assign: an archived district is not offered.
	await openMember(admin, server, 'CSW 伊藤');
	await expect(admin.getByLabel('担当に加える地区').locator('option')).toHaveText(['ひがし地区']);
	await assignDistrict(admin, server, 'CSW 伊藤', 'ひがし地区');

	// 4. The first workshop; archived districts are not offered here either.
	await admin.goto(`${server.url}/staff`);
	await expect(list.locator('li[data-step="assigned"]')).toContainText('（済み）');
	await hydrated(admin);
	await expect(admin.getByLabel('地区', { exact: true }).locator('option')).toHaveText(['ひがし地区']);
	await admin.getByLabel('ワークショップ名').fill('第1回 ひがし地区を知ろう');
	await admin.getByRole('button', { name: '作成する' }).click();
	await expect(admin).toHaveURL(/\/staff\/w\//);
	await admin.goto(`${server.url}/staff`);
	await expect(admin.getByTestId('first-day')).toHaveCount(0);
	await expect(admin.getByText('第1回 ひがし地区を知ろう')).toBeVisible();
});

test('stopping an account and a new one-time password ask first; name and role can be corrected; removal keeps the log readable (items 5, 9)', async () => {
	await openMember(admin, server, 'CSW 伊藤');
	const status = admin.getByTestId('member-status');

	// Declining the question changes nothing.
	let question = '';
	admin.once('dialog', (d) => {
		question = d.message();
		void d.dismiss();
	});
	await admin.getByRole('button', { name: 'アカウントを停止する' }).click();
	await expect.poll(() => question).toContain('すぐにすべての端末でログアウトされ');
	await expect(status).toContainText('利用中');

	admin.once('dialog', (d) => {
		question = d.message();
		void d.dismiss();
	});
	await admin.getByRole('button', { name: '初回パスワードを再発行する' }).click();
	await expect.poll(() => question).toContain('いまのパスワードは使えなくなり');
	await expect(admin.getByTestId('one-time-password')).toHaveCount(0);

	admin.once('dialog', (d) => void d.accept());
	await admin.getByRole('button', { name: 'アカウントを停止する' }).click();
	await expect(admin.getByRole('status')).toHaveText('アカウントを停止しました。');
	await expect(status).toContainText('停止中');

	// Correct the name and the role.
	await admin.getByLabel('表示名').fill('CSW 伊藤 直子');
	await admin.getByRole('radio', { name: /^編集者/ }).check();
	await admin.getByRole('button', { name: '名前と役割を保存する' }).click();
	await expect(admin.getByRole('status')).toContainText('名前と役割を保存しました。');
	await expect(admin.getByRole('heading', { name: 'CSW 伊藤 直子 さんのアカウント' })).toBeVisible();
	await expect(admin.locator('.facts')).toContainText('編集者');

	// Remove, after a question that says it cannot be undone.
	admin.once('dialog', (d) => {
		question = d.message();
		void d.accept();
	});
	await admin.getByRole('button', { name: 'アカウントを削除する' }).click();
	await expect(admin.getByRole('heading', { name: '職員の管理' })).toBeVisible();
	expect(question).toContain('元に戻せません');
	await expect(admin.getByRole('status')).toHaveText('CSW 伊藤 直子 さんのアカウントを削除しました。操作の記録には名前が残っています。');
	await expect(admin.getByTestId('staff-list')).not.toContainText('CSW 伊藤');

	// Its login id is free again.
	await addStaff(admin, server, { login: 'csw.ito', name: '伊藤 健', role: '進行役' });

	// An admin cannot demote themselves.
	await openMember(admin, server, '管理者');
	await expect(admin.getByRole('radio', { name: /^進行役/ })).toBeDisabled();
	await expect(admin.getByRole('button', { name: 'アカウントを削除する' })).toHaveCount(0);
});

test('the audit log reads as plain Japanese with names, filters, and a CSV that Excel opens safely (item 7)', async () => {
	// A district name that a spreadsheet would run as a formula.
	await admin.goto(`${server.url}/staff/admin/districts`);
	await hydrated(admin);
	await admin.getByLabel('地区名', { exact: true }).fill('=1+2');
	await admin.getByRole('button', { name: '追加する' }).click();
	await expect(admin.getByRole('status')).toHaveText('=1+2 を追加しました。');

	await admin.goto(`${server.url}/staff/admin/audit`);
	const log = admin.getByTestId('audit-log');
	await expect(log).not.toContainText('login:');
	await expect(log).not.toContainText('districtId');
	await expect(log).not.toContainText('district:');
	await expect(log).not.toContainText('oneTime');
	const create = log.locator('tr[data-action="staff.create"]').last();
	await expect(create).toContainText('役割：進行役');
	await expect(create).toContainText('ログインID：csw.ito');
	await expect(create).toContainText('CSW 伊藤 直子（削除済みのアカウント）');
	await expect(log.locator('tr[data-action="staff.assign_district"]')).toContainText('地区：ひがし地区');
	await expect(log.locator('tr[data-action="auth.password_changed"]').last()).toContainText('初回パスワードからの変更');
	await expect(log.locator('tr[data-action="staff.update"]')).toContainText('変更前の役割：進行役');
	await expect(log.locator('tr[data-action="district.create"]').last()).toContainText('ひがし地区');

	// Filter by action.
	await admin.getByLabel('操作の種類').selectOption({ label: '地区名の変更' });
	await admin.getByRole('button', { name: '絞り込む' }).click();
	await expect(log.locator('tbody tr')).toHaveCount(1);
	await expect(log.locator('tbody tr')).toContainText('変更前の名前：ひがし');
	await expect(log.locator('tbody tr')).toContainText('ひがし地区');

	// Filter by a day with nothing in it.
	await admin.goto(`${server.url}/staff/admin/audit`);
	await admin.getByLabel('この日から').fill('2099-01-01');
	await admin.getByRole('button', { name: '絞り込む' }).click();
	await expect(admin.getByText('この条件に合う記録はありません。条件を変えてください。')).toBeVisible();

	// Filter by person: the system's entries only (none of the admin's).
	await admin.goto(`${server.url}/staff/admin/audit`);
	await admin.getByLabel('操作した人').selectOption({ label: '管理者' });
	await admin.getByRole('button', { name: '絞り込む' }).click();
	const actors = await log.locator('tbody tr td:nth-child(2)').allTextContents();
	expect(actors.length).toBeGreaterThan(3);
	expect(new Set(actors)).toEqual(new Set(['管理者']));

	// The CSV: UTF-8 with BOM, Japanese headers and words, the formula defused.
	await admin.goto(`${server.url}/staff/admin/audit`);
	const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'CSVでダウンロード' }).click()]);
	const bytes = fs.readFileSync(await download.path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8').slice(1);
	expect(text.split('\r\n')[0]).toBe('"日時","操作した人","操作","対象","内容"');
	expect(text).toContain('"地区名の変更"');
	expect(text).toContain(`"'=1+2"`);
	expect(text).not.toMatch(/(^|,)"=/m);
});

test('the backup page lists backups with time and size, backs up now, downloads, and shows the restore steps (item 11)', async () => {
	await admin.goto(`${server.url}/staff/admin`);
	await admin.getByRole('link', { name: 'バックアップ' }).click();
	await expect(admin.getByRole('heading', { name: 'バックアップ', exact: true })).toBeVisible();
	await hydrated(admin);
	// The backup made at start is there.
	const rows = admin.getByTestId('backup-list').locator('tbody tr');
	await expect(rows.first()).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
	await expect(rows.first()).toContainText('KB');
	const before = await rows.count();

	await admin.getByRole('button', { name: '今すぐバックアップ' }).click();
	await expect(admin.getByRole('status')).toHaveText(/^バックアップを作成しました（kyoso-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite）。$/);
	await expect(rows).toHaveCount(before + 1);
	const made = (await rows.first().getAttribute('data-name')) ?? '';
	expect(made).toMatch(/^kyoso-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/);
	const at = (await rows.first().locator('time').textContent()) ?? '';

	const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: `${at} のバックアップをダウンロード` }).click()]);
	expect(download.suggestedFilename()).toBe(made);
	expect(fs.readFileSync(await download.path()).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');

	// Restoring is not done by the running app: the page gives the exact steps for this server and this file.
	await admin.getByRole('button', { name: `${at} のバックアップに戻す手順を表示` }).click();
	const steps = admin.getByTestId('restore-steps');
	await expect(steps).toContainText(`cp "${server.dataDir}/backups/${made}" "${server.dataDir}/kyoso.sqlite"`);
	await expect(steps).toContainText(`mv "${server.dataDir}/kyoso.sqlite" "${server.dataDir}/kyoso.sqlite.before-restore"`);
	await expect(steps).toContainText('アプリを止めます');

	// The log records who made and downloaded a copy of the database.
	await admin.goto(`${server.url}/staff/admin/audit`);
	await expect(admin.getByTestId('audit-log').locator('tr[data-action="backup.download"]')).toContainText(made);
});
