/**
 * Council settings and the plan's actions through the real app (SQLite in a temp dir, demo data): the
 * settings store's defaults and saves, the demo actions over the plan's five fiscal years, and a change of
 * the actor columns moving every action (none lost) through the plan document, after a restart too.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, demoWorkshop, userByLogin, type TestServer } from '../helpers/testServer';
import { councilSettings } from '../../src/lib/server/councilSettings';
import { remapCouncilPlans, columnUse } from '../../src/lib/server/planActions';
import { seedDemoActions } from '../../src/lib/server/demo/actions';
import { planDocName } from '../../src/lib/server/sync/kinds/plan';
import { readActions } from '../../src/lib/domain/plan/actions';
import { checkCouncilSettings, defaultColumnMapping } from '../../src/lib/domain/council/validate';
import { ACTOR_PRESETS, REVIEW_SCALES } from '../../src/lib/domain/council/settings';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	await server.close();
});

describe('council settings and actions', () => {
	it('gives defaults, stores a save, and moves every action when the columns change', async () => {
		const app = server.app;
		const w = demoWorkshop(app);
		const store = councilSettings(app);
		const before = await store.get(w.councilId);
		expect(before?.name).toBe('みどり市社会福祉協議会（デモ）');
		expect(before?.actorColumns.map((c) => c.id)).toEqual(['self', 'mutual', 'community', 'public']);
		expect(await store.get('nosuchcouncil')).toBeNull();

		const added = await seedDemoActions(app, w.planId, []);
		expect(added).toBe(7);
		expect(await seedDemoActions(app, w.planId, [])).toBe(0);
		const actions = await app.sync.read(planDocName(w.planId), (doc) => readActions(doc));
		expect(actions).toHaveLength(7);
		expect(Object.keys(actions.find((a) => a.title === 'ゆるやか見守り隊')!.schedule)).toEqual(['2026', '2027', '2028', '2029', '2030']);
		// the council's two plans: this one and the demo's drafted plan (ひばりが丘地区), seeded with the same actions
		expect(await columnUse(app, w.councilId)).toEqual({ self: 2, mutual: 6, community: 4, public: 2 });
		expect(await app.plans.defaultPlanYears(w.councilId)).toBe(5);

		const checked = checkCouncilSettings({
			name: 'みどり市社協',
			philosophy: '',
			goals: [{ label: 'つながる' }, { label: '支え合う' }],
			actorPreset: 'me_us',
			actorColumns: ACTOR_PRESETS.me_us,
			reviewScale: { preset: 'five', levels: REVIEW_SCALES.five },
			defaultPlanYears: 4,
			resourceCategories: [{ label: 'サロン' }]
		});
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		const moved = await remapCouncilPlans(app, w.councilId, defaultColumnMapping(before!.actorColumns, checked.value.actorColumns));
		await store.save(w.councilId, checked.value, { userId: userByLogin(app, 'admin').id });
		expect(moved).toBe(14);

		await server.restart();
		const after = await councilSettings(server.app).get(w.councilId);
		expect(after?.actorPreset).toBe('me_us');
		expect(after?.defaultPlanYears).toBe(4);
		// a new plan's length on the staff home follows the council's settings
		expect(await server.app.plans.defaultPlanYears(w.councilId)).toBe(4);
		expect(after?.goals.map((g) => g.label)).toEqual(['つながる', '支え合う']);
		const stored = await server.app.sync.read(planDocName(w.planId), (doc) => readActions(doc));
		expect(stored).toHaveLength(7);
		expect(stored.map((a) => a.column).sort()).toEqual(['city', 'council', 'council', 'me', 'us', 'us', 'us']);
		const council = server.app.db.prepare<[string], { name: string }>('SELECT name FROM councils WHERE id = ?').get(w.councilId);
		expect(council?.name).toBe('みどり市社協');
	});
});
