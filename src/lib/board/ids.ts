// 32 characters without look-alikes; the same alphabet as the server's row ids.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A random id for something inside a board (a note, a section): 12 characters, 60 bits. Uses the
 * Web Crypto global, which browsers and Node both have, so client and server make the same kind.
 */
export function newBoardItemId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	let out = '';
	for (const byte of bytes) out += ALPHABET[byte >> 3];
	return out;
}
