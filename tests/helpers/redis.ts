import { randomBytes } from 'node:crypto';

/**
 * The Redis the tests may use: REDIS_URL from the environment (.ci/services.sh starts a
 * throwaway one in CI), or undefined. Files that need it are named `*redis.test.ts` (and
 * `multinode*.test.ts`, which also need PostgreSQL); vite.config.ts includes them only when
 * it is set.
 */
export function testRedisUrl(): string | undefined {
	return process.env.REDIS_URL || undefined;
}

/** A key prefix no other test (or run) shares: Redis keeps keys between runs. */
export function testRedisPrefix(what: string): string {
	return `prachalab-test:${what}:${randomBytes(6).toString('hex')}:`;
}
