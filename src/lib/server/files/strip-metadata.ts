import type { SniffedType } from './sniff.ts';

/**
 * Photos citizens send carry more than the picture: a phone's JPEG holds EXIF with the place it
 * was taken (GPS), the time, the device and its serial; PNG and WebP can carry text and XMP.
 * That is personal data nobody chose to send, so it is removed before a photo is stored. Only
 * the orientation survives (without it a portrait photo shows on its side), written back as the
 * one EXIF field. Pixels are never decoded or re-encoded: the picture stays byte for byte.
 *
 * Returns null for a file whose structure is broken (it is refused, like an unknown type).
 */
export function stripPhotoMetadata(bytes: Uint8Array, type: SniffedType): Uint8Array | null {
	try {
		switch (type.mime) {
			case 'image/jpeg':
				return stripJpeg(bytes);
			case 'image/png':
				return stripPng(bytes);
			case 'image/webp':
				return stripWebp(bytes);
			default:
				return null;
		}
	} catch {
		return null;
	}
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.byteLength;
	}
	return out;
}

/**
 * JPEG: every APPn segment but APP0 (JFIF) and every comment before the image data are dropped;
 * the scan and everything after it are kept as they are.
 */
function stripJpeg(b: Uint8Array): Uint8Array | null {
	if (b[0] !== 0xff || b[1] !== 0xd8) return null;
	const parts: Uint8Array[] = [b.subarray(0, 2)];
	let orientation = 1;
	let at = 2;
	for (;;) {
		if (at + 4 > b.length || b[at] !== 0xff) return null;
		const marker = b[at + 1]!;
		// Fill bytes before a marker.
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		// Start of scan: the compressed picture and whatever follows it, untouched.
		if (marker === 0xda) {
			parts.splice(1, 0, ...(orientation !== 1 ? [orientationSegment(orientation)] : []));
			parts.push(b.subarray(at));
			return concat(parts);
		}
		const length = u16be(b, at + 2);
		if (length < 2 || at + 2 + length > b.length) return null;
		const segment = b.subarray(at, at + 2 + length);
		if (marker === 0xe1) orientation = exifOrientation(segment.subarray(4)) ?? orientation;
		const metadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
		if (!metadata) parts.push(segment);
		at += 2 + length;
	}
}

/** The orientation (1–8) in an APP1 payload that is EXIF, if it names one. */
function exifOrientation(payload: Uint8Array): number | null {
	const header = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
	if (payload.length < 14 || header.some((v, i) => payload[i] !== v)) return null;
	const tiff = payload.subarray(6);
	const little = tiff[0] === 0x49 && tiff[1] === 0x49;
	if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
	const u16 = (at: number) => (little ? tiff[at]! | (tiff[at + 1]! << 8) : u16be(tiff, at));
	const u32 = (at: number) => (little ? u32le(tiff, at) : ((u16be(tiff, at) << 16) | u16be(tiff, at + 2)) >>> 0);
	const ifd = u32(4);
	if (ifd + 2 > tiff.length) return null;
	const count = u16(ifd);
	for (let i = 0; i < count; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > tiff.length) return null;
		if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
			const value = u16(entry + 8);
			return value >= 1 && value <= 8 ? value : null;
		}
	}
	return null;
}

/** An APP1 EXIF segment holding only the orientation (big-endian TIFF, one IFD entry). */
function orientationSegment(orientation: number): Uint8Array {
	// prettier-ignore
	return new Uint8Array([
		0xff, 0xe1, 0x00, 0x22,
		0x45, 0x78, 0x69, 0x66, 0x00, 0x00,
		0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
		0x00, 0x01,
		0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00
	]);
}

const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** PNG: the text chunks, EXIF and the modification time are dropped; the image chunks kept. */
function stripPng(b: Uint8Array): Uint8Array | null {
	const parts: Uint8Array[] = [b.subarray(0, 8)];
	let at = 8;
	for (;;) {
		if (at + 12 > b.length) return null;
		const length = ((u16be(b, at) << 16) | u16be(b, at + 2)) >>> 0;
		const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
		const end = at + 12 + length;
		if (end > b.length) return null;
		if (!PNG_DROPPED.has(type)) parts.push(b.subarray(at, end));
		at = end;
		if (type === 'IEND') return concat(parts);
	}
}

/** WebP: the EXIF and XMP chunks are dropped and the extended header's flags for them cleared. */
function stripWebp(b: Uint8Array): Uint8Array | null {
	const riffSize = u32le(b, 4);
	if (riffSize + 8 > b.length || riffSize < 4) return null;
	const parts: Uint8Array[] = [];
	let at = 12;
	while (at < riffSize + 8) {
		if (at + 8 > b.length) return null;
		const fourcc = String.fromCharCode(...b.subarray(at, at + 4));
		const size = u32le(b, at + 4);
		const end = at + 8 + size + (size % 2);
		if (end > b.length) return null;
		if (fourcc === 'VP8X') {
			const chunk = b.slice(at, end);
			chunk[8] = chunk[8]! & ~0x0c;
			parts.push(chunk);
		} else if (fourcc !== 'EXIF' && fourcc !== 'XMP ') parts.push(b.subarray(at, end));
		at = end;
	}
	const body = concat(parts);
	const header = new Uint8Array(12);
	header.set(b.subarray(0, 4), 0);
	const size = body.byteLength + 4;
	header.set([size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff], 4);
	header.set(b.subarray(8, 12), 8);
	return concat([header, body]);
}
