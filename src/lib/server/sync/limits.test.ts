import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { jsonDepth, valueDepth, updateWithinLimits, awarenessWithinLimits, MAX_VALUE_DEPTH } from './limits';

function nested(depth: number): unknown {
	let v: unknown = 1;
	for (let i = 0; i < depth; i++) v = { a: v };
	return v;
}

describe('shape limits on staff content', () => {
	it('measures depth without recursion, also for very deep values', () => {
		expect(valueDepth({ a: [1, { b: 2 }] })).toBe(3);
		expect(valueDepth(nested(100_000))).toBeGreaterThan(MAX_VALUE_DEPTH);
		expect(jsonDepth('{"a":[1,{"b":"}}}}"}]}')).toBe(3);
		expect(jsonDepth('['.repeat(50_000))).toBe(50_000);
	});

	it('refuses a Yjs update carrying a value nested deeper than the limit, accepts ordinary ones', () => {
		const ok = new Y.Doc();
		ok.getMap('meta').set('timer', { durationMs: 1, endsAt: null, remainingMs: 1 });
		expect(updateWithinLimits(Y.encodeStateAsUpdate(ok))).toBe(true);
		const deep = new Y.Doc();
		deep.getMap('controls').set('timer', nested(MAX_VALUE_DEPTH + 1) as Record<string, unknown>);
		expect(updateWithinLimits(Y.encodeStateAsUpdate(deep))).toBe(false);
		expect(() => updateWithinLimits(new Uint8Array([1, 2, 3, 200]))).toThrow();
	});

	it('refuses large or deep presence states', () => {
		expect(awarenessWithinLimits([{ state: JSON.stringify({ user: { name: 'コーディネーター' } }) }])).toBe(true);
		expect(awarenessWithinLimits([{ state: JSON.stringify(nested(40)) }])).toBe(false);
		expect(awarenessWithinLimits([{ state: JSON.stringify({ junk: 'x'.repeat(5000) }) }])).toBe(false);
	});
});
