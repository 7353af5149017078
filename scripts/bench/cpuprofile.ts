/**
 * Summarise a V8 .cpuprofile (from `npm run bench -- ... --cpu-prof DIR`): where the server's main
 * thread spent its time, by self time and by inclusive time, optionally within a time window.
 *
 *   node --import tsx scripts/bench/cpuprofile.ts FILE.cpuprofile [--top N] [--from S --to S]
 */
import fs from 'node:fs';
import path from 'node:path';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function frameName(f: CallFrame): string {
	const file = f.url ? f.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(/.*\/work\/main\//, '') : '';
	return `${f.functionName || '(anonymous)'}${file ? ` ${path.basename(path.dirname(file))}/${path.basename(file)}:${f.lineNumber + 1}` : ''}`;
}

function main(): void {
	const args = process.argv.slice(2);
	const file = args.find((a) => !a.startsWith('--'));
	if (!file) throw new Error('usage: cpuprofile.ts FILE.cpuprofile [--top N] [--from S --to S]');
	const opt = (name: string): number | null => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? Number(args[i + 1]) : null;
	};
	const top = opt('top') ?? 25;
	const from = opt('from');
	const to = opt('to');
	const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(prof.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

	const self = new Map<string, number>();
	const incl = new Map<string, number>();
	let total = 0;
	let t = prof.startTime;
	for (let i = 0; i < prof.samples.length; i++) {
		const dt = prof.timeDeltas[i] ?? 0;
		t += dt;
		const sec = (t - prof.startTime) / 1e6;
		if ((from !== null && sec < from) || (to !== null && sec > to)) continue;
		const node = byId.get(prof.samples[i]!);
		if (!node) continue;
		total += dt;
		const name = frameName(node.callFrame);
		self.set(name, (self.get(name) ?? 0) + dt);
		const seen = new Set<string>();
		for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
			const n = frameName(byId.get(id)!.callFrame);
			if (seen.has(n)) continue;
			seen.add(n);
			incl.set(n, (incl.get(n) ?? 0) + dt);
		}
	}
	const show = (title: string, m: Map<string, number>) => {
		console.log(`\n${title} (of ${(total / 1e6).toFixed(2)} s sampled)`);
		for (const [name, us] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
			console.log(`${(us / 1e3).toFixed(0).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
		}
	};
	show('self time', self);
	show('inclusive time', incl);

	// Busy stretches: runs of consecutive non-idle samples = how long the event loop was blocked.
	const idle = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
	const stretches: { ms: number; at: number; what: Map<string, number> }[] = [];
	let cur: { ms: number; at: number; what: Map<string, number> } | null = null;
	t = prof.startTime;
	for (let i = 0; i < prof.samples.length; i++) {
		const dt = prof.timeDeltas[i] ?? 0;
		t += dt;
		const sec = (t - prof.startTime) / 1e6;
		if ((from !== null && sec < from) || (to !== null && sec > to)) continue;
		const id = prof.samples[i]!;
		if (idle.has(id)) {
			if (cur) stretches.push(cur);
			cur = null;
			continue;
		}
		cur ??= { ms: 0, at: sec, what: new Map() };
		cur.ms += dt / 1e3;
		// the leaf frame (self time): e.g. sqliteTransaction = the SQLite commit and its fsync, writev = socket writes
		const label = frameName(byId.get(id)!.callFrame);
		cur.what.set(label, (cur.what.get(label) ?? 0) + dt / 1e3);
	}
	if (cur) stretches.push(cur);
	const over = (x: number) => stretches.filter((s) => s.ms > x).length;
	console.log(`\nbusy stretches (event loop blocked): ${stretches.length}; > 5 ms: ${over(5)}, > 10 ms: ${over(10)}, > 25 ms: ${over(25)}, > 50 ms: ${over(50)}`);
	for (const st of stretches.sort((a, b) => b.ms - a.ms).slice(0, Math.min(top, 15))) {
		const what = [...st.what.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(1)} ms`);
		console.log(`${st.ms.toFixed(1).padStart(8)} ms at ${st.at.toFixed(2)} s: ${what.join('; ')}`);
	}
}

main();
