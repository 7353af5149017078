/**
 * The council's resource categories copied onto workshop boards, where phones proposing resources read
 * them (domain/board/proposals.ts). Written when staff open a board, and to every open board of the
 * council when an admin saves the council settings (so a category added mid-workshop reaches the phones).
 */
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import { boardDocName, type Workshop } from '../workshops';
import { readProposalCategories, setProposalCategories } from '../../domain/board/proposals';
import { categoriesFor } from '../resourceCategories';

/** Write the council's categories to one board, only when they differ. True when the board changed. */
export async function syncBoardCategories(
	app: KyosoApp,
	workshop: Pick<Workshop, 'id' | 'councilId'>,
	known?: Awaited<ReturnType<typeof categoriesFor>>
): Promise<boolean> {
	const categories = known ?? (await categoriesFor(workshop.councilId));
	const docName = boardDocName(workshop.id);
	const current = await app.sync.read(docName, (doc) => readProposalCategories(doc));
	if (JSON.stringify(current) === JSON.stringify(categories)) return false;
	return await app.sync.change(docName, (doc) => setProposalCategories(doc, categories));
}

/** After a save of the council settings: every open board of the admin's council. Returns how many changed. */
export async function syncCouncilBoardCategories(app: KyosoApp, admin: StaffUser): Promise<number> {
	let changed = 0;
	const categories = await categoriesFor(admin.councilId); // read once for every board
	for (const w of await app.workshops.listFor(admin)) {
		if (w.status === 'open' && w.councilId === admin.councilId && (await syncBoardCategories(app, w, categories))) changed++;
	}
	return changed;
}
