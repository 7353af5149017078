/** Staff accounts (council admin, facilitator, editor) and their server-side sessions. */
import type { DB } from '../db/database';
import { hashPassword, verifyPassword } from './password';
import { hashToken, looksLikeToken, newToken } from './tokens';
import { randomId } from '../../domain/ids';

export type StaffRole = 'admin' | 'facilitator' | 'editor';
export type StaffUser = { id: string; councilId: string; login: string; name: string; role: StaffRole; disabled: boolean };

export const SESSION_COOKIE = 'kc_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

const SQL = {
	insertUser: `INSERT INTO users (id, council_id, login, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
	userByLogin: `SELECT id, council_id AS councilId, login, name, role, disabled, password_hash AS passwordHash FROM users WHERE login = ?`,
	userById: `SELECT id, council_id AS councilId, login, name, role, disabled FROM users WHERE id = ?`,
	insertSession: `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
	sessionUser: `SELECT u.id, u.council_id AS councilId, u.login, u.name, u.role, u.disabled FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
	deleteSession: `DELETE FROM sessions WHERE token_hash = ?`,
	deleteExpired: `DELETE FROM sessions WHERE expires_at <= ?`,
	assignDistrict: `INSERT OR IGNORE INTO user_districts (user_id, district_id) VALUES (?, ?)`,
	userDistricts: `SELECT district_id AS districtId FROM user_districts WHERE user_id = ?`,
	countUsers: `SELECT COUNT(*) AS n FROM users`
} as const;

type UserRow = Omit<StaffUser, 'disabled'> & { disabled: number };
const toUser = (r: UserRow): StaffUser => ({ ...r, disabled: r.disabled !== 0 });

export class StaffAuth {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	countUsers(): number {
		return this.#db.prepare<[], { n: number }>(SQL.countUsers).get()!.n;
	}

	async createUser(input: { councilId: string; login: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
		const id = randomId();
		const hash = await hashPassword(input.password);
		this.#db.prepare(SQL.insertUser).run(id, input.councilId, input.login, input.name, input.role, hash, Date.now());
		return this.getUser(id)!;
	}

	getUser(id: string): StaffUser | null {
		const r = this.#db.prepare<[string], UserRow>(SQL.userById).get(id);
		return r ? toUser(r) : null;
	}

	assignDistrict(userId: string, districtId: string): void {
		this.#db.prepare(SQL.assignDistrict).run(userId, districtId);
	}

	districtIds(userId: string): string[] {
		return this.#db.prepare<[string], { districtId: string }>(SQL.userDistricts).all(userId).map((r) => r.districtId);
	}

	/** Check a login id and password; null when either is wrong or the account is disabled. */
	async verifyLogin(login: string, password: string): Promise<StaffUser | null> {
		const r = this.#db.prepare<[string], UserRow & { passwordHash: string }>(SQL.userByLogin).get(login);
		if (!r) {
			// Spend the same time as a real check so that timing does not reveal which logins exist.
			await verifyPassword(password, DUMMY_HASH);
			return null;
		}
		const good = await verifyPassword(password, r.passwordHash);
		if (!good || r.disabled) return null;
		const { passwordHash: _ignored, ...user } = r;
		return toUser(user);
	}

	createSession(userId: string): { token: string; expiresAt: number } {
		const token = newToken();
		const now = Date.now();
		const expiresAt = now + SESSION_TTL_MS;
		this.#db.prepare(SQL.insertSession).run(hashToken(token), userId, now, expiresAt);
		return { token, expiresAt };
	}

	userForSession(token: string | undefined | null): StaffUser | null {
		if (!looksLikeToken(token)) return null;
		const r = this.#db.prepare<[string, number], UserRow>(SQL.sessionUser).get(hashToken(token), Date.now());
		return r ? toUser(r) : null;
	}

	endSession(token: string | undefined | null): void {
		if (looksLikeToken(token)) this.#db.prepare(SQL.deleteSession).run(hashToken(token));
	}

	purgeExpired(): void {
		this.#db.prepare(SQL.deleteExpired).run(Date.now());
	}
}

// scrypt hash of a random string, used only to equalise timing for unknown logins.
const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$0000000000000000000000000000000000000000000';
