/**
 * Resource use of a server process from /proc/<pid>/stat: resident memory (sampled) and CPU time
 * (utime + stime, in clock ticks) between two marks. CPU is reported as % of one core.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

function getconf(name: string, fallback: number): number {
	try {
		const v = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
		return Number.isFinite(v) && v > 0 ? v : fallback;
	} catch {
		return fallback;
	}
}

export const CLK_TCK = getconf('CLK_TCK', 100);
const PAGE_SIZE = getconf('PAGESIZE', 4096);

export type ProcSnapshot = { at: number; cpuTicks: number; rssBytes: number };

/** One reading of /proc/<pid>/stat, or null when the process is gone. */
export function readProc(pid: number): ProcSnapshot | null {
	let text: string;
	try {
		text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state): utime is field 14, stime 15, rss (pages) 24.
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	const rss = Number(fields[21]);
	return { at: Date.now(), cpuTicks: utime + stime, rssBytes: rss * PAGE_SIZE };
}

export type CpuWindow = { cpuPct: number; seconds: number };

export class ProcSampler {
	readonly pid: number;
	#timer: ReturnType<typeof setInterval>;
	#rssMax = 0;
	#last: ProcSnapshot | null = null;

	constructor(pid: number, everyMs = 200) {
		this.pid = pid;
		this.#sample();
		this.#timer = setInterval(() => this.#sample(), everyMs);
		this.#timer.unref();
	}

	#sample(): ProcSnapshot | null {
		const s = readProc(this.pid);
		if (s) {
			this.#last = s;
			if (s.rssBytes > this.#rssMax) this.#rssMax = s.rssBytes;
		}
		return s;
	}

	/** A CPU mark now (the last reading if the process has just exited). */
	mark(): ProcSnapshot | null {
		return this.#sample() ?? this.#last;
	}

	get rssMaxMb(): number {
		return this.#rssMax / (1024 * 1024);
	}

	stop(): void {
		this.#sample();
		clearInterval(this.#timer);
	}
}

/** CPU use between two marks, in % of one core (200 % = both cores of a 2-core machine busy). */
export function cpuBetween(a: ProcSnapshot | null, b: ProcSnapshot | null): CpuWindow {
	if (!a || !b || b.at <= a.at) return { cpuPct: NaN, seconds: 0 };
	const seconds = (b.at - a.at) / 1000;
	return { cpuPct: ((b.cpuTicks - a.cpuTicks) / CLK_TCK / seconds) * 100, seconds };
}

/**
 * Busy clock ticks of the whole machine (all CPUs) from /proc/stat: user, nice, system and steal.
 * irq and softirq are left out: on loopback they are mostly the bench's own packets, which no
 * process's utime/stime includes.
 */
function systemBusyTicks(): number {
	try {
		const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
		const v = line.trim().split(/\s+/).slice(1).map(Number);
		// user nice system idle iowait irq softirq steal
		return (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[7] ?? 0);
	} catch {
		return NaN;
	}
}

/**
 * CPU used during a window by processes that are not part of the bench (other work on a shared
 * machine), in % of one core: a figure next to the latencies that says how quiet the machine was.
 */
export class BackgroundLoad {
	#pids: number[];
	#start: { at: number; busy: number; ours: number };

	constructor(pids: number[]) {
		this.#pids = pids;
		this.#start = this.#read();
	}

	#read(): { at: number; busy: number; ours: number } {
		let ours = 0;
		for (const pid of this.#pids) ours += readProc(pid)?.cpuTicks ?? 0;
		return { at: Date.now(), busy: systemBusyTicks(), ours };
	}

	/** % of one core used by others since construction. */
	stop(): number {
		const end = this.#read();
		const seconds = (end.at - this.#start.at) / 1000;
		if (seconds <= 0) return NaN;
		const others = end.busy - this.#start.busy - (end.ours - this.#start.ours);
		return Math.max(0, (others / CLK_TCK / seconds) * 100);
	}
}

/**
 * On a shared machine: wait (up to `maxWaitMs`) until processes outside the bench (`ours`: the
 * server, the workers, this process) have used less than `thresholdPct` of one core for two
 * consecutive 2 s windows, so that a measured window does not start in the middle of someone
 * else's build. Returns the others' busy % of the last window.
 */
export async function waitQuiet(maxWaitMs: number, ours: number[], thresholdPct = 20, log: (msg: string) => void = () => {}): Promise<number> {
	const deadline = Date.now() + maxWaitMs;
	let quietWindows = 0;
	let pct = NaN;
	let said = false;
	while (maxWaitMs > 0) {
		const bg = new BackgroundLoad(ours);
		await new Promise((r) => setTimeout(r, 2000));
		pct = bg.stop();
		quietWindows = pct < thresholdPct ? quietWindows + 1 : 0;
		if (quietWindows >= 2) break;
		if (Date.now() > deadline) {
			log(`the machine did not get quiet (others use ${pct.toFixed(0)} % of a core): measuring anyway`);
			break;
		}
		if (!said && quietWindows === 0) log(`waiting for a quiet machine (others use ${pct.toFixed(0)} % of a core; up to ${Math.round(maxWaitMs / 1000)} s)`);
		if (quietWindows === 0) said = true;
	}
	return pct;
}
