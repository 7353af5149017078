/** Councils, districts, plans and workshops: the organisational records around the live documents. */
import type { DB } from './db/database';
import { randomId } from '../domain/ids';
import { generateJoinCode } from '../domain/joinCode';
import { looksLikeToken, newToken } from './auth/tokens';
import type { StaffUser } from './auth/staff';

export type Workshop = {
	id: string;
	planId: string;
	districtId: string;
	councilId: string;
	title: string;
	heldOn: string | null;
	place: string | null;
	status: 'open' | 'closed';
	joinCode: string;
	districtName: string;
	planTitle: string;
};

const WORKSHOP_COLUMNS = `w.id, w.plan_id AS planId, p.district_id AS districtId, d.council_id AS councilId, w.title,
	w.held_on AS heldOn, w.place, w.status, w.join_code AS joinCode, d.name AS districtName, p.title AS planTitle
	FROM workshops w JOIN plans p ON p.id = w.plan_id JOIN districts d ON d.id = p.district_id`;

const SQL = {
	insertCouncil: 'INSERT INTO councils (id, name, created_at) VALUES (?, ?, ?)',
	insertDistrict: 'INSERT INTO districts (id, council_id, name, created_at) VALUES (?, ?, ?, ?)',
	insertPlan: 'INSERT INTO plans (id, district_id, title, period_start, period_end, created_at) VALUES (?, ?, ?, ?, ?, ?)',
	insertWorkshop: `INSERT INTO workshops (id, plan_id, title, held_on, place, status, join_code, display_token, created_at)
		VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
	byId: `SELECT ${WORKSHOP_COLUMNS} WHERE w.id = ?`,
	byCode: `SELECT ${WORKSHOP_COLUMNS} WHERE w.join_code = ?`,
	byDisplayToken: `SELECT ${WORKSHOP_COLUMNS} WHERE w.display_token = ?`,
	displayToken: 'SELECT display_token AS token FROM workshops WHERE id = ?',
	forCouncil: `SELECT ${WORKSHOP_COLUMNS} WHERE d.council_id = ? ORDER BY w.created_at DESC`,
	forUser: `SELECT ${WORKSHOP_COLUMNS} JOIN user_districts ud ON ud.district_id = d.id WHERE ud.user_id = ? ORDER BY w.created_at DESC`,
	setDisplayToken: 'UPDATE workshops SET display_token = ? WHERE id = ?',
	councilCount: 'SELECT COUNT(*) AS n FROM councils',
	assigned: 'SELECT 1 AS one FROM user_districts WHERE user_id = ? AND district_id = ?',
	latestPlan: 'SELECT id, title, period_start AS periodStart, period_end AS periodEnd FROM plans WHERE district_id = ? ORDER BY period_start DESC, created_at DESC LIMIT 1',
	setJoinCode: 'UPDATE workshops SET join_code = ?, code_rotated_at = ? WHERE id = ?',
	setStatus: 'UPDATE workshops SET status = ?, closed_at = ? WHERE id = ?',
	firstCouncil: 'SELECT id, name FROM councils ORDER BY created_at LIMIT 1',
	planById: `SELECT p.id, p.district_id AS districtId, d.council_id AS councilId, p.title FROM plans p JOIN districts d ON d.id = p.district_id WHERE p.id = ?`
} as const;

/** A plan as the sync core needs it (who may open its document). */
export type PlanRef = { id: string; districtId: string; councilId: string; title: string };

export class Workshops {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	async createCouncil(name: string): Promise<string> {
		const id = randomId();
		this.#db.prepare(SQL.insertCouncil).run(id, name, Date.now());
		return id;
	}

	async firstCouncil(): Promise<{ id: string; name: string } | null> {
		return this.#db.prepare<[], { id: string; name: string }>(SQL.firstCouncil).get() ?? null;
	}

	async createDistrict(councilId: string, name: string): Promise<string> {
		const id = randomId();
		this.#db.prepare(SQL.insertDistrict).run(id, councilId, name, Date.now());
		return id;
	}

	async createPlan(districtId: string, title: string, periodStart: number, periodEnd: number): Promise<string> {
		const id = randomId();
		this.#db.prepare(SQL.insertPlan).run(id, districtId, title, periodStart, periodEnd, Date.now());
		return id;
	}

	async latestPlan(districtId: string): Promise<{ id: string; title: string; periodStart: number; periodEnd: number } | null> {
		return this.#db.prepare<[string], { id: string; title: string; periodStart: number; periodEnd: number }>(SQL.latestPlan).get(districtId) ?? null;
	}

	/** Creates a workshop with a fresh join code and projector token. */
	async createWorkshop(input: { planId: string; title: string; heldOn?: string; place?: string }): Promise<{ workshop: Workshop; displayToken: string }> {
		const id = randomId();
		const displayToken = newToken(24);
		for (let attempt = 0; ; attempt++) {
			try {
				this.#db
					.prepare(SQL.insertWorkshop)
					.run(id, input.planId, input.title, input.heldOn ?? null, input.place ?? null, generateJoinCode(), displayToken, Date.now());
				break;
			} catch (e) {
				// A join code collision: try another code a few times.
				if (attempt < 5 && e instanceof Error && /UNIQUE.*join_code/.test(e.message)) continue;
				throw e;
			}
		}
		return { workshop: (await this.get(id))!, displayToken };
	}

	async get(id: string): Promise<Workshop | null> {
		return this.#db.prepare<[string], Workshop>(SQL.byId).get(id) ?? null;
	}

	async byJoinCode(code: string): Promise<Workshop | null> {
		return this.#db.prepare<[string], Workshop>(SQL.byCode).get(code) ?? null;
	}

	async byDisplayToken(token: string | null | undefined): Promise<Workshop | null> {
		if (!looksLikeToken(token)) return null;
		return this.#db.prepare<[string], Workshop>(SQL.byDisplayToken).get(token) ?? null;
	}

	async displayToken(workshopId: string): Promise<string | null> {
		return this.#db.prepare<[string], { token: string }>(SQL.displayToken).get(workshopId)?.token ?? null;
	}

	/** A new projector link; the old one stops working. */
	async rotateDisplayToken(workshopId: string): Promise<string> {
		const token = newToken(24);
		this.#db.prepare(SQL.setDisplayToken).run(token, workshopId);
		return token;
	}

	/** A new join code; the old one stops working at once (already joined phones stay joined). */
	async rotateJoinCode(workshopId: string): Promise<string> {
		for (let attempt = 0; ; attempt++) {
			const code = generateJoinCode();
			try {
				this.#db.prepare(SQL.setJoinCode).run(code, Date.now(), workshopId);
				return code;
			} catch (e) {
				if (attempt < 5 && e instanceof Error && /UNIQUE.*join_code/.test(e.message)) continue;
				throw e;
			}
		}
	}

	/** Closing stops the join code and participants' connections; reopening allows them again. */
	async setStatus(workshopId: string, status: 'open' | 'closed'): Promise<void> {
		this.#db.prepare(SQL.setStatus).run(status, status === 'closed' ? Date.now() : null, workshopId);
	}

	/** Workshops a staff member may open: the whole council for an admin, assigned districts otherwise. */
	async listFor(user: StaffUser): Promise<Workshop[]> {
		if (user.role === 'admin') return this.#db.prepare<[string], Workshop>(SQL.forCouncil).all(user.councilId);
		return this.#db.prepare<[string], Workshop>(SQL.forUser).all(user.id);
	}

	/** Facilitators and admins run workshops (moderation, codes, closing); editors only edit content. */
	async canStaffModerate(user: StaffUser, workshop: Workshop): Promise<boolean> {
		return user.role !== 'editor' && await this.canStaffOpen(user, workshop);
	}

	async canStaffOpen(user: StaffUser, workshop: Workshop): Promise<boolean> {
		return this.#canOpenDistrict(user, workshop);
	}

	async getPlan(id: string): Promise<PlanRef | null> {
		return this.#db.prepare<[string], PlanRef>(SQL.planById).get(id) ?? null;
	}

	/** Staff assigned to the plan's district, and the council's admins. */
	async canStaffOpenPlan(user: StaffUser, plan: PlanRef): Promise<boolean> {
		return this.#canOpenDistrict(user, plan);
	}

	#canOpenDistrict(user: StaffUser, where: { councilId: string; districtId: string }): boolean {
		if (user.disabled || user.councilId !== where.councilId) return false;
		if (user.role === 'admin') return true;
		return this.#db.prepare<[string, string], { one: number }>(SQL.assigned).get(user.id, where.districtId) !== undefined;
	}

	async isEmpty(): Promise<boolean> {
		return this.#db.prepare<[], { n: number }>(SQL.councilCount).get()!.n === 0;
	}
}

/** Yjs document names: the live board of a workshop. */
export const boardDocName = (workshopId: string) => `workshop.${workshopId}`;

