/**
 * The plan as PDF: the print HTML (domain/plan/planHtml.ts) rendered by a headless Chromium, A4, page
 * numbers in the footer. Chromium runs as its own process (playwright-core drives it), so the
 * event loop only waits on I/O. The Japanese font (Noto Sans JP, from @fontsource/noto-sans-jp) is
 * served to the page from node_modules through request interception: no network, no CDN.
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium (Debian: `apt-get install chromium`). Without it
 * the export answers with PdfUnavailable (a Japanese sentence saying how to install it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { planHtmlBody, PLAN_PRINT_CSS } from '../../domain/plan/planHtml';
import type { PlanSnapshot } from '../../domain/plan/planSnapshot';

/** A PDF cannot be made on this server (no Chromium, or no playwright-core). The message is for staff. */
export class PdfUnavailable extends Error {}

const ORIGIN = 'https://kyoso-print.invalid';
/** The longest a PDF may take (the 60-action plan: ~1.5 s). */
export const PDF_TIMEOUT_MS = 60_000;

export function chromiumPath(): string | null {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
	return candidates.find((p) => fs.existsSync(p)) ?? null;
}

let fontDir: string | null | undefined;
/** The @fontsource/noto-sans-jp folder, found from this module or from the working directory. */
function fontsourceDir(): string | null {
	if (fontDir !== undefined) return fontDir;
	for (const base of [import.meta.url, path.join(process.cwd(), 'package.json')]) {
		try {
			fontDir = path.dirname(createRequire(base).resolve('@fontsource/noto-sans-jp/package.json'));
			return fontDir;
		} catch {
			/* try the next */
		}
	}
	return (fontDir = null);
}

/** The @font-face rules of the weights the document uses, pointing at ORIGIN/fonts/… */
function fontCss(): string {
	const dir = fontsourceDir();
	if (!dir) return '';
	return ['400.css', '700.css'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/url\(\.\/files\//g, `url(${ORIGIN}/fonts/`)).join('\n');
}

/** The whole print page (also served as is by the print route's PDF path). */
export function planPrintDocument(s: PlanSnapshot, fontFaces: string): string {
	return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${s.plan.title.replace(/[&<>]/g, '')}</title><style>${fontFaces}\n${PLAN_PRINT_CSS}</style></head><body>${planHtmlBody(s)}</body></html>`;
}

type Browserish = {
	newPage(): Promise<{
		route(url: string, handler: (route: { fulfill(r: { status?: number; body?: string | Buffer; contentType?: string }): Promise<void>; request(): { url(): string } }) => Promise<void>): Promise<void>;
		goto(url: string, opts: { waitUntil: 'load' | 'networkidle'; timeout: number }): Promise<unknown>;
		evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
		pdf(opts: Record<string, unknown>): Promise<Buffer>;
	}>;
	close(): Promise<void>;
};
type PlaywrightCore = { chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[]; timeout: number }): Promise<Browserish> } };

async function loadPlaywright(): Promise<PlaywrightCore> {
	// not a literal: the bundlers leave it to Node's resolution at run time
	const name = ['playwright', 'core'].join('-');
	try {
		return (await import(/* @vite-ignore */ name)) as PlaywrightCore;
	} catch {
		throw new PdfUnavailable('PDFを作るための playwright-core が見つかりません。サーバーで `npm install` を行ってください（README「PDF の書き出し」）。');
	}
}

export async function planPdf(s: PlanSnapshot): Promise<Buffer> {
	const executablePath = chromiumPath();
	if (!executablePath)
		throw new PdfUnavailable(
			'PDFを作るための Chromium がサーバーにありません。管理者が `apt-get install chromium` で入れるか、環境変数 CHROMIUM_PATH に Chromium の場所を設定してください。Word や印刷画面からの印刷は使えます。'
		);
	const { chromium } = await loadPlaywright();
	const html = planPrintDocument(s, fontCss());
	const dir = fontsourceDir();
	const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'], timeout: PDF_TIMEOUT_MS });
	try {
		const page = await browser.newPage();
		await page.route(`${ORIGIN}/**`, async (route) => {
			const url = new URL(route.request().url());
			if (url.pathname === '/plan') return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
			const file = url.pathname.startsWith('/fonts/') && dir ? path.join(dir, 'files', path.basename(url.pathname)) : null;
			if (file && fs.existsSync(file)) return route.fulfill({ body: fs.readFileSync(file), contentType: 'font/woff2' });
			return route.fulfill({ status: 404, body: '' });
		});
		await page.goto(`${ORIGIN}/plan`, { waitUntil: 'load', timeout: PDF_TIMEOUT_MS });
		await page.evaluate(() => document.fonts.ready.then(() => true));
		return await page.pdf({
			format: 'A4',
			printBackground: true,
			preferCSSPageSize: true,
			displayHeaderFooter: true,
			headerTemplate: '<span></span>',
			footerTemplate: '<div style="width:100%;text-align:center;font-size:9px;color:#444">- <span class="pageNumber"></span> -</div>'
		});
	} finally {
		await browser.close();
	}
}
