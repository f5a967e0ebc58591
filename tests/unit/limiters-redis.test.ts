import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisConnections } from '../../src/lib/server/redis/client.ts';
import { createLimiters, LIMIT_RULES, redisStore } from '../../src/lib/server/limits/limiters.ts';
import { describeLimiterStore } from '../helpers/limiter-contract.ts';
import { testRedisUrl, testRedisPrefix } from '../helpers/redis.ts';

// Needs a Redis: this file runs only when REDIS_URL is set (vite.config.ts includes
// *redis.test.ts files then; .ci/services.sh always provides one in CI).
const url = testRedisUrl()!;
let redis: RedisConnections;
let other: RedisConnections;
const prefix = testRedisPrefix('limits');

beforeAll(async () => {
	redis = connectRedis(url, prefix);
	other = connectRedis(url, prefix);
});
afterAll(async () => {
	await redis.close();
	await other.close();
});

describeLimiterStore('Redis (shared by every node)', () => redisStore(redis.command, prefix));

describe('limits in Redis', () => {
	it('are one count for two nodes: what one spends, the other sees spent', async () => {
		const rules = { ...LIMIT_RULES, feedbackSubmit: { ...LIMIT_RULES.feedbackSubmit, name: `shared-${Date.now()}` } };
		const a = createLimiters(redisStore(redis.command, prefix), rules);
		const b = createLimiters(redisStore(other.command, prefix), rules);
		const points = rules.feedbackSubmit.points;
		for (let i = 0; i < points; i++) expect((await (i % 2 ? a : b).feedbackSubmit.consume('203.0.113.7')).allowed).toBe(true);
		expect((await a.feedbackSubmit.consume('203.0.113.7')).allowed).toBe(false);
		expect((await b.feedbackSubmit.consume('203.0.113.7')).allowed).toBe(false);
		expect((await b.feedbackSubmit.consume('203.0.113.8')).allowed).toBe(true);
	});
});
