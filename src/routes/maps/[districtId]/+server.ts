/**
 * The support map's picture of a district (支え合いマップ): for staff of the district, and for a
 * workshop's projector (`?w=<workshop>&t=<projector token>`) and phones (`?w=<workshop>`, device
 * cookie) while that workshop is in step 地区を知る (server/know/mapAccess.ts). Served with its own
 * content type, never sniffed, and cached privately (revalidated by its ETag).
 */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/appContext';
import { DEVICE_COOKIE } from '$lib/server/participants';
import { mapViewer } from '$lib/server/know/mapAccess';

export const GET: RequestHandler = async ({ params, url, locals, cookies, request }) => {
	const app = getApp();
	const viewer = await mapViewer(app, params.districtId, {
		user: locals.user,
		workshopId: url.searchParams.get('w'),
		displayToken: url.searchParams.get('t'),
		deviceToken: cookies.get(DEVICE_COOKIE)
	});
	if (!viewer) error(404, 'map not found');
	const info = await app.supportMaps.info(params.districtId);
	if (!info) error(404, 'map not found');
	const etag = `"${info.uploadedAt.toString(36)}-${info.size.toString(36)}"`;
	const headers: Record<string, string> = {
		'content-type': info.type,
		etag,
		// a projector's URL holds its token: not kept; others keep it privately and revalidate
		'cache-control': viewer === 'display' ? 'no-store' : 'private, max-age=300, must-revalidate',
		'x-content-type-options': 'nosniff',
		'content-disposition': 'inline; filename="support-map"'
	};
	if (viewer !== 'display' && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	const picture = await app.supportMaps.picture(params.districtId);
	if (!picture) error(404, 'map not found');
	return new Response(new Blob([new Uint8Array(picture.data)], { type: info.type }), { headers: { ...headers, 'content-length': String(picture.data.byteLength) } });
};
