/**
 * The plan of a district (小地域福祉活動計画), `plan.<planId>`: the live, co-edited parts of the plan
 * (src/lib/domain/plan/). Staff assigned to the plan's district (and the council's admins) open it;
 * facilitators, editors and admins all write it: editors are the district committee members who edit
 * the plan between workshops. A projector of a workshop of the plan (its display token) syncs with the
 * plan's projector copy: the vision only (domain/plan/visionProjector.ts), never the rest of the plan.
 * Phones never open it: what they get of the vision is plain text in their board's view (board/stage.ts).
 */
import type * as Y from 'yjs';
import { initPlan } from '../../../domain/plan/schema';
import { VisionMirror } from '../../../domain/plan/visionProjector';
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
			if (c.as === 'display') {
				// the projector of a workshop of this plan: its vision, through the projector copy
				const w = await workshops.byDisplayToken(c.displayToken);
				if (!w || w.planId !== plan.id) return { ok: false, status: 403, message: 'projector link is not valid for this plan' };
				return { ok: true, principal: { kind: 'display', workshopId: w.id } };
			}
			if (c.as === 'participant') return { ok: false, status: 403, message: 'only staff and projectors open a plan' };
			if (c.as !== 'staff') return { ok: false, status: 400, message: 'missing or unknown role (as=staff)' };
			const staff = await c.staff();
			if (!staff.ok) return staff;
			if (!await workshops.canStaffOpenPlan(staff.user, plan)) return { ok: false, status: 403, message: 'not your district' };
			return { ok: true, principal: staffPrincipal(staff.user) };
		},
		access: (p) => (p.kind === 'staff' ? 'write' : p.kind === 'display' ? 'read' : 'none'),
		init: (doc: Y.Doc, planId: string) => initPlan(doc, planId),
		projector: (doc, opts) => new VisionMirror(doc, opts)
	};
}
