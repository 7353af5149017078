/**
 * Frames for the protocol fuzzer: valid messages of every kind the sync endpoint speaks (Yjs sync
 * step 1 / step 2 / update, awareness, query-awareness, participant operations as JSON, our server
 * message types sent the wrong way), hostile but well-formed ones (deeply nested JSON, prototype
 * keys, odd Unicode, huge numbers, oversized frames), random bytes, and mutations of all of them
 * (bit flips, byte overwrites, truncation, insertion, deletion, splicing, corrupted length fields,
 * huge and overlong varuints, message-type and sync-subtype confusion, JSON field mutations).
 * Everything is drawn from one seeded generator, so a run can be repeated.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, moveNote, setMeta, setNoteHidden } from '../../../src/lib/domain/board.ts';
import { STEP_IDS } from '../../../src/lib/domain/steps.ts';
import { MessageType } from '../../../src/lib/protocol/messages.ts';
import { awarenessFrame, jsonFrame } from '../../../src/lib/protocol/codec.ts';
import { ParticipantOpSchema } from '../../../src/lib/protocol/schema.ts';
import type { ParticipantOp } from '../../../src/lib/protocol/messages.ts';
import type { Rng } from './rng.ts';

export type Role = 'participant' | 'display' | 'staff';
/** The vote round the fuzzer's board has open on notes (see fuzz.ts setupEnv). */
export const FUZZ_ROUND_ID = 'fuzz-round-1';
export type Frame = { bytes: Uint8Array; text: boolean; family: string };

const ID_ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';
const INTERESTING = [0, 1, 2, 3, 7, 100, 101, 102, 103, 104, 105, 127, 128, 255, 256, 16383, 16384, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
const TYPES = [0, 1, 2, 3, 4, 99, 100, 101, 102, 103, 104, 105, 106, 127, 128, 255, 1000];
const WEIRD_STRINGS = [
	'', ' ', '\n', '\u0000', '\u0007bell', '\ud800', '\udfff\ud800', '\u202eevil', '\u2028', '\u2066x\u2069', 'e\u0301'.repeat(50),
	'🧓'.repeat(40), 'あ'.repeat(141), 'x'.repeat(2001), '<script>alert(1)</script>', '${constructor}', '__proto__', 'null', '{}', '[]'
];
/**
 * Names every JavaScript object already has: as ids, item ids, table ids, kinds and keys they once
 * reached Object.prototype on the server (a vote on a note called `constructor` closed the whole
 * workshop; `toString` bypassed the dot budget). Drawn into every field (issue 15).
 */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];
const KEYS = ['op', 'id', 'text', 'kind', 'noteId', 'itemId', 'dots', 'tableId', 'roundId', ''].concat(PROTOTYPE_NAMES);

function bytesOf(build: (enc: encoding.Encoder) => void): Uint8Array {
	const enc = encoding.createEncoder();
	build(enc);
	return encoding.toUint8Array(enc);
}

function varuint(n: number): Uint8Array {
	return bytesOf((e) => encoding.writeVarUint(e, n));
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let i = 0;
	for (const p of parts) {
		out.set(p, i);
		i += p.length;
	}
	return out;
}

/** Read a varuint the way lib0 does; null when it does not parse. */
function readVarUintAt(bytes: Uint8Array, pos: number): { value: number; end: number } | null {
	try {
		const d = decoding.createDecoder(bytes.subarray(pos));
		const value = decoding.readVarUint(d);
		return { value, end: pos + d.pos };
	} catch {
		return null;
	}
}

/** [0 = sync][sub-type][varUint8Array payload]: step 1 carries a state vector, step 2 and update an update. */
function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
	return bytesOf((e) => {
		encoding.writeVarUint(e, MessageType.Sync);
		encoding.writeVarUint(e, subtype);
		encoding.writeVarUint8Array(e, payload);
	});
}

function deepJson(depth: number): string {
	return '['.repeat(depth) + ']'.repeat(depth);
}

function deepValue(depth: number): unknown {
	let v: unknown = [];
	for (let i = 0; i < depth; i++) v = [v];
	return v;
}

/**
 * Decode a participant frame exactly as the server does and say whether it is a schema-valid
 * operation (one the server may legitimately apply to the board).
 */
