import type { LayoutServerLoad } from './$types';
import { requireAdmin } from '$lib/server/auth/guards';

// Pages under /staff/admin are for the council's admins only. Every form action here checks
// again with requireAdmin: a layout load does not run before actions.
export const load: LayoutServerLoad = ({ locals }) => {
	requireAdmin(locals.user);
};
