/**
 * The client address of a websocket upgrade, read as adapter-node reads it for pages
 * (`getClientAddress()`), so that joins and sockets from one phone count against one address:
 * behind a reverse proxy from ADDRESS_HEADER (and, for X-Forwarded-For, the XFF_DEPTH-th entry from
 * the right); otherwise the TCP peer. A proxy that omits the header gives the peer's address.
 */
import type { IncomingMessage } from 'node:http';
import type { Config } from './config';

export function upgradeClientAddress(req: IncomingMessage, config: Pick<Config, 'addressHeader' | 'xffDepth'>): string {
	const peer = req.socket.remoteAddress ?? '';
	const header = config.addressHeader;
	if (!header) return peer;
	const raw = req.headers[header];
	const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim();
	if (!value) return peer;
	if (header !== 'x-forwarded-for') return value;
	const addresses = value.split(',');
	return addresses[Math.max(0, addresses.length - config.xffDepth)]?.trim() || peer;
}
