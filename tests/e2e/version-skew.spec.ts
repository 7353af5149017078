/**
 * A deployment during a workshop, seen from a facilitator's browser: the page sends its build with
 * the sync connection; when the server closes it with 4426 (a server of another build, after storing
 * what the page sent: tests/integration/versionSkew.test.ts), the page reloads itself; told again
 * within a minute, it stops reloading and asks the facilitator to. The sync socket goes through
 * Playwright's websocket route so that the test can play the newer server's close.
 */
import { test, expect, type WebSocketRoute } from '@playwright/test';
import { serverForFile } from './serverProcess';
import { facilitatorOpensBoard } from './people';

const server = serverForFile();

test('a board page of an earlier build reloads when the server says so, and asks instead of looping', async ({ browser }) => {
	const { page, ctx } = await facilitatorOpensBoard(browser, server);
	let current: WebSocketRoute | null = null;
	await page.routeWebSocket(/\/sync\//, (ws) => {
		ws.connectToServer(); // messages pass through both ways
		current = ws;
	});
	await page.reload();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	const first = current as WebSocketRoute | null;
	expect(first).not.toBeNull();
	expect(new URL(first!.url()).searchParams.get('v')).toBeTruthy(); // the page's build

	const reloaded = page.waitForEvent('load');
	await first!.close({ code: 4426, reason: 'a new version: reload the page' });
	await reloaded;
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	const second = current as WebSocketRoute | null;
	expect(second).not.toBe(first);
	await expect(page.getByTestId('outdated')).toHaveCount(0);

	// Told again within a minute (e.g. a cache served the old page again): no reload loop, a banner.
	let loads = 0;
	page.on('load', () => loads++);
	await second!.close({ code: 4426, reason: 'a new version: reload the page' });
	await expect(page.getByTestId('outdated')).toBeVisible();
	await expect(page.getByTestId('outdated')).toContainText('再読み込み');
	expect(loads).toBe(0);
	await ctx.close();
});
