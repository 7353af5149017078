import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { boardDocName } from '$lib/server/workshops';
import { planDocName } from '$lib/server/sync/kinds/plan';
import { formatJoinCode } from '$lib/domain/joinCode';

export const load: PageServerLoad = async ({ params, url }) => {
	const app = getApp();
	const workshop = await app.workshops.byDisplayToken(params.token);
	if (!workshop) error(404, { message: 'display_invalid' });
	const origin = app.config.origin ?? url.origin;
	const joinUrl = `${origin}/j/${workshop.joinCode}`;
	const qrSvg = await QRCode.toString(joinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	const map = await app.supportMaps.info(workshop.districtId);
	return {
		/** the support map under the facilitator's mirrored view in step 地区を知る (the route checks the step) */
		map: map
			? { src: `/maps/${workshop.districtId}?w=${workshop.id}&t=${encodeURIComponent(params.token)}&v=${map.uploadedAt.toString(36)}`, width: map.width, height: map.height }
			: null,
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName },
		docName: boardDocName(workshop.id),
		// the plan's vision, when the facilitator shows it (its projector copy: the vision only)
		visionDocName: planDocName(workshop.planId),
		token: params.token,
		joinCode: formatJoinCode(workshop.joinCode),
		joinHost: `${origin.replace(/^https?:\/\//, '')}/join`,
		qrSvg
	};
};
