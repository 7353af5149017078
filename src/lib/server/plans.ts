/**
 * Plans (小地域福祉活動計画) as records: title, period, status, and the workshops that fed each plan with
 * their record (date, place, participants, steps covered). Asynchronous like every record store (a
 * PostgreSQL backend can implement it), SQLite underneath. Validation is the domain's (plan/planRecord.ts).
 */
import type { DB } from './db/database';
import type { StaffUser } from './auth/staff';
import { randomId } from '../domain/ids';
import { readStepsCovered, type PlanFields, type PlanStatus } from '../domain/plan/planRecord';
import type { Period } from '../domain/fiscalYear';
import type { StepId } from '../domain/board/steps';
import { CouncilSettingsStore } from './councilSettings';

export type PlanRecord = {
	id: string;
	districtId: string;
	districtName: string;
	councilId: string;
	title: string;
	period: Period;
	status: PlanStatus;
	/** 策定日 (ISO date) or null */
	adoptedOn: string | null;
	/** 策定者 ('' = not set) */
	adoptedBy: string;
	createdAt: number;
};

export type WorkshopRecord = {
	id: string;
	title: string;
	heldOn: string | null;
	place: string | null;
	status: 'open' | 'closed';
	/** phones that joined */
	joined: number;
	/** what staff entered, or null */
	participantOverride: number | null;
	/** the number shown and exported: staff's figure, else the joins */
	participants: number;
	stepsCovered: StepId[];
};

const PLAN_COLUMNS = `p.id, p.district_id AS districtId, d.name AS districtName, d.council_id AS councilId, p.title,
	p.period_start AS periodStart, p.period_end AS periodEnd, p.status, p.adopted_on AS adoptedOn, p.adopted_by AS adoptedBy, p.created_at AS createdAt
	FROM plans p JOIN districts d ON d.id = p.district_id`;

const SQL = {
	insert: 'INSERT INTO plans (id, district_id, title, period_start, period_end, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
	byId: `SELECT ${PLAN_COLUMNS} WHERE p.id = ?`,
	byDistrictName: `SELECT ${PLAN_COLUMNS} WHERE d.council_id = ? AND d.name = ? ORDER BY p.period_start DESC, p.created_at DESC LIMIT 1`,
	ofDistrict: `SELECT ${PLAN_COLUMNS} WHERE p.district_id = ? ORDER BY p.period_start DESC, p.created_at DESC`,
	ofCouncil: `SELECT ${PLAN_COLUMNS} WHERE d.council_id = ? AND d.archived_at IS NULL ORDER BY d.name, p.period_start DESC, p.created_at DESC`,
	ofUser: `SELECT ${PLAN_COLUMNS} JOIN user_districts ud ON ud.district_id = d.id WHERE ud.user_id = ? AND d.archived_at IS NULL
		ORDER BY d.name, p.period_start DESC, p.created_at DESC`,
	update: 'UPDATE plans SET title = ?, period_start = ?, period_end = ?, status = ?, adopted_on = ?, adopted_by = ? WHERE id = ?',
	assigned: 'SELECT 1 AS one FROM user_districts WHERE user_id = ? AND district_id = ?',
	workshops: `SELECT w.id, w.title, w.held_on AS heldOn, w.place, w.status, w.participant_count AS participantOverride, w.steps_covered AS steps,
		(SELECT COUNT(*) FROM participants pa WHERE pa.workshop_id = w.id) AS joined
		FROM workshops w WHERE w.plan_id = ? ORDER BY COALESCE(w.held_on, ''), w.created_at`,
	steps: 'SELECT steps_covered AS steps FROM workshops WHERE id = ?',
	setSteps: 'UPDATE workshops SET steps_covered = ? WHERE id = ?',
	setCount: 'UPDATE workshops SET participant_count = ? WHERE id = ?',
	setCreatedAt: 'UPDATE workshops SET created_at = ? WHERE id = ?'
} as const;

type PlanRow = Omit<PlanRecord, 'period'> & { periodStart: number; periodEnd: number };
const toPlan = ({ periodStart, periodEnd, ...r }: PlanRow): PlanRecord => ({ ...r, period: { start: periodStart, end: periodEnd } });
type WorkshopRow = Omit<WorkshopRecord, 'participants' | 'stepsCovered'> & { steps: string };

