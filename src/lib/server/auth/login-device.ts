import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomString } from '../ids.ts';

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser
 * that signed in to an account gets a token naming that account, signed with a server key.
 * Later attempts from it are limited on their own, so a guesser spread over many addresses,
 * who can lock the account for new browsers, never locks out the owner's own.
 */

export const LOGIN_DEVICE_COOKIE = 'device';
/** The server key (keys.ts) that signs device tokens. */
export const LOGIN_DEVICE_KEY = 'login-device';
export const LOGIN_DEVICE_MAX_AGE_S = 365 * 24 * 60 * 60;

function signature(key: Uint8Array, email: string, id: string): Buffer {
	return createHmac('sha256', key).update(`${email}\n${id}`).digest();
}

/** A new token for this browser and `email` (the account name, normalized as the login form does). */
export function issueDeviceToken(key: Uint8Array, email: string): string {
	const id = randomString(20);
	return `${id}.${signature(key, email, id).toString('base64url')}`;
}

/** The device id `token` proves for `email`, or null when it is missing, forged or for another account. */
export function deviceIdFor(key: Uint8Array, email: string, token: string | undefined): string | null {
	const [id, sent, ...rest] = (token ?? '').split('.');
	if (!id || !sent || rest.length > 0) return null;
	const expected = signature(key, email, id);
	const given = Buffer.from(sent, 'base64url');
	return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
