import { describe, expect, it } from 'vitest';
import { CloseCode, MessageType, type OpReply, type ParticipantOp, type ParticipantView } from '../protocol/messages';
import { decodeFrame, jsonFrame } from '../protocol/codec';
import { ParticipantConnection, phoneReconnect, type Clock, type ConnStatus, type OutboxEntry, type ParticipantEvents, type SocketHandlers } from './participantConnection';
import { memoryOutbox, storageOutbox } from './outboxStore';

/** A socket the test drives: it opens, delivers and closes when told to, and records what was sent. */
class FakeSocket {
	open = false;
	sent: unknown[] = [];
	closedWith: number | null = null;
	constructor(readonly on: SocketHandlers) {}
	send(data: Uint8Array): void {
		const f = decodeFrame(data);
		if (f?.type !== MessageType.Op) throw new Error('the phone sends only operations');
		this.sent.push(f.json);
	}
	close(code: number): void {
		this.closedWith = code;
		this.open = false;
	}
	serverOpens(): void {
		this.open = true;
		this.on.open();
	}
	serverCloses(code: number): void {
		this.open = false;
		this.on.close(code);
	}
	reply(r: OpReply): void {
		this.on.message(jsonFrame(MessageType.Reply, r));
	}
}

/** Timers that run only when the test advances the clock; random() is fixed. */
class FakeClock implements Clock {
	t = 1_000;
	random = (): number => 0.5;
	#timers: { at: number; fn: () => void; live: boolean }[] = [];
	now(): number {
		return this.t;
	}
	after(ms: number, fn: () => void): () => void {
		const timer = { at: this.t + ms, fn, live: true };
		this.#timers.push(timer);
		return () => (timer.live = false);
	}
	/** the delays of the timers still pending */
	pending(): number[] {
		return this.#timers.filter((x) => x.live).map((x) => x.at - this.t);
	}
	advance(ms: number): void {
		const until = this.t + ms;
		for (;;) {
			const next = this.#timers.filter((x) => x.live && x.at <= until).sort((a, b) => a.at - b.at)[0];
			if (!next) break;
			this.t = next.at;
			next.live = false;
			next.fn();
		}
		this.t = until;
	}
}

function setup(opts: { store?: ReturnType<typeof memoryOutbox>; events?: ParticipantEvents } = {}) {
	const clock = new FakeClock();
	const sockets: FakeSocket[] = [];
	const statuses: ConnStatus[] = [];
	const conn = new ParticipantConnection({
		openSocket: (on) => {
			const s = new FakeSocket(on);
			sockets.push(s);
			return s;
		},
		outboxStore: opts.store,
		clock,
		events: { status: (s) => statuses.push(s), ...opts.events }
	});
	const last = (): FakeSocket => sockets.at(-1)!;
	return { clock, sockets, statuses, conn, last };
}

const note = (id: string, text = 'バス停が遠い'): ParticipantOp => ({ op: 'note.add', id, text, kind: 'concern' });

