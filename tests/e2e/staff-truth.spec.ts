/**
 * What staff are told on the board matches what the server does (issue 22, items 1 and 3):
 * an editor is not offered writing that the server would drop, and a facilitator whose account is
 * stopped while the board is open is told so, with every control out of reach, and is told the same
 * at sign-in instead of "wrong password".
 */
import { test, expect } from '@playwright/test';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard, projectorOpens, residentJoins } from './people';
import { ADMIN, addStaff, adminSignsIn, assignDistrict, firstSignIn, newLaptop, openMember, submitSignIn } from './admin';

const server = serverForFile();
const DISTRICT = 'さくら台地区';
const WORKSHOP = '第1回 みんなで話そう さくら台のこと';

test.describe.configure({ mode: 'serial' });

test('an editor is offered no note writing on the board and is told what their role can do', async ({ browser }) => {
	const admin = await newLaptop(browser);
	await adminSignsIn(admin.page, server);
	const oneTime = await addStaff(admin.page, server, { login: 'iinkai.t', name: '地区委員 田中', role: '編集者' });
	await assignDistrict(admin.page, server, '地区委員 田中', DISTRICT);

	const editor = await newLaptop(browser);
	await firstSignIn(editor.page, server, 'iinkai.t', oneTime, 'sakuradai-iinkai-2026');
	await editor.page.getByRole('listitem').filter({ hasText: WORKSHOP }).getByRole('link', { name: 'ボードを開く' }).click();
	await expect(editor.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(editor.page.getByText('編集者として開いています。ボードは読むだけです')).toBeVisible();
	// The facilitator's note field is not there for an editor: a note typed there was dropped by the server.
	await expect(editor.page.getByLabel('職員として付箋を追加')).toHaveCount(0);
	await expect(editor.page.getByRole('button', { name: '付箋を追加' })).toHaveCount(0);
	await expect(editor.page.getByRole('button', { name: '書き込みを止める' })).toHaveCount(0);
	// What they can do is there.
	await expect(editor.page.getByRole('link', { name: '履歴' })).toBeVisible();

	// A facilitator still has it, and what they add is kept by the server (it is there after a reload).
	const fac = await newLaptop(browser);
	await submitSignIn(fac.page, server, 'facilitator', 'demo-facilitator-2026');
	await fac.page.getByRole('link', { name: 'ボードを開く' }).first().click();
	await expect(fac.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await fac.page.getByLabel('職員として付箋を追加').fill('職員が書いた付箋');
	await fac.page.getByRole('button', { name: '付箋を追加' }).click();
	await expect(editor.page.getByTestId('note-row').filter({ hasText: '職員が書いた付箋' })).toBeVisible();
	await editor.page.reload();
	await expect(editor.page.getByTestId('note-row').filter({ hasText: '職員が書いた付箋' })).toBeVisible();
	await Promise.all([admin.ctx.close(), editor.ctx.close(), fac.ctx.close()]);
});

test('a facilitator whose account is stopped is told so on the open board and at sign-in', async ({ browser }) => {
	const admin = await newLaptop(browser);
	await adminSignsIn(admin.page, server);
	const oneTime = await addStaff(admin.page, server, { login: 'csw.suzuki', name: 'CSW 鈴木', role: '進行役' });
	await assignDistrict(admin.page, server, 'CSW 鈴木', DISTRICT);

	const fac = await newLaptop(browser);
	await firstSignIn(fac.page, server, 'csw.suzuki', oneTime, 'suzuki-mimamori-2026');
	await fac.page.getByRole('link', { name: 'ボードを開く' }).first().click();
	await expect(fac.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(fac.page.getByRole('button', { name: '全員の書き込みを止める' })).toBeVisible();

	await openMember(admin.page, server, 'CSW 鈴木');
	admin.page.once('dialog', (d) => d.accept());
	await admin.page.getByRole('button', { name: 'アカウントを停止する' }).click();
	await expect(admin.page.getByTestId('member-status')).toHaveText('停止中');

	// Not "reconnecting": the page says the account was stopped and whom to ask.
	const alert = fac.page.getByTestId('board-stopped');
	await expect(alert).toHaveText(`あなたのアカウントは管理者によって停止されたため、このボードにはもう接続できません。画面の操作もできません。協議会の管理者（${ADMIN.name}）にアカウントの再開を依頼してください。`);
	await expect(fac.page.getByTestId('conn-status')).toHaveText('接続できません');
	await expect(fac.page.getByText('再接続しています…')).toHaveCount(0);
	// Every control is out of reach (the board area is inert): a click does not get through.
	await expect(fac.page.getByRole('button', { name: '全員の書き込みを止める' }).click({ timeout: 1500 })).rejects.toThrow();
	await expect(fac.page.getByLabel('職員として付箋を追加').fill('届かない付箋', { timeout: 1500 })).rejects.toThrow();

	// Signing in again with the right password says the same, not "wrong password".
	await submitSignIn(fac.page, server, 'csw.suzuki', 'suzuki-mimamori-2026');
	await expect(fac.page.getByRole('alert')).toHaveText(
		`このアカウントは管理者によって停止されています。ログインを続けて試しても使えるようにはなりません。協議会の管理者（${ADMIN.name}）にアカウントの再開を依頼してください。`
	);
	// A wrong password still reveals nothing.
	await submitSignIn(fac.page, server, 'csw.suzuki', 'not-the-password');
	await expect(fac.page.getByRole('alert')).toHaveText('ログインIDまたはパスワードが違います。もう一度入力してください。');
	await Promise.all([admin.ctx.close(), fac.ctx.close()]);
});

test('two actions, two names: stopping everyone and muting one person; the QR code and the console say what they are (items 4, 12)', async ({ browser }) => {
	// The console prints the address the server really listens on (127.0.0.1 here), not localhost.
	expect(server.output()).toContain(`is running at http://127.0.0.1:${server.port}`);
	expect(server.output()).not.toContain('localhost');

	const info = demoInfo(server.output());
	const projector = await projectorOpens(browser, server, info.displayPath);
	await expect(projector.page.getByRole('img', { name: '参加用のQRコード（スマホのカメラで読み取ると参加できます）' })).toBeVisible();

	const fac = await facilitatorOpensBoard(browser, server);
	const phone = await residentJoins(browser, server, info.joinPath, 'はなこ');
	await fac.page.reload();
	await expect(fac.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(fac.page.getByRole('button', { name: '全員の書き込みを止める' })).toHaveCount(1);
	await expect(fac.page.getByRole('button', { name: '書き込みを止める', exact: true })).toHaveCount(0);
	const row = fac.page.getByTestId('participant-row').filter({ hasText: 'はなこ' });
	await expect(row.getByRole('button', { name: /^この人の書き込みを止める（はなこ（#\d+））$/ })).toBeVisible();
	await row.getByRole('button', { name: /^この人の書き込みを止める/ }).click();
	await expect(row.getByRole('button', { name: /^この人の書き込みを再開する（はなこ/ })).toBeVisible();
	// Muting one person left the others' input open.
	await expect(fac.page.getByRole('button', { name: '全員の書き込みを止める' })).toBeVisible();
	await Promise.all([projector.ctx.close(), fac.ctx.close(), phone.ctx.close()]);
});

test('a facilitator made an editor while the board is open stops being offered the controls of a facilitator (item 1)', async ({ browser }) => {
	const admin = await newLaptop(browser);
	await adminSignsIn(admin.page, server);
	const oneTime = await addStaff(admin.page, server, { login: 'csw.kato', name: 'CSW 加藤', role: '進行役' });
	await assignDistrict(admin.page, server, 'CSW 加藤', DISTRICT);

	const fac = await newLaptop(browser);
	await firstSignIn(fac.page, server, 'csw.kato', oneTime, 'kato-mimamori-2026');
	await fac.page.getByRole('link', { name: 'ボードを開く' }).first().click();
	await expect(fac.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(fac.page.getByLabel('職員として付箋を追加')).toBeVisible();

	await openMember(admin.page, server, 'CSW 加藤');
	await admin.page.getByRole('radio', { name: /^編集者/ }).check();
	await admin.page.getByRole('button', { name: '名前と役割を保存する' }).click();
	await expect(admin.page.getByRole('status')).toContainText('名前と役割を保存しました。');

	// Without a reload, the open board reconnects with the new role and offers only what an editor can do.
	await expect(fac.page.getByText('編集者として開いています。ボードは読むだけです')).toBeVisible();
	await expect(fac.page.getByLabel('職員として付箋を追加')).toHaveCount(0);
	await expect(fac.page.getByRole('button', { name: '全員の書き込みを止める' })).toHaveCount(0);
	await expect(fac.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await Promise.all([admin.ctx.close(), fac.ctx.close()]);
});
