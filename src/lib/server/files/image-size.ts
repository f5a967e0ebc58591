import type { SniffedType } from './sniff.ts';

/**
 * A raster image's width and height in pixels, read from its header (JPEG's frame, PNG's IHDR,
 * WebP's VP8/VP8L/VP8X), without decoding it. Null when the header is not where it must be.
 * The size is as the picture is shown: a JPEG whose EXIF orientation turns it a quarter (5–8)
 * gives its two sides swapped.
 */
export function imageSize(bytes: Uint8Array, type: SniffedType): { width: number; height: number } | null {
	try {
		switch (type.mime) {
			case 'image/png':
				return pngSize(bytes);
			case 'image/jpeg':
				return jpegSize(bytes);
			case 'image/webp':
				return webpSize(bytes);
			case 'image/gif':
				return positive(bytes[6]! | (bytes[7]! << 8), bytes[8]! | (bytes[9]! << 8));
			default:
				return null;
		}
	} catch {
		return null;
	}
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((u16be(b, at) << 16) | u16be(b, at + 2)) >>> 0;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);

function positive(width: number, height: number): { width: number; height: number } | null {
	return Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 ? { width, height } : null;
}

function pngSize(b: Uint8Array) {
	if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
	return positive(u32be(b, 16), u32be(b, 20));
}

// Start-of-frame markers (every SOFn but DHT C4, JPG C8 and DAC CC).
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array) {
	let at = 2;
	let orientation = 1;
	while (at + 9 < b.length) {
		if (b[at] !== 0xff) return null;
		const marker = b[at + 1]!;
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		const length = u16be(b, at + 2);
		if (marker === 0xe1) orientation = exifOrientation(b.subarray(at + 4, at + 2 + length)) ?? orientation;
		if (SOF.has(marker)) {
			const size = positive(u16be(b, at + 7), u16be(b, at + 5));
			// Orientations 5 to 8 turn the picture a quarter: it shows the other way round.
			return size && orientation >= 5 ? { width: size.height, height: size.width } : size;
		}
		if (marker === 0xda || length < 2) return null;
		at += 2 + length;
	}
	return null;
}

function exifOrientation(payload: Uint8Array): number | null {
	if (payload.length < 14 || String.fromCharCode(...payload.subarray(0, 4)) !== 'Exif') return null;
	const tiff = payload.subarray(6);
	const little = tiff[0] === 0x49;
	const u16 = (at: number) => (little ? u16le(tiff, at) : u16be(tiff, at));
	const u32 = (at: number) => (little ? (u16le(tiff, at) | (u16le(tiff, at + 2) << 16)) >>> 0 : u32be(tiff, at));
	const ifd = u32(4);
	const count = u16(ifd);
	for (let i = 0; i < count; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > tiff.length) return null;
		if (u16(entry) === 0x0112) return u16(entry + 8);
	}
	return null;
}

function webpSize(b: Uint8Array) {
	const chunk = String.fromCharCode(...b.subarray(12, 16));
	if (chunk === 'VP8X') return positive(u24le(b, 24) + 1, u24le(b, 27) + 1);
	if (chunk === 'VP8L') {
		const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
		return positive((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
	}
	if (chunk === 'VP8 ') return positive(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
	return null;
}
