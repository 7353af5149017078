import { describe, it, expect } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { serverUrls } from './addresses';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
	({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

const nets = { lo: [nic('127.0.0.1', 'IPv4', true)], wlan0: [nic('192.168.1.23', 'IPv4', false), nic('fe80::1', 'IPv6', false)] };

describe('serverUrls', () => {
	it('prints the address it really listens on', () => {
		expect(serverUrls('127.0.0.1', 4100, nets)).toEqual({ local: 'http://127.0.0.1:4100', lan: [] });
		expect(serverUrls('::1', 4100, nets)).toEqual({ local: 'http://[::1]:4100', lan: [] });
	});
	it('on every interface, adds the LAN addresses a phone in the hall would use', () => {
		expect(serverUrls('0.0.0.0', 3000, nets)).toEqual({ local: 'http://localhost:3000', lan: ['http://192.168.1.23:3000'] });
		expect(serverUrls('::', 3000, { lo: nets.lo })).toEqual({ local: 'http://localhost:3000', lan: [] });
	});
});
