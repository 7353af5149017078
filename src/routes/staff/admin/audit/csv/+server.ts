import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin } from '$lib/server/auth/guards';
import { describeEntry, readAuditFilter } from '$lib/server/auditView';
import { csvDocument } from '$lib/server/csv';
import { m } from '$lib/paraglide/messages';
import { auditNames, auditWords } from '../auditWords';

/** At most this many entries per download (newest first); narrow the dates for older ones. */
const CSV_MAX_ROWS = 20_000;

/** The audit log as CSV for Excel (UTF-8 with BOM, formula-injection safe), with the page's filters. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	const filter = readAuditFilter(url.searchParams);
	const names = await auditNames(app, admin);
	const words = auditWords();
	const rows = (await app.audit.list(admin.councilId, CSV_MAX_ROWS, null, filter, CSV_MAX_ROWS)).map((e) => {
		const r = describeEntry(e, names, words);
		return [r.at, r.actor, r.actionLabel, r.target, r.detail.join(' / ')];
	});
	const body = csvDocument([m.audit_col_time(), m.audit_col_actor(), m.audit_col_action(), m.audit_col_target(), m.audit_col_detail()], rows);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="kyoso-audit-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
