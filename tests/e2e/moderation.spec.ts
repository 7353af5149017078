/**
 * The facilitator stays in control: hiding a note takes it off the projector and the phones,
 * muting a resident stops their writing and their phone says so, closing input pauses everyone,
 * a new join code retires the old one, and closing the workshop ends participants' sessions.
 */
import { test, expect } from '@playwright/test';
import { serverForFile, demoInfo } from './serverProcess';
import { demoWorkshopRoom, writeNote, type Person } from './people';

const server = serverForFile();

test('hide, mute, close input, new code, close workshop', async ({ browser }) => {
	const info = demoInfo(server.output());
	const room = await demoWorkshopRoom(browser, server, [{ nickname: 'たろう' }, {}], info);
	const { facilitator, projector } = room;
	const [phone, other] = room.phones as [Person, Person];

	const rude = '関係のない宣伝の書き込み';
	const fine = '公園のベンチが少ない';
	await writeNote(phone.page, rude);
	await writeNote(other.page, fine);
	await expect(projector.page.getByText(rude)).toBeVisible();

	// Hide: gone from the projector and from the author's phone, kept (dimmed) for staff.
	const row = facilitator.page.getByTestId('note-row').filter({ hasText: rude });
	await row.getByRole('button', { name: '非表示にする' }).click();
	await expect(row).toContainText('非表示中');
	await expect(projector.page.getByText(rude)).toHaveCount(0);
	await expect(phone.page.getByTestId('my-note').filter({ hasText: rude })).toHaveCount(0);
	await expect(projector.page.getByText(fine)).toBeVisible();
	// Restore brings it back.
	await row.getByRole('button', { name: '再表示する' }).click();
	await expect(projector.page.getByText(rude)).toBeVisible();
	await row.getByRole('button', { name: '非表示にする' }).click();
	await expect(projector.page.getByText(rude)).toHaveCount(0);

	// Mute: the phone says so and cannot send; the other resident is unaffected.
	const person = facilitator.page.getByTestId('participant-row').filter({ hasText: 'たろう' });
	await person.getByRole('button', { name: 'この人の書き込みを止める（たろう（#1））' }).click();
	await expect(phone.page.getByTestId('muted')).toHaveText('進行役によって、いまは書き込みが止められています。');
	await expect(phone.page.getByRole('button', { name: '送る' })).toBeDisabled();
	await writeNote(other.page, 'まだ書けます');
	await person.getByRole('button', { name: 'この人の書き込みを再開する（たろう（#1））' }).click();
	await expect(phone.page.getByTestId('muted')).toHaveCount(0);
	await writeNote(phone.page, 'また書けるようになった');

	// Close input: every phone pauses.
	await facilitator.page.getByRole('button', { name: '全員の書き込みを止める' }).click();
	await expect(other.page.getByText('いまは書き込みの時間ではありません。進行役の合図をお待ちください。')).toBeVisible();
	await expect(other.page.getByRole('button', { name: '送る' })).toBeDisabled();
	await facilitator.page.getByRole('button', { name: '全員の書き込みを受け付ける' }).click();
	await expect(other.page.getByRole('button', { name: '送る' })).toBeEnabled();

	// New join code: the projector shows it, the old one stops working.
	facilitator.page.once('dialog', (d) => d.accept());
	await facilitator.page.getByRole('button', { name: '参加コードを変える' }).click();
	const oldCode = `${info.joinCode.slice(0, 3)} ${info.joinCode.slice(3)}`;
	await expect(projector.page.getByTestId('join-code')).not.toHaveText(oldCode);
	await expect(projector.page.getByTestId('join-code')).toHaveText(/^[2-9A-HJKMNP-Z]{3} [2-9A-HJKMNP-Z]{3}$/);
	const late = await browser.newContext();
	const latePage = await late.newPage();
	await latePage.goto(`${server.url}${info.joinPath}`);
	await expect(latePage.getByRole('alert')).toHaveText('この参加コードのワークショップは見つかりません。スクリーンの文字をもう一度確かめてください。');

	// Close the workshop: phones are told plainly.
	facilitator.page.once('dialog', (d) => d.accept());
	await facilitator.page.getByRole('button', { name: 'ワークショップを終了する' }).click();
	await expect(facilitator.page.getByText('このワークショップは終了しています。参加コードは使えません。')).toBeVisible();
	await expect(phone.page.getByTestId('refused')).toBeVisible();

	for (const c of [facilitator.ctx, projector.ctx, phone.ctx, other.ctx, late]) await c.close();
});
