/** Checking and storing an uploaded support-map picture (the know page's form action). */
import type { KyosoApp } from '../app';
import type { StaffUser } from '../auth/staff';
import { inspectMapImage, MAP_LIMITS, type MapUploadError } from '../../domain/plan/mapImage';
import { staffActor } from '../auth/guards';
import type { PlanRef } from '../workshops';


export async function uploadMap(app: KyosoApp, user: StaffUser, plan: PlanRef, file: FormDataEntryValue | null): Promise<{ ok: true } | { ok: false; error: MapUploadError }> {
	if (user.role === 'editor' || user.disabled) return { ok: false, error: 'forbidden' };
	if (!(file instanceof File) || file.size === 0) return { ok: false, error: 'no_file' };
	// the size first, before reading the bytes
	if (file.size > MAP_LIMITS.bytes) return { ok: false, error: 'too_large' };
	const data = new Uint8Array(await file.arrayBuffer());
	const info = inspectMapImage(data);
	if (!info.ok) return { ok: false, error: info.error };
	await app.supportMaps.put(plan.districtId, data, info.value, user.id);
	await app.audit.record(plan.councilId, staffActor(user), 'map.upload', `district:${plan.districtId}`, { width: info.value.width, height: info.value.height, size: data.byteLength });
	return { ok: true };
}
