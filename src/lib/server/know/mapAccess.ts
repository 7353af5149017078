/**
 * Who may see a district's support-map picture (GET /maps/<districtId>): staff who may open the
 * district; and, while a workshop of the district is open and its board is in step 地区を知る, that
 * workshop's projector (its link's token, `t`) and its joined phones (device cookie).
 */
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import { boardDocName } from '../workshops';
import { readMeta } from '../../domain/board/board';

export type MapViewer = 'staff' | 'display' | 'participant';

export async function mapViewer(
	app: KyosoApp,
	districtId: string,
	who: { user: StaffUser | null; workshopId: string | null; displayToken: string | null; deviceToken: string | undefined }
): Promise<MapViewer | null> {
	const district = await app.districts.get(districtId);
	if (!district) return null;
	if (who.user && (await app.workshops.canStaffOpenPlan(who.user, { id: '', title: '', districtId, councilId: district.councilId }))) return 'staff';
	if (!who.workshopId) return null;
	const w = await app.workshops.get(who.workshopId);
	if (!w || w.districtId !== districtId || w.status !== 'open') return null;
	let viewer: MapViewer | null = null;
	if (who.displayToken && (await app.workshops.byDisplayToken(who.displayToken))?.id === w.id) viewer = 'display';
	else if (await app.participants.find(w.id, who.deviceToken)) viewer = 'participant';
	if (!viewer) return null;
	const step = await app.sync.read(boardDocName(w.id), (doc) => readMeta(doc).step);
	return step === 'know' ? viewer : null;
}
