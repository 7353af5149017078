/** The year's review sheet (評価シート) as Word: GET, for every staff member who may open the plan; `?template=builtin` for the built-in template. */
import type { RequestHandler } from './$types';
import { reviewDownload } from '$lib/server/review/reviewDownload';

export const GET: RequestHandler = ({ params, locals, url }) => reviewDownload(params, locals.user, 'docx', url);
