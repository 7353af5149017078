/** Runs a script (`scripts/…/*.ts`, a path from the repository root) as `npm run` would, and parses its last line. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_ENTRY } from '../../scripts/productionServer.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The scripts start the production server, which needs the SvelteKit build. */
export const BUILD_PRESENT = fs.existsSync(path.join(ROOT, SERVER_ENTRY));
export const SKIP_REASON = `skipped: ${SERVER_ENTRY} is missing; run \`npm run build\` first`;

export type ScriptRun = { code: number | null; stdout: string; stderr: string; last: Record<string, unknown> };

export function runScript(script: string, args: string[], timeoutMs: number): Promise<ScriptRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGINT');
			setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
			reject(new Error(`${script} took longer than ${timeoutMs} ms:\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			const lastLine = stdout.trim().split('\n').at(-1) ?? '';
			try {
				resolve({ code, stdout, stderr, last: JSON.parse(lastLine) as Record<string, unknown> });
			} catch {
				reject(new Error(`${script} did not end with a JSON line (exit ${code}):\n${stdout}\n${stderr}`));
			}
		});
	});
}
