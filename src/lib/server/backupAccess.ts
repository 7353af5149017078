/** Who may copy the whole database: only the admin of the one council on this server. */
import type { DB } from './db/database';

const SQL = { councils: `SELECT id FROM councils LIMIT 2` } as const;

/** Whether `councilId` is the only council in the database (so a copy holds nobody else's data). */
export function soleCouncil(db: DB, councilId: string): boolean {
	const ids = db.prepare<[], { id: string }>(SQL.councils).all();
	return ids.length === 1 && ids[0]!.id === councilId;
}
