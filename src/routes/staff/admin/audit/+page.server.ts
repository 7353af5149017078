import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { requireAdmin } from '$lib/server/auth/guards';
import { describeEntry, readAuditFilter } from '$lib/server/auditView';
import { ACTION_LABELS, auditNames, auditWords } from './auditWords';

const PAGE_SIZE = 50;
const Before = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireAdmin(locals.user);
	const app = getApp();
	const beforeParam = url.searchParams.get('before');
	const parsed = beforeParam === null ? null : Before.safeParse(beforeParam);
	const before = parsed?.success ? parsed.data : null;
	const filter = readAuditFilter(url.searchParams);

	const rows = await app.audit.list(admin.councilId, PAGE_SIZE + 1, before, filter);
	const page = rows.slice(0, PAGE_SIZE);
	const names = await auditNames(app, admin);
	const words = auditWords();

	// Choices for the filters: the people who appear in the log and the actions that occur in it.
	const people = (await app.audit.staffActors(admin.councilId))
		.map((id) => ({ value: `user:${id}`, label: names.users.get(id)?.name ?? words.gone }))
		.sort((a, b) => a.label.localeCompare(b.label, 'ja'));
	const actions = (await app.audit.actions(admin.councilId))
		.map((a) => ({ value: a, label: ACTION_LABELS[a]?.() ?? a }))
		.sort((a, b) => a.label.localeCompare(b.label, 'ja'));

	return {
		entries: page.map((e) => describeEntry(e, names, words)),
		olderThan: rows.length > PAGE_SIZE ? page[page.length - 1]!.id : null,
		isFirstPage: before === null,
		filter: { who: filter.who, action: filter.action ?? '', from: filter.fromDay, to: filter.toDay },
		people,
		actions
	};
};
