import { describe, expect, it } from 'vitest';
import { ConnectionThrottle, isSyncRequest, type RateLimits } from '../../src/lib/server/collab/rate-limit.ts';

const limits: RateLimits = { messagesPerSecond: 10, messageBurst: 20, bytesPerSecond: 1000, byteBurst: 4000 };

/**
 * A sender of `perSecond` messages for `seconds`, read the way the hub reads a socket: nothing
 * while throttled, then everything that waited at once. Returns how it ended.
 */
function simulate(perSecond: number, seconds: number): { verdict: 'ok' | 'throttled' | 'flood'; at: number } {
	const throttle = new ConnectionThrottle(limits, 0);
	let waiting = 0;
	let pausedUntil = 0;
	let throttled = false;
	for (let t = 0; t <= seconds * 1000; t++) {
		if (Math.floor((t * perSecond) / 1000) > Math.floor(((t - 1) * perSecond) / 1000)) waiting++;
		if (t < pausedUntil) continue;
		for (; waiting > 0; waiting--) {
			const verdict = throttle.admit(1, t);
			if (verdict.kind === 'flood') return { verdict: 'flood', at: t };
			if (verdict.kind === 'throttle') {
				throttled = true;
				pausedUntil = t + verdict.ms;
			}
		}
	}
	return { verdict: throttled ? 'throttled' : 'ok', at: seconds * 1000 };
}

describe('the per-connection rate limit', () => {
	it('lets a burst through, then throttles for exactly as long as the debt takes to pay', () => {
		const throttle = new ConnectionThrottle(limits, 0);
		for (let i = 0; i < 20; i++) expect(throttle.admit(10, 0)).toEqual({ kind: 'ok' });
		expect(throttle.admit(10, 0)).toEqual({ kind: 'throttle', ms: 100 });
		// Paid back by t=100; ten messages a second go on without throttling from there.
		for (let t = 200; t <= 2000; t += 100) expect(throttle.admit(10, t)).toEqual({ kind: 'ok' });
	});

	it('counts bytes as well as messages, and throttles after a large message until its bytes are paid', () => {
		const throttle = new ConnectionThrottle(limits, 0);
		expect(throttle.admit(4000, 0)).toEqual({ kind: 'ok' });
		expect(throttle.admit(500, 0)).toEqual({ kind: 'throttle', ms: 500 });
		expect(throttle.admit(10, 600)).toEqual({ kind: 'ok' });
	});

	it('calls a whole burst of debt a flood', () => {
		const messages = new ConnectionThrottle(limits, 0);
		const verdicts = Array.from({ length: 41 }, () => messages.admit(1, 0).kind);
		expect(verdicts.slice(0, 20).every((v) => v === 'ok')).toBe(true);
		expect(verdicts.slice(20, 40).every((v) => v === 'throttle')).toBe(true);
		expect(verdicts[40]).toBe('flood');
		const bytes = new ConnectionThrottle(limits, 0);
		expect(bytes.admit(4000, 0).kind).toBe('ok');
		expect(bytes.admit(4001, 0).kind).toBe('flood');
	});

	it('never throttles a sender under the limit, throttles but keeps one at the limit, and closes one that stays over it', () => {
		expect(simulate(8, 120).verdict).toBe('ok');
		expect(simulate(10, 120).verdict).not.toBe('flood');
		const over = simulate(15, 120);
		expect(over.verdict).toBe('flood');
		// 5 a second too many: the waiting messages make a burst of debt in about 20/5 s after the first burst is spent.
		expect(over.at).toBeGreaterThan(4000);
		expect(over.at).toBeLessThan(20_000);
		expect(simulate(1000, 10)).toEqual({ verdict: 'flood', at: expect.any(Number) });
		expect(simulate(1000, 10).at).toBeLessThan(500);
	});

	it('recognises a sync request by its first two bytes', () => {
		expect(isSyncRequest(new Uint8Array([0, 0, 1, 0]))).toBe(true);
		expect(isSyncRequest(new Uint8Array([0, 2, 1, 0]))).toBe(false);
		expect(isSyncRequest(new Uint8Array([1, 0]))).toBe(false);
		expect(isSyncRequest(new Uint8Array([0]))).toBe(false);
	});
});
