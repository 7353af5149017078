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
import PizZip from 'pizzip';
import { planTemplate } from '../../src/lib/server/export/planDocument';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(script: 'cli' | 'import', args: string[], dataDir: string, demo = true) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, `scripts/export/${script}.ts`), ...args], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir, DEMO: demo ? '1' : '0', BACKUPS: '0', KYOSO_WARMUP: '0', KYOSO_PRELOAD: '0' },
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

	it('--template with a broken file: exit non-zero, the problems listed in Japanese, nothing written', { timeout: 120_000 }, () => {
		const zip = new PizZip(planTemplate());
		zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{planTitle}', '{#themes}{planTitel}'));
		const broken = path.join(tmp, 'broken.docx');
		fs.writeFileSync(broken, zip.generate({ type: 'nodebuffer' }));
		const out = path.join(tmp, 'from-broken.docx');
		const r = run('cli', ['--template', broken, '--out', out], path.join(tmp, 'd'));
		expect(r.code).toBe(2);
		expect(r.err).toContain('Word の様式に問題があり、書き出せませんでした');
		expect(r.err).toContain('--template builtin');
		const problems = r.err.split('\n').filter((l) => l.startsWith('  - '));
		expect(problems.length).toBeGreaterThan(0);
		for (const l of problems) expect(l, l).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // each problem says it in Japanese
		expect(r.err).toMatch(/themes/);
		expect(fs.existsSync(out)).toBe(false);
		// the same plan with the built-in template works
		expect(run('cli', ['--template', 'builtin', '--out', out], path.join(tmp, 'd')).code).toBe(0);
		expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
	});

	it('outside demo data with several plans: asks for --plan and lists ids and titles; --plan <id> exports that plan', { timeout: 120_000 }, () => {
		const dir = path.join(tmp, 'e');
		// the demo creates the data (two or more plans); then the same data dir is used as a real one (DEMO=0)
		expect(run('cli', ['--format', 'json', '--out', path.join(tmp, 'seed.json')], dir).code).toBe(0);
		const out = path.join(tmp, 'no-plan.json');
		const r = run('cli', ['--format', 'json', '--out', out], dir, false);
		expect(r.code).toBe(2);
		const m = /計画が (\d+) 件あります。--plan で選んでください/.exec(r.err);
		expect(m, r.err).not.toBeNull();
		const listed = r.err.split('\n').filter((l) => /^ {2}\S+ {2}\S/.test(l)).map((l) => l.trim().split(/ {2}/));
		expect(listed).toHaveLength(Number(m![1]));
		expect(listed.length).toBeGreaterThanOrEqual(2);
		for (const l of listed) expect(l[2], l.join(' ')).toMatch(/^（(策定中|策定済み|見直し中)）$/); // each with its status
		const titles = listed.map((l) => l[1]);
		expect(titles).toContain('ひばりが丘地区 地域福祉活動計画');
		expect(titles).toContain('さくら台地区 地域福祉活動計画');
		expect(fs.existsSync(out)).toBe(false);
		// --plan <id> (not the title) picks exactly that plan
		const [id, title] = listed.find((l) => l[1] === 'さくら台地区 地域福祉活動計画')!;
		const byId = run('cli', ['--plan', id!, '--format', 'json', '--out', out], dir, false);
		expect(byId.code, byId.err).toBe(0);
		const backup = JSON.parse(fs.readFileSync(out, 'utf8')) as { sections: { plan: { id: string; title: string } } };
		expect(backup.sections.plan.title).toBe(title);
		expect(backup.sections.plan.id).toBe(id);
	});
});
