/**
 * The plan of a district (小地域福祉活動計画), `plan.<planId>`: the live, co-edited parts of the plan
 * (src/lib/domain/plan/). Staff assigned to the plan's district (and the council's admins) open it;
 * facilitators, editors and admins all write it: editors are the district committee members who edit
 * the plan between workshops. Projectors and phones get nothing of it yet (the vision and review
 * issues give them their part).
 */
import type * as Y from 'yjs';
import { initPlan } from '../../../domain/plan/schema';
import type { DocKind } from '../docKinds';
import { staffPrincipal } from '../principal';
import type { Workshops } from '../../workshops';

const NAME = /^plan\.([a-z0-9]{8,40})$/;

export const planDocName = (planId: string) => `plan.${planId}`;

export function planKind(deps: { workshops: Workshops }): DocKind {
	const { workshops } = deps;
	return {
		id: 'plan',
		parse: (name) => NAME.exec(name)?.[1] ?? null,
		docName: planDocName,
		async authorize(planId, c) {
			const plan = await workshops.getPlan(planId);
			if (!plan) return { ok: false, status: 404, message: 'unknown plan' };
			if (c.as === 'display' || c.as === 'participant') return { ok: false, status: 403, message: 'only staff open a plan' };
			if (c.as !== 'staff') return { ok: false, status: 400, message: 'missing or unknown role (as=staff)' };
			const staff = await c.staff();
			if (!staff.ok) return staff;
			if (!await workshops.canStaffOpenPlan(staff.user, plan)) return { ok: false, status: 403, message: 'not your district' };
			return { ok: true, principal: staffPrincipal(staff.user) };
		},
		access: (p) => (p.kind === 'staff' ? 'write' : 'none'),
		init: (doc: Y.Doc, planId: string) => initPlan(doc, planId)
	};
}
