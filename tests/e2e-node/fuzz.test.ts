/**
 * The short protocol fuzz (issue 5): 3000 random and mutated frames (seed 1) from phone, projector
 * and staff sockets against the real production server. The server must stay up, the board must
 * not change through phones and projectors, memory must stay bounded, and the board must load
 * after a kill -9 and restart. The long run is `npm run fuzz -- --frames 50000 --seed S`.
 */
import { describe, it, expect } from 'vitest';
import { BUILD_PRESENT, SKIP_REASON, runScript } from './runScript';

describe('protocol fuzz', () => {
	it.skipIf(!BUILD_PRESENT)(
		BUILD_PRESENT ? 'survives 3000 fuzzed frames with the board unchanged' : `protocol fuzz ${SKIP_REASON}`,
		async () => {
			const run = await runScript('scripts/reliability/fuzz.ts', ['--frames', '3000', '--seed', '1', '--quiet'], 100_000);
			const r = run.last;
			const report = `${run.stdout}\n${run.stderr}`;
			expect(r.seed, report).toBe(1);
			expect(r.serverAlive, report).toBe(true);
			expect(r.docUnchanged, report).toBe(true);
			// no phone or projector frame closed the room for everyone (issue 15: prototype-named ids in every field)
			expect(r.internalErrorClosesA, report).toBe(0);
			expect(r.docLoadsAfterRestart, report).toBe(true);
			expect(r.rssBounded, report).toBe(true);
			expect(r.rssMaxMb as number, report).toBeGreaterThan(0);
			expect(r.frames, report).toBe(3000);
			expect(run.code, report).toBe(0);
		},
		120_000
	);
});
