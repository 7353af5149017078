/**
 * The export and import commands as a person runs them (npm run export / import → these scripts):
 * errors name what is wrong and exit non-zero; a JSON backup taken by the CLI imports into a fresh
 * data dir, and exporting it again from there gives the same bytes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(script: 'cli' | 'import', args: string[], dataDir: string) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, `scripts/export/${script}.ts`), ...args], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir, DEMO: '1', BACKUPS: '0', KYOSO_WARMUP: '0', KYOSO_PRELOAD: '0' },
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run export / import', () => {
	it('refuses a bad format and an unknown plan with the reason', { timeout: 60_000 }, () => {
		const bad = run('cli', ['--format', 'exe'], path.join(tmp, 'a'));
		expect(bad.code).toBe(1);
		expect(bad.err).toContain('--format "exe" は使えません');
		const unknown = run('cli', ['--plan', 'ない計画', '--out', path.join(tmp, 'x.docx')], path.join(tmp, 'a'));
		expect(unknown.code).toBe(2);
		expect(unknown.err).toContain('計画「ない計画」が見つかりません');
		expect(fs.existsSync(path.join(tmp, 'x.docx'))).toBe(false);
		expect(run('import', [], path.join(tmp, 'b')).code).toBe(1);
	});

	it('a backup taken by the CLI imports into a fresh data dir and exports again byte-identical', { timeout: 120_000 }, () => {
		const first = path.join(tmp, 'first.json');
		const second = path.join(tmp, 'second.json');
		const docx = path.join(tmp, 'plan.docx');
		expect(run('cli', ['--out', first], path.join(tmp, 'c')).code).toBe(0);
		// without --plan in demo data: the drafted demo plan, with its issues and actions in the plan document
		const backup = JSON.parse(fs.readFileSync(first, 'utf8')) as { sections: { plan: { title: string }; documents: Record<string, string> } };
		expect(backup.sections.plan.title).toBe('ひばりが丘地区 地域福祉活動計画');
		expect(Object.keys(backup.sections.documents).filter((d) => d.startsWith('plan.'))).toHaveLength(1);
		expect(run('cli', ['--plan', 'さくら台地区 地域福祉活動計画', '--out', docx], path.join(tmp, 'c')).code).toBe(0);
		expect(fs.readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
		const imported = run('import', ['--in', first], path.join(tmp, 'fresh'));
		expect(imported.code, imported.err).toBe(0);
		expect(run('cli', ['--format', 'json', '--out', second], path.join(tmp, 'fresh')).code).toBe(0);
		expect(fs.readFileSync(second).equals(fs.readFileSync(first))).toBe(true);
		// a second import of the same plan is refused and says why
		const again = run('import', ['--in', first], path.join(tmp, 'fresh'));
		expect(again.code).toBe(2);
		expect(again.err).toContain('すでにあります');
	});
});
