import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { limiterOn, type Limiter, type LimiterStore, type LimitRule } from './limiter.ts';

const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;

/**
 * Every rate limit in the app, in one table so the numbers can be read (and argued with) side
 * by side. The collab hub's per-connection message budget is not here: it is a token bucket of
 * one socket, checked on every message, that nothing outside that socket ever reads.
 */
export const LIMIT_RULES = {
	/**
	 * Wrong passwords for one account from one client (an address, or a browser that signed in to
	 * that account before): 5 free, then none until 15 minutes after the first. A typo costs
	 * nothing; a failure from elsewhere never counts against the owner's own client.
	 */
	loginClient: { name: 'login-client', points: 5, durationS: 15 * MINUTE_S },
	/**
	 * Wrong passwords for one account from all clients it has not seen before, together: a guesser
	 * spread over many addresses. Looser than the client limit (one try every 5 minutes all day
	 * stays far below it), and it never stops a browser the account signed in from before.
	 */
	loginAccount: { name: 'login-account', points: 30, durationS: HOUR_S },
	/** Wrong passwords from one address over all accounts (password spraying). An office behind one NAT stays well below. */
	loginAddress: { name: 'login-address', points: 100, durationS: 24 * HOUR_S },
	/**
	 * Wrong join codes from one address. Only failures count, so a room of 40 on one Wi-Fi all get
	 * in; a code has about 40 bits, so 20 guesses per 10 minutes get nowhere in its few hours.
	 */
	joinFailures: { name: 'join-failures', points: 20, durationS: 10 * MINUTE_S },
	/** Public feedback posts per address: a class or a district office behind one address can all answer. */
	feedbackSubmit: { name: 'feedback-submit', points: 30, durationS: 10 * MINUTE_S },
	/** Receipt look-ups and withdrawals per address: receipts cannot be enumerated. */
	feedbackReceipt: { name: 'feedback-receipt', points: 20, durationS: 5 * MINUTE_S },
	/**
	 * Supports and reports of citizens' ideas per address (participation/supports.ts): a room at a
	 * town-hall meeting on one Wi-Fi, each person supporting a few ideas, stays below; one machine
	 * cannot add thousands.
	 */
	participationSupport: { name: 'participation-support', points: 120, durationS: HOUR_S },
	/**
	 * Images uploaded to boards per person (a user, or a guest): a workshop's photo round of a
	 * paper wall, a few dozen pictures, stays below; a script cannot fill the disk.
	 */
	boardImages: { name: 'board-images', points: 60, durationS: 10 * MINUTE_S }
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMIT_RULES;

/** The app's limits, one Limiter per rule, all in one store (memory, or Redis shared by every node). */
export type Limiters = Record<LimitName, Limiter>;

/** The limits over `store` (the same rules whatever the store). */
export function createLimiters(store: LimiterStore, rules: Record<LimitName, LimitRule> = LIMIT_RULES): Limiters {
	const entries = Object.entries(rules).map(([name, rule]) => [name, limiterOn(rule, store(rule))]);
	return Object.fromEntries(entries) as Limiters;
}

/** rate-limiter-flexible's in-process store: right for one process (SQLite); counts go with a restart. */
export const memoryStore: LimiterStore = (rule) => new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.durationS });

/** The limits for one process. */
export function createMemoryLimiters(rules?: Record<LimitName, LimitRule>): Limiters {
	return createLimiters(memoryStore, rules);
}

/**
 * rate-limiter-flexible's Redis store: one count per key for every node (its Lua script counts
 * and sets the expiry atomically), under `prefix` + the rule's name. A Redis that does not
 * answer makes a check fail (the caller answers "try again later"), never pass.
 */
export function redisStore(client: Redis, prefix: string): LimiterStore {
	return (rule) =>
		new RateLimiterRedis({
			storeClient: client,
			useRedisPackage: false,
			keyPrefix: `${prefix}limit:${rule.name}`,
			points: rule.points,
			duration: rule.durationS
		});
}
