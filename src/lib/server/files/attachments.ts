import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPostgresUrl } from '../db/open.ts';
import { randomString } from '../ids.ts';
import { refuse, type Issue, InputError } from '../validation.ts';
import type { BlobStore } from './blob-store.ts';
import { sniffType, type SniffedType } from './sniff.ts';

/**
 * Attachment files: checked by size and content before anything is written, stored under
 * generated names (the uploaded name is only ever data) in a `BlobStore` (by default a
 * directory next to the database).
 */

export const ATTACHMENT_LIMITS = {
	/** Per file. */
	maxBytes: 10 * 1024 * 1024,
	/** Per upload. */
	maxFiles: 8
} as const;

export type UploadLimits = { maxBytes: number; maxFiles: number };

// Room left in a request for the form's other fields and the multipart framing.
const FORM_OVERHEAD = 64 * 1024;

/**
 * The limits an upload really has: ours, or less when the server reads smaller request bodies
 * (adapter-node's BODY_SIZE_LIMIT, "512K" unless set; same syntax), so the form can say so.
 */
export function uploadLimits(bodySizeLimit: string | undefined): UploadLimits {
	const value = (bodySizeLimit ?? '512K').trim();
	const unit = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.slice(-1).toUpperCase()];
	const body = unit ? Number(value.slice(0, -1)) * unit : Number(value);
	const usable = Number.isFinite(body) && body > FORM_OVERHEAD ? body - FORM_OVERHEAD : ATTACHMENT_LIMITS.maxBytes;
	return { maxBytes: Math.min(ATTACHMENT_LIMITS.maxBytes, usable), maxFiles: ATTACHMENT_LIMITS.maxFiles };
}

/** "10 MB", "0.4 MB": a limit in megabytes with one decimal at most. */
export function megabytes(bytes: number): number {
	return Math.floor((bytes / (1024 * 1024)) * 10) / 10;
}

/**
 * Where the default blob store keeps attachments: `attachments/` beside the database file (a
 * temp dir for `:memory:`, `data/attachments` for a PostgreSQL database); ATTACHMENTS_DIR says
 * otherwise (config.ts).
 */
export function attachmentDirectory(databasePath: string): string {
	if (databasePath === ':memory:') return join(tmpdir(), 'prachalab-attachments');
	if (isPostgresUrl(databasePath)) return join('data', 'attachments');
	return join(dirname(databasePath), 'attachments');
}

/** The part of a `File` we use, so tests and the JSON API can pass plain objects. */
export interface Upload {
	name: string;
	size: number;
	arrayBuffer(): Promise<ArrayBuffer>;
}

/** An upload that passed every check, ready to write. */
export interface CheckedUpload {
	originalName: string;
	bytes: Uint8Array;
	type: SniffedType;
	sha256: string;
}

/** A stored name: random, with the sniffed type's extension, nothing from the user. */
function storageName(type: SniffedType): string {
	return `${randomString(24)}.${type.extension}`;
}

/** A display name: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const clean = base
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
		.replace(/[\u0000-\u001f\u007f"]/g, '')
		.trim();
	const chars = [...clean];
	return (chars.length > 120 ? chars.slice(-120).join('') : clean) || 'file';
}

/** The uploads a form really carries (an empty file input sends a nameless, empty file). */
export function presentUploads(values: FormDataEntryValue[]): Upload[] {
	return values.filter((v): v is File => typeof v !== 'string' && (v.size > 0 || v.name !== ''));
}

/**
 * Checks uploads by count, size (before reading them) and content. Throws an InputError on
 * `field` naming each refused file; nothing is written here.
 */
export async function checkUploads(uploads: readonly Upload[], field: string, limits: UploadLimits = ATTACHMENT_LIMITS): Promise<CheckedUpload[]> {
	if (uploads.length > limits.maxFiles) refuse('attachment_too_many', field, { max: limits.maxFiles });
	const issues: Issue[] = [];
	const checked: CheckedUpload[] = [];
	const maxMb = megabytes(limits.maxBytes);
	for (const upload of uploads) {
		const name = cleanFileName(upload.name);
		if (upload.size === 0) {
			issues.push({ field, code: 'attachment_empty', params: { name } });
			continue;
		}
		if (upload.size > limits.maxBytes) {
			issues.push({ field, code: 'attachment_too_large', params: { name, max: maxMb } });
			continue;
		}
		const bytes = new Uint8Array(await upload.arrayBuffer());
		// The size a client declares is not evidence; the bytes are.
		if (bytes.byteLength > limits.maxBytes) {
			issues.push({ field, code: 'attachment_too_large', params: { name, max: maxMb } });
			continue;
		}
		const type = sniffType(bytes);
		if (!type) {
			issues.push({ field, code: 'attachment_type_refused', params: { name } });
			continue;
		}
		checked.push({ originalName: name, bytes, type, sha256: createHash('sha256').update(bytes).digest('hex') });
	}
	if (issues.length > 0) throw new InputError(issues);
	return checked;
}

/** A checked upload, written. */
export interface StoredFile extends CheckedUpload {
	storageName: string;
}

/**
 * Writes checked uploads under new names (a store's `put` is all or nothing). If any write
 * fails, the ones written are removed. Without uploads, no store is needed.
 */
export async function writeUploads(blobs: BlobStore | undefined, uploads: readonly CheckedUpload[]): Promise<StoredFile[]> {
	if (uploads.length === 0) return [];
	if (!blobs) throw new Error('attachments need a blob store');
	const stored: StoredFile[] = [];
	try {
		for (const upload of uploads) {
			const name = storageName(upload.type);
			await blobs.put(name, upload.bytes);
			stored.push({ ...upload, storageName: name });
		}
	} catch (err) {
		await removeStoredFiles(
			blobs,
			stored.map((s) => s.storageName)
		);
		throw err;
	}
	return stored;
}

/** Removes stored files; one already gone is not an error. */
export async function removeStoredFiles(blobs: BlobStore | undefined, names: readonly string[]): Promise<void> {
	if (names.length === 0) return;
	if (!blobs) throw new Error('attachments need a blob store');
	for (const name of names) await blobs.delete(safeStoredName(name));
}

/** A stored file's bytes, or null if they are gone. */
export function readStoredFile(blobs: BlobStore, name: string): Promise<Uint8Array | null> {
	return blobs.get(safeStoredName(name));
}

// Stored names are ours (generated above); this guards against a corrupted row ever
// pointing anywhere else.
function safeStoredName(name: string): string {
	if (!/^[a-z0-9]+\.[a-z]+$/.test(name)) throw new Error(`not a stored attachment name: ${name}`);
	return name;
}
