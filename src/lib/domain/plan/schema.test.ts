import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { initPlan, readPlanMeta, PLAN_SCHEMA_VERSION } from './schema';

describe('the plan document', () => {
	it('is initialised once with its schema version and plan id', () => {
		const doc = new Y.Doc();
		expect(readPlanMeta(doc)).toEqual({ schema: 0, planId: '' });
		initPlan(doc, 'plan-1');
		expect(readPlanMeta(doc)).toEqual({ schema: PLAN_SCHEMA_VERSION, planId: 'plan-1' });
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		initPlan(doc, 'plan-2');
		expect(updates).toEqual([]);
		expect(readPlanMeta(doc).planId).toBe('plan-1');
	});
});
