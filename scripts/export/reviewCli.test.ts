/**
 * The review sheet export as a person runs it (npm run export -- --document review …, scripts/export/cli.ts →
 * reviewCli.ts): errors are in Japanese and exit non-zero; without --year the latest reviewed year is written.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import ExcelJS from 'exceljs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-review-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dataDir = path.join(tmp, 'data');

function run(args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/export/cli.ts'), ...args], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir, DEMO: '1', BACKUPS: '0', KYOSO_WARMUP: '0', KYOSO_PRELOAD: '0' },
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run export -- --document review', () => {
	it('refuses a bad format in Japanese and writes nothing', { timeout: 60_000 }, () => {
		const out = path.join(tmp, 'bad.pdf');
		const bad = run(['--document', 'review', '--format', 'pdf', '--out', out]);
		expect(bad.code).toBe(1);
		expect(bad.err).toContain('エラー: --format "pdf" は使えません。評価シートは docx か xlsx を指定してください。');
		expect(bad.err).toContain('評価シート: npm run export -- --document review');
		expect(fs.existsSync(out)).toBe(false);
		const year = run(['--document', 'review', '--format', 'xlsx', '--out', out, '--year', 'らいねん']);
		expect(year.code).toBe(1);
		expect(year.err).toContain('--year "らいねん" は年度として読めません');
	});

	it('writes the latest reviewed year of the demo plan without --year; a year not reviewed says what to do', { timeout: 120_000 }, async () => {
		// the demo data (the plan CLI seeds it in a fresh data directory), its plan and period
		const backup = path.join(tmp, 'backup.json');
		expect(run(['--format', 'json', '--out', backup]).code).toBe(0);
		const plan = (JSON.parse(fs.readFileSync(backup, 'utf8')) as { sections: { plan: { id: string; periodStart: number } } }).sections.plan;

		const out = path.join(tmp, 'review.xlsx');
		const ok = run(['--document', 'review', '--format', 'xlsx', '--out', out]);
		expect(ok.code, ok.err).toBe(0);
		// the demo reviewed the plan's first year only
		expect(ok.out).toContain(`${out} に${plan.periodStart}年度の評価シートを書き出しました`);
		const wb = new ExcelJS.Workbook();
		const bytes = fs.readFileSync(out);
		await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		expect(wb.getWorksheet('評価シート')).toBeDefined();

		const later = path.join(tmp, 'later.xlsx');
		const none = run(['--document', 'review', '--plan', plan.id, '--year', String(plan.periodStart + 1), '--format', 'xlsx', '--out', later]);
		expect(none.code).toBe(2);
		expect(none.err).toContain(`この計画には${plan.periodStart + 1}年度の振り返りがありません。職員画面の「振り返り」でその年度の振り返りを始めてから書き出してください。`);
		expect(fs.existsSync(later)).toBe(false);
	});
});
