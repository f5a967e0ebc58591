import { createHmac } from 'node:crypto';
import { IMAGE_FILE } from '../../board/images.ts';

// The id alphabet (ids.ts): the signature reads like the row id beside it.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * The reference a board's image element carries (`ROWID-SIGNATURE`, board/images.ts): the row
 * id of the stored file and an HMAC over the board's id and that row id. The hub's rule checks
 * it synchronously, without the database, so a file uploaded to one board cannot be shown on
 * another, and nothing but an uploaded file (no URL) can be named at all.
 *
 * The key is the server's voter key (`server_keys`, the same on every node), under its own
 * label, so a signature here is never a voter id there.
 */
function signature(key: Uint8Array, boardId: string, rowId: string): string {
	const mac = createHmac('sha256', key).update(`board-image\0${boardId}\0${rowId}`).digest();
	let out = '';
	for (let i = 0; i < 16; i++) out += ALPHABET[mac[i]! >> 3];
	return out;
}

/** The reference for a file stored for `boardId` under `rowId`. */
export function signImageFile(key: Uint8Array, boardId: string, rowId: string): string {
	return `${rowId}-${signature(key, boardId, rowId)}`;
}

/** The row id a reference names if the server signed it for `boardId`; null otherwise. */
export function imageFileOfBoard(key: Uint8Array, boardId: string, file: unknown): string | null {
	if (typeof file !== 'string') return null;
	const match = IMAGE_FILE.exec(file);
	if (!match) return null;
	return signature(key, boardId, match[1]!) === match[2] ? match[1]! : null;
}
