/** Staff accounts (council admin, facilitator, editor) and their server-side sessions. */
import type { DB } from '../db/database';
import { hashPassword, verifyPassword } from './password';
import { hashToken, looksLikeToken, newToken } from './tokens';
import { randomId } from '../../domain/ids';

export type StaffRole = 'admin' | 'facilitator' | 'editor';
export const STAFF_ROLES = ['admin', 'facilitator', 'editor'] as const satisfies readonly StaffRole[];
export type StaffUser = {
	id: string;
	councilId: string;
	login: string;
	name: string;
	role: StaffRole;
	disabled: boolean;
	/** signed in with a one-time password: must choose their own before doing anything else */
	mustChangePassword: boolean;
	/** removed by an admin: kept only so that the audit log can name them; can never sign in */
	removed: boolean;
};

export type SignInResult = { kind: 'ok'; user: StaffUser } | { kind: 'disabled'; user: StaffUser } | { kind: 'wrong' };

export const SESSION_COOKIE = 'kc_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

const USER_COLUMNS = `u.id, u.council_id AS councilId, u.login, u.name, u.role, u.disabled, u.must_change_password AS mustChangePassword, u.removed_at IS NOT NULL AS removed`;

const SQL = {
	insertUser: `INSERT INTO users (id, council_id, login, name, role, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	userByLogin: `SELECT ${USER_COLUMNS}, u.password_hash AS passwordHash FROM users u WHERE u.login = ?`,
	userById: `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`,
	passwordHash: `SELECT password_hash AS passwordHash FROM users WHERE id = ?`,
	usersOfCouncil: `SELECT ${USER_COLUMNS} FROM users u WHERE u.council_id = ? AND u.removed_at IS NULL ORDER BY u.disabled, u.created_at, u.login`,
	everyoneOfCouncil: `SELECT ${USER_COLUMNS} FROM users u WHERE u.council_id = ?`,
	setProfile: `UPDATE users SET name = ?, role = ? WHERE id = ? AND removed_at IS NULL`,
	remove: `UPDATE users SET removed_at = ?, disabled = 1, login = 'removed:' || id, password_hash = '!removed', must_change_password = 0 WHERE id = ? AND removed_at IS NULL`,
	deleteUserDistricts: `DELETE FROM user_districts WHERE user_id = ?`,
	setDisabled: `UPDATE users SET disabled = ? WHERE id = ?`,
	setPassword: `UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?`,
	insertSession: `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
	sessionUser: `SELECT ${USER_COLUMNS} FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
	deleteSession: `DELETE FROM sessions WHERE token_hash = ?`,
	deleteUserSessions: `DELETE FROM sessions WHERE user_id = ?`,
	deleteOtherUserSessions: `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`,
	deleteExpired: `DELETE FROM sessions WHERE expires_at <= ?`,
	assignDistrict: `INSERT OR IGNORE INTO user_districts (user_id, district_id) VALUES (?, ?)`,
	unassignDistrict: `DELETE FROM user_districts WHERE user_id = ? AND district_id = ?`,
	userDistricts: `SELECT district_id AS districtId FROM user_districts WHERE user_id = ?`,
	councilAssignments: `SELECT ud.user_id AS userId, ud.district_id AS districtId FROM user_districts ud
		JOIN users u ON u.id = ud.user_id WHERE u.council_id = ?`,
	countUsers: `SELECT COUNT(*) AS n FROM users`
} as const;

type UserRow = Omit<StaffUser, 'disabled' | 'mustChangePassword' | 'removed'> & { disabled: number; mustChangePassword: number; removed: number };
const toUser = (r: UserRow): StaffUser => ({ ...r, disabled: r.disabled !== 0, mustChangePassword: r.mustChangePassword !== 0, removed: r.removed !== 0 });

export class StaffAuth {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	async countUsers(): Promise<number> {
		return this.#db.prepare<[], { n: number }>(SQL.countUsers).get()!.n;
	}

	/** Throws on a login id that is taken (SQLite UNIQUE constraint); see `isLoginTaken`. */
	async createUser(input: { councilId: string; login: string; name: string; role: StaffRole; password: string; mustChangePassword?: boolean }): Promise<StaffUser> {
		const id = randomId();
		const hash = await hashPassword(input.password);
		this.#db.prepare(SQL.insertUser).run(id, input.councilId, input.login, input.name, input.role, hash, input.mustChangePassword ? 1 : 0, Date.now());
		return (await this.getUser(id))!;
	}

	async getUser(id: string): Promise<StaffUser | null> {
		const r = this.#db.prepare<[string], UserRow>(SQL.userById).get(id);
		return r ? toUser(r) : null;
	}

	/** The account with this exact login id (disabled ones too), without checking any password. */
	async findByLogin(login: string): Promise<StaffUser | null> {
		const r = this.#db.prepare<[string], UserRow & { passwordHash: string }>(SQL.userByLogin).get(login);
		if (!r) return null;
		const { passwordHash: _ignored, ...user } = r;
		return toUser(user);
	}

	/** Everyone in a council, enabled accounts first, oldest first. */
	async listUsers(councilId: string): Promise<StaffUser[]> {
		return this.#db.prepare<[string], UserRow>(SQL.usersOfCouncil).all(councilId).map(toUser);
	}

	/** Everyone who ever had an account in the council, removed ones too (names for the audit log). */
	async everyone(councilId: string): Promise<StaffUser[]> {
		return this.#db.prepare<[string], UserRow>(SQL.everyoneOfCouncil).all(councilId).map(toUser);
	}

	/** Correct a display name or role. Returns false for an unknown or removed account. */
	async updateProfile(userId: string, profile: { name: string; role: StaffRole }): Promise<boolean> {
		return this.#db.prepare(SQL.setProfile).run(profile.name, profile.role, userId).changes > 0;
	}

	/**
	 * Remove an account: it can never sign in again, its sessions and district assignments end and its
	 * login id is freed for someone else; the row stays (with the name) so that the audit log still
	 * says who did what. Returns false for an unknown or already removed account.
	 */
	async remove(userId: string): Promise<boolean> {
		return this.#db.transaction(() => {
			if (this.#db.prepare(SQL.remove).run(Date.now(), userId).changes === 0) return false;
			this.#endAllSessions(userId);
			this.#db.prepare(SQL.deleteUserDistricts).run(userId);
			return true;
		}).immediate();
	}

	/** Disabling also ends every session of the account at once. Returns false for an unknown id. */
	async setDisabled(userId: string, disabled: boolean): Promise<boolean> {
		return this.#db.transaction(() => {
			const changed = this.#db.prepare(SQL.setDisabled).run(disabled ? 1 : 0, userId).changes > 0;
			if (changed && disabled) this.#endAllSessions(userId);
			return changed;
		}).immediate();
	}

	/** Store a new password; `mustChange` marks it one-time (the person must choose their own next). */
	async setPassword(userId: string, password: string, opts: { mustChange: boolean }): Promise<void> {
		const hash = await hashPassword(password);
		this.#db.prepare(SQL.setPassword).run(hash, opts.mustChange ? 1 : 0, userId);
	}

	/** Whether `password` is this account's current password. */
	async checkPassword(userId: string, password: string): Promise<boolean> {
		const r = this.#db.prepare<[string], { passwordHash: string }>(SQL.passwordHash).get(userId);
		if (!r) return false;
		return verifyPassword(password, r.passwordHash);
	}

	/**
	 * A person changes their own password: the current one must be right. Their other sessions
	 * (other browsers, a lost phone) end; the session `keepToken` stays signed in.
	 */
	async changePassword(userId: string, current: string, next: string, keepToken: string | null | undefined): Promise<'ok' | 'wrong_current'> {
		if (!(await this.checkPassword(userId, current))) return 'wrong_current';
		const hash = await hashPassword(next);
		this.#db.transaction(() => {
			this.#db.prepare(SQL.setPassword).run(hash, 0, userId);
			this.#endOtherSessions(userId, keepToken);
		}).immediate();
		return 'ok';
	}

	async assignDistrict(userId: string, districtId: string): Promise<void> {
		this.#db.prepare(SQL.assignDistrict).run(userId, districtId);
	}

	/** Returns false when the user was not assigned to that district. */
	async unassignDistrict(userId: string, districtId: string): Promise<boolean> {
		return this.#db.prepare(SQL.unassignDistrict).run(userId, districtId).changes > 0;
	}

	async districtIds(userId: string): Promise<string[]> {
		return this.#db.prepare<[string], { districtId: string }>(SQL.userDistricts).all(userId).map((r) => r.districtId);
	}

	/** District ids per user, for every user of a council (users without districts are absent). */
	async districtAssignments(councilId: string): Promise<Map<string, string[]>> {
		const out = new Map<string, string[]>();
		for (const { userId, districtId } of this.#db.prepare<[string], { userId: string; districtId: string }>(SQL.councilAssignments).all(councilId)) {
			const list = out.get(userId);
			if (list) list.push(districtId);
			else out.set(userId, [districtId]);
		}
		return out;
	}

	/**
	 * Check a login id and password. A disabled account is reported as such only to someone who
	 * knows its password, so that the answer reveals nothing to a person guessing.
	 */
	async signIn(login: string, password: string): Promise<SignInResult> {
		const r = this.#db.prepare<[string], UserRow & { passwordHash: string }>(SQL.userByLogin).get(login);
		if (!r) {
			// Spend the same time as a real check so that timing does not reveal which logins exist.
			await verifyPassword(password, DUMMY_HASH);
			return { kind: 'wrong' };
		}
		const good = await verifyPassword(password, r.passwordHash);
		if (!good) return { kind: 'wrong' };
		const { passwordHash: _ignored, ...user } = r;
		return r.disabled ? { kind: 'disabled', user: toUser(user) } : { kind: 'ok', user: toUser(user) };
	}

	/** Check a login id and password; null when either is wrong or the account is disabled. */
	async verifyLogin(login: string, password: string): Promise<StaffUser | null> {
		const r = await this.signIn(login, password);
		return r.kind === 'ok' ? r.user : null;
	}

	/** The names of the council's enabled admins: whom a staff member asks about their account. */
	async adminNames(councilId: string): Promise<string[]> {
		return (await this.listUsers(councilId))
			.filter((u) => u.role === 'admin' && !u.disabled)
			.map((u) => u.name);
	}

	async createSession(userId: string): Promise<{ token: string; expiresAt: number }> {
		const token = newToken();
		const now = Date.now();
		const expiresAt = now + SESSION_TTL_MS;
		this.#db.prepare(SQL.insertSession).run(hashToken(token), userId, now, expiresAt);
		return { token, expiresAt };
	}

	async userForSession(token: string | undefined | null): Promise<StaffUser | null> {
		if (!looksLikeToken(token)) return null;
		const r = this.#db.prepare<[string, number], UserRow>(SQL.sessionUser).get(hashToken(token), Date.now());
		return r ? toUser(r) : null;
	}

	async endSession(token: string | undefined | null): Promise<void> {
		if (looksLikeToken(token)) this.#db.prepare(SQL.deleteSession).run(hashToken(token));
	}

	/** Sign the user out everywhere. Returns the number of sessions ended. */
	async endAllSessions(userId: string): Promise<number> {
		return this.#endAllSessions(userId);
	}

	/** (inside the transactions above: better-sqlite3 transactions are synchronous) */
	#endAllSessions(userId: string): number {
		return this.#db.prepare(SQL.deleteUserSessions).run(userId).changes;
	}

	/** Sign the user out everywhere except the session `keepToken` (all of them when it is not a token). */
	async endOtherSessions(userId: string, keepToken: string | null | undefined): Promise<number> {
		return this.#endOtherSessions(userId, keepToken);
	}

	#endOtherSessions(userId: string, keepToken: string | null | undefined): number {
		if (!looksLikeToken(keepToken)) return this.#endAllSessions(userId);
		return this.#db.prepare(SQL.deleteOtherUserSessions).run(userId, hashToken(keepToken)).changes;
	}

	async purgeExpired(): Promise<void> {
		this.#db.prepare(SQL.deleteExpired).run(Date.now());
	}
}

/** Whether an error from `createUser` means the login id is already in use. */
export function isLoginTaken(e: unknown): boolean {
	return e instanceof Error && /UNIQUE constraint failed: users\.login/.test(e.message);
}

// scrypt hash of a random string, used only to equalise timing for unknown logins.
const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$0000000000000000000000000000000000000000000';
