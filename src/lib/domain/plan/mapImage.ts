/**
 * The support map's picture (支え合いマップの地図画像): PNG or JPEG, recognised by its first bytes (never
 * by its name), its dimensions read from the header and bounded. Pure: no IO.
 */
export const MAP_LIMITS = { bytes: 8 * 1024 * 1024, maxSide: 8000, minSide: 64, maxPixels: 40_000_000 } as const;

export type MapImageType = 'image/png' | 'image/jpeg';
export type MapImageInfo = { type: MapImageType; width: number; height: number };
export type MapImageError = 'empty' | 'too_large' | 'not_an_image' | 'unreadable' | 'too_many_pixels' | 'too_small';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(b: Uint8Array): { width: number; height: number } | null {
	// signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4)
	if (b.length < 24 || b[12] !== 0x49 || b[13] !== 0x48 || b[14] !== 0x44 || b[15] !== 0x52) return null;
	const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
	return { width: v.getUint32(16), height: v.getUint32(20) };
}

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
	let i = 2;
	while (i + 9 < b.length) {
		if (b[i] !== 0xff) return null;
		const marker = b[i + 1]!;
		if (marker === 0xff) {
			i++;
			continue;
		}
		// markers without a length
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		const len = (b[i + 2]! << 8) | b[i + 3]!;
		if (len < 2) return null;
		// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
		}
		if (marker === 0xda || marker === 0xd9) return null;
		i += 2 + len;
	}
	return null;
}

/** What the bytes are, if they are a picture the map may use. */
export function inspectMapImage(bytes: Uint8Array): { ok: true; value: MapImageInfo } | { ok: false; error: MapImageError } {
	if (bytes.byteLength === 0) return { ok: false, error: 'empty' };
	if (bytes.byteLength > MAP_LIMITS.bytes) return { ok: false, error: 'too_large' };
	let type: MapImageType;
	let size: { width: number; height: number } | null;
	if (PNG_SIGNATURE.every((x, i) => bytes[i] === x)) {
		type = 'image/png';
		size = pngSize(bytes);
	} else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		type = 'image/jpeg';
		size = jpegSize(bytes);
	} else return { ok: false, error: 'not_an_image' };
	if (!size || size.width === 0 || size.height === 0) return { ok: false, error: 'unreadable' };
	if (size.width > MAP_LIMITS.maxSide || size.height > MAP_LIMITS.maxSide || size.width * size.height > MAP_LIMITS.maxPixels) return { ok: false, error: 'too_many_pixels' };
	if (size.width < MAP_LIMITS.minSide || size.height < MAP_LIMITS.minSide) return { ok: false, error: 'too_small' };
	return { ok: true, value: { type, ...size } };
}

/** Where the map lies on the board: its top-left at the origin, at its natural size (1 px = 1 board unit). */
export const MAP_ORIGIN = { x: 0, y: 0 } as const;

/** Why an upload was refused: the picture's problem, no file at all, or a role that may not upload. */
export type MapUploadError = MapImageError | 'no_file' | 'forbidden';
