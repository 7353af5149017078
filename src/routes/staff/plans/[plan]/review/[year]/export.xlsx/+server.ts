/** The year's review sheet (評価シート) as Excel: GET, for every staff member who may open the plan. */
import type { RequestHandler } from './$types';
import { reviewDownload } from '$lib/server/review/reviewDownload';

export const GET: RequestHandler = ({ params, locals }) => reviewDownload(params, locals.user, 'xlsx');
