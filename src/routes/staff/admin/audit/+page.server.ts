import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin } from '$lib/server/auth/guards';
import { describeDetail, formatTokyoTime } from '$lib/server/auditView';

const PAGE_SIZE = 50;
const Before = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const load: PageServerLoad = ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	const beforeParam = url.searchParams.get('before');
	const parsed = beforeParam === null ? null : Before.safeParse(beforeParam);
	const before = parsed?.success ? parsed.data : null;

	const rows = app.audit.list(admin.councilId, PAGE_SIZE + 1, before);
	const page = rows.slice(0, PAGE_SIZE);

	// Targets are stored as "user:<id>" / "workshop:<id>"; show names the admin recognises.
	const users = new Map(app.staff.listUsers(admin.councilId).map((u) => [`user:${u.id}`, `${u.name} (${u.login})`]));
	const workshops = new Map(app.workshops.listFor(admin).map((w) => [`workshop:${w.id}`, `${w.title} (${w.districtName})`]));
	const targetName = (t: string | null) => (t === null ? '' : (users.get(t) ?? workshops.get(t) ?? t));

	return {
		entries: page.map((e) => ({
			id: e.id,
			at: formatTokyoTime(e.at),
			actorKind: e.actorKind,
			actorName: e.actorName,
			action: e.action,
			target: targetName(e.target),
			detail: describeDetail(e.detail)
		})),
		olderThan: rows.length > PAGE_SIZE ? page[page.length - 1]!.id : null,
		isFirstPage: before === null
	};
};
