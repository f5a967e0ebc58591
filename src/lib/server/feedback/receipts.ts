import { createHash } from 'node:crypto';
import { randomString } from '../ids.ts';

/**
 * Receipt codes: what a citizen keeps to look up or withdraw what they sent. Twelve characters
 * of a 32-letter alphabet without look-alikes (60 random bits), shown as ABCD-EFGH-JKMN. Only
 * a hash is stored, like a session secret: the database alone cannot reveal anyone's code.
 */

const LENGTH = 12;
const CODE_CHARS = /^[ABCDEFGHIJKMNPQRSTUVWXYZ23456789]{12}$/;

export function newReceiptCode(): string {
	return formatReceipt(randomString(LENGTH).toUpperCase());
}

/** ABCD-EFGH-JKMN */
export function formatReceipt(code: string): string {
	const bare = code.replace(/-/g, '');
	return `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`;
}

/** The bare code from what someone typed (spaces, dashes and case forgiven); null when it cannot be one. */
export function normalizeReceipt(input: unknown): string | null {
	if (typeof input !== 'string' || input.length > 64) return null;
	const bare = input.replace(/[\s\-–—_.]/g, '').toUpperCase();
	return CODE_CHARS.test(bare) ? bare : null;
}

export function hashReceipt(code: string): string {
	return createHash('sha256').update(code.replace(/-/g, '').toUpperCase()).digest('hex');
}
