import { getRandomValues } from 'node:crypto';

// 32 characters without look-alikes (no 0/o, 1/l), so every character carries 5 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random string of `length` characters from a 32-letter alphabet: 5 bits of entropy each. */
export function randomString(length: number): string {
	const bytes = getRandomValues(new Uint8Array(length));
	let out = '';
	for (const byte of bytes) out += ALPHABET[byte >> 3];
	return out;
}

/** A new row id: 16 characters, 80 random bits — unguessable enough for URLs. */
export function newId(): string {
	return randomString(16);
}
