import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLimiters, LIMIT_RULES, type Limiters } from '../../src/lib/server/limits/limiters.ts';
import { loginWaitMs, recordLoginFailure, recordLoginSuccess, type LoginAttempt } from '../../src/lib/server/auth/login-throttle.ts';

/**
 * The login throttle over the real rate-limiter-flexible memory store, on a fake clock (hours
 * pass in a moment). The same rules over HTTP: tests/integration/login-throttle.test.ts.
 */

const MINUTE = 60_000;
const OWNER = 'owner@example.test';
const owner: LoginAttempt = { email: OWNER, address: '198.51.100.7', device: null };
const ownersBrowser: LoginAttempt = { email: OWNER, address: '198.51.100.7', device: 'devicefromanearliersignin' };
const attacker = (address = '203.0.113.66'): LoginAttempt => ({ email: OWNER, address, device: null });

let limiters: Limiters;

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
	vi.setSystemTime(new Date('2026-03-02T08:00:00+07:00'));
	limiters = createMemoryLimiters();
});

afterEach(() => {
	vi.useRealTimers();
});

describe('the login throttle', () => {
	it('lets a few wrong passwords through free, then makes that client wait', async () => {
		for (let i = 0; i < LIMIT_RULES.loginClient.points; i++) {
			expect(await loginWaitMs(limiters, owner)).toBe(0);
			await recordLoginFailure(limiters, owner);
		}
		const wait = await loginWaitMs(limiters, owner);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(LIMIT_RULES.loginClient.durationS * 1000);
	});

	it('forgets the failures by itself: 15 minutes after the first, the client may try again', async () => {
		for (let i = 0; i < LIMIT_RULES.loginClient.points; i++) await recordLoginFailure(limiters, owner);
		await vi.advanceTimersByTimeAsync(14 * MINUTE);
		expect(await loginWaitMs(limiters, owner)).toBeGreaterThan(0);
		await vi.advanceTimersByTimeAsync(1 * MINUTE + 1);
		expect(await loginWaitMs(limiters, owner)).toBe(0);
	});

	it('forgets a client’s failures after its right password', async () => {
		for (let i = 0; i < LIMIT_RULES.loginClient.points - 1; i++) await recordLoginFailure(limiters, owner);
		await recordLoginSuccess(limiters, owner);
		for (let i = 0; i < LIMIT_RULES.loginClient.points - 1; i++) await recordLoginFailure(limiters, owner);
		expect(await loginWaitMs(limiters, owner)).toBe(0);
	});

	it('never holds failures from another address against the owner', async () => {
		for (let i = 0; i < LIMIT_RULES.loginClient.points + 3; i++) await recordLoginFailure(limiters, attacker());
		expect(await loginWaitMs(limiters, attacker())).toBeGreaterThan(0);
		expect(await loginWaitMs(limiters, owner)).toBe(0);
	});

	it('never locks the account when someone tries once every 5 minutes, all day', async () => {
		for (let step = 0; step < 24 * 12; step++) {
			await recordLoginFailure(limiters, attacker());
			expect(await loginWaitMs(limiters, owner), `after ${step + 1} tries`).toBe(0);
			expect(await loginWaitMs(limiters, ownersBrowser)).toBe(0);
			await vi.advanceTimersByTimeAsync(5 * MINUTE);
		}
	});

	it('holds one address to 100 wrong passwords a day over all accounts', async () => {
		const sprayer = (i: number): LoginAttempt => ({ email: `user${i}@example.test`, address: '203.0.113.5', device: null });
		for (let i = 0; i < LIMIT_RULES.loginAddress.points; i++) {
			expect(await loginWaitMs(limiters, sprayer(i))).toBe(0);
			await recordLoginFailure(limiters, sprayer(i));
		}
		expect(await loginWaitMs(limiters, sprayer(1000))).toBeGreaterThan(0);
		expect(await loginWaitMs(limiters, { ...sprayer(1000), address: '203.0.113.6' })).toBe(0);
	});

	it('stops a guesser spread over many addresses at the account, but never the owner’s own browser, and only for a while', async () => {
		const spread = LIMIT_RULES.loginAccount.points;
		for (let i = 0; i < spread; i++) await recordLoginFailure(limiters, attacker(`203.0.113.${i + 1}`));
		// Every address is still under its own limits; the account as a whole is not.
		expect(await loginWaitMs(limiters, attacker('203.0.113.200'))).toBeGreaterThan(0);
		expect(await loginWaitMs(limiters, owner)).toBeGreaterThan(0);
		expect(await loginWaitMs(limiters, ownersBrowser)).toBe(0);
		await vi.advanceTimersByTimeAsync(LIMIT_RULES.loginAccount.durationS * 1000 + 1);
		expect(await loginWaitMs(limiters, owner)).toBe(0);
	});

	it('holds a browser with a device token to its own limit', async () => {
		for (let i = 0; i < LIMIT_RULES.loginClient.points; i++) await recordLoginFailure(limiters, ownersBrowser);
		expect(await loginWaitMs(limiters, ownersBrowser)).toBeGreaterThan(0);
		// Its failures are its own: not the address's, not the account's.
		expect(await loginWaitMs(limiters, owner)).toBe(0);
	});
});
