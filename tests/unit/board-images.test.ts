import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PNG } from 'pngjs';
import {
	addImage,
	addSection,
	boardRoots,
	deleteImages,
	getImage,
	IMAGE_SIZE,
	imageFileId,
	listImages,
	listSections,
	MAX_IMAGE_ALT,
	placeImage,
	placedImageSize,
	resizeImage,
	sectionOfImage,
	updateImage
} from '../../src/lib/board/index.ts';
import { imageFileOfBoard, signImageFile } from '../../src/lib/server/board-images/refs.ts';
import { imageSize } from '../../src/lib/server/files/image-size.ts';
import { decodePicture, orient } from '../../src/lib/server/board-export/pictures.ts';

const FILE = 'abcdefghijkmnpqr-stuvwxyz23456789';

describe('images in the board document', () => {
	it('places an image with its fields, and reads it back', () => {
		const doc = new Y.Doc();
		const id = addImage(doc, { file: FILE, x: 10.4, y: -20.6, w: 300, h: 200, author: 'u1', alt: '  ผนังโน้ต  ', created: 5 });
		expect(getImage(doc, id)).toEqual({ id, file: FILE, alt: 'ผนังโน้ต', x: 10, y: -21, w: 300, h: 200, author: 'u1', created: 5 });
	});

	it('writes no author in anonymous mode', () => {
		const doc = new Y.Doc();
		const id = addImage(doc, { file: FILE, x: 0, y: 0, w: 100, h: 100, author: '' });
		expect((boardRoots(doc).images.get(id) as Y.Map<unknown>).has('author')).toBe(false);
		expect(getImage(doc, id)?.author).toBe('');
	});

	it('clamps sizes and the description, and skips entries that show no file', () => {
		const doc = new Y.Doc();
		const id = addImage(doc, { file: FILE, x: 0, y: 0, w: 1, h: 99_999, author: 'u1', alt: 'ก'.repeat(MAX_IMAGE_ALT + 50) });
		expect(getImage(doc, id)).toMatchObject({ w: IMAGE_SIZE.min, h: IMAGE_SIZE.max });
		expect(getImage(doc, id)!.alt.length).toBe(MAX_IMAGE_ALT);
		const broken = new Y.Map<unknown>();
		broken.set('file', 'https://example.org/a.png');
		boardRoots(doc).images.set('x1', broken);
		expect(listImages(doc).map((i) => i.id)).toEqual([id]);
	});

	it('lists images oldest first, so a newer one is drawn over an older one', () => {
		const doc = new Y.Doc();
		const late = addImage(doc, { file: FILE, x: 0, y: 0, w: 100, h: 100, author: 'u', created: 20 });
		const early = addImage(doc, { file: FILE, x: 0, y: 0, w: 100, h: 100, author: 'u', created: 10 });
		expect(listImages(doc).map((i) => i.id)).toEqual([early, late]);
	});

	it('writes only the fields that change, and keeps a move and a description made at once', () => {
		const a = new Y.Doc();
		const id = addImage(a, { file: FILE, x: 0, y: 0, w: 100, h: 100, author: 'u' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(updateImage(a, id, { x: 0 })).toBe(false);
		updateImage(a, id, { x: 40, y: 50 });
		updateImage(b, id, { alt: 'ป้ายรถเมล์' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(getImage(a, id)).toMatchObject({ x: 40, y: 50, alt: 'ป้ายรถเมล์' });
		expect(getImage(b, id)).toEqual(getImage(a, id));
	});

	it('deletes images', () => {
		const doc = new Y.Doc();
		const id = addImage(doc, { file: FILE, x: 0, y: 0, w: 100, h: 100, author: 'u' });
		expect(deleteImages(doc, [id, 'nope'])).toBe(1);
		expect(listImages(doc)).toEqual([]);
	});

	it('names the row of a file reference', () => {
		expect(imageFileId(FILE)).toBe('abcdefghijkmnpqr');
		expect(imageFileId('../../etc/passwd')).toBeNull();
		expect(imageFileId('https://evil.example/a.png')).toBeNull();
	});
});

describe('placing and resizing', () => {
	it('places a photo at its proportions, its longer side the placed size', () => {
		expect(placedImageSize(4032, 3024)).toEqual({ w: IMAGE_SIZE.placed, h: 270 });
		expect(placedImageSize(1080, 1920)).toEqual({ w: 203, h: IMAGE_SIZE.placed });
		expect(placedImageSize(0, 0)).toEqual({ w: IMAGE_SIZE.placed, h: IMAGE_SIZE.placed });
		// A panorama stays at least the minimum high.
		expect(placedImageSize(10_000, 100).h).toBe(IMAGE_SIZE.min);
	});

	it('centres a new image on the point, stepping each further one aside', () => {
		expect(placeImage({ x: 500, y: 300 }, { w: 200, h: 100 })).toEqual({ x: 400, y: 250, w: 200, h: 100 });
		expect(placeImage({ x: 500, y: 300 }, { w: 200, h: 100 }, 2)).toEqual({ x: 464, y: 314, w: 200, h: 100 });
	});

	it('resizes keeping the proportions, the larger move winning, within the limits', () => {
		expect(resizeImage({ w: 400, h: 300 }, 100, 0)).toEqual({ w: 500, h: 375 });
		expect(resizeImage({ w: 400, h: 300 }, 10, 150)).toEqual({ w: 600, h: 450 });
		expect(resizeImage({ w: 400, h: 300 }, -1000, -1000)).toEqual({ w: 53, h: 40 });
		expect(resizeImage({ w: 400, h: 300 }, 1e6, 0).w).toBe(IMAGE_SIZE.max);
	});

	it('finds the section an image is in by its centre', () => {
		const doc = new Y.Doc();
		const says = addSection(doc, { title: 'Says', kind: 'template', x: 0, y: 0, w: 600, h: 400 });
		const sections = listSections(doc);
		expect(sectionOfImage(sections, { x: 100, y: 100, w: 200, h: 100 })?.id).toBe(says);
		expect(sectionOfImage(sections, { x: 500, y: 100, w: 400, h: 100 })).toBeNull();
	});
});

describe('file references', () => {
	const key = new Uint8Array(32).fill(7);

	it('accepts a reference signed for the board and no other', () => {
		const file = signImageFile(key, 'board1', 'abcdefghijkmnpqr');
		expect(imageFileOfBoard(key, 'board1', file)).toBe('abcdefghijkmnpqr');
		expect(imageFileOfBoard(key, 'board2', file)).toBeNull();
		expect(imageFileOfBoard(new Uint8Array(32).fill(8), 'board1', file)).toBeNull();
		expect(imageFileOfBoard(key, 'board1', `abcdefghijkmnpqr-${'a'.repeat(16)}`)).toBeNull();
		expect(imageFileOfBoard(key, 'board1', 42)).toBeNull();
	});
});

describe('image sizes from headers', () => {
	it('reads a PNG’s size', () => {
		const bytes = new Uint8Array(PNG.sync.write(new PNG({ width: 7, height: 3 })));
		expect(imageSize(bytes, { mime: 'image/png', extension: 'png' })).toEqual({ width: 7, height: 3 });
	});

	it('reads a JPEG’s frame, and swaps its sides when EXIF turns it a quarter', () => {
		const sof = [0xff, 0xc0, 0, 17, 8, 0x0b, 0xd0, 0x0f, 0xc0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
		const plain = new Uint8Array([0xff, 0xd8, ...sof, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
		expect(imageSize(plain, { mime: 'image/jpeg', extension: 'jpg' })).toEqual({ width: 4032, height: 3024 });
		// APP1 EXIF, big-endian, one entry: orientation 6.
		const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
		const turned = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, exif.length + 2, ...exif, ...sof, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
		expect(imageSize(turned, { mime: 'image/jpeg', extension: 'jpg' })).toEqual({ width: 3024, height: 4032 });
	});

	it('reads a lossless WebP’s size and says nothing of a broken header', () => {
		// VP8L: 14 bits width − 1, 14 bits height − 1 after the signature byte.
		const w = 99;
		const h = 49;
		const bits = (w - 1) | ((h - 1) << 14);
		const webp = new Uint8Array([
			...Buffer.from('RIFF'),
			30,
			0,
			0,
			0,
			...Buffer.from('WEBPVP8L'),
			10,
			0,
			0,
			0,
			0x2f,
			bits & 0xff,
			(bits >> 8) & 0xff,
			(bits >> 16) & 0xff,
			(bits >>> 24) & 0xff,
			0,
			0,
			0,
			0,
			0
		]);
		expect(imageSize(webp, { mime: 'image/webp', extension: 'webp' })).toEqual({ width: 99, height: 49 });
		expect(imageSize(new Uint8Array([0x89, 0x50]), { mime: 'image/png', extension: 'png' })).toBeNull();
	});
});

describe('pictures for the PNG export', () => {
	it('decodes a PNG with transparency on white', () => {
		const image = new PNG({ width: 3, height: 2 });
		for (let i = 0; i < 6; i++) image.data.set(i === 5 ? [0, 0, 0, 0] : [200, 10, 20, 255], i * 4);
		const picture = decodePicture(new Uint8Array(PNG.sync.write(image)), 'image/png')!;
		expect(picture).toMatchObject({ width: 3, height: 2 });
		expect([...picture.rgb.subarray(0, 3)]).toEqual([200, 10, 20]);
		expect([...picture.rgb.subarray(15, 18)]).toEqual([255, 255, 255]);
	});

	it('turns a picture as its EXIF orientation says (6: a quarter clockwise)', () => {
		// Two pixels side by side, red then blue: turned, red is on top.
		const picture = { width: 2, height: 1, rgb: new Uint8Array([255, 0, 0, 0, 0, 255]) };
		expect(orient(picture, 6)).toEqual({ width: 1, height: 2, rgb: new Uint8Array([255, 0, 0, 0, 0, 255]) });
		expect(orient(picture, 8)).toEqual({ width: 1, height: 2, rgb: new Uint8Array([0, 0, 255, 255, 0, 0]) });
		expect(orient(picture, 3).rgb).toEqual(new Uint8Array([0, 0, 255, 255, 0, 0]));
		expect(orient(picture, 1)).toBe(picture);
	});

	it('leaves a WebP or a broken file to the placeholder', () => {
		expect(decodePicture(new Uint8Array([1, 2, 3]), 'image/png')).toBeNull();
		expect(decodePicture(new Uint8Array([1, 2, 3]), 'image/webp')).toBeNull();
	});
});
