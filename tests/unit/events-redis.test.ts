import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisConnections } from '../../src/lib/server/redis/client.ts';
import { createRedisEvents, subscriptionsReady } from '../../src/lib/server/events/redis-events.ts';
import type { AccessChange } from '../../src/lib/server/events/events.ts';
import { testRedisPrefix, testRedisUrl } from '../helpers/redis.ts';

// Needs a Redis: runs only when REDIS_URL is set (vite.config.ts; CI sets it).
const opened: RedisConnections[] = [];
afterAll(() => Promise.all(opened.map((r) => r.close())));

async function node(prefix: string) {
	const redis = connectRedis(testRedisUrl()!, prefix);
	opened.push(redis);
	return { redis, events: createRedisEvents(redis, () => {}) };
}

function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 2_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const tick = () => {
			const value = check();
			if (value !== undefined) return resolve(value);
			if (Date.now() > deadline) return reject(new Error(`timed out waiting until ${what}`));
			setTimeout(tick, 5);
		};
		tick();
	});
}

describe('events over Redis (several nodes)', () => {
	it('reach the other node’s subscribers, and the publisher’s own once, before publish resolves', async () => {
		const prefix = testRedisPrefix('events');
		const a = await node(prefix);
		const b = await node(prefix);
		const seenA: AccessChange[] = [];
		const seenB: AccessChange[] = [];
		a.events.subscribe('access-changed', (change) => void seenA.push(change));
		b.events.subscribe('access-changed', (change) => void seenB.push(change));
		await Promise.all([subscriptionsReady(a.redis.subscriber), subscriptionsReady(b.redis.subscriber)]);
		const change: AccessChange = { scope: 'guest', guestId: 'g1' };
		await a.events.publish('access-changed', change);
		expect(seenA).toEqual([change]);
		await waitFor(() => (seenB.length > 0 ? true : undefined), 'node B hears of it');
		expect(seenB).toEqual([change]);
		// No echo: A's own subscriber still handled it once.
		await b.events.publish('access-changed', { scope: 'session', sessionId: 's1' });
		await waitFor(() => (seenA.length > 1 ? true : undefined), 'node A hears of B’s');
		expect(seenA).toEqual([change, { scope: 'session', sessionId: 's1' }]);
	});

	it('keep deployments with different prefixes apart', async () => {
		const a = await node(testRedisPrefix('events'));
		const b = await node(testRedisPrefix('events'));
		const c = await node(a.redis.prefix);
		const seenB: AccessChange[] = [];
		const seenC: AccessChange[] = [];
		b.events.subscribe('access-changed', (change) => void seenB.push(change));
		c.events.subscribe('access-changed', (change) => void seenC.push(change));
		await Promise.all([subscriptionsReady(b.redis.subscriber), subscriptionsReady(c.redis.subscriber)]);
		await a.events.publish('access-changed', { scope: 'user', userId: 'u1' });
		await waitFor(() => (seenC.length > 0 ? true : undefined), 'the same deployment hears of it');
		expect(seenB).toEqual([]);
	});
});
