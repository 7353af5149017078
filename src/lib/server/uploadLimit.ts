/**
 * Uploads over the request size limit (BODY_SIZE_LIMIT, 10M by default: server/index.ts).
 *
 * adapter-node hands SvelteKit a body stream that errors with a 413 when it is read (its
 * `getRequest`, in @sveltejs/kit/node), so a form action's `request.formData()` throws and the
 * browser got a bare "Payload Too Large" page. Instead, a multipart form post to a form action whose
 * Content-Length is over the limit is answered before its body is read: a redirect back to the page
 * with `?upload=too_large`, which the upload forms (support map, council template) show as a
 * Japanese message. Nothing is read, so nothing is stored. (Node discards the unread body.)
 */
import { redirect, type Handle } from '@sveltejs/kit';

/** The query flag the upload pages read. */
export const UPLOAD_FLAG = 'upload';
export const UPLOAD_TOO_LARGE = 'too_large';

/** BODY_SIZE_LIMIT as adapter-node reads it: a number of bytes with an optional K, M or G (× 1024). */
export function parseByteSize(value: string): number {
	const unit = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.at(-1)?.toUpperCase() ?? ''];
	return unit ? Number(value.slice(0, -1)) * unit : Number(value);
}

/** The limit in effect (server/index.ts sets 10M unless BODY_SIZE_LIMIT says otherwise). */
export function bodySizeLimit(env: Record<string, string | undefined> = process.env): number {
	const n = parseByteSize(env.BODY_SIZE_LIMIT ?? '10M');
	return Number.isNaN(n) ? parseByteSize('10M') : n;
}

type Post = { method: string; url: URL; headers: Headers };

/** Where to send an upload that is too large to read, or null if this request is not one. */
export function oversizedUploadRedirect(req: Post, limit: number): string | null {
	if (req.method !== 'POST' || !req.url.search.startsWith('?/')) return null; // form actions only
	if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) return null;
	const length = Number(req.headers.get('content-length') ?? NaN);
	if (!Number.isFinite(length) || length <= limit) return null;
	return `${req.url.pathname}?${UPLOAD_FLAG}=${UPLOAD_TOO_LARGE}`;
}

/** The hook: answers such a post with a 303 (enhanced forms get it as an action result and follow it). */
export const oversizedUploads: Handle = ({ event, resolve }) => {
	const to = oversizedUploadRedirect({ method: event.request.method, url: event.url, headers: event.request.headers }, bodySizeLimit());
	if (to) redirect(303, to);
	return resolve(event);
};

/** For a page's load: did the last upload come back too large? */
export const uploadWasTooLarge = (url: URL): boolean => url.searchParams.get(UPLOAD_FLAG) === UPLOAD_TOO_LARGE;
