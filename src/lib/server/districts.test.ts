import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from './db/database';
import { Workshops } from './workshops';
import { Districts } from './districts';

let dir: string;
let db: DB;
let workshops: Workshops;
let districts: Districts;
let councilId: string;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyoso-districts-'));
	db = openDatabase(dir);
	workshops = new Workshops(db);
	districts = new Districts(db);
	councilId = await workshops.createCouncil('テスト市社会福祉協議会');
});
afterEach(() => {
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('Districts', () => {
	it('renames a district; a plan titled after it follows, a plan titled by hand stays', async () => {
		const id = await workshops.createDistrict(councilId, 'さくら台');
		await workshops.createPlan(id, 'さくら台 地域福祉活動計画', 2026, 2030);
		const other = await workshops.createDistrict(councilId, 'みなみ');
		await workshops.createPlan(other, 'みなみ地区のまちづくり計画', 2026, 2030);
		await districts.rename(id, 'さくら台地区');
		await districts.rename(other, 'みなみ地区');
		expect(await (await districts.get(id))?.name).toBe('さくら台地区');
		expect(await (await workshops.latestPlan(id))?.title).toBe('さくら台地区 地域福祉活動計画');
		expect(await (await workshops.latestPlan(other))?.title).toBe('みなみ地区のまちづくり計画');
	});

	it('archives and brings back a district: archived ones are listed last and are not active', async () => {
		const a = await workshops.createDistrict(councilId, 'あおば地区');
		const b = await workshops.createDistrict(councilId, 'いずみ地区');
		await districts.setArchived(a, true);
		expect(await (await districts.listForCouncil(councilId)).map((d) => [d.name, d.archived])).toEqual([
			['いずみ地区', false],
			['あおば地区', true]
		]);
		expect(await (await districts.activeForCouncil(councilId)).map((d) => d.id)).toEqual([b]);
		await districts.setArchived(a, false);
		expect(await (await districts.activeForCouncil(councilId)).map((d) => d.id).sort()).toEqual([a, b].sort());
	});
});
