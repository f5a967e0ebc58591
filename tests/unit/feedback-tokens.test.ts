import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { checkFormToken, issueFormToken } from '../../src/lib/server/feedback/form-token.ts';
import { formatReceipt, hashReceipt, newReceiptCode, normalizeReceipt } from '../../src/lib/server/feedback/receipts.ts';

const key = randomBytes(32);
const rules = { minFillMs: 3000, maxAgeMs: 60_000 };

describe('the public form timestamp', () => {
	it('accepts a form sent after the minimum fill time', () => {
		const token = issueFormToken(key, 'abcd2345', 1_000_000);
		expect(checkFormToken(key, 'abcd2345', token, rules, 1_003_000)).toEqual({ kind: 'ok', issuedAt: 1_000_000 });
	});

	it('calls a form sent sooner than a person could fill it too fast', () => {
		const token = issueFormToken(key, 'abcd2345', 1_000_000);
		expect(checkFormToken(key, 'abcd2345', token, rules, 1_002_999).kind).toBe('too_fast');
	});

	it('refuses a backdated, a forged, another round’s and a stale timestamp', () => {
		const token = issueFormToken(key, 'abcd2345', 1_000_000);
		const backdated = token.replace('1000000', '900000');
		expect(checkFormToken(key, 'abcd2345', backdated, rules, 1_005_000).kind).toBe('invalid');
		expect(checkFormToken(randomBytes(32), 'abcd2345', token, rules, 1_005_000).kind).toBe('invalid');
		expect(checkFormToken(key, 'other999', token, rules, 1_005_000).kind).toBe('invalid');
		expect(checkFormToken(key, 'abcd2345', token, rules, 1_000_000 + 60_001).kind).toBe('expired');
		expect(checkFormToken(key, 'abcd2345', undefined, rules).kind).toBe('invalid');
		expect(checkFormToken(key, 'abcd2345', 'x'.repeat(500), rules).kind).toBe('invalid');
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
