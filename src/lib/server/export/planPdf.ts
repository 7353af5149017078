/**
 * The plan as PDF: the print HTML (domain/plan/planHtml.ts) rendered by a headless Chromium, A4, page
 * numbers in the footer. Chromium runs as its own process (playwright-core drives it), so the
 * event loop only waits on I/O; it is kept running for a while after a PDF (BROWSER_IDLE_MS). The
 * Japanese font (Noto Sans JP, from @fontsource/noto-sans-jp) is read by Chromium from node_modules:
 * no network, no CDN.
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium (Debian: `apt-get install chromium`). Without it
 * the export answers with PdfUnavailable (a Japanese sentence saying how to install it).
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { planHtmlBody, PLAN_PRINT_CSS } from '../../domain/plan/planHtml';
import type { PlanSnapshot } from '../../domain/plan/planSnapshot';

/** A PDF cannot be made on this server (no Chromium, or no playwright-core). The message is for staff. */
export class PdfUnavailable extends Error {}

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

let warnedNoFont = false;
/** Says once on the console that the npm font is missing (the PDF then falls back to a system font, if any). */
function warnNoFont(detail: string): void {
	if (warnedNoFont) return;
	warnedNoFont = true;
	console.warn(
		`[plan PDF] the bundled Japanese font @fontsource/noto-sans-jp is missing (${detail}); PDFs fall back to a system font (fonts-noto-cjk) or show boxes. Run \`npm install\` to restore it.`
	);
}

/** The @font-face rules of the weights the document uses, pointing at the font files as file:// URLs. */
export function fontCss(): string {
	const dir = fontsourceDir();
	if (!dir) {
		warnNoFont('package not found from this module or the working directory');
		return '';
	}
	const files = `${pathToFileURL(path.join(dir, 'files')).href}/`;
	const sheets = ['400.css', '700.css'].map((f) => path.join(dir, f));
	const missing = sheets.filter((f) => !fs.existsSync(f));
	if (missing.length > 0 || !fs.existsSync(path.join(dir, 'files'))) {
		warnNoFont(`no ${missing.length > 0 ? missing.join(', ') : path.join(dir, 'files')}`);
		return '';
	}
	return sheets.map((f) => fs.readFileSync(f, 'utf8').replace(/url\(\.\/files\//g, `url(${files}`)).join('\n');
}

/** The whole print page, with the given @font-face rules. */
export function planPrintDocument(s: PlanSnapshot, fontFaces: string): string {
	return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${s.plan.title.replace(/[&<>]/g, '')}</title><style>${fontFaces}\n${PLAN_PRINT_CSS}</style></head><body>${planHtmlBody(s)}</body></html>`;
}

type PdfPage = {
	goto(url: string, opts: { waitUntil: 'load'; timeout: number }): Promise<unknown>;
	evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
	pdf(opts: Record<string, unknown>): Promise<Buffer>;
};
type Browserish = {
	newContext(): Promise<{ newPage(): Promise<PdfPage>; close(): Promise<void> }>;
	close(): Promise<void>;
	on(event: 'disconnected', fn: () => void): void;
};
type PlaywrightCore = { chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[]; timeout: number }): Promise<Browserish> } };

async function loadPlaywright(): Promise<PlaywrightCore> {
	// not a literal: the bundlers leave it to Node's resolution at run time
	const name = ['playwright', 'core'].join('-');
	try {
		return (await import(/* @vite-ignore */ name)) as PlaywrightCore;
	} catch {
		throw new PdfUnavailable('PDFを作るための playwright-core が見つかりません。サーバーで `npm install` を行ってください（README の「PDF on a production server」）。');
	}
}

/** Chromium is kept for this long after the last PDF (starting it takes a second or more). */
export const BROWSER_IDLE_MS = 120_000;

let browser: Promise<Browserish> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let inUse = 0;

async function sharedBrowser(): Promise<Browserish> {
	const executablePath = chromiumPath();
	if (!executablePath)
		throw new PdfUnavailable(
			'PDFを作るための Chromium がサーバーにありません。管理者が `apt-get install chromium` で入れるか、環境変数 CHROMIUM_PATH に Chromium の場所を設定してください。Word や印刷画面からの印刷は使えます。'
		);
	if (!browser) {
		const { chromium } = await loadPlaywright();
		const started = chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'], timeout: PDF_TIMEOUT_MS });
		browser = started;
		started.then(
			(b) => b.on('disconnected', () => browser === started && (browser = null)),
			() => browser === started && (browser = null)
		);
	}
	return browser;
}

/** Close the kept Chromium now (tests, shutdown); the next PDF starts a new one. */
export async function closePdfBrowser(): Promise<void> {
	const b = browser;
	browser = null;
	if (idleTimer) clearTimeout(idleTimer);
	if (b) await (await b.catch(() => null))?.close();
}

/**
 * The PDF. The page is written to a temporary file next to nothing else and opened as file://, so
 * that Chromium reads the font files straight from node_modules (file:// from file://).
 */
export async function planPdf(s: PlanSnapshot): Promise<Buffer> {
	const faces = fontCss();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-print-'));
	const file = path.join(tmp, 'plan.html');
	fs.writeFileSync(file, planPrintDocument(s, faces));
	inUse++;
	if (idleTimer) clearTimeout(idleTimer);
	try {
		const context = await (await sharedBrowser()).newContext();
		try {
			const page = await context.newPage();
			await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: PDF_TIMEOUT_MS });
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
			await context.close();
		}
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
		if (--inUse === 0) {
			idleTimer = setTimeout(() => void closePdfBrowser(), BROWSER_IDLE_MS);
			idleTimer.unref();
		}
	}
}
