import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The public form's hidden token: when the form was served, how long a person needs before
 * sending it, and an id of its own, signed so a client can neither backdate it nor shorten
 * the wait. A form sent before its wait is "too fast" (no person reads and answers a form in a
 * second or two; bots do); one older than the maximum age is stale. The id lets the server
 * take each form once (feedback_used_tokens, kept for the token's lifetime).
 *
 * Layout: `issuedAt.waitMs.id.mac` (milliseconds, milliseconds, 16 random bytes, HMAC-SHA256).
 */

export type TokenCheck =
	{ kind: 'ok'; id: string; issuedAt: number; expiresAt: number } | { kind: 'too_fast'; id: string } | { kind: 'invalid' } | { kind: 'expired' };

export interface TokenRules {
	/** The wait of a freshly served form. */
	minFillMs: number;
	/** The wait of a confirmation: a person pressing "confirm" on a page shown again. */
	confirmMs: number;
	maxAgeMs: number;
}

function sign(key: Uint8Array, slug: string, issuedAt: number, waitMs: number, id: string): string {
	return createHmac('sha256', key).update(`${slug}.${issuedAt}.${waitMs}.${id}`).digest('base64url');
}

/** A token for the form of round `slug`, served at `now`, that may be sent `waitMs` later. */
export function issueFormToken(key: Uint8Array, slug: string, { now = Date.now(), waitMs }: { now?: number; waitMs: number }): string {
	const id = randomBytes(16).toString('base64url');
	return `${now}.${waitMs}.${id}.${sign(key, slug, now, waitMs, id)}`;
}

const LAYOUT = /^(\d{1,15})\.(\d{1,7})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function checkFormToken(key: Uint8Array, slug: string, token: unknown, maxAgeMs: number, now = Date.now()): TokenCheck {
	if (typeof token !== 'string' || token.length > 120) return { kind: 'invalid' };
	const match = LAYOUT.exec(token);
	if (!match) return { kind: 'invalid' };
	const issuedAt = Number(match[1]);
	const waitMs = Number(match[2]);
	const id = match[3]!;
	const expected = Buffer.from(sign(key, slug, issuedAt, waitMs, id));
	const given = Buffer.from(match[4]!);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { kind: 'invalid' };
	if (issuedAt > now + 60_000) return { kind: 'invalid' };
	if (now - issuedAt > maxAgeMs) return { kind: 'expired' };
	if (now - issuedAt < waitMs) return { kind: 'too_fast', id };
	return { kind: 'ok', id, issuedAt, expiresAt: issuedAt + maxAgeMs };
}

/** When a form was served, read from its token (no check of the signature). */
export function tokenIssuedAt(token: string): number | null {
	const n = Number(token.split('.')[0]);
	return Number.isSafeInteger(n) ? n : null;
}
