import fs from 'node:fs';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { backupPath } from '$lib/server/backup';
import { soleCouncil } from '$lib/server/backupAccess';

/** One backup file, for the admin to keep elsewhere (it holds every account's password hash: audited). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	if (!soleCouncil(app.db, admin.councilId)) error(403, 'This server holds several councils: ask its operator for a copy');
	const file = backupPath(app.config.dataDir, params.name);
	if (!file) error(404, 'No such backup');
	const size = fs.statSync(file).size;
	await app.audit.record(admin.councilId, staffActor(admin), 'backup.download', null, { file: params.name, bytes: size });
	const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
	return new Response(body, {
		headers: {
			'content-type': 'application/vnd.sqlite3',
			'content-length': String(size),
			'content-disposition': `attachment; filename="${params.name}"`,
			'cache-control': 'no-store'
		}
	});
};
