/** Readable output: aligned tables (Markdown-compatible) and progress lines on stderr. */
import { round1, type Summary } from './common.ts';

export function progress(msg: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function table(header: string[], rows: (string | number)[][]): string {
	const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
	const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
	const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
	return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function fmt(v: number): string {
	if (!Number.isFinite(v)) return '–';
	if (Number.isInteger(v)) return v.toLocaleString('en-US');
	return round1(v).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** The latency fields of the final JSON object. */
export function latencyFields(s: Summary): { p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number } {
	return { p50_ms: round1(s.p50), p95_ms: round1(s.p95), p99_ms: round1(s.p99), max_ms: round1(s.max) };
}

export function ms(v: number): string {
	return `${fmt(v)} ms`;
}
