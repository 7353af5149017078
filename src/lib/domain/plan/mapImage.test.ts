import { describe, expect, it } from 'vitest';
import { inspectMapImage, MAP_LIMITS } from './mapImage';

function png(width: number, height: number, extra = 0): Uint8Array {
	const b = new Uint8Array(33 + extra);
	b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
	const v = new DataView(b.buffer);
	v.setUint32(16, width);
	v.setUint32(20, height);
	return b;
}

function jpeg(width: number, height: number): Uint8Array {
	// SOI, an APP0 segment (length 16), then SOF0 with height and width
	return new Uint8Array([
		0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array<number>(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	]);
}

describe('inspectMapImage', () => {
	it('reads PNG and JPEG dimensions from their headers', () => {
		expect(inspectMapImage(png(1200, 800))).toEqual({ ok: true, value: { type: 'image/png', width: 1200, height: 800 } });
		expect(inspectMapImage(jpeg(1024, 768))).toEqual({ ok: true, value: { type: 'image/jpeg', width: 1024, height: 768 } });
	});
	it('refuses text with a picture name, an empty file and a truncated header', () => {
		expect(inspectMapImage(new TextEncoder().encode('これは地図ではありません'))).toEqual({ ok: false, error: 'not_an_image' });
		expect(inspectMapImage(new Uint8Array())).toEqual({ ok: false, error: 'empty' });
		expect(inspectMapImage(png(100, 100).slice(0, 18))).toEqual({ ok: false, error: 'unreadable' });
		expect(inspectMapImage(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toEqual({ ok: false, error: 'unreadable' });
	});
	it('bounds the size in bytes and in pixels', () => {
		expect(inspectMapImage(png(100, 100, MAP_LIMITS.bytes))).toEqual({ ok: false, error: 'too_large' });
		expect(inspectMapImage(png(9000, 100))).toEqual({ ok: false, error: 'too_many_pixels' });
		expect(inspectMapImage(png(7000, 7000))).toEqual({ ok: false, error: 'too_many_pixels' });
		expect(inspectMapImage(png(10, 10))).toEqual({ ok: false, error: 'too_small' });
	});
});
