import { describe, expect, it } from 'vitest';
import { Throttler, TokenBucket } from '../../src/lib/server/auth/rate-limit.ts';

describe('Throttler', () => {
	it('lets the first try through and doubles the wait after each failure', () => {
		const throttler = new Throttler([0, 1, 2, 4]);
		const t = 1_000_000;
		expect(throttler.retryAfterMs('a', t)).toBe(0);
		throttler.recordFailure('a', t);
		expect(throttler.retryAfterMs('a', t)).toBe(1000);
		expect(throttler.retryAfterMs('a', t + 1000)).toBe(0);
		throttler.recordFailure('a', t + 1000);
		expect(throttler.retryAfterMs('a', t + 1000)).toBe(2000);
		throttler.recordFailure('a', t + 3000);
		throttler.recordFailure('a', t + 7000);
		// Past the end of the table the last wait repeats.
		expect(throttler.retryAfterMs('a', t + 7000)).toBe(4000);
		expect(throttler.retryAfterMs('b', t)).toBe(0);
	});

	it('forgets a key after a success', () => {
		const throttler = new Throttler([0, 60]);
		throttler.recordFailure('a', 0);
		throttler.reset('a');
		expect(throttler.retryAfterMs('a', 0)).toBe(0);
	});
});

describe('TokenBucket', () => {
	it('allows max requests, then refuses until tokens refill', () => {
		const bucket = new TokenBucket(3, 1000);
		const t = 5_000_000;
		expect([bucket.consume('ip', 1, t), bucket.consume('ip', 1, t), bucket.consume('ip', 1, t)]).toEqual([true, true, true]);
		expect(bucket.consume('ip', 1, t)).toBe(false);
		expect(bucket.check('ip', 1, t + 999)).toBe(false);
		expect(bucket.consume('ip', 1, t + 1000)).toBe(true);
		expect(bucket.consume('other', 1, t)).toBe(true);
	});

	it('never refills beyond its maximum', () => {
		const bucket = new TokenBucket(2, 10);
		bucket.consume('k', 2, 0);
		expect(bucket.consume('k', 3, 1_000_000)).toBe(false);
		expect(bucket.consume('k', 2, 1_000_000)).toBe(true);
	});
});
