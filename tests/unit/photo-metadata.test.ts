import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { stripPhotoMetadata } from '../../src/lib/server/files/strip-metadata.ts';
import { sniffType } from '../../src/lib/server/files/sniff.ts';
import { checkPhoto } from '../../src/lib/server/participation/photos.ts';
import { InputError } from '../../src/lib/server/validation.ts';

/**
 * Photos keep the picture and lose what the camera wrote about the person: where (GPS), when,
 * which device. JPEG, PNG and WebP are built here byte by byte with that metadata in them.
 */

const text = (s: string) => [...Buffer.from(s, 'latin1')];
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const SECRET = 'GPS 13.7563N 100.5018E serial SN-998877';

/** A little-endian EXIF block: orientation 6 and an ASCII tag holding the secret. */
function exif(orientation: number): number[] {
	const ascii = text(`${SECRET}\0`);
	const entries = [
		[0x12, 0x01, 3, 0, ...u32le(1), orientation, 0, 0, 0],
		[0x0f, 0x01, 2, 0, ...u32le(ascii.length), ...u32le(8 + 2 + 24 + 4)]
	].flat();
	return [...text('Exif\0\0'), ...text('II*\0'), ...u32le(8), 2, 0, ...entries, 0, 0, 0, 0, ...ascii];
}

function segment(marker: number, payload: number[]): number[] {
	return [0xff, marker, ...u16(payload.length + 2), ...payload];
}

function jpeg(orientation = 6): Uint8Array {
	return new Uint8Array([
		0xff,
		0xd8,
		...segment(0xe0, text('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
		...segment(0xe1, exif(orientation)),
		...segment(0xe1, text(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET}</x:xmpmeta>`)),
		...segment(0xfe, text(SECRET)),
		...segment(0xdb, new Array(65).fill(1)),
		...segment(0xda, [1, 1, 0, 0, 63, 0]),
		0x12,
		0x34,
		0x56,
		0xff,
		0xd9
	]);
}

const contains = (bytes: Uint8Array, needle: string) => Buffer.from(bytes).includes(Buffer.from(needle, 'latin1'));

describe('photo metadata', () => {
	it('removes EXIF, XMP and comments from a JPEG and keeps its orientation and picture', () => {
		const original = jpeg(6);
		expect(contains(original, SECRET)).toBe(true);
		const stripped = stripPhotoMetadata(original, sniffType(original)!)!;
		expect(contains(stripped, SECRET)).toBe(false);
		expect(contains(stripped, 'xmpmeta')).toBe(false);
		expect(contains(stripped, 'JFIF')).toBe(true);
		// The orientation survives as the one EXIF field.
		const app1 = Buffer.from(stripped).indexOf(Buffer.from([0xff, 0xe1]));
		expect(app1).toBeGreaterThan(0);
		expect(
			Buffer.from(stripped)
				.subarray(app1)
				.includes(Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06]))
		).toBe(true);
		// Everything from the scan on is untouched.
		const scan = Buffer.from(original).indexOf(Buffer.from([0xff, 0xda]));
		expect(Buffer.from(stripped).subarray(-Buffer.from(original).subarray(scan).length)).toEqual(Buffer.from(original).subarray(scan));
		expect(sniffType(stripped)?.mime).toBe('image/jpeg');
	});

	it('writes no EXIF at all when a JPEG is upright', () => {
		const stripped = stripPhotoMetadata(jpeg(1), { mime: 'image/jpeg', extension: 'jpg' })!;
		expect(Buffer.from(stripped).includes(Buffer.from([0xff, 0xe1]))).toBe(false);
	});

	it('removes text chunks and EXIF from a PNG, which still decodes', () => {
		const png = new PNG({ width: 2, height: 2 });
		png.data.fill(200);
		const encoded = PNG.sync.write(png);
		const chunk = (type: string, data: Buffer) => {
			const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
			const crc = Buffer.alloc(4);
			crc.writeUInt32BE(crc32(body) >>> 0);
			const length = Buffer.alloc(4);
			length.writeUInt32BE(data.length);
			return Buffer.concat([length, body, crc]);
		};
		const withText = Buffer.concat([
			encoded.subarray(0, 33),
			chunk('tEXt', Buffer.from(`Comment\0${SECRET}`, 'latin1')),
			chunk('eXIf', Buffer.from(SECRET)),
			encoded.subarray(33)
		]);
		expect(PNG.sync.read(withText).width).toBe(2);
		const stripped = stripPhotoMetadata(new Uint8Array(withText), { mime: 'image/png', extension: 'png' })!;
		expect(contains(stripped, SECRET)).toBe(false);
		expect(PNG.sync.read(Buffer.from(stripped)).data).toEqual(png.data);
	});

	it('removes EXIF and XMP chunks from a WebP, clearing their flags and fixing the size', () => {
		const vp8x = [...text('VP8X'), ...u32le(10), 0x0c, 0, 0, 0, 1, 0, 0, 1, 0, 0];
		const vp8l = [...text('VP8L'), ...u32le(6), 0x2f, 0, 0, 0, 0, 0];
		const ex = [...text('EXIF'), ...u32le(SECRET.length), ...text(SECRET), ...(SECRET.length % 2 ? [0] : [])];
		const xmp = [...text('XMP '), ...u32le(SECRET.length), ...text(SECRET), ...(SECRET.length % 2 ? [0] : [])];
		const body = [...text('WEBP'), ...vp8x, ...vp8l, ...ex, ...xmp];
		const webp = new Uint8Array([...text('RIFF'), ...u32le(body.length), ...body]);
		expect(sniffType(webp)?.mime).toBe('image/webp');
		const stripped = stripPhotoMetadata(webp, sniffType(webp)!)!;
		expect(contains(stripped, SECRET)).toBe(false);
		expect(Buffer.from(stripped).readUInt32LE(4)).toBe(stripped.byteLength - 8);
		expect(stripped[20]! & 0x0c).toBe(0);
	});

	it('takes only photos: a PDF or a GIF is refused by name, a broken JPEG like an unknown type', async () => {
		const upload = (name: string, bytes: Uint8Array) => ({ name, size: bytes.byteLength, arrayBuffer: async () => bytes.slice().buffer });
		const refusal = async (name: string, bytes: Uint8Array) => {
			try {
				await checkPhoto(upload(name, bytes), { maxBytes: 1024 * 1024, maxFiles: 1 });
			} catch (err) {
				if (err instanceof InputError) return err.issues.map((i) => i.code);
				throw err;
			}
			return [];
		};
		expect(await refusal('x.pdf', new TextEncoder().encode('%PDF-1.4\n'))).toEqual(['pt_photo_type']);
		expect(await refusal('x.gif', new TextEncoder().encode('GIF89a......'))).toEqual(['pt_photo_type']);
		expect(await refusal('x.svg', new TextEncoder().encode('<svg onload="alert(1)"/>'))).toEqual(['attachment_type_refused']);
		expect(await refusal('broken.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toEqual(['attachment_type_refused']);
		expect(await refusal('ok.jpg', jpeg())).toEqual([]);
	});
});

function crc32(buffer: Buffer): number {
	let crc = -1;
	for (const byte of buffer) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return crc ^ -1;
}
