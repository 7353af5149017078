import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin, staffActor } from '$lib/server/auth/guards';
import { backupDir, backupNow, listBackups } from '$lib/server/backup';
import { formatTokyoTime } from '$lib/server/auditView';
import { soleCouncil } from '$lib/server/backupAccess';

export const load: PageServerLoad = ({ locals }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	const { dataDir } = app.config;
	return {
		backups: listBackups(dataDir).map((b) => ({ name: b.name, at: formatTokyoTime(b.at), kb: Math.max(1, Math.round(b.bytes / 1024)) })),
		daily: app.config.backups,
		// The whole database holds every council on this server: only a sole council's admin may copy it.
		canCopy: soleCouncil(app.db, admin.councilId),
		dataDir,
		backupDir: backupDir(dataDir)
	};
};

export const actions: Actions = {
	now: async ({ locals }) => {
		const admin = requireAdmin(locals.user);
		const app = getApp();
		if (!soleCouncil(app.db, admin.councilId)) return fail(403, { error: 'shared' as const });
		try {
			const made = await backupNow(app.db, app.config.dataDir);
			await app.audit.record(admin.councilId, staffActor(admin), 'backup.create', null, { file: made.name, bytes: made.bytes });
			return { made: made.name };
		} catch (e) {
			console.error('[backup] on demand failed', e);
			return fail(500, { error: 'failed' as const });
		}
	}
};