describe('ParticipantConnection', () => {
	it('sends queued operations once the socket opens, without the queue time', () => {
		const { conn, last, statuses } = setup();
		conn.start();
		conn.submit(note('n1'));
		expect(last().sent).toEqual([]);
		last().serverOpens();
		expect(last().sent).toEqual([note('n1')]);
		conn.submit(note('n2'));
		expect(last().sent).toEqual([note('n1'), note('n2')]);
		expect(statuses).toEqual(['connecting', 'online']);
	});

	it('keeps the outbox in its store and resends it with the same ids after a reconnect', () => {
		const store = memoryOutbox();
		const { conn, clock, sockets, last } = setup({ store });
		conn.start();
		last().serverOpens();
		conn.submit(note('n1'));
		conn.submit(note('n2'));
		last().reply({ id: 'n1', ok: true });
		expect(store.load().map((e) => e.id)).toEqual(['n2']);
		last().serverCloses(CloseCode.Restarting);
		expect(conn.status).toBe('offline');
		clock.advance(3_000);
		expect(sockets).toHaveLength(2);
		last().serverOpens();
		expect(last().sent).toEqual([note('n2')]);
	});

	it('resends an outbox persisted by an earlier page (a reload) on its first connection', () => {
		const storage = new Map<string, string>();
		const ls = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
		const first = setup({ store: storageOutbox(ls, 'outbox') });
		first.conn.submit(note('n1'));
		first.conn.stop();
		const again = setup({ store: storageOutbox(ls, 'outbox') });
		expect(again.conn.outbox.map((e) => e.id)).toEqual(['n1']);
		again.conn.start();
		again.last().serverOpens();
		expect(again.last().sent).toEqual([note('n1')]);
	});

	it('reads a broken or missing stored outbox as empty and survives a full storage', () => {
		const broken = { getItem: () => '{not json', setItem: () => {} };
		expect(storageOutbox(broken, 'k').load()).toEqual([]);
		expect(storageOutbox(null, 'k').load()).toEqual([]);
		const full = storageOutbox({ getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } }, 'k');
		expect(() => full.save([])).not.toThrow();
	});

	it('does not send an operation twice on one socket while it waits for the answer', () => {
		const { conn, last } = setup();
		conn.start();
		last().serverOpens();
		conn.submit(note('n1'));
		conn.submit(note('n2'));
		expect(last().sent.map((o) => (o as ParticipantOp).id)).toEqual(['n1', 'n2']);
	});

	it('drops an operation refused for good and reports it', () => {
		const seen: [string, OutboxEntry | undefined, string][] = [];
		const { conn, last, clock } = setup({ events: { reply: (r, e, outcome) => seen.push([r.ok ? 'ok' : r.error, e, outcome]) } });
		conn.start();
		last().serverOpens();
		conn.submit(note('n1', ''));
		last().reply({ id: 'n1', ok: false, error: 'text_empty' });
		expect(conn.outbox).toEqual([]);
		expect(seen).toEqual([['text_empty', { ...note('n1', ''), queuedAt: clock.t }, 'dropped']]);
		clock.advance(10_000);
		expect(last().sent).toHaveLength(1);
	});

	it('waits the retryAfterMs of a rate_limited answer, then sends the same operation again', () => {
		const resends: boolean[] = [];
		const { conn, last, clock } = setup({ events: { sent: (_e, resend) => resends.push(resend) } });
		conn.start();
		last().serverOpens();
		conn.submit(note('n1'));
		last().reply({ id: 'n1', ok: false, error: 'rate_limited', retryAfterMs: 1_500 });
		expect(conn.outbox.map((e) => e.id)).toEqual(['n1']);
		clock.advance(1_499);
		expect(last().sent).toHaveLength(1);
		clock.advance(1);
		expect(last().sent).toEqual([note('n1'), note('n1')]);
		expect(resends).toEqual([false, true]);
	});

	it('retries a server_error after two seconds when the server names no wait', () => {
		const { conn, last, clock } = setup();
		conn.start();
		last().serverOpens();
		conn.submit(note('n1'));
		last().reply({ id: 'n1', ok: false, error: 'server_error' });
		expect(clock.pending()).toEqual([2_000]);
		clock.advance(2_000);
		expect(last().sent).toHaveLength(2);
	});

	it('ignores an answer to an operation it no longer holds', () => {
		const outcomes: string[] = [];
		const { conn, last } = setup({ events: { reply: (_r, e, o) => outcomes.push(`${o}:${e?.id ?? '-'}`) } });
		conn.start();
		last().serverOpens();
		conn.submit(note('n1'));
		last().reply({ id: 'n1', ok: true });
		last().reply({ id: 'n1', ok: true });
		expect(outcomes).toEqual(['acked:n1', 'acked:-']);
		expect(conn.outbox).toEqual([]);
	});

	it('backs off with jitter, longer after each failed attempt, and starts over once connected', () => {
		const { conn, clock, last } = setup();
		conn.start();
		const delays: number[] = [];
		for (let i = 0; i < 4; i++) {
			last().serverCloses(CloseCode.GoingAway);
			delays.push(clock.pending()[0]!);
			clock.advance(delays.at(-1)!);
		}
		expect(delays).toEqual([0, 1, 2, 3].map((a) => phoneReconnect(a, CloseCode.GoingAway, clock.random)));
		expect(delays[3]).toBeGreaterThan(delays[0]!);
		last().serverOpens();
		last().serverCloses(CloseCode.GoingAway);
		expect(clock.pending()).toEqual([delays[0]]);
	});

	it('spreads reconnects: the delay follows the random source within the back-off window', () => {
		const lo = phoneReconnect(3, CloseCode.GoingAway, () => 0);
		const hi = phoneReconnect(3, CloseCode.GoingAway, () => 0.999);
		expect(hi - lo).toBeGreaterThan(2_000);
		expect(phoneReconnect(0, CloseCode.Restarting, () => 0)).toBe(500);
		expect(phoneReconnect(0, CloseCode.Restarting, () => 1)).toBe(3_000);
	});

	it.each([CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.NotFound])('stays closed and refused after close code %i', (code) => {
		const { conn, clock, sockets, last } = setup();
		conn.start();
		last().serverCloses(code);
		clock.advance(60_000);
		expect(conn.status).toBe('refused');
		expect(sockets).toHaveLength(1);
	});

	it('stop() closes the socket normally, cancels the retries and reports no close', () => {
		const closes: number[] = [];
		const { conn, clock, sockets, last } = setup({ events: { closed: (c) => closes.push(c) } });
		conn.start();
		last().serverOpens();
		conn.submit(note('n1'));
		last().reply({ id: 'n1', ok: false, error: 'rate_limited', retryAfterMs: 500 });
		const s = last();
		conn.stop();
		s.serverCloses(CloseCode.Normal);
		clock.advance(60_000);
		expect(s.closedWith).toBe(CloseCode.Normal);
		expect(s.sent).toHaveLength(1);
		expect(sockets).toHaveLength(1);
		expect(closes).toEqual([]);
	});

	it('ignores events of a socket it has replaced', () => {
		const views: ParticipantView[] = [];
		const { conn, clock, last } = setup({ events: { view: (v) => views.push(v) } });
		conn.start();
		const old = last();
		old.serverCloses(CloseCode.GoingAway);
		clock.advance(10_000);
		old.on.message(jsonFrame(MessageType.View, { me: {}, meta: {} }));
		old.on.open();
		expect(views).toEqual([]);
		expect(conn.status).toBe('offline');
	});

	it('hands views, shared views, presence and notices to its callbacks and skips malformed frames', () => {
		const got: string[] = [];
		const { conn, last } = setup({
			events: {
				view: () => got.push('view'),
				shared: () => got.push('shared'),
				presence: (p) => got.push(`presence ${p.participants}`),
				notice: (n) => got.push(`notice ${n.code}`)
			}
		});
		conn.start();
		last().serverOpens();
		last().on.message(jsonFrame(MessageType.View, { me: { participantId: 'p' }, meta: {} }));
		last().on.message(jsonFrame(MessageType.Shared, { notes: null, voteItems: null }));
		last().on.message(jsonFrame(MessageType.Presence, { participants: 3, staff: 1, displays: 1 }));
		last().on.message(jsonFrame(MessageType.Notice, { code: 'bad_message', message: '' }));
		last().on.message(new Uint8Array([MessageType.Reply, 9, 1]));
		expect(got).toEqual(['view', 'shared', 'presence 3', 'notice bad_message']);
	});
});
