import * as Y from 'yjs';
import { newBoardItemId } from './ids.ts';
import type { Rect } from './geometry.ts';
import { boardRoots, clamp, COORD_LIMIT, type BoardSection } from './schema.ts';
import { sectionAt } from './sections.ts';

/**
 * Images on a board: a photo of a paper sticky wall, an interview site, a sketch. Each is one
 * `Y.Map` of plain values in the `images` root (schema.ts says why), showing a file the server
 * stored for this board (`/projects/P/boards/B/images/ID`). The file is named by `file`, a
 * reference the upload returned: the image's row id and a signature over the board's id, so the
 * hub can tell, without the database, that the file belongs to this board (rules/images.ts).
 * An image belongs to the section its centre is in, found when it is needed (sectionOfImage).
 */

export interface BoardImage {
	id: string;
	/** The signed file reference (`ROWID-SIGNATURE`), as the upload returned it. */
	file: string;
	/** What the picture shows, for screen readers and the exports; '' until someone writes it. */
	alt: string;
	x: number;
	y: number;
	w: number;
	h: number;
	/** Who placed it: a user or guest id; '' in anonymous mode (board/privacy.ts). */
	author: string;
	/** When it was placed, ms since the epoch. */
	created: number;
}

export const IMAGE_SIZE = { min: 40, max: 4000, placed: 360 } as const;
export const MAX_IMAGE_ALT = 300;
/** A file reference: the row id (16) and its signature (16), both in the id alphabet. */
export const IMAGE_FILE = /^([a-z0-9]{16})-([a-z0-9]{16})$/;

/** The row id a file reference names, or null when it is not one. */
export function imageFileId(file: string): string | null {
	return IMAGE_FILE.exec(file)?.[1] ?? null;
}

function readImage(id: string, map: unknown): BoardImage | null {
	if (!(map instanceof Y.Map)) return null;
	const file = map.get('file');
	if (typeof file !== 'string' || !IMAGE_FILE.test(file)) return null;
	const num = (key: string, fallback: number, min: number, max: number) => {
		const v = map.get(key);
		return typeof v === 'number' && Number.isFinite(v) ? clamp(v, min, max) : fallback;
	};
	const str = (key: string, max: number) => {
		const v = map.get(key);
		return typeof v === 'string' ? v.slice(0, max) : '';
	};
	return {
		id,
		file,
		alt: str('alt', MAX_IMAGE_ALT),
		x: num('x', 0, -COORD_LIMIT, COORD_LIMIT),
		y: num('y', 0, -COORD_LIMIT, COORD_LIMIT),
		w: num('w', IMAGE_SIZE.placed, IMAGE_SIZE.min, IMAGE_SIZE.max),
		h: num('h', IMAGE_SIZE.placed, IMAGE_SIZE.min, IMAGE_SIZE.max),
		author: str('author', 200),
		created: num('created', 0, 0, Number.MAX_SAFE_INTEGER)
	};
}

