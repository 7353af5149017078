/** The addresses the server really answers on, as URLs to print at start. */
import type { NetworkInterfaceInfo } from 'node:os';

const ANY = new Set(['0.0.0.0', '::', '']);

const hostPart = (h: string) => (h.includes(':') ? `[${h}]` : h);

/**
 * `local`: the URL to open on the server machine itself; `lan`: when listening on every interface,
 * the IPv4 addresses a phone on the same network (the hall's Wi-Fi) would use.
 */
export function serverUrls(host: string, port: number, nets: NodeJS.Dict<NetworkInterfaceInfo[]>): { local: string; lan: string[] } {
	if (!ANY.has(host)) return { local: `http://${hostPart(host)}:${port}`, lan: [] };
	const lan = Object.values(nets)
		.flatMap((list) => list ?? [])
		.filter((n) => n.family === 'IPv4' && !n.internal)
		.map((n) => `http://${n.address}:${port}`);
	return { local: `http://localhost:${port}`, lan: [...new Set(lan)] };
}
