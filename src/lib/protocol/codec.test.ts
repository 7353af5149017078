import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MessageType, type Notice, type OpReply, type ParticipantView, type Presence, type SharedView } from './messages';
import { awarenessFrame, decodeFrame, encodeFrame, jsonFrame, splitFrame, syncFrame, type Frame } from './codec';

const view: ParticipantView = {
	meta: { step: 'issues', inputOpen: true, codeVersion: 1 },
	kinds: ['concern', 'strength'],
	kindDefs: [],
	me: { participantId: 'p1', nickname: 'はなこ', muted: false },
	mine: [{ id: 'n1', text: '買い物が不便 🛒', kind: 'concern' }],
	timer: null,
	locked: false,
	prompt: null,
	vision: null,
	tables: [],
	table: '',
	grid: null,
	vote: null
};
const shared: SharedView = { notes: null, voteItems: [{ id: 't1', label: '見守り', votes: 3 }] };
const presence: Presence = { participants: 300, staff: 2, displays: 1 };
const notice: Notice = { code: 'read_only', message: 'this connection is read-only' };
const replies: OpReply[] = [{ id: 'a1', ok: true }, { id: 'a2', ok: false, error: 'rate_limited', retryAfterMs: 1200 }];
const big = new Uint8Array(17_000).map((_, i) => i % 251);

const frames: Frame[] = [
	{ type: MessageType.Sync, syncType: 0, payload: new Uint8Array([0]) },
	{ type: MessageType.Sync, syncType: 1, payload: big },
	{ type: MessageType.Sync, syncType: 2, payload: new Uint8Array([]) },
	{ type: MessageType.Awareness, update: new Uint8Array([1, 2, 3]) },
	{ type: MessageType.QueryAwareness },
	{ type: MessageType.Op, json: { op: 'note.add', id: 'abcdefgh12345678', text: '坂道がきつい', kind: 'concern' } },
	...replies.map((json): Frame => ({ type: MessageType.Reply, json })),
	{ type: MessageType.View, json: view },
	{ type: MessageType.Presence, json: presence },
	{ type: MessageType.Notice, json: notice },
	{ type: MessageType.Shared, json: shared }
];

/** What lib0's encoder (the server's and y-websocket's) writes for the same frame. */
function lib0Bytes(f: Frame): Uint8Array {
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, f.type);
	if (f.type === MessageType.Sync) {
		encoding.writeVarUint(enc, f.syncType);
		encoding.writeVarUint8Array(enc, f.payload);
	} else if (f.type === MessageType.Awareness) encoding.writeVarUint8Array(enc, f.update);
	else if ('json' in f) encoding.writeVarString(enc, JSON.stringify(f.json));
	return encoding.toUint8Array(enc);
}

describe('codec', () => {
	it.each(frames.map((f) => [f.type, f] as const))('round-trips a frame of type %i', (_type, f) => {
		const bytes = encodeFrame(f);
		expect(decodeFrame(bytes)).toEqual(f);
		expect(decodeFrame(bytes.slice().buffer)).toEqual(f);
	});

	it.each(frames.map((f) => [f.type, f] as const))('writes the bytes lib0 writes (type %i)', (_type, f) => {
		expect(encodeFrame(f)).toEqual(lib0Bytes(f));
	});

	it('encodes JSON given as a string as is', () => {
		expect(jsonFrame(MessageType.Presence, JSON.stringify(presence))).toEqual(jsonFrame(MessageType.Presence, presence));
	});

	it('writes varuints beyond 32 bits as lib0 reads them', () => {
		const n = 2 ** 40 + 5;
		const dec = decoding.createDecoder(syncFrame(n, new Uint8Array([9])));
		expect(decoding.readVarUint(dec)).toBe(MessageType.Sync);
		expect(decoding.readVarUint(dec)).toBe(n);
		expect(decoding.readVarUint8Array(dec)).toEqual(new Uint8Array([9]));
	});

	it('splits a frame into its type and body', () => {
		expect(splitFrame(awarenessFrame(new Uint8Array([7])))).toEqual({ type: MessageType.Awareness, body: new Uint8Array([1, 7]) });
		expect(splitFrame(new Uint8Array([0x80]))).toBeNull();
	});

	const text = (type: number, s: string): Uint8Array => {
		const enc = encoding.createEncoder();
		encoding.writeVarUint(enc, type);
		encoding.writeVarString(enc, s);
		return encoding.toUint8Array(enc);
	};
	const good = jsonFrame(MessageType.Reply, replies[0]);

	it.each([
		['an empty frame', new Uint8Array([])],
		['a truncated message type', new Uint8Array([0x80])],
		['a message type beyond 2^53', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
		['an unknown message type', text(99, '{}')],
		['a JSON frame cut short', good.subarray(0, good.length - 1)],
		['a JSON frame with trailing bytes', new Uint8Array([...good, 0])],
		['a length beyond the frame', new Uint8Array([MessageType.Reply, 0x7f, 0x7b])],
		['JSON that does not parse', text(MessageType.Reply, '{not json')],
		['a reply that is not an object', text(MessageType.Reply, '[1,2]')],
		['a reply without an id', text(MessageType.Reply, '{"ok":true}')],
		['a view without me', text(MessageType.View, '{"meta":{}}')],
		['a presence that is null', text(MessageType.Presence, 'null')],
		['a sync frame without its payload', new Uint8Array([MessageType.Sync, 2])],
		['a sync frame with trailing bytes', new Uint8Array([MessageType.Sync, 2, 1, 5, 6])],
		['an awareness frame cut short', new Uint8Array([MessageType.Awareness, 3, 1])],
		['a query-awareness frame with a body', new Uint8Array([MessageType.QueryAwareness, 0])]
	])('rejects %s', (_name, bytes) => {
		expect(decodeFrame(bytes)).toBeNull();
	});

	it('leaves op payloads to the server to validate', () => {
		expect(decodeFrame(text(MessageType.Op, '"just a string"'))).toEqual({ type: MessageType.Op, json: 'just a string' });
	});
});