/** Every image, oldest first (so a newer one is drawn over an older one). */
export function listImages(doc: Y.Doc): BoardImage[] {
	const out: BoardImage[] = [];
	boardRoots(doc).images.forEach((map, id) => {
		const image = readImage(id, map);
		if (image) out.push(image);
	});
	return out.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

export function getImage(doc: Y.Doc, id: string): BoardImage | null {
	return readImage(id, boardRoots(doc).images.get(id));
}

export type NewImage = Pick<BoardImage, 'file' | 'x' | 'y' | 'w' | 'h' | 'author'> & { alt?: string; created?: number };

/** Places an image; returns its id. */
export function addImage(doc: Y.Doc, input: NewImage): string {
	const id = newBoardItemId();
	const map = new Y.Map<unknown>();
	map.set('file', input.file);
	map.set('alt', (input.alt ?? '').trim().slice(0, MAX_IMAGE_ALT));
	map.set('x', Math.round(clamp(input.x, -COORD_LIMIT, COORD_LIMIT)));
	map.set('y', Math.round(clamp(input.y, -COORD_LIMIT, COORD_LIMIT)));
	map.set('w', Math.round(clamp(input.w, IMAGE_SIZE.min, IMAGE_SIZE.max)));
	map.set('h', Math.round(clamp(input.h, IMAGE_SIZE.min, IMAGE_SIZE.max)));
	// Anonymous mode: no author at all, as the hub writes anonymous notes.
	if (input.author) map.set('author', input.author);
	map.set('created', input.created ?? Date.now());
	boardRoots(doc).images.set(id, map);
	return id;
}

export type ImagePatch = Partial<Pick<BoardImage, 'x' | 'y' | 'w' | 'h' | 'alt'>>;

/** Moves, resizes or describes an image: only the fields that change are written. */
export function updateImage(doc: Y.Doc, id: string, patch: ImagePatch): boolean {
	const map = boardRoots(doc).images.get(id);
	const image = readImage(id, map);
	if (!image || !(map instanceof Y.Map)) return false;
	const next: ImagePatch = {};
	if (patch.x !== undefined) next.x = Math.round(clamp(patch.x, -COORD_LIMIT, COORD_LIMIT));
	if (patch.y !== undefined) next.y = Math.round(clamp(patch.y, -COORD_LIMIT, COORD_LIMIT));
	if (patch.w !== undefined) next.w = Math.round(clamp(patch.w, IMAGE_SIZE.min, IMAGE_SIZE.max));
	if (patch.h !== undefined) next.h = Math.round(clamp(patch.h, IMAGE_SIZE.min, IMAGE_SIZE.max));
	if (patch.alt !== undefined) next.alt = patch.alt.trim().slice(0, MAX_IMAGE_ALT);
	const changes = Object.entries(next).filter(([key, value]) => image[key as keyof BoardImage] !== value);
	if (changes.length === 0) return false;
	doc.transact(() => {
		for (const [key, value] of changes) map.set(key, value);
	});
	return true;
}

/** Takes images off the board; returns how many were there. */
export function deleteImages(doc: Y.Doc, ids: Iterable<string>): number {
	const { images } = boardRoots(doc);
	let count = 0;
	doc.transact(() => {
		for (const id of ids) {
			if (!images.has(id)) continue;
			images.delete(id);
			count++;
		}
	});
	return count;
}

/**
 * The size a new image is placed at: its own proportions, the longer side `IMAGE_SIZE.placed`
 * board units (a photo beside notes of 180 × 140), never below `IMAGE_SIZE.min` a side.
 */
export function placedImageSize(width: number, height: number, longest: number = IMAGE_SIZE.placed): { w: number; h: number } {
	if (!(width > 0) || !(height > 0)) return { w: longest, h: longest };
	const scale = longest / Math.max(width, height);
	return {
		w: Math.round(clamp(width * scale, IMAGE_SIZE.min, IMAGE_SIZE.max)),
		h: Math.round(clamp(height * scale, IMAGE_SIZE.min, IMAGE_SIZE.max))
	};
}

/**
 * Where a new image goes: centred on `at` (the drop point, or the middle of the view), moved on
 * by `stagger` steps so several images dropped or picked at once do not hide one another.
 */
export function placeImage(at: { x: number; y: number }, size: { w: number; h: number }, stagger = 0): Rect {
	const step = 32 * stagger;
	return {
		x: Math.round(clamp(at.x - size.w / 2 + step, -COORD_LIMIT, COORD_LIMIT)),
		y: Math.round(clamp(at.y - size.h / 2 + step, -COORD_LIMIT, COORD_LIMIT)),
		w: size.w,
		h: size.h
	};
}

/**
 * A resize by a drag of the corner handle by (dx, dy) board units: the picture keeps its
 * proportions (the larger of the two moves wins) and stays within the size limits.
 */
export function resizeImage(image: Pick<BoardImage, 'w' | 'h'>, dx: number, dy: number): { w: number; h: number } {
	const ratio = image.w / image.h;
	const scale = Math.max((image.w + dx) / image.w, (image.h + dy) / image.h);
	const minScale = Math.max(IMAGE_SIZE.min / image.w, IMAGE_SIZE.min / image.h);
	const maxScale = Math.min(IMAGE_SIZE.max / image.w, IMAGE_SIZE.max / image.h);
	const s = clamp(scale, minScale, maxScale);
	const w = Math.round(image.w * s);
	return { w, h: Math.round(w / ratio) };
}

/** The section an image is in: the one its centre is in. */
export function sectionOfImage(sections: readonly BoardSection[], image: Rect): BoardSection | null {
	return sectionAt(sections, image.x + image.w / 2, image.y + image.h / 2);
}
