import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';

/**
 * A board image's pixels for the PNG export (the PDF embeds JPEG and PNG files as they are).
 * JPEG is decoded by jpeg-js (pure JavaScript, no dependencies: a native decoder such as sharp is
 * a heavy install for one export), PNG here over node:zlib (8-bit, not interlaced: what browsers
 * and phones write; anything else is left to the placeholder). WebP is not decoded: the export
 * draws its placeholder, a frame with the image's description.
 */

export interface Picture {
	width: number;
	height: number;
	/** RGB, row by row, transparency composited on white. */
	rgb: Uint8Array;
}

/** Beyond this many pixels a picture is not decoded (the upload caps a side at 12,000). */
const MAX_PIXELS = 40_000_000;

/** The pictures of the files that decode, by the same keys. */
export function decodePictures(files: ReadonlyMap<string, { bytes: Uint8Array; contentType: string }>): Map<string, Picture> {
	const out = new Map<string, Picture>();
	for (const [id, file] of files) {
		const picture = decodePicture(file.bytes, file.contentType);
		if (picture) out.set(id, picture);
	}
	return out;
}

export function decodePicture(bytes: Uint8Array, contentType: string): Picture | null {
	try {
		if (contentType === 'image/jpeg') return decodeJpeg(bytes);
		if (contentType === 'image/png') return decodePng(bytes);
		return null;
	} catch {
		return null;
	}
}

function decodeJpeg(bytes: Uint8Array): Picture | null {
	const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
	return orient({ width: image.width, height: image.height, rgb: image.data }, jpegOrientation(bytes));
}

/** The EXIF orientation a stripped JPEG keeps (files/strip-metadata.ts), 1 when none. */
function jpegOrientation(b: Uint8Array): number {
	let at = 2;
	while (at + 4 < b.length && b[at] === 0xff) {
		const marker = b[at + 1]!;
		const length = (b[at + 2]! << 8) | b[at + 3]!;
		if (marker === 0xda) break;
		if (marker === 0xe1) {
			const p = b.subarray(at + 4, at + 2 + length);
			if (String.fromCharCode(...p.subarray(0, 4)) === 'Exif') {
				const t = p.subarray(6);
				const little = t[0] === 0x49;
				const u16 = (i: number) => (little ? t[i]! | (t[i + 1]! << 8) : (t[i]! << 8) | t[i + 1]!);
				const u32 = (i: number) => (little ? u16(i) | (u16(i + 2) << 16) : (u16(i) << 16) | u16(i + 2)) >>> 0;
				const ifd = u32(4);
				for (let i = 0; i < u16(ifd); i++) if (u16(ifd + 2 + i * 12) === 0x0112) return u16(ifd + 2 + i * 12 + 8);
			}
		}
		at += 2 + length;
	}
	return 1;
}

/** The picture turned and mirrored as EXIF orientation `o` says it is shown. */
export function orient(p: Picture, o: number): Picture {
	if (o < 2 || o > 8) return p;
	const swap = o >= 5;
	const width = swap ? p.height : p.width;
	const height = swap ? p.width : p.height;
	const rgb = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			// Where the shown pixel (x, y) is in the stored picture.
			let sx: number;
			let sy: number;
			switch (o) {
				case 2:
					[sx, sy] = [p.width - 1 - x, y];
					break;
				case 3:
					[sx, sy] = [p.width - 1 - x, p.height - 1 - y];
					break;
				case 4:
					[sx, sy] = [x, p.height - 1 - y];
					break;
				case 5:
					[sx, sy] = [y, x];
					break;
				case 6:
					[sx, sy] = [y, p.height - 1 - x];
					break;
				case 7:
					[sx, sy] = [p.width - 1 - y, p.height - 1 - x];
					break;
				default:
					[sx, sy] = [p.width - 1 - y, x];
			}
			const from = (sy * p.width + sx) * 3;
			rgb.set(p.rgb.subarray(from, from + 3), (y * width + x) * 3);
		}
	}
	return { width, height, rgb };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function decodePng(b: Uint8Array): Picture | null {
	const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
	let at = 8;
	let width = 0;
	let height = 0;
	let type = -1;
	let palette: Uint8Array | null = null;
	let alphas: Uint8Array | null = null;
	const data: Uint8Array[] = [];
	while (at + 8 <= b.length) {
		const length = view.getUint32(at);
		const name = String.fromCharCode(...b.subarray(at + 4, at + 8));
		const body = b.subarray(at + 8, at + 8 + length);
		if (name === 'IHDR') {
			width = view.getUint32(at + 8);
			height = view.getUint32(at + 12);
			type = body[9]!;
			// 8 bits a sample, not interlaced; anything else is left to the placeholder.
			if (body[8] !== 8 || body[12] !== 0 || CHANNELS[type] === undefined || width * height > MAX_PIXELS) return null;
		} else if (name === 'PLTE') palette = body;
		else if (name === 'tRNS') alphas = body;
		else if (name === 'IDAT') data.push(body);
		else if (name === 'IEND') break;
		at += 12 + length;
	}
	const channels = CHANNELS[type];
	if (!channels || width === 0 || (type === 3 && !palette)) return null;
	const raw = inflateSync(Buffer.concat(data));
	const stride = width * channels;
	const pixels = new Uint8Array(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)]!;
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const out = pixels.subarray(y * stride, (y + 1) * stride);
		const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
		for (let i = 0; i < stride; i++) {
			const a = i >= channels ? out[i - channels]! : 0;
			const c = up && i >= channels ? up[i - channels]! : 0;
			const bUp = up ? up[i]! : 0;
			let v = line[i]!;
			if (filter === 1) v += a;
			else if (filter === 2) v += bUp;
			else if (filter === 3) v += (a + bUp) >> 1;
			else if (filter === 4) {
				const p = a + bUp - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - bUp);
				const pc = Math.abs(p - c);
				v += pa <= pb && pa <= pc ? a : pb <= pc ? bUp : c;
			}
			out[i] = v & 0xff;
		}
	}
	const rgb = new Uint8Array(width * height * 3);
	for (let i = 0; i < width * height; i++) {
		let r: number, g: number, bl: number, alpha: number;
		const s = i * channels;
		if (type === 3) {
			const index = pixels[s]!;
			[r, g, bl] = [palette![index * 3] ?? 0, palette![index * 3 + 1] ?? 0, palette![index * 3 + 2] ?? 0];
			alpha = alphas && index < alphas.length ? alphas[index]! : 255;
		} else if (type === 0 || type === 4) {
			r = g = bl = pixels[s]!;
			alpha = type === 4 ? pixels[s + 1]! : 255;
		} else {
			[r, g, bl] = [pixels[s]!, pixels[s + 1]!, pixels[s + 2]!];
			alpha = type === 6 ? pixels[s + 3]! : 255;
		}
		const k = alpha / 255;
		rgb[i * 3] = Math.round(r * k + 255 * (1 - k));
		rgb[i * 3 + 1] = Math.round(g * k + 255 * (1 - k));
		rgb[i * 3 + 2] = Math.round(bl * k + 255 * (1 - k));
	}
	return { width, height, rgb };
}
