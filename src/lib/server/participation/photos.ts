import type { DB } from '../db/open.ts';
import {
	checkUploads,
	readStoredFile,
	removeStoredFiles,
	writeUploads,
	type CheckedUpload,
	type Upload,
	type UploadLimits
} from '../files/attachments.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { stripPhotoMetadata } from '../files/strip-metadata.ts';
import { refuse } from '../validation.ts';

/**
 * Photos that citizens (a story, an idea) and the team (the interview log) attach: one per
 * entry, through the attachment rules — the type judged from the bytes (files/sniff.ts), the
 * size limits, a generated name in the BlobStore — and only raster photos (JPEG, PNG, WebP),
 * with their metadata removed (files/strip-metadata.ts: no GPS, no device). Photos are for the
 * team: no public page shows one.
 *
 * A photo sent with a form the server shows again (to confirm it, or to fix a field) is kept
 * aside as "pending" under a random key the form carries back, so the citizen never has to choose
 * it again; it becomes the entry's when the form is stored, and is deleted after
 * `PENDING_TTL_MS` otherwise. Pending photos are bounded in total, so forms that are never
 * confirmed cannot fill the disk.
 */

export const PHOTO_FIELD = 'photo';
/** The hidden field that carries a pending photo's key. */
export const PHOTO_REF_FIELD = 'photo_ref';
/** A checkbox that drops the pending photo. */
export const PHOTO_REMOVE_FIELD = 'photo_remove';

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
export const PENDING_TTL_MS = 2 * 60 * 60 * 1000;
/** Bytes of pending photos kept at once; beyond that a shown-again form asks for the photo again. */
export const PENDING_MAX_BYTES = 256 * 1024 * 1024;

/** A photo that passed every check, metadata removed, ready to write. */
export interface CheckedPhoto extends CheckedUpload {
	/** Bytes as stored. */
	size: number;
}

/** A photo an entry will carry: one just sent, or one kept pending from the same form. */
export type PhotoChoice =
	{ kind: 'new'; photo: CheckedPhoto } | { kind: 'pending'; key: string; type: string; size: number; name: string } | { kind: 'none' };

/** Checks one uploaded photo; throws an InputError on `field`. */
export async function checkPhoto(upload: Upload, limits: UploadLimits, field = PHOTO_FIELD): Promise<CheckedPhoto> {
	const [checked] = await checkUploads([upload], field, { maxBytes: limits.maxBytes, maxFiles: 1 });
	if (!checked || !PHOTO_TYPES.has(checked.type.mime)) refuse('pt_photo_type', field, { name: checked?.originalName ?? '' });
	const bytes = stripPhotoMetadata(checked.bytes, checked.type);
	if (!bytes) refuse('attachment_type_refused', field, { name: checked.originalName });
	return { ...checked, bytes, size: bytes.byteLength };
}

const KEY = /^[a-z0-9]{24}\.(jpg|png|webp)$/;

/** A pending photo named by a form, if it is still kept. */
export async function findPendingPhoto(db: DB, key: unknown, now = Date.now()): Promise<Extract<PhotoChoice, { kind: 'pending' }> | null> {
	if (typeof key !== 'string' || !KEY.test(key)) return null;
	const row = await db.selectFrom('participation_pending_photos').selectAll().where('key', '=', key).where('expires_at', '>', now).executeTakeFirst();
	return row ? { kind: 'pending', key: row.key, type: row.type, size: Number(row.size), name: row.name } : null;
}

/**
 * Keeps a checked photo aside for a form shown again; returns its key, or null when the pending
 * space is full (the form then asks for the photo again). Expired pending photos go first.
 */
export async function stashPhoto(db: DB, blobs: BlobStore, photo: CheckedPhoto, now = Date.now()): Promise<string | null> {
	await purgePendingPhotos(db, blobs, now);
	const row = await db
		.selectFrom('participation_pending_photos')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
		.executeTakeFirstOrThrow();
	if (Number(row.bytes) + photo.size > PENDING_MAX_BYTES) return null;
	const [stored] = await writeUploads(blobs, [photo]);
	try {
		await db
			.insertInto('participation_pending_photos')
			.values({ key: stored!.storageName, type: photo.type.mime, size: photo.size, name: photo.originalName, expires_at: now + PENDING_TTL_MS })
			.execute();
	} catch (err) {
		await removeStoredFiles(blobs, [stored!.storageName]);
		throw err;
	}
	return stored!.storageName;
}

/** Takes a pending photo for an entry, inside the entry's transaction; refuses when it expired meanwhile. */
export async function adoptPendingPhoto(trx: DB, key: string): Promise<void> {
	const taken = await trx.deleteFrom('participation_pending_photos').where('key', '=', key).executeTakeFirst();
	if (Number(taken.numDeletedRows) === 0) refuse('pt_photo_expired', PHOTO_FIELD);
}

/** Deletes pending photos whose time is up (rows first, then their files); returns how many. */
export async function purgePendingPhotos(db: DB, blobs: BlobStore, now = Date.now()): Promise<number> {
	const expired = await db.selectFrom('participation_pending_photos').select('key').where('expires_at', '<=', now).execute();
	if (expired.length === 0) return 0;
	const keys = expired.map((r) => r.key);
	await db.deleteFrom('participation_pending_photos').where('key', 'in', keys).execute();
	await removeStoredFiles(blobs, keys);
	return keys.length;
}

/** Writes a new photo (before its row: a row always finds its file); returns the key. */
export async function writePhoto(blobs: BlobStore, photo: CheckedPhoto): Promise<string> {
	const [stored] = await writeUploads(blobs, [photo]);
	return stored!.storageName;
}

/** Removes photos' files (after their rows are gone). */
export function removePhotos(blobs: BlobStore, keys: readonly (string | null)[]): Promise<void> {
	return removeStoredFiles(
		blobs,
		keys.filter((k): k is string => !!k)
	);
}

/** A stored photo's bytes, or null. */
export function readPhoto(blobs: BlobStore, key: string): Promise<Uint8Array | null> {
	return readStoredFile(blobs, key);
}
