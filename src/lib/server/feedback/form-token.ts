import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The public form's hidden timestamp: when the form was served, signed so a client cannot
 * backdate it. A submission sooner than the minimum fill time after it is a bot (no person
 * reads and answers a form in a second or two); one older than the maximum age is stale.
 */

export type TokenCheck = { kind: 'ok'; issuedAt: number } | { kind: 'too_fast' } | { kind: 'invalid' } | { kind: 'expired' };

export interface TokenRules {
	minFillMs: number;
	maxAgeMs: number;
}

function sign(key: Uint8Array, slug: string, issuedAt: number): string {
	return createHmac('sha256', key).update(`${slug}.${issuedAt}`).digest('base64url');
}

/** A token for the form of round `slug`, issued at `issuedAt`. */
export function issueFormToken(key: Uint8Array, slug: string, issuedAt = Date.now()): string {
	return `${issuedAt}.${sign(key, slug, issuedAt)}`;
}

export function checkFormToken(key: Uint8Array, slug: string, token: unknown, rules: TokenRules, now = Date.now()): TokenCheck {
	if (typeof token !== 'string' || token.length > 100) return { kind: 'invalid' };
	const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
	if (!match) return { kind: 'invalid' };
	const issuedAt = Number(match[1]);
	const expected = Buffer.from(sign(key, slug, issuedAt));
	const given = Buffer.from(match[2]!);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { kind: 'invalid' };
	if (issuedAt > now + 60_000) return { kind: 'invalid' };
	if (now - issuedAt < rules.minFillMs) return { kind: 'too_fast' };
	if (now - issuedAt > rules.maxAgeMs) return { kind: 'expired' };
	return { kind: 'ok', issuedAt };
}

/** When a form was served, read from its token (no check of the signature). */
export function tokenIssuedAt(token: string): number | null {
	const n = Number(token.split('.')[0]);
	return Number.isSafeInteger(n) ? n : null;
}
