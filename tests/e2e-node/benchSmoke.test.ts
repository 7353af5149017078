/**
 * The benchmarks' small variants (issue 6), part of the test command: the same code paths as the
 * full `npm run bench` / `npm run bench:web` runs, against the production build, small enough for CI.
 * Latency figures depend on the machine and are only required to exist; what must hold anywhere is
 * checked: nothing lost, every client served, the participant JS budget, every server measured.
 */
import { describe, it, expect } from 'vitest';
import { BUILD_PRESENT, SKIP_REASON, runScript } from './runScript';

type Figures = { p50_ms: number; p99_ms: number; lost: number; server_fanout_p50_ms?: number };

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

describe('benchmark smoke runs', () => {
	it.skipIf(!BUILD_PRESENT)(
		BUILD_PRESENT ? 'bench:smoke — hall, storm and raw (ours and both reference servers) lose nothing' : `bench:smoke ${SKIP_REASON}`,
		async () => {
			const run = await runScript('scripts/bench/bench.ts', ['--smoke', '--seed', '20261127'], 170_000);
			const out = run.stdout + run.stderr;
			const r = run.last as {
				ok: boolean;
				lost: number;
				hall: Figures & { clients: number; notes_sent: number; notes_acked: number; votes_sent: number };
				storm: Figures & { clients: number; notes: number; storm_ms: number };
				raw: Figures & { clients: number; reference: Record<string, { awareness_on: Figures | null }> };
			};
			expect(run.code, out).toBe(0);
			expect(r.ok, out).toBe(true);
			expect(r.lost, out).toBe(0);

			// hall: 20 phones and a projector; every note the server acknowledged reached the projector
			expect(r.hall.clients, out).toBe(22);
			expect(r.hall.lost, out).toBe(0);
			expect(r.hall.notes_acked, out).toBe(r.hall.notes_sent);
			expect(r.hall.votes_sent, out).toBeGreaterThan(0);
			expect(finite(r.hall.p99_ms) || r.hall.notes_sent === 0, out).toBe(true);

			// storm: every client back after the restart, the projector still holds all 200 notes
			expect(r.storm.lost, out).toBe(0);
			expect(r.storm.notes, out).toBe(200);
			expect(finite(r.storm.storm_ms), out).toBe(true);

			// raw: our server and both references measured on the same schedule, each fan-out timed in its process
			expect(r.raw.lost, out).toBe(0);
			expect(finite(r.raw.p99_ms), out).toBe(true);
			expect(finite(r.raw.server_fanout_p50_ms), out).toBe(true);
			const refs = Object.entries(r.raw.reference);
			expect(refs.map(([name]) => name.split('@').slice(0, -1).join('@')).sort(), out).toEqual(['@hocuspocus/server', '@y/websocket-server']);
			for (const [name, f] of refs) {
				expect(f.awareness_on, `${name}\n${out}`).not.toBeNull();
				expect(f.awareness_on!.lost, name).toBe(0);
				expect(finite(f.awareness_on!.p99_ms), name).toBe(true);
				expect(finite(f.awareness_on!.server_fanout_p50_ms), name).toBe(true);
			}
		},
		180_000
	);

	it.skipIf(!BUILD_PRESENT)(
		BUILD_PRESENT ? 'bench:web --smoke — participant JS within budget, projector, cold start and DOCX measured' : `bench:web smoke ${SKIP_REASON}`,
		async () => {
			const run = await runScript('scripts/bench/web/index.ts', ['--smoke'], 170_000);
			const out = run.stdout + run.stderr;
			const r = run.last as {
				ok: boolean;
				failures: string[];
				participant_js: { js_gzip_bytes: number; js_files: number };
				projector: { notes: number; idle: { frames: number; notes_end: number } };
				cold_start: { notes: number; trials: { mode: string; notes: number; connect_to_synced_ms: number }[] };
				docx: { notes: number; runs: number; bytes: number };
			};
			expect(run.code, out).toBe(0);
			expect(r.ok, out).toBe(true);
			expect(r.failures, out).toEqual([]);
			// the budget itself (gzip bytes do not depend on the machine)
			expect(r.participant_js.js_gzip_bytes, out).toBeLessThanOrEqual(80 * 1024);
			expect(r.participant_js.js_files, out).toBeGreaterThan(0);
			expect(r.projector.idle.frames, out).toBeGreaterThan(0);
			expect(r.projector.idle.notes_end, out).toBe(r.projector.notes);
			expect(r.cold_start.trials.length, out).toBeGreaterThan(0);
			for (const t of r.cold_start.trials) {
				expect(t.notes, `${t.mode}\n${out}`).toBe(r.cold_start.notes);
				expect(finite(t.connect_to_synced_ms), t.mode).toBe(true);
			}
			expect(r.docx.runs, out).toBeGreaterThan(0);
			expect(r.docx.bytes, out).toBeGreaterThan(1000);
		},
		180_000
	);
});
