/**
 * The domain's modules import each other without a circle (issue 16): a module's imports can be
 * read, and tested, without loading the module that imports it. Type-only imports do not count
 * (they leave no trace at run time). Also: the domain does no IO.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

function modules(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return modules(p);
		return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
	});
}

/** Relative value imports (and re-exports) of a module, resolved to files. */
function valueImports(file: string): string[] {
	const src = fs.readFileSync(file, 'utf8');
	const out: string[] = [];
	for (const m of src.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gm)) {
		if (m[1]) continue;
		const clause = m[0];
		// `import { type A, type B } from` is type-only too
		const names = /\{([^}]*)\}/.exec(clause)?.[1];
		if (names && names.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
		const target = path.resolve(path.dirname(file), m[2]!);
		out.push(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'));
	}
	return out;
}

describe('src/lib/domain', () => {
	const files = modules(ROOT);

	it('has no import circle', () => {
		const graph = new Map(files.map((f) => [f, valueImports(f)]));
		const cycles: string[] = [];
		const state = new Map<string, 'visiting' | 'done'>();
		const visit = (f: string, trail: string[]) => {
			if (state.get(f) === 'done') return;
			if (state.get(f) === 'visiting') {
				cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(ROOT, x)).join(' -> '));
				return;
			}
			state.set(f, 'visiting');
			for (const g of graph.get(f) ?? []) visit(g, [...trail, f]);
			state.set(f, 'done');
		};
		for (const f of files) visit(f, []);
		expect(cycles).toEqual([]);
	});

	it('imports no IO, server or browser modules', () => {
		const forbidden = /from\s+'(node:[^']+|ws|better-sqlite3|\$app\/[^']+|\$lib\/server[^']*|svelte[^']*)'/;
		const offenders = files.filter((f) => forbidden.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
		expect(offenders).toEqual([]);
	});
});
