/**
 * Staff decide on a phone's resource proposal from the board: 「資源リストに追加」 writes it into the
 * district's inventory and marks it accepted (one click; a second click or a retried request adds
 * nothing twice), 却下 marks it rejected. Facilitators and admins only: editors read live boards.
 */
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import { boardDocName, type Workshop } from '../workshops';
import { decideProposal, getProposal } from '../../domain/board/proposals';
import { validateResource } from '../../domain/plan/resources';
import { err, ok, type Result } from '../../domain/result';
import { categoriesFor } from '../resourceCategories';
import { staffActor } from '../auth/guards';

export type DecisionError = 'forbidden' | 'proposal_not_found' | 'proposal_rejected' | 'inventory_full' | 'bad_category';

export async function acceptProposal(app: KyosoApp, user: StaffUser, w: Workshop, proposalId: string): Promise<Result<{ resourceId: string }, DecisionError>> {
	if (!(await app.workshops.canStaffModerate(user, w))) return err('forbidden');
	const name = boardDocName(w.id);
	const p = await app.sync.read(name, (doc) => getProposal(doc, proposalId));
	if (!p) return err('proposal_not_found');
	if (p.status === 'rejected') return err('proposal_rejected');
	if (p.status === 'accepted' && p.resourceId) return ok({ resourceId: p.resourceId });
	const checked = validateResource({ category: p.category, name: p.name, place: p.place, what: p.what, contact: '', contactPublic: false }, await categoriesFor(w.councilId));
	if (!checked.ok) return err('bad_category');
	const added = await app.resources.add(w.districtId, checked.value, 'workshop', `workshop:${w.id}/${p.id}`);
	if (!added.ok) return err(added.error);
	await app.sync.change(name, (doc) => decideProposal(doc, p.id, { status: 'accepted', resourceId: added.resource.id }));
	await app.audit.record(w.councilId, staffActor(user), 'resource.accept', `workshop:${w.id}`, { name: p.name, resourceId: added.resource.id });
	return ok({ resourceId: added.resource.id });
}

export async function rejectProposal(app: KyosoApp, user: StaffUser, w: Workshop, proposalId: string): Promise<Result<null, DecisionError>> {
	if (!(await app.workshops.canStaffModerate(user, w))) return err('forbidden');
	const r = await app.sync.change(boardDocName(w.id), (doc) => decideProposal(doc, proposalId, { status: 'rejected' }));
	return r.ok ? ok(null) : err('proposal_not_found');
}
