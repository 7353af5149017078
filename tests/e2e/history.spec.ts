/** History: a step change saves a snapshot; restoring brings the board back; the restore can be undone. */
import { test, expect } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { demoWorkshopRoom, writeNote } from './people';

const server = serverForFile();

test('restore an earlier state and undo the restore', async ({ browser }) => {
	const room = await demoWorkshopRoom(browser, server, [{}]);
	const { facilitator, projector } = room;
	const phone = room.phones[0]!;
	await writeNote(phone.page, '最初の付箋');

	// A step change takes a snapshot (with the first note).
	await facilitator.page.getByTestId('step-select').selectOption('organise');
	await expect(projector.page.getByTestId('display-step')).toHaveText('課題を整理する');
	// Later changes: the note is hidden.
	const row = facilitator.page.getByTestId('note-row').filter({ hasText: '最初の付箋' });
	await row.getByRole('button', { name: '非表示にする' }).click();
	await expect(projector.page.getByText('最初の付箋')).toHaveCount(0);

	await facilitator.page.getByRole('link', { name: '履歴' }).click();
	const list = facilitator.page.getByTestId('history-list');
	const stepEntry = list.locator('li[data-reason="step"]').first();
	await expect(stepEntry).toContainText('付箋 1枚（非表示 0）');
	await stepEntry.getByRole('link', { name: 'プレビュー' }).click();
	await expect(facilitator.page.getByRole('region', { name: /の状態$/ }).getByText('最初の付箋')).toBeVisible();
	facilitator.page.once('dialog', (d) => d.accept());
	await list.locator('li[data-reason="step"]').first().getByRole('button', { name: 'この時点に戻す' }).click();
	await expect(facilitator.page.getByText('ボードを戻しました')).toBeVisible();
	// Everyone follows: the projector shows the note again (the snapshot was taken as the step began).
	await expect(projector.page.getByText('最初の付箋')).toBeVisible();
	await expect(projector.page.getByTestId('display-step')).toHaveText('課題を整理する');

	// Undo the restore by restoring the snapshot taken just before it.
	facilitator.page.once('dialog', (d) => d.accept());
	await list.locator('li[data-reason="before_restore"]').first().getByRole('button', { name: 'この時点に戻す' }).click();
	await expect(projector.page.getByText('最初の付箋')).toHaveCount(0);
	await room.close();
});
