/** Processes descended from a pid (Chromium's browser, renderer and GPU processes), and their CPU. */
import fs from 'node:fs';
import { CLK_TCK, readProc } from '../procStats.ts';

function parentOf(pid: number): number | null {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return null;
	}
}

/** Every live process below `root` (not `root` itself). */
export function descendants(root: number): number[] {
	const parents = new Map<number, number>();
	for (const name of fs.readdirSync('/proc')) {
		const pid = Number(name);
		if (!Number.isInteger(pid)) continue;
		const ppid = parentOf(pid);
		if (ppid !== null) parents.set(pid, ppid);
	}
	const out: number[] = [];
	const frontier = [root];
	while (frontier.length) {
		const p = frontier.pop()!;
		for (const [child, parent] of parents) {
			if (parent === p) {
				out.push(child);
				frontier.push(child);
			}
		}
	}
	return out;
}

/** CPU ticks used by a set of processes: mark, then `pct()` for the % of one core since the mark. */
export class GroupCpu {
	#pids: number[];
	#start: { at: number; ticks: number };

	constructor(pids: number[]) {
		this.#pids = pids;
		this.#start = this.#read();
	}

	#read(): { at: number; ticks: number } {
		let ticks = 0;
		for (const pid of this.#pids) ticks += readProc(pid)?.cpuTicks ?? 0;
		return { at: Date.now(), ticks };
	}

	pct(): number {
		const end = this.#read();
		const s = (end.at - this.#start.at) / 1000;
		return s > 0 ? ((end.ticks - this.#start.ticks) / CLK_TCK / s) * 100 : NaN;
	}
}