export class Plans {
	#db: DB;
	#settings: CouncilSettingsStore;
	constructor(db: DB, settings = new CouncilSettingsStore(db)) {
		this.#db = db;
		this.#settings = settings;
	}

	/** The length of a new plan of this council, in fiscal years: the council's settings (5 unless it chose another). */
	async defaultPlanYears(councilId: string): Promise<number> {
		const settings = await this.#settings.get(councilId);
		if (!settings) throw new Error(`council ${councilId} not found`);
		return settings.defaultPlanYears;
	}

	async create(input: { districtId: string; title: string; period: Period; status?: PlanStatus }): Promise<PlanRecord> {
		const id = randomId();
		this.#db.prepare(SQL.insert).run(id, input.districtId, input.title, input.period.start, input.period.end, input.status ?? 'drafting', Date.now());
		return (await this.get(id))!;
	}

	async get(id: string): Promise<PlanRecord | null> {
		const r = this.#db.prepare<[string], PlanRow>(SQL.byId).get(id);
		return r ? toPlan(r) : null;
	}

	/** The newest plan of the council's district of that name (the demo's parts find their district so). */
	async findByDistrictName(councilId: string, districtName: string): Promise<PlanRecord | null> {
		const r = this.#db.prepare<[string, string], PlanRow>(SQL.byDistrictName).get(councilId, districtName);
		return r ? toPlan(r) : null;
	}

	async listForDistrict(districtId: string): Promise<PlanRecord[]> {
		return this.#db.prepare<[string], PlanRow>(SQL.ofDistrict).all(districtId).map(toPlan);
	}

	/** The plans a staff member works on: the council's for an admin, the assigned districts' otherwise (archived districts left out). */
	async listFor(user: StaffUser): Promise<PlanRecord[]> {
		if (user.disabled) return [];
		const rows = user.role === 'admin' ? this.#db.prepare<[string], PlanRow>(SQL.ofCouncil).all(user.councilId) : this.#db.prepare<[string], PlanRow>(SQL.ofUser).all(user.id);
		return rows.map(toPlan);
	}

	/** Whether this staff member may open the plan: the council's admins, and staff assigned to its district. */
	async canOpen(user: StaffUser, plan: PlanRecord): Promise<boolean> {
		if (user.disabled || user.councilId !== plan.councilId) return false;
		if (user.role === 'admin') return true;
		return this.#db.prepare(SQL.assigned).get(user.id, plan.districtId) !== undefined;
	}

	async update(id: string, fields: PlanFields): Promise<void> {
		this.#db.prepare(SQL.update).run(fields.title, fields.period.start, fields.period.end, fields.status, fields.adoptedOn, fields.adoptedBy, id);
	}

	/** The plan's workshops, oldest first, with their record. */
	async workshops(planId: string): Promise<WorkshopRecord[]> {
		return this.#db
			.prepare<[string], WorkshopRow>(SQL.workshops)
			.all(planId)
			.map(({ steps, ...r }) => ({ ...r, participants: r.participantOverride ?? r.joined, stepsCovered: readStepsCovered(steps) }));
	}

	/** Staff's own participant count (null: count the joins again). */
	async setParticipantCount(workshopId: string, count: number | null): Promise<void> {
		this.#db.prepare(SQL.setCount).run(count, workshopId);
	}

	/** The workshop's board is on `step` now: remember that it covered it (once). */
	async stepReached(workshopId: string, step: StepId): Promise<void> {
		this.#db
			.transaction(() => {
				const row = this.#db.prepare<[string], { steps: string }>(SQL.steps).get(workshopId);
				if (!row) return;
				let list: unknown;
				try {
					list = JSON.parse(row.steps);
				} catch {
					list = [];
				}
				const steps = Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
				if (steps.includes(step)) return;
				this.#db.prepare(SQL.setSteps).run(JSON.stringify([...steps, step]), workshopId);
			})
			.immediate();
	}

	/** A workshop recorded after the fact (imported, or the demo's past workshops): when it was created. */
	async backdateWorkshop(workshopId: string, createdAt: number): Promise<void> {
		this.#db.prepare(SQL.setCreatedAt).run(createdAt, workshopId);
	}
}
