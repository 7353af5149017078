import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import { CompositionGate } from './compositionGate';

/** The parts of a y-websocket provider the gate touches: its document, its update sender, its sync handler (as y-websocket's). */
function fakeProvider() {
	const doc = new Y.Doc();
	const sent: Uint8Array[] = [];
	const provider = {
		doc,
		_updateHandler: (update: Uint8Array, origin: unknown) => {
			if (origin !== provider) sent.push(update);
		},
		messageHandlers: [] as WebsocketProvider['messageHandlers']
	};
	provider.messageHandlers[0] = (encoder, decoder) => {
		encoding.writeVarUint(encoder, 0);
		syncProtocol.readSyncMessage(decoder, encoder, doc, provider);
	};
	doc.on('update', provider._updateHandler);
	return { provider, doc, sent };
}

/** A sync frame body (after the message type) as the server sends it. */
function frame(write: (enc: encoding.Encoder) => void): decoding.Decoder {
	const enc = encoding.createEncoder();
	write(enc);
	return decoding.createDecoder(encoding.toUint8Array(enc));
}

describe('CompositionGate', () => {
	it('passes updates both ways when not composing', () => {
		const { provider, doc, sent } = fakeProvider();
		new CompositionGate(provider as unknown as WebsocketProvider);
		doc.getText('t').insert(0, 'あ');
		expect(sent).toHaveLength(1);
		const remote = new Y.Doc();
		remote.getText('t').insert(0, 'い');
		provider.messageHandlers[0]!(encoding.createEncoder(), frame((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(remote))), provider as unknown as WebsocketProvider, true, 0);
		expect(doc.getText('t').toString()).toContain('い');
	});

	it('while composing: sends nothing, applies nothing; after: one merged update out (the converted text only), then theirs in', () => {
		const { provider, doc, sent } = fakeProvider();
		const gate = new CompositionGate(provider as unknown as WebsocketProvider);
		const text = doc.getText('t');
		gate.hold();
		text.insert(0, 'み');
		text.insert(1, 'ま');
		text.delete(0, 2);
		text.insert(0, '見守り');
		const remote = new Y.Doc();
		remote.getText('t').insert(0, '笑顔');
		provider.messageHandlers[0]!(encoding.createEncoder(), frame((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(remote))), provider as unknown as WebsocketProvider, true, 0);
		expect(sent).toHaveLength(0);
		expect(text.toString()).toBe('見守り');
		// a request for our state (a reconnect) is not answered now: the answer would carry the kana
		const reply = encoding.createEncoder();
		provider.messageHandlers[0]!(reply, frame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())), provider as unknown as WebsocketProvider, true, 0);
		expect(encoding.length(reply)).toBe(0);

		gate.release();
		expect(sent).toHaveLength(1);
		const peer = new Y.Doc();
		Y.applyUpdate(peer, sent[0]!);
		expect(peer.getText('t').toString()).toBe('見守り');
		expect(text.toString().length).toBe(5);
		expect(text.toString()).toContain('見守り');
		expect(text.toString()).toContain('笑顔');
	});
});
