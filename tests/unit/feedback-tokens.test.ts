import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { checkFormToken, issueFormToken } from '../../src/lib/server/feedback/form-token.ts';
import { formatReceipt, hashReceipt, newReceiptCode, normalizeReceipt } from '../../src/lib/server/feedback/receipts.ts';

const key = randomBytes(32);
const MAX_AGE = 60_000;

describe('the public form timestamp', () => {
	it('accepts a form sent after its wait, and names it by an id of its own', () => {
		const token = issueFormToken(key, 'abcd2345', { now: 1_000_000, waitMs: 3000 });
		const check = checkFormToken(key, 'abcd2345', token, MAX_AGE, 1_003_000);
		expect(check).toEqual({ kind: 'ok', id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), issuedAt: 1_000_000, expiresAt: 1_000_000 + MAX_AGE });
		const other = checkFormToken(key, 'abcd2345', issueFormToken(key, 'abcd2345', { now: 1_000_000, waitMs: 3000 }), MAX_AGE, 1_003_000);
		expect(other.kind === 'ok' && check.kind === 'ok' && other.id !== check.id).toBe(true);
	});

	it('calls a form sent before its wait too fast, still naming it', () => {
		const token = issueFormToken(key, 'abcd2345', { now: 1_000_000, waitMs: 3000 });
		expect(checkFormToken(key, 'abcd2345', token, MAX_AGE, 1_002_999).kind).toBe('too_fast');
	});

	it('keeps the wait a confirmation needs (shorter) inside the signature', () => {
		const confirm = issueFormToken(key, 'abcd2345', { now: 1_000_000, waitMs: 1000 });
		expect(checkFormToken(key, 'abcd2345', confirm, MAX_AGE, 1_001_000).kind).toBe('ok');
		expect(checkFormToken(key, 'abcd2345', confirm, MAX_AGE, 1_000_999).kind).toBe('too_fast');
		// A client cannot shorten the wait of a token it was given.
		const [issued, , id, mac] = issueFormToken(key, 'abcd2345', { now: 1_000_000, waitMs: 3000 }).split('.');
		expect(checkFormToken(key, 'abcd2345', [issued, '0', id, mac].join('.'), MAX_AGE, 1_000_500).kind).toBe('invalid');
	});

	it('refuses a backdated, a forged, another round’s and a stale timestamp', () => {
		const token = issueFormToken(key, 'abcd2345', { now: 1_000_000, waitMs: 3000 });
		const backdated = token.replace('1000000', '900000');
		expect(checkFormToken(key, 'abcd2345', backdated, MAX_AGE, 1_005_000).kind).toBe('invalid');
		expect(checkFormToken(randomBytes(32), 'abcd2345', token, MAX_AGE, 1_005_000).kind).toBe('invalid');
		expect(checkFormToken(key, 'other999', token, MAX_AGE, 1_005_000).kind).toBe('invalid');
		expect(checkFormToken(key, 'abcd2345', token, MAX_AGE, 1_000_000 + MAX_AGE + 1).kind).toBe('expired');
		expect(checkFormToken(key, 'abcd2345', undefined, MAX_AGE).kind).toBe('invalid');
		expect(checkFormToken(key, 'abcd2345', 'x'.repeat(500), MAX_AGE).kind).toBe('invalid');
		// The old format (no id) is no token any more.
		expect(checkFormToken(key, 'abcd2345', `1000000.${'a'.repeat(43)}`, MAX_AGE, 1_005_000).kind).toBe('invalid');
	});
});

describe('receipt codes', () => {
	it('are 12 characters without look-alikes (no 0, 1, L or O), grouped by four', () => {
		const codes = new Set(Array.from({ length: 200 }, () => newReceiptCode()));
		expect(codes.size).toBe(200);
		for (const code of codes) expect(code).toMatch(/^[A-KMNP-Z2-9]{4}-[A-KMNP-Z2-9]{4}-[A-KMNP-Z2-9]{4}$/);
	});

	it('are read back forgiving case, spaces and dashes, and nothing else', () => {
		const code = newReceiptCode();
		expect(normalizeReceipt(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''));
		expect(formatReceipt(normalizeReceipt(code)!)).toBe(code);
		expect(normalizeReceipt('ABCD-EFGH-JKL0')).toBeNull();
		expect(normalizeReceipt('ABCD-EFGH')).toBeNull();
		expect(normalizeReceipt(42)).toBeNull();
	});

	it('hash the same however they were typed', () => {
		expect(hashReceipt('ABCD-EFGH-JKMN')).toBe(hashReceipt('abcdefghjkmn'));
		expect(hashReceipt('ABCD-EFGH-JKMN')).toMatch(/^[0-9a-f]{64}$/);
	});
});
