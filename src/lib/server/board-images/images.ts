import { createHash } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { cleanFileName, megabytes, readStoredFile, removeStoredFiles, writeUploads, type Upload, type UploadLimits } from '../files/attachments.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { imageSize } from '../files/image-size.ts';
import { sniffType } from '../files/sniff.ts';
import { stripPhotoMetadata } from '../files/strip-metadata.ts';
import { refuse } from '../validation.ts';
import { signImageFile } from './refs.ts';

/**
 * Images on boards (issue 10): a photo goes through the attachment rules before anything is
 * written — its size bounded before it is read, its type judged from its bytes (JPEG, PNG or
 * WebP: a camera's, a screenshot's), its metadata removed (files/strip-metadata.ts: no GPS, no
 * device, no time; only the orientation stays) — then its bytes go to the BlobStore under a
 * generated name and a `board_images` row says which board it is of. The upload answers with
 * the reference the board's image element carries (refs.ts).
 *
 * Pixels are not decoded or scaled here: no image decoder is installed and a native one (sharp)
 * is a heavy dependency for one feature. The page scales a large photo down in the browser
 * before sending it (client/board-images.svelte.ts), so a 12-megapixel phone photo arrives as
 * about 2000 px and a few hundred KB; what still comes larger than the limit is refused with the
 * limit in the message.
 *
 * HEIC (an iPhone's "High Efficiency" photos) is not a type we serve: browsers other than Safari
 * cannot show it. Safari turns it into JPEG when it scales it down; a HEIC file that arrives
 * anyway is refused with a message that says what to do.
 */

export const BOARD_IMAGE_FIELD = 'image';
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** The largest picture we keep, in pixels a side (a browser shows bigger ones, but a board has no use for them). */
export const MAX_IMAGE_PIXELS_A_SIDE = 12_000;

/** A stored board image, as the page gets it back. */
export interface StoredBoardImage {
	/** The row id. */
	id: string;
	/** The reference the image element carries (signed for this board). */
	file: string;
	width: number;
	height: number;
	contentType: string;
	bytes: number;
}

/** HEIF/HEIC (`ftyp` box of a HEIF brand): refused by name, so the message can say what to do. */
function isHeic(bytes: Uint8Array): boolean {
	if (bytes.length < 12 || String.fromCharCode(...bytes.subarray(4, 8)) !== 'ftyp') return false;
	return ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif'].includes(String.fromCharCode(...bytes.subarray(8, 12)));
}

/** Checks one upload as a board image and removes its metadata; throws an InputError on `field`. */
export async function checkBoardImage(upload: Upload | null, limits: UploadLimits, field = BOARD_IMAGE_FIELD) {
	if (!upload) refuse('bi_image_none', field);
	const name = cleanFileName(upload.name);
	const max = megabytes(limits.maxBytes);
	if (upload.size === 0) refuse('bi_image_empty', field, { name });
	if (upload.size > limits.maxBytes) refuse('bi_image_too_large', field, { name, max });
	const original = new Uint8Array(await upload.arrayBuffer());
	// The size a client declares is not evidence; the bytes are.
	if (original.byteLength > limits.maxBytes) refuse('bi_image_too_large', field, { name, max });
	if (isHeic(original)) refuse('bi_image_heic', field, { name });
	const type = sniffType(original);
	if (!type || !IMAGE_TYPES.has(type.mime)) refuse('bi_image_type', field, { name });
	const bytes = stripPhotoMetadata(original, type);
	const size = bytes ? imageSize(bytes, type) : null;
	if (!bytes || !size) refuse('bi_image_broken', field, { name });
	if (size.width > MAX_IMAGE_PIXELS_A_SIDE || size.height > MAX_IMAGE_PIXELS_A_SIDE) {
		refuse('bi_image_too_many_pixels', field, { name, max: MAX_IMAGE_PIXELS_A_SIDE });
	}
	return { originalName: name, bytes, type, sha256: createHash('sha256').update(bytes).digest('hex'), ...size };
}

/**
 * Stores a checked image for `boardId`: its bytes first (a row always finds its file), then its
 * row; if the row cannot be written the bytes are removed again, so a failure leaves nothing.
 * `uploadedBy` is null in anonymous mode. Access is the caller's to check.
 */
export async function storeBoardImage(
	db: DB,
	blobs: BlobStore,
	key: Uint8Array,
	input: { boardId: string; upload: Upload | null; uploadedBy: string | null; limits: UploadLimits; now?: number }
): Promise<StoredBoardImage> {
	const image = await checkBoardImage(input.upload, input.limits);
	const [stored] = await writeUploads(blobs, [image]);
	const id = newId();
	try {
		await db
			.insertInto('board_images')
			.values({
				id,
				board_id: input.boardId,
				storage_name: stored!.storageName,
				content_type: image.type.mime,
				size_bytes: image.bytes.byteLength,
				sha256: image.sha256,
				width: image.width,
				height: image.height,
				uploaded_by: input.uploadedBy,
				uploaded_at: input.now ?? Date.now()
			})
			.execute();
	} catch (err) {
		await removeStoredFiles(blobs, [stored!.storageName]);
		throw err;
	}
	return {
		id,
		file: signImageFile(key, input.boardId, id),
		width: image.width,
		height: image.height,
		contentType: image.type.mime,
		bytes: image.bytes.byteLength
	};
}

/** A stored image of `boardId`, or null when the board has no such image. */
export async function findBoardImage(db: DB, boardId: string, id: string) {
	if (!/^[a-z0-9]{16}$/.test(id)) return null;
	const row = await db
		.selectFrom('board_images')
		.select(['id', 'storage_name', 'content_type', 'width', 'height', 'sha256'])
		.where('id', '=', id)
		.where('board_id', '=', boardId)
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				storageName: row.storage_name,
				contentType: row.content_type,
				width: Number(row.width),
				height: Number(row.height),
				sha256: row.sha256
			}
		: null;
}

/** A stored image's bytes and type, or null when it is not one of the board's or its file is gone. */
export async function readBoardImage(db: DB, blobs: BlobStore, boardId: string, id: string) {
	const image = await findBoardImage(db, boardId, id);
	const bytes = image ? await readStoredFile(blobs, image.storageName) : null;
	return image && bytes ? { ...image, bytes } : null;
}

/** The stored images of a board, by row id (what the exports draw). */
export async function readBoardImages(db: DB, blobs: BlobStore, boardId: string, ids: readonly string[]) {
	const out = new Map<string, { contentType: string; width: number; height: number; bytes: Uint8Array }>();
	for (const id of new Set(ids)) {
		const image = await readBoardImage(db, blobs, boardId, id);
		if (image) out.set(id, image);
	}
	return out;
}
