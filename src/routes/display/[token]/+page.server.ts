import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/appContext';
import { boardDocName } from '$lib/server/workshops';
import { formatJoinCode } from '$lib/domain/joinCode';

export const load: PageServerLoad = async ({ params, url }) => {
	const app = getApp();
	const workshop = await app.workshops.byDisplayToken(params.token);
	if (!workshop) error(404, { message: 'display_invalid' });
	const origin = app.config.origin ?? url.origin;
	const joinUrl = `${origin}/j/${workshop.joinCode}`;
	const qrSvg = await QRCode.toString(joinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return {
		workshop: { id: workshop.id, title: workshop.title, districtName: workshop.districtName },
		docName: boardDocName(workshop.id),
		token: params.token,
		joinCode: formatJoinCode(workshop.joinCode),
		joinHost: `${origin.replace(/^https?:\/\//, '')}/join`,
		qrSvg
	};
};
