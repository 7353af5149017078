/**
 * Loaded into every server process of a raw run (`node --import`), ours and the references alike:
 * times each fan-out from inside the server, where the clients' own CPU time cannot blur it.
 *
 * A fan-out is a run of socket writes with no socket `data` event between them (JavaScript cannot read
 * a socket in the middle of a loop of sends; a server that defers its relay to a later phase of the
 * event loop still reads nothing in between) and no pause over GAP_MS (so that e.g. a heartbeat's
 * pings are not counted as part of the last fan-out). It is timed from the last `data` event before
 * its first write (the update arriving) to its last write (the frame handed to the kernel for the
 * last recipient). Control frames (pings, pongs) are written through without being counted. Bursts that reach at least MIN_SOCKETS sockets are kept as
 * [epoch ms of the start, duration ms, sockets reached] and written to $KYOSO_BENCH_FANOUT every
 * second (the reference servers have no SIGTERM handler, so nothing is left to an exit hook).
 *
 * A fan-out is timed from the update's `data` event, so time the event loop was blocked before it
 * (the update waiting in the socket) is not in it. Such stalls are recorded separately (stallWatch.mjs),
 * kept as [epoch ms of the last tick, ms blocked].
 *
 * Plain JavaScript: the reference servers run without a TypeScript loader.
 */
import fs from 'node:fs';
import net from 'node:net';
import { watchStalls } from './stallWatch.mjs';

const file = process.env.KYOSO_BENCH_FANOUT;
const GAP_MS = 50;
const MIN_SOCKETS = Number(process.env.KYOSO_BENCH_FANOUT_MIN ?? 50);

if (file) {
	const origin = performance.timeOrigin;
	/** @type {[number, number, number][]} */
	const bursts = [];
	/** @type {[number, number][]} */
	const stalls = [];
	watchStalls((lastTick, ms) => stalls.push([Math.round(origin + lastTick), ms]));
	let lastData = 0;
	let readSinceWrite = false;
	/** @type {{ start: number; fromData: boolean; last: number; sockets: Set<net.Socket> } | null} */
	let burst = null;
	const close = () => {
		if (burst && burst.fromData && burst.sockets.size >= MIN_SOCKETS) bursts.push([Math.round(origin + burst.start), Math.round((burst.last - burst.start) * 1000) / 1000, burst.sockets.size]);
		burst = null;
	};
	const emit = net.Socket.prototype.emit;
	net.Socket.prototype.emit = function (event, ...args) {
		if (event === 'data') {
			lastData = performance.now();
			readSinceWrite = true;
		}
		return emit.call(this, event, ...args);
	};
	const write = net.Socket.prototype.write;
	net.Socket.prototype.write = function (...args) {
		const chunk = args[0];
		// pings and pongs (a heartbeat timer's, between fan-outs) and ws's empty payloads after their headers are not part of any fan-out
		if (chunk?.length === 0 || chunk?.[0] === 0x89 || chunk?.[0] === 0x8a) return write.apply(this, args);
		const t = performance.now();
		if (burst && (readSinceWrite || t - burst.last > GAP_MS)) close();
		// writes not preceded by a read (timers: heartbeats, presence) are not the relay of an update
		burst ??= { start: lastData, fromData: readSinceWrite, last: t, sockets: new Set() };
		readSinceWrite = false;
		const r = write.apply(this, args);
		burst.last = performance.now();
		burst.sockets.add(this);
		return r;
	};
	setInterval(() => {
		if (burst && performance.now() - burst.last > GAP_MS) close();
		try {
			fs.writeFileSync(file, JSON.stringify({ bursts, stalls }));
		} catch {
			// the bench removed its directory: it no longer reads
		}
	}, 1000).unref();
}