export function asValidOp(bytes: Uint8Array): ParticipantOp | null {
	try {
		const d = decoding.createDecoder(bytes);
		if (decoding.readVarUint(d) !== MessageType.Op) return null;
		const parsed = ParticipantOpSchema.safeParse(JSON.parse(decoding.readVarString(d)) as unknown);
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

export class FrameFactory {
	#rng: Rng;
	/** a staff-like client's copy of the board: the source of valid updates and sync messages */
	#fork: Y.Doc;
	#updates: Uint8Array[] = [];
	#noteIds: string[];
	#awareness = new Map<number, number>();
	#awarenessIds: number[];
	#recent: Uint8Array[] = [];
	readonly families = new Map<string, number>();

	constructor(rng: Rng, boardState: Uint8Array, noteIds: string[]) {
		this.#rng = rng;
		this.#fork = new Y.Doc();
		Y.applyUpdate(this.#fork, boardState);
		this.#fork.on('update', (u: Uint8Array) => {
			this.#updates.push(u);
			if (this.#updates.length > 64) this.#updates.shift();
		});
		this.#noteIds = [...noteIds];
		this.#awarenessIds = Array.from({ length: 12 }, () => rng.int(1, 2 ** 32 - 1));
		for (let i = 0; i < 8; i++) this.#editFork();
	}

	/** One frame for a socket of this role. */
	next(role: Role): Frame {
		const r = this.#rng;
		let base: { bytes: Uint8Array; family: string };
		const p = r.next();
		if (role === 'participant') {
			base =
				p < 0.42 ? this.#op() :
				p < 0.52 ? this.#sync() :
				p < 0.6 ? this.#awarenessMsg() :
				p < 0.63 ? this.#queryAwareness() :
				p < 0.7 ? this.#serverType() :
				p < 0.82 ? this.#random(role) :
				this.#hostile(role);
		} else if (role === 'display') {
			base =
				p < 0.4 ? this.#sync() :
				p < 0.5 ? this.#op() :
				p < 0.6 ? this.#awarenessMsg() :
				p < 0.64 ? this.#queryAwareness() :
				p < 0.72 ? this.#serverType() :
				p < 0.86 ? this.#random(role) :
				this.#hostile(role);
		} else {
			base =
				p < 0.4 ? this.#sync() :
				p < 0.58 ? this.#awarenessMsg() :
				p < 0.61 ? this.#queryAwareness() :
				p < 0.68 ? this.#op() :
				p < 0.72 ? this.#serverType() :
				p < 0.84 ? this.#random(role) :
				this.#hostile(role);
		}
		let bytes = base.bytes;
		let family = base.family;
		if (r.chance(0.75)) {
			const n = r.chance(0.6) ? 1 : r.int(2, 4);
			const names: string[] = [];
			for (let i = 0; i < n; i++) {
				const m = this.#mutate(bytes);
				bytes = m.bytes;
				names.push(m.name);
			}
			family = `${family}+${names.join('+')}`;
		}
		const text = r.chance(0.015);
		if (text) family = `text:${family}`;
		this.#recent.push(bytes);
		if (this.#recent.length > 32) this.#recent.shift();
		const key = family.split('+')[0]!;
		this.families.set(key, (this.families.get(key) ?? 0) + 1);
		return { bytes, text, family };
	}

	/* ---------------------------------------------------------------- valid bases */

	#clientId(): string {
		const r = this.#rng;
		let s = '';
		for (let i = 0, n = r.int(8, 24); i < n; i++) s += ID_ALPHABET[r.int(0, ID_ALPHABET.length - 1)];
		return s;
	}

	#someNoteId(): string {
		if (this.#rng.chance(0.1)) return this.#rng.pick(PROTOTYPE_NAMES);
		return this.#noteIds.length && this.#rng.chance(0.7) ? this.#rng.pick(this.#noteIds) : this.#clientId();
	}

	#text(): string {
		const r = this.#rng;
		if (r.chance(0.03)) return r.pick(PROTOTYPE_NAMES);
		return r.chance(0.7) ? r.pick(['気になること', '買い物が大変', 'ベンチがほしい', 'fuzz note', '見守り']) + ` ${r.int(0, 1e6)}` : r.pick(WEIRD_STRINGS);
	}

	#opObject(): Record<string, unknown> {
		const r = this.#rng;
		const id = r.chance(0.9) ? this.#clientId() : r.chance(0.5) ? r.pick(PROTOTYPE_NAMES) : r.pick(['short', 'x'.repeat(41), '../../etc', '', 'ID WITH SPACE']);
		switch (r.int(0, 5)) {
			case 0:
				return { op: 'note.add', id, text: this.#text(), kind: r.pick(['concern', 'strength', 'vision', 'resource', '', 'x'.repeat(41), 'CONCERN', ...PROTOTYPE_NAMES.slice(0, 4)]) };
			case 1:
				return { op: 'note.edit', id, noteId: this.#someNoteId(), text: this.#text() };
			case 2:
				return { op: 'note.delete', id, noteId: this.#someNoteId() };
			case 3:
				return {
					op: 'vote.set',
					id,
					// the board has notes with these ids and a vote open on notes (fuzz.ts): votes on them are likely
					itemId: r.chance(0.3) ? r.pick(PROTOTYPE_NAMES) : this.#someNoteId(),
					dots: r.pick([0, 1, 1, 1, 2, 3, 10, 11, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER]),
					...(r.chance(0.2) ? { roundId: r.pick([FUZZ_ROUND_ID, ...PROTOTYPE_NAMES]) } : {})
				};
			case 4:
				return { op: 'table.choose', id, tableId: r.pick(['main', 't1', 'table-2', '', '../x', 'a'.repeat(41), ...PROTOTYPE_NAMES]) };
			default:
				return { op: r.pick(['note.add', 'note.move', 'note.hide', 'vote.open', 'admin', '']), id, [r.pick(KEYS)]: r.pick([1, 'x', null, true, [], {}]) };
		}
	}

	#op(): { bytes: Uint8Array; family: string } {
		const o = this.#opObject();
		return { bytes: jsonFrame(MessageType.Op, JSON.stringify(o)), family: `op:${String(o.op)}` };
	}

	/** Change the staff-like copy of the board the way staff clients do, producing valid updates. */
	#editFork(): void {
		const r = this.#rng;
		const doc = this.#fork;
		const notes = doc.getMap('notes');
		const ids = [...notes.keys()];
		switch (r.int(0, 8)) {
			case 0:
			case 1: {
				const id = r.chance(0.1) ? r.pick(PROTOTYPE_NAMES) : this.#clientId();
				addNote(doc, { id, text: this.#text().slice(0, 100) || 'x', kind: 'concern', authorId: 'fuzz-staff', authorRole: 'staff', nickname: null, now: Date.now() });
				this.#noteIds.push(id);
				return;
			}
			case 2:
				if (ids.length) moveNote(doc, r.pick(ids), r.int(-1e6, 1e6), r.int(-1e6, 1e6));
				return;
			case 3:
				if (ids.length) setNoteHidden(doc, r.pick(ids), r.chance(0.5));
				return;
			case 4:
				setMeta(doc, { step: r.pick(STEP_IDS), inputOpen: r.chance(0.8) });
				return;
			case 5:
				if (ids.length) notes.delete(r.pick(ids));
				return;
			case 6:
				doc.getMap('controls').set(r.pick(['showAll', 'showNames', 'locked', 'spotlight', 'timer']), r.pick([true, false, null, 'x', { durationMs: 60000, endsAt: null, remainingMs: 60000 }]));
				return;
			case 7:
				doc.getMap('themes').set(this.#clientId(), { title: this.#text().slice(0, 40), order: r.int(0, 10) });
				return;
			default:
				if (r.chance(0.5)) doc.getArray('fuzzArray').insert(0, [r.int(0, 100), 'x']);
				else doc.getText('fuzzText').insert(0, this.#text().slice(0, 20));
		}
	}

	#update(): Uint8Array {
		if (this.#rng.chance(0.5) || this.#updates.length === 0) this.#editFork();
		return this.#rng.pick(this.#updates.length ? this.#updates : [Y.encodeStateAsUpdate(this.#fork)]);
	}

	#sync(): { bytes: Uint8Array; family: string } {
		const r = this.#rng;
		const k = r.int(0, 9);
		if (k < 3) {
			const sv = r.chance(0.6) ? Y.encodeStateVector(this.#fork) : Y.encodeStateVector(new Y.Doc());
			return { bytes: syncFrame(syncProtocol.messageYjsSyncStep1, sv), family: 'sync:step1' };
		}
		if (k < 5) {
			const update = r.chance(0.5) ? Y.encodeStateAsUpdate(this.#fork) : this.#update();
			return { bytes: syncFrame(syncProtocol.messageYjsSyncStep2, update), family: 'sync:step2' };
		}
		const update = this.#update();
		return { bytes: syncFrame(syncProtocol.messageYjsUpdate, update), family: 'sync:update' };
	}

	#awarenessPayload(stateJson: string | null): Uint8Array {
		const r = this.#rng;
		const n = r.chance(0.85) ? 1 : r.int(0, 4);
		return bytesOf((e) => {
			encoding.writeVarUint(e, n);
			for (let i = 0; i < n; i++) {
				const client = r.chance(0.9) ? r.pick(this.#awarenessIds) : r.int(0, 2 ** 32);
				const clock = (this.#awareness.get(client) ?? 0) + (r.chance(0.9) ? 1 : r.int(-2, 1000));
				this.#awareness.set(client, Math.max(0, clock));
				encoding.writeVarUint(e, client);
				encoding.writeVarUint(e, Math.max(0, clock));
				encoding.writeVarString(e, stateJson ?? JSON.stringify(this.#awarenessState()));
			}
		});
	}

	#awarenessState(): unknown {
		const r = this.#rng;
		return r.pick([
			null,
			{ user: { name: this.#text(), colour: '#ff0000' } },
			{ user: { name: 'fuzz' }, cursor: { x: r.int(-1e9, 1e9), y: r.next() } },
			{ selection: [this.#someNoteId()], viewport: { x: 0, y: 0, zoom: r.pick([1, 0, -1, 1e308]) } },
			'string state',
			r.int(0, 1e9),
			[1, 2, 3]
		]);
	}

	#awarenessMsg(): { bytes: Uint8Array; family: string } {
		const payload = this.#awarenessPayload(null);
		return { bytes: awarenessFrame(payload), family: 'awareness' };
	}

	#queryAwareness(): { bytes: Uint8Array; family: string } {
		return { bytes: this.#rng.chance(0.8) ? varuint(MessageType.QueryAwareness) : concat(varuint(MessageType.QueryAwareness), this.#randomBytes(8)), family: 'queryAwareness' };
	}

	#serverType(): { bytes: Uint8Array; family: string } {
		const r = this.#rng;
		const type = r.pick([MessageType.Reply, MessageType.View, MessageType.Presence, MessageType.Notice, MessageType.Shared]);
		const payload = r.pick<unknown>([{ id: this.#clientId(), ok: true }, { participants: -1, staff: 1e9, displays: null }, { code: 'read_only', message: 'x' }, { notes: [], voteItems: null }, null]);
		return { bytes: bytesOf((e) => { encoding.writeVarUint(e, type); encoding.writeVarString(e, JSON.stringify(payload)); }), family: `serverType:${type}` };
	}

	#randomBytes(n: number): Uint8Array {
		const out = new Uint8Array(n);
		for (let i = 0; i < n; i++) out[i] = this.#rng.int(0, 255);
		return out;
	}

	#random(role: Role): { bytes: Uint8Array; family: string } {
		const r = this.#rng;
		const big = r.chance(role === 'participant' ? 0.004 : role === 'staff' ? 0.002 : 0.01);
		if (big) {
			// over the participant cap (8 KB) or, rarely for staff, over the 2 MB frame cap
			const n = role === 'staff' && r.chance(0.3) ? r.int(2 * 1024 * 1024, 2 * 1024 * 1024 + 4096) : r.int(8 * 1024, 64 * 1024);
			const bytes = new Uint8Array(n);
			bytes[0] = r.pick(TYPES) & 0x7f;
			for (let i = 1; i < n; i += 97) bytes[i] = r.int(0, 255);
			return { bytes, family: 'random:big' };
		}
		if (r.chance(0.1)) return { bytes: new Uint8Array(0), family: 'random:empty' };
		return { bytes: this.#randomBytes(r.int(1, 64)), family: 'random' };
	}

	/** Well-formed frames with content that is hard to handle. */
	#hostile(role: Role): { bytes: Uint8Array; family: string } {
		const r = this.#rng;
		// participants are capped at 8 KB per frame; keep most of their hostile frames under it
		const maxDepth = role === 'participant' ? 3900 : 7000;
		switch (r.int(0, 9)) {
			case 0: {
				const depth = r.int(100, maxDepth);
				const json = r.chance(0.5) ? deepJson(depth) : `{"op":"note.add","id":"abcdefgh12","text":${deepJson(depth)},"kind":"concern"}`;
				return { bytes: jsonFrame(MessageType.Op, json), family: 'hostile:deepOp' };
			}
			case 1: {
				const depth = r.int(1000, maxDepth);
				const payload = this.#awarenessPayload(r.chance(0.5) ? deepJson(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth));
				return { bytes: awarenessFrame(payload), family: 'hostile:deepAwareness' };
			}
			case 2: {
				// a valid Yjs update that stores a deeply nested value where views copy doc values
				const depth = r.int(3000, 5600);
				const clone = new Y.Doc();
				Y.applyUpdate(clone, Y.encodeStateAsUpdate(this.#fork));
				const sv = Y.encodeStateVector(clone);
				const deep = deepValue(depth);
				const where = r.int(0, 3);
				if (where === 0) clone.getMap('controls').set('timer', { durationMs: 60000, remainingMs: 60000, endsAt: null, extra: deep });
				else if (where === 1) clone.getMap('ballots').set(this.#clientId(), { [this.#clientId()]: deep });
				else if (where === 2) clone.getMap('meta').set(r.pick(['step', 'title', 'x']), deep);
				else clone.getMap(r.pick(['tables', 'kinds', 'vote', 'themes'])).set(this.#clientId(), deep);
				const update = Y.encodeStateAsUpdate(clone, sv);
				clone.destroy();
				return { bytes: syncFrame(syncProtocol.messageYjsUpdate, update), family: 'hostile:deepDocValue' };
			}
			case 3: {
				const o = { ...this.#opObject(), ['__proto__']: { polluted: true }, constructor: { prototype: { polluted: true } } };
				const json = JSON.stringify(o).replace('"constructor"', '"__proto__"');
				return { bytes: jsonFrame(MessageType.Op, json), family: 'hostile:proto' };
			}
			case 4: {
				const json = r.pick([
					'{"op":"note.add","id":"abcdefgh12","text":"x","kind":"concern","id":"zzzzzzzz99"}',
					'{"op":"vote.set","id":"abcdefgh12","itemId":"abcdefgh13","dots":1e309}',
					'{"op":"vote.set","id":"abcdefgh12","itemId":"abcdefgh13","dots":-0}',
					'{"op":"note.add","id":"abcdefgh12","text":"\\ud800\\udc00\\ud800","kind":"concern"}',
					'{"op":"note.add","id":"abcdefgh12","text":"' + 'x'.repeat(1999) + '","kind":"concern"}',
					'{"op":"note.add","id":"abcdefgh12","text":"a","kind":"concern"}'.repeat(3),
					'\uFEFF{"op":"note.delete","id":"abcdefgh12","noteId":"abcdefgh13"}',
					'{"op":"note.delete","id":"abcdefgh12","noteId":"abcdefgh13"} trailing',
					'"just a string"',
					'1e999999',
					'[' + '1,'.repeat(2000) + '1]'
				]);
				return { bytes: jsonFrame(MessageType.Op, json), family: 'hostile:jsonEdge' };
			}
			case 5: {
				// a length field that promises far more than follows, at every level
				const type = r.pick([MessageType.Sync, MessageType.Awareness, MessageType.Op]);
				const parts = [varuint(type)];
				if (type === MessageType.Sync) parts.push(varuint(r.int(0, 2)));
				parts.push(varuint(r.pick([2 ** 31, 2 ** 32, 2 ** 53 - 1, 1e9])), this.#randomBytes(r.int(0, 32)));
				return { bytes: concat(...parts), family: 'hostile:length' };
			}
			case 6: {
				// varuints lib0 refuses (over 2^53) or overlong encodings of small numbers
				const huge = new Uint8Array(r.int(8, 20)).fill(0xff);
				huge[huge.length - 1] = 0x01;
				const overlong = concat(new Uint8Array(r.int(1, 8)).fill(0x80), new Uint8Array([0x00]));
				const rest = this.#op().bytes.subarray(1);
				return { bytes: r.chance(0.5) ? concat(huge, rest) : concat(overlong, rest), family: 'hostile:varuint' };
			}
			case 7: {
				// Yjs update claiming huge struct counts or clocks
				const parts = [varuint(MessageType.Sync), varuint(2)];
				const body = bytesOf((e) => {
					encoding.writeVarUint(e, r.pick([1, 2 ** 20, 2 ** 31]));
					encoding.writeVarUint(e, r.pick([1, 2 ** 20, 2 ** 31]));
					encoding.writeVarUint(e, r.int(0, 2 ** 32));
					encoding.writeVarUint(e, r.pick([0, 2 ** 40, 2 ** 53 - 1]));
					encoding.writeUint8Array(e, this.#randomBytes(r.int(0, 40)));
				});
				parts.push(varuint(body.length), body);
				return { bytes: concat(...parts), family: 'hostile:yjsCounts' };
			}
			case 8: {
				// a sync frame with an unknown sub-type, or a step-1 state vector of many clients
				if (r.chance(0.5)) return { bytes: concat(varuint(MessageType.Sync), varuint(r.pick([3, 4, 127, 2 ** 31])), this.#randomBytes(16)), family: 'hostile:syncSubtype' };
				const sv = bytesOf((e) => {
					const n = r.int(1000, 5000);
					encoding.writeVarUint(e, n);
					for (let i = 0; i < n; i++) {
						encoding.writeVarUint(e, r.int(0, 2 ** 32));
						encoding.writeVarUint(e, r.int(0, 2 ** 40));
					}
				});
				return { bytes: syncFrame(syncProtocol.messageYjsSyncStep1, sv), family: 'hostile:bigStateVector' };
			}
			default: {
				// large but allowed frames: a 7.5 KB operation, or (staff) a 1 MB update
				if (role === 'staff' && r.chance(0.05)) {
					const clone = new Y.Doc();
					clone.getMap('notes').set(this.#clientId(), 'x'.repeat(r.int(100_000, 1_000_000)));
					const update = Y.encodeStateAsUpdate(clone);
					clone.destroy();
					return { bytes: syncFrame(syncProtocol.messageYjsUpdate, update), family: 'hostile:bigUpdate' };
				}
				const json = JSON.stringify({ op: 'note.add', id: this.#clientId(), text: 'あ'.repeat(r.int(500, 2400)), kind: 'concern' });
				return { bytes: jsonFrame(MessageType.Op, json), family: 'hostile:bigOp' };
			}
		}
	}

	/* ---------------------------------------------------------------- mutations */

	#mutate(input: Uint8Array): { bytes: Uint8Array; name: string } {
		const r = this.#rng;
		const b = new Uint8Array(input);
		const pos = () => r.int(0, Math.max(0, b.length - 1));
		switch (r.int(0, 12)) {
			case 0: {
				for (let i = 0, n = r.int(1, 8); i < n && b.length; i++) b[pos()]! ^= 1 << r.int(0, 7);
				return { bytes: b, name: 'bitflip' };
			}
			case 1: {
				for (let i = 0, n = r.int(1, 4); i < n && b.length; i++) b[pos()] = r.pick([0, 0xff, 0x7f, 0x80, 0x01, r.int(0, 255)]);
				return { bytes: b, name: 'byteset' };
			}
			case 2:
				return { bytes: b.subarray(0, r.int(0, b.length)), name: 'truncate' };
			case 3:
				return { bytes: concat(b, this.#randomBytes(r.int(1, 32))), name: 'extend' };
			case 4: {
				const at = r.int(0, b.length);
				return { bytes: concat(b.subarray(0, at), this.#randomBytes(r.int(1, 16)), b.subarray(at)), name: 'insert' };
			}
			case 5: {
				const at = pos();
				return { bytes: concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + r.int(1, 16)))), name: 'delete' };
			}
			case 6: {
				const at = pos();
				const len = r.int(1, 32);
				return { bytes: concat(b.subarray(0, at + len), b.subarray(at)), name: 'duplicate' };
			}
			case 7:
				return { bytes: this.#corruptLength(b), name: 'length' };
			case 8: {
				// replace the message type: overlong, huge or another type with the same payload
				const t = readVarUintAt(b, 0);
				const rest = t ? b.subarray(t.end) : b;
				const head = r.pick([
					varuint(r.pick(TYPES)),
					varuint(r.pick(INTERESTING)),
					concat(new Uint8Array(r.int(1, 9)).fill(0x80 | (t ? t.value & 0x7f : 0)), new Uint8Array([0])),
					concat(new Uint8Array(r.int(8, 12)).fill(0xff), new Uint8Array([0x7f]))
				]);
				return { bytes: concat(head, rest), name: 'type' };
			}
			case 9: {
				// sync sub-type confusion (step 1 <-> step 2 <-> update <-> unknown)
				const t = readVarUintAt(b, 0);
				if (!t || t.value !== MessageType.Sync) return { bytes: b, name: 'subtype-noop' };
				const s = readVarUintAt(b, t.end);
				const rest = s ? b.subarray(s.end) : b.subarray(t.end);
				return { bytes: concat(b.subarray(0, t.end), varuint(r.pick([0, 1, 2, 3, 255, 2 ** 31])), rest), name: 'subtype' };
			}
			case 10: {
				// splice with a recent frame
				const other = this.#recent.length ? r.pick(this.#recent) : this.#randomBytes(16);
				return { bytes: concat(b.subarray(0, r.int(0, b.length)), other.subarray(r.int(0, other.length))), name: 'splice' };
			}
			case 11:
				return { bytes: this.#mutateJson(b), name: 'json' };
			default: {
				// an interesting number written over a varuint-sized window
				const at = pos();
				const v = varuint(r.pick(INTERESTING));
				const out = concat(b.subarray(0, at), v, b.subarray(Math.min(b.length, at + v.length)));
				return { bytes: out, name: 'interesting' };
			}
		}
	}

	/** Rewrite the first length field (after the type, and the sync sub-type) with a wrong value. */
	#corruptLength(b: Uint8Array): Uint8Array {
		const r = this.#rng;
		const t = readVarUintAt(b, 0);
		if (!t) return b;
		let at = t.end;
		if (t.value === MessageType.Sync) {
			const s = readVarUintAt(b, at);
			if (!s) return b;
			at = s.end;
		}
		const len = readVarUintAt(b, at);
		if (!len) return b;
		const value = r.pick([0, Math.max(0, len.value - 1), len.value + 1, len.value * 2 + 7, 2 ** 31 - 1, 2 ** 32, 2 ** 53 - 1, r.int(0, 2 ** 30)]);
		return concat(b.subarray(0, at), varuint(value), b.subarray(len.end));
	}

	/** For frames that carry JSON: change a field's value or type, drop or add a field, re-frame. */
	#mutateJson(b: Uint8Array): Uint8Array {
		const r = this.#rng;
		try {
			const d = decoding.createDecoder(b);
			const type = decoding.readVarUint(d);
			const value = JSON.parse(decoding.readVarString(d)) as unknown;
			if (typeof value !== 'object' || value === null || Array.isArray(value)) return b;
			const o = { ...(value as Record<string, unknown>) };
			const keys = Object.keys(o);
			const k = r.chance(0.8) && keys.length ? r.pick(keys) : r.pick(KEYS);
			switch (r.int(0, 4)) {
				case 0:
					delete o[k];
					break;
				case 1:
					o[k] = r.pick<unknown>([null, 0, -1, 1.5, 1e308, true, '', [], {}, 'x'.repeat(r.int(1, 3000)), [o[k]], { v: o[k] }]);
					break;
				case 2:
					o[k] = r.pick(WEIRD_STRINGS);
					break;
				case 3:
					o[r.pick(KEYS)] = this.#text();
					break;
				default:
					if (typeof o[k] === 'string') o[k] = (o[k] as string).split('').reverse().join('');
			}
			return bytesOf((e) => { encoding.writeVarUint(e, type); encoding.writeVarString(e, JSON.stringify(o)); });
		} catch {
			return b;
		}
	}
}
