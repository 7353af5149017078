/**
 * Residents who join a workshop with a code (参加者). No account, no personal data: a random device
 * token in a cookie identifies the phone; the row per workshop holds an optional nickname.
 */
import type { DB } from './db/database';
import { randomId } from '../domain/ids';
import { hashToken, looksLikeToken } from './auth/tokens';

export const DEVICE_COOKIE = 'kc_device';

export type Participant = { id: string; workshopId: string; nickname: string | null; muted: boolean };

const SQL = {
	knownDevice: `SELECT 1 FROM participants WHERE device_hash = ? LIMIT 1`,
	find: `SELECT id, workshop_id AS workshopId, nickname, muted FROM participants WHERE workshop_id = ? AND device_hash = ?`,
	insert: `INSERT INTO participants (id, workshop_id, device_hash, nickname, created_at) VALUES (?, ?, ?, ?, ?)`,
	setNickname: `UPDATE participants SET nickname = ? WHERE id = ?`,
	byId: `SELECT id, workshop_id AS workshopId, nickname, muted FROM participants WHERE id = ?`,
	setMuted: `UPDATE participants SET muted = ? WHERE id = ?`,
	forWorkshop: `SELECT id, workshop_id AS workshopId, nickname, muted FROM participants WHERE workshop_id = ? ORDER BY created_at`
} as const;

type Row = Omit<Participant, 'muted'> & { muted: number };
const toParticipant = (r: Row): Participant => ({ ...r, muted: r.muted !== 0 });

export class Participants {
	#db: DB;
	constructor(db: DB) {
		this.#db = db;
	}

	async find(workshopId: string, deviceToken: string | null | undefined): Promise<Participant | null> {
		if (!looksLikeToken(deviceToken)) return null;
		const r = this.#db.prepare<[string, string], Row>(SQL.find).get(workshopId, hashToken(deviceToken));
		return r ? toParticipant(r) : null;
	}

	/** Whether this device id was issued by the server: some participant was stored with it. */
	async isKnownDevice(deviceToken: string | null | undefined): Promise<boolean> {
		if (!looksLikeToken(deviceToken)) return false;
		return this.#db.prepare(SQL.knownDevice).get(hashToken(deviceToken)) !== undefined;
	}

	/** Join (or re-join from the same phone): idempotent per device and workshop. */
	async join(workshopId: string, deviceToken: string, nickname: string | null): Promise<Participant> {
		const existing = await this.find(workshopId, deviceToken);
		if (existing) {
			if (nickname !== null && nickname !== existing.nickname) this.#db.prepare(SQL.setNickname).run(nickname, existing.id);
			return (await this.get(existing.id))!;
		}
		const id = randomId();
		this.#db.prepare(SQL.insert).run(id, workshopId, hashToken(deviceToken), nickname, Date.now());
		return (await this.get(id))!;
	}

	async setMuted(id: string, muted: boolean): Promise<void> {
		this.#db.prepare(SQL.setMuted).run(muted ? 1 : 0, id);
	}

	async listForWorkshop(workshopId: string): Promise<Participant[]> {
		return this.#db.prepare<[string], Row>(SQL.forWorkshop).all(workshopId).map(toParticipant);
	}

	async get(id: string): Promise<Participant | null> {
		const r = this.#db.prepare<[string], Row>(SQL.byId).get(id);
		return r ? toParticipant(r) : null;
	}
}
