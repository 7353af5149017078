/**
 * 将来像を描く (issue 18), as people do it: the facilitator switches the workshop to the step, edits the
 * phones' question and puts the projector on the vision; a resident's idea goes into the draft with one
 * click; two staff laptops compose Japanese (real IME composition events through CDP) in the same
 * paragraph at once and converge with nothing doubled or lost; the statements are put to a dot vote on
 * the phones and the top two adopted; a reload and a kill -9 of the server during typing lose nothing.
 * Then a kill -9 and restart while a laptop is converting: the other laptop never shows the kana, text
 * typed while the server was down arrives, and an undo right after takes back only one's own word.
 */
import { test, expect, type Page, type CDPSession, type BrowserContext, type Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { serverForFile, demoInfo } from './serverProcess';
import { facilitatorOpensBoard, projectorOpens, residentJoins, signIn, writeNote, type Person } from './people';

const server = serverForFile();

/** A staff member's laptop on the vision page. */
async function staffOnVision(browser: Browser, path: string, login: string, password: string): Promise<Person & { cdp: CDPSession }> {
	const ctx: BrowserContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
	const page = await ctx.newPage();
	await signIn(page, server, login, password);
	await page.goto(`${server.url}${path}`);
	await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	await expect(page.getByTestId('vision-editor')).toBeVisible();
	return { ctx, page, cdp: await ctx.newCDPSession(page) };
}

/** The draft's text as stored (other editors' carets and their name labels left out). */
const editorText = (page: Page) =>
	page.getByTestId('vision-editor').evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
		return [...copy.children].map((block) => block.textContent).join('\n');
	});
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Put the caret at the end of the draft (the last list item's paragraph). */
async function caretAtEnd(page: Page): Promise<void> {
	await page.getByTestId('vision-editor').click();
	await page.keyboard.press('Control+End');
}

/** One step of an IME composition (the text being converted), or its commit. */
const composing = (cdp: CDPSession, text: string) => cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
const commit = (cdp: CDPSession, text: string) => cdp.send('Input.insertText', { text });

test('the vision is co-written with IME, shown live, fed by phones, voted on, and survives reload and kill -9', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const phoneA = await residentJoins(browser, server, info.joinPath, 'はな');
	const phoneB = await residentJoins(browser, server, info.joinPath);

	// The facilitator moves to 将来像を描く: phones get the default question, then the facilitator's own.
	await facilitator.page.getByTestId('step-select').selectOption('vision');
	await expect(phoneA.page.getByTestId('prompt')).toHaveText('10年後、どんな地区になっていたらいいですか');
	const question = 'さくら台が10年後こうなっていたらいい、を一言で';
	await facilitator.page.getByLabel('スマホの問いかけ').fill(question);
	await facilitator.page.getByRole('button', { name: '問いかけを保存' }).click();
	await expect(phoneA.page.getByTestId('prompt')).toHaveText(question);

	// A resident's idea (a 将来像 note).
	const idea = '公園で子どもの声が聞こえる地区';
	await writeNote(phoneA.page, idea);

	// The projector shows the vision instead of the board.
	await facilitator.page.getByRole('radio', { name: '将来像' }).check();
	await expect(projector.page.getByTestId('projector-vision')).toBeVisible();

	// Two staff laptops on the vision page (the facilitator and the admin).
	const visionPath = await facilitator.page.getByRole('link', { name: '将来像を書く' }).getAttribute('href');
	expect(visionPath).toMatch(/^\/staff\/plans\/[a-z0-9]+\/vision$/);
	const a = await staffOnVision(browser, visionPath!, 'facilitator', 'demo-facilitator-2026');
	const b = await staffOnVision(browser, visionPath!, 'admin', 'demo-admin-2026');
	expect((await new AxeBuilder({ page: a.page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	// Three candidate statements (the demo's drafted vision is on the other district's plan): live on the projector.
	for (const text of ['あいさつが行き交う、顔の見える地区', '誰もが立ち寄れる居場所のある地区', '移動と買い物に困らない地区']) {
		await a.page.getByLabel('新しい候補', { exact: true }).fill(text);
		await a.page.getByRole('button', { name: '候補に追加' }).click();
		await expect(projector.page.getByTestId('projector-statement').filter({ hasText: text })).toBeVisible();
	}

	// The phone's idea goes into the draft at the caret, with one click, and onto the projector.
	await caretAtEnd(a.page);
	await a.page.getByRole('button', { name: `「${idea}」を下書きに入れる` }).click();
	await expect(a.page.getByTestId('vision-editor')).toContainText(idea);
	await expect(b.page.getByTestId('vision-editor')).toContainText(idea);
	await expect(projector.page.getByTestId('projector-draft')).toContainText(idea);

	// Both compose Japanese in the same paragraph at once; each one's conversion is interrupted by the other's commit.
	await caretAtEnd(a.page);
	await caretAtEnd(b.page);
	await composing(a.cdp, 'み');
	await composing(a.cdp, 'みま');
	await composing(b.cdp, 'え');
	await composing(b.cdp, 'えが');
	await composing(a.cdp, 'みまも');
	await commit(b.cdp, '笑顔');
	await composing(a.cdp, 'みまもり');
	await composing(b.cdp, 'た');
	await composing(b.cdp, 'たす');
	await commit(a.cdp, '見守り');
	await commit(b.cdp, '助け合い');
	for (const page of [a.page, b.page]) {
		await expect(page.getByTestId('vision-editor')).toContainText('見守り');
		await expect(page.getByTestId('vision-editor')).toContainText('助け合い');
	}
	await expect.poll(async () => (await editorText(a.page)) === (await editorText(b.page)), { message: 'both editors converge' }).toBe(true);
	const text = await editorText(a.page);
	for (const word of ['見守り', '笑顔', '助け合い', idea]) expect(count(text, word), `${word} once in:\n${text}`).toBe(1);
	for (const partial of ['みま', 'えが', 'たす']) expect(text, 'no half-converted text left').not.toContain(partial);
	await expect(projector.page.getByTestId('projector-draft')).toContainText('見守り');

	// The candidates are put to a dot vote on the phones: one theme per statement.
	await a.page.getByLabel('1人のシールの数').fill('2');
	await a.page.getByRole('button', { name: '投票にかける' }).click();
	await expect(a.page.getByTestId('vote-started')).toBeVisible();
	const statements = await a.page.getByTestId('statement').locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
	expect(statements.length).toBeGreaterThanOrEqual(3);
	const [first, second, third] = statements as [string, string, string];
	const cut = (s: string) => ([...s].length <= 40 ? s : `${[...s].slice(0, 39).join('')}…`);
	// phone A: the second and third; phone B: the third and the first. The third wins, then the first (ties keep the order).
	for (const [phone, picks] of [[phoneA.page, [second, third]], [phoneB.page, [third, first]]] as const) {
		for (const s of picks) await phone.getByRole('button', { name: `「${cut(s)}」に1票入れる` }).click();
	}
	await expect.poll(async () => {
		await a.page.getByRole('button', { name: '投票結果を読み込む' }).click();
		return a.page.getByTestId('statement-votes').allInnerTexts();
	}).toContain('2票');
	await a.page.getByRole('button', { name: '上位2つを採用' }).click();
	await expect(a.page.getByTestId('statement').and(a.page.locator('[data-status="adopted"]'))).toHaveCount(2);
	const adopted = await a.page.locator('[data-testid="statement"][data-status="adopted"] input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
	expect(adopted).toEqual([first, third]);
	await expect(projector.page.getByTestId('projector-statement')).toHaveText([first, third]);
	await expect(b.page.locator('[data-testid="statement"][data-status="adopted"]')).toHaveCount(2);

	// Shown on phones as read-only text.
	await facilitator.page.getByRole('button', { name: '将来像をスマホに表示' }).click();
	await expect(phoneB.page.getByTestId('phone-vision')).toContainText(third);
	await expect(phoneB.page.getByTestId('phone-vision')).toContainText('見守り');

	// A reload keeps everything.
	await a.page.reload();
	await expect(a.page.getByTestId('vision-editor')).toContainText('見守り');
	expect(await editorText(a.page)).toBe(text);
	await expect(a.page.locator('[data-testid="statement"][data-status="adopted"]')).toHaveCount(2);

	// kill -9 while A types: what reached the server before stays, what A typed meanwhile arrives after the restart.
	await caretAtEnd(a.page);
	await a.page.keyboard.type(' before');
	await expect(b.page.getByTestId('vision-editor')).toContainText('before');
	await server.crash();
	await a.page.keyboard.type(' during');
	await commit(a.cdp, '停止中');
	await server.restart();
	for (const p of [a.page, b.page]) await expect(p.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
	for (const p of [a.page, b.page]) {
		await expect(p.getByTestId('vision-editor')).toContainText('before', { timeout: 20_000 });
		await expect(p.getByTestId('vision-editor')).toContainText('during停止中', { timeout: 20_000 });
	}
	await expect.poll(async () => (await editorText(a.page)) === (await editorText(b.page)), { message: 'both editors converge after the restart' }).toBe(true);
	const after = await editorText(b.page);
	for (const word of ['見守り', '笑顔', '助け合い', 'before', 'during', '停止中']) expect(count(after, word), `${word} once`).toBe(1);
	// and a fresh load reads it from the server
	const fresh = await b.ctx.newPage();
	await fresh.goto(`${server.url}${visionPath}`);
	await expect(fresh.getByTestId('vision-editor')).toContainText('during停止中');
	await expect(fresh.locator('[data-testid="statement"][data-status="adopted"]')).toHaveCount(2);

	// The plan page lists the adopted statements' texts in its 将来像 step.
	await fresh.goto(`${server.url}${visionPath!.replace(/\/vision$/, '')}`);
	const visionStep = fresh.locator('[data-step="vision"]');
	await expect(visionStep.getByRole('list', { name: 'めざす地区の将来像（採用）' }).getByRole('listitem')).toHaveText([first, third]);
});

/** Record every text the editor on `page` shows from now on (a MutationObserver in the page). */
async function recordTexts(page: Page): Promise<void> {
	await page.getByTestId('vision-editor').evaluate((el) => {
		const seen: string[] = [el.textContent ?? ''];
		(window as unknown as { seenTexts: string[] }).seenTexts = seen;
		new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { subtree: true, childList: true, characterData: true });
	});
}
const seenTexts = (page: Page) => page.evaluate(() => (window as unknown as { seenTexts: string[] }).seenTexts);

/** Read B's text every 100 ms for `ms`: it never shows any of `partials`. */
async function neverShows(page: Page, partials: string[], ms: number): Promise<void> {
	for (const until = Date.now() + ms; Date.now() < until; ) {
		const now = await editorText(page);
		for (const p of partials) expect(now, `half-converted 「${p}」 seen by the other editor`).not.toContain(p);
		await page.waitForTimeout(100);
	}
}

test('a reconnect during an IME composition sends only the converted text, keeps what was typed offline, and undo stays one’s own', async ({ browser }) => {
	const facilitator = await facilitatorOpensBoard(browser, server);
	await facilitator.page.getByTestId('step-select').selectOption('vision');
	const visionPath = await facilitator.page.getByRole('link', { name: '将来像を書く' }).getAttribute('href');
	const a = await staffOnVision(browser, visionPath!, 'facilitator', 'demo-facilitator-2026');
	const b = await staffOnVision(browser, visionPath!, 'admin', 'demo-admin-2026');
	await recordTexts(b.page);
	// what the draft holds already (the first test's words), so that each word below is counted as added once
	const base = await editorText(b.page);
	const added = (text: string, word: string) => count(text, word) - count(base, word);
	const connected = async () => {
		for (const p of [a.page, b.page]) await expect(p.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
	};

	// A is converting 「みまも」 when the server is killed; it comes back while A is still converting.
	await caretAtEnd(a.page);
	await a.page.keyboard.type(' 再接続:');
	await expect(b.page.getByTestId('vision-editor')).toContainText('再接続:');
	await composing(a.cdp, 'み');
	await composing(a.cdp, 'みま');
	await composing(a.cdp, 'みまも');
	await server.crash();
	await expect(a.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'disconnected', { timeout: 20_000 });
	await server.restart();
	await connected();
	await neverShows(b.page, ['みま', 'まも'], 2500);
	await composing(a.cdp, 'みまもり');
	await commit(a.cdp, '見守り');
	await expect(b.page.getByTestId('vision-editor')).toContainText('再接続:見守り');
	await expect.poll(async () => (await editorText(a.page)) === (await editorText(b.page)), { message: 'both converge after the reconnect' }).toBe(true);

	// Typed while the server is down, then a composition open across the reconnect: all arrives, converted.
	await server.crash();
	await expect(a.page.getByTestId('conn-status')).toHaveAttribute('data-status', 'disconnected', { timeout: 20_000 });
	await a.page.keyboard.type(' offline');
	await commit(a.cdp, '留守中');
	await a.page.waitForTimeout(700); // a separate change for undo
	await composing(a.cdp, 'さ');
	await composing(a.cdp, 'ささ');
	await server.restart();
	await connected();
	await neverShows(b.page, ['ささ'], 2500);
	await composing(a.cdp, 'ささえ');
	await commit(a.cdp, '支え');
	await expect(b.page.getByTestId('vision-editor')).toContainText('再接続:見守り offline留守中支え', { timeout: 20_000 });
	await expect.poll(async () => (await editorText(a.page)) === (await editorText(b.page)), { message: 'both converge after the second reconnect' }).toBe(true);
	const text = await editorText(b.page);
	for (const word of ['再接続:', '見守り', 'offline', '留守中', '支え']) expect(added(text, word), `${word} once in:\n${text}`).toBe(1);
	const everSeen = await seenTexts(b.page);
	for (const partial of ['みま', 'まも', 'ささ']) expect(everSeen.filter((t) => t.includes(partial)), `B never showed 「${partial}」`).toEqual([]);

	// B adds a word; A's undo right after takes back A's last change only (the whole conversion, no kana left).
	await caretAtEnd(b.page);
	await commit(b.cdp, '（B追記）');
	await expect(a.page.getByTestId('vision-editor')).toContainText('支え（B追記）');
	await a.page.getByRole('button', { name: '元に戻す' }).click();
	for (const p of [a.page, b.page]) await expect.poll(() => editorText(p), { message: 'A’s 「支え」 undone, B’s word kept' }).toContain('offline留守中（B追記）');
	await expect.poll(async () => (await editorText(a.page)) === (await editorText(b.page)), { message: 'both converge after the undo' }).toBe(true);
	const undone = await editorText(a.page);
	for (const gone of ['支え', 'ささ', 'さ（']) expect(undone).not.toContain(gone);
	for (const kept of ['見守り', 'offline', '留守中', '（B追記）']) expect(added(undone, kept), `${kept} kept once`).toBe(1);
});

test('a theme goes into the draft, carets carry names, the toolbar formats for everyone, and a long draft pages on the projector', async ({ browser }) => {
	const info = demoInfo(server.output());
	const facilitator = await facilitatorOpensBoard(browser, server);
	const projector = await projectorOpens(browser, server, info.displayPath);
	const phone = await residentJoins(browser, server, info.joinPath);
	// After the first test the vote is still open and the vision is on the phones: close it, hide that, and
	// change the step and back (a closed vote's results stay on the projector until the step changes).
	const ws = facilitator.page;
	await expect(ws.getByTestId('step-select')).toBeVisible();
	await expect(ws.getByTestId('conn-status')).toHaveAttribute('data-status', 'connected');
	if (await ws.getByRole('button', { name: '投票を締め切る' }).isVisible()) await ws.getByRole('button', { name: '投票を締め切る' }).click();
	if (await ws.getByRole('button', { name: 'スマホの将来像を隠す' }).isVisible()) await ws.getByRole('button', { name: 'スマホの将来像を隠す' }).click();
	await ws.getByTestId('step-select').selectOption('organise');
	await ws.getByTestId('step-select').selectOption('vision');
	await expect(phone.page.getByLabel('付箋に書く内容')).toBeVisible();
	await ws.getByRole('radio', { name: '将来像' }).check();
	await projector.page.keyboard.press('b'); // B: away from a closed vote's results
	await expect(projector.page.getByTestId('projector-vision')).toBeVisible();

	// Two 将来像 notes grouped into a theme on the board (drop one onto the other).
	const [n1, n2] = ['川沿いを安心して歩ける', '夜道が明るい'];
	await writeNote(phone.page, n1);
	await writeNote(phone.page, n2);
	const board = facilitator.page.getByRole('region', { name: 'ボード' });
	const noteOn = (text: string) => board.getByRole('button', { name: new RegExp(`: ${text}$`) });
	const from = (await noteOn(n1).boundingBox())!;
	const onto = (await noteOn(n2).boundingBox())!;
	await facilitator.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await facilitator.page.mouse.down();
	for (let i = 1; i <= 8; i++) await facilitator.page.mouse.move(from.x + from.width / 2 + ((onto.x - from.x) * i) / 8, from.y + from.height / 2 + ((onto.y - from.y) * i) / 8);
	await facilitator.page.mouse.up();
	await facilitator.page.getByRole('button', { name: 'この2枚でテーマを作る' }).click();
	const theme = board.locator('[data-theme-id]').last();
	await theme.getByRole('textbox', { name: 'テーマ名を入力' }).fill('安全な道');
	await theme.getByRole('textbox', { name: 'テーマ名を入力' }).press('Enter');

	const visionPath = await facilitator.page.getByRole('link', { name: '将来像を書く' }).getAttribute('href');
	const a = await staffOnVision(browser, visionPath!, 'facilitator', 'demo-facilitator-2026');
	const b = await staffOnVision(browser, visionPath!, 'admin', 'demo-admin-2026');

	// The theme's button puts its name and its notes into the draft.
	await caretAtEnd(a.page);
	await a.page.keyboard.press('Enter');
	await a.page.getByRole('button', { name: '「安全な道」を下書きに入れる' }).click();
	for (const p of [a.page, b.page]) await expect(p.getByTestId('vision-editor')).toContainText(`安全な道：${n1}／${n2}`);

	// B sees A's caret with A's name.
	await caretAtEnd(a.page);
	await a.page.keyboard.type('x');
	await expect(b.page.locator('.collaboration-carets__label').filter({ hasText: '地域福祉コーディネーター（デモ）' }).first()).toBeVisible();

	// Heading, bold and a bullet list from the toolbar buttons reach B.
	await a.page.keyboard.press('Enter');
	await a.page.getByRole('button', { name: '見出し', exact: true }).click();
	await a.page.keyboard.type('Midashi');
	await a.page.keyboard.press('Enter');
	await a.page.getByRole('button', { name: '太字', exact: true }).click();
	await a.page.keyboard.type('Futoji');
	await a.page.getByRole('button', { name: '太字', exact: true }).click();
	await a.page.keyboard.press('Enter');
	await a.page.getByRole('button', { name: '箇条書き', exact: true }).click();
	await a.page.keyboard.type('Koumoku');
	const editorB = b.page.getByTestId('vision-editor');
	await expect(editorB.locator('h2')).toContainText('Midashi');
	await expect(editorB.locator('strong')).toContainText('Futoji');
	await expect(editorB.locator('ul li')).toContainText('Koumoku');
	await a.page.keyboard.press('Enter');
	await a.page.keyboard.press('Enter'); // an empty item ends the list

	// A long draft: the projector pages it instead of clipping or scrolling.
	for (let i = 1; i <= 16; i++) {
		await commit(a.cdp, `第${i}段落：${'みんなで支え合い、誰もが安心して暮らせる地区をめざします。'.repeat(2)}`);
		await a.page.keyboard.press('Enter');
	}
	const last = '第16段落：';
	await expect(b.page.getByTestId('vision-editor')).toContainText(last);
	const view = projector.page.getByTestId('projector-vision');
	await expect.poll(async () => Number(await view.getAttribute('data-pages'))).toBeGreaterThan(1);
	await expect(projector.page.getByTestId('vision-page')).toHaveText(/^1 \/ \d+ ページ$/);
	const pages = Number(await view.getAttribute('data-pages'));
	// nothing in the vision view is cut off or needs scrolling
	const overflowing = () =>
		projector.page.getByTestId('projector-vision').evaluate((view) => [view, ...view.querySelectorAll('*')].filter((el) => el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).display !== 'inline').map((el) => `${el.tagName}.${el.className}`));
	await expect.poll(overflowing).toEqual([]);
	// ← on the first page turns to the last one: the last paragraph is there, and nothing overflows.
	await projector.page.keyboard.press('ArrowLeft');
	await expect(view).toHaveAttribute('data-page', String(pages));
	await expect(projector.page.getByTestId('vision-page')).toHaveText(`${pages} / ${pages} ページ`);
	await expect(projector.page.getByTestId('projector-draft')).toContainText(last);
	await expect(projector.page.getByTestId('projector-draft').getByText(new RegExp(last))).toBeInViewport({ ratio: 1 });
	await expect.poll(overflowing).toEqual([]);
	// → turns back to the first.
	await projector.page.keyboard.press('ArrowRight');
	await expect(view).toHaveAttribute('data-page', '1');
	const draftFont = await projector.page.getByTestId('projector-draft').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(draftFont).toBeGreaterThanOrEqual(36);
});
