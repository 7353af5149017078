/** The people of an end-to-end test: a facilitator on a laptop, residents on phones, a projector. */
import { expect, devices, type Browser, type BrowserContext, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { demoInfo, type ServerProcess } from './serverProcess';

export type Person = { ctx: BrowserContext; page: Page };

/** The demo facilitator signs in on `page` and lands on the workshop list. */
export async function signIn(page: Page, server: ServerProcess, login = 'facilitator', password = 'demo-facilitator-2026'): Promise<void> {
	await page.goto(`${server.url}/login`);
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByLabel('ログインID').fill(login);
	await page.getByLabel('パスワード').fill(password);
	await page.getByRole('button', { name: 'ログイン' }).click();
	await expect(page.getByRole('heading', { name: 'ワークショップ一覧' })).toBeVisible();
}

export async function facilitatorOpensBoard(browser: Browser, server: ServerProcess): Promise<Person> {
	const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
	const page = await ctx.newPage();
	await signIn(page, server);
	await page.getByRole('link', { name: 'ボードを開く' }).first().click();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	return { ctx, page };
}

export async function projectorOpens(browser: Browser, server: ServerProcess, displayPath: string): Promise<Person> {
	const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await ctx.newPage();
	await page.goto(`${server.url}${displayPath}`);
	return { ctx, page };
}

/** A resident scans the QR code (opens the join URL) on a phone and joins. */
export async function residentJoins(browser: Browser, server: ServerProcess, joinPath: string, nickname = '', device: 'Pixel 7' | 'iPhone 13' | 'iPhone SE' = 'Pixel 7'): Promise<Person> {
	const ctx = await browser.newContext({ ...devices[device] });
	const page = await ctx.newPage();
	await page.goto(`${server.url}${joinPath}`);
	await page.locator('body[data-hydrated]').waitFor();
	if (nickname) await page.getByLabel('ニックネーム（なくても大丈夫です）').fill(nickname);
	await page.getByRole('button', { name: '参加する' }).click();
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'online');
	return { ctx, page };
}

export async function writeNote(phone: Page, text: string): Promise<void> {
	await phone.getByLabel('付箋に書く内容').fill(text);
	await phone.getByRole('button', { name: '送る' }).click();
	await expect(phone.getByTestId('my-note').filter({ hasText: text })).toHaveAttribute('data-pending', 'false');
}

/**
 * A staff laptop's live connection to a document (`workshop.<id>` or `plan.<id>`) in the test process,
 * signed in with the person's session cookie (as the staff pages are), for setting up a document
 * quickly or reading what the screens wrote.
 */
export async function staffLiveDoc(server: ServerProcess, person: Pick<Person, 'ctx'>, docName: string) {
	const cookie = (await person.ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie }, perMessageDeflate: false });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, docName, doc, {
		params: { as: 'staff' },
		WebSocketPolyfill: CookieWebSocket as unknown as NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill'],
		disableBc: true
	});
	// Our own JSON message types (reply, view, presence, notice, shared): not for a staff laptop.
	for (const t of [101, 102, 103, 104, 105]) provider.messageHandlers[t] = () => {};
	await expect.poll(() => provider.synced, { message: `${docName} synced` }).toBe(true);
	return {
		doc,
		change: (fn: (doc: Y.Doc) => unknown) => doc.transact(() => fn(doc)),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** A staff board (the workshop's document) in the test process, signed in as the facilitator. */
export const staffDoc = (server: ServerProcess, facilitator: Pick<Person, 'ctx'>, workshopId: string) => staffLiveDoc(server, facilitator, `workshop.${workshopId}`);

/** The plan document in the test process, signed in with a staff member's session. */
export const planDoc = (server: ServerProcess, staff: Pick<Person, 'ctx'>, planId: string) => staffLiveDoc(server, staff, `plan.${planId}`);

export type Phone = { nickname?: string; device?: 'Pixel 7' | 'iPhone 13' | 'iPhone SE' };
export type DemoRoom = { facilitator: Person; projector: Person; phones: Person[]; workshopId: string; close: () => Promise<void> };

/**
 * The demo workshop in the hall: the facilitator's board on a laptop, the projector (display link of
 * the demo's output) and residents who joined on their phones, in that order.
 */
export async function demoWorkshopRoom(browser: Browser, server: ServerProcess, phones: Phone[], info = demoInfo(server.output())): Promise<DemoRoom> {
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const joined: Person[] = [];
	for (const p of phones) joined.push(await residentJoins(browser, server, info.joinPath, p.nickname ?? '', p.device));
	const everyone = [facilitator, projector, ...joined];
	return { facilitator, projector, phones: joined, workshopId: workshopIdOf(facilitator.page), close: async () => void (await Promise.all(everyone.map((p) => p.ctx.close()))) };
}

/** The workshop id of a phone's or staff board's page (/p/<id> or /staff/w/<id>). */
export const workshopIdOf = (page: Page): string => new URL(page.url()).pathname.split('/').filter(Boolean).at(-1)!;
