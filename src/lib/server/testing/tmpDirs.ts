/**
 * Temporary directories for tests, removed after each test. Call at module level of a test file:
 * `const tmpDir = useTmpDirs('kyoso-x-');` then `tmpDir()` inside tests.
 */
import { afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function useTmpDirs(prefix: string): () => string {
	const dirs: string[] = [];
	afterEach(() => {
		for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
	});
	return () => {
		const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
		dirs.push(d);
		return d;
	};
}
