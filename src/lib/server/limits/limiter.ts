import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** One limit: at most `points` per key in a window of `durationS` seconds from the key's first point. */
export interface LimitRule {
	/** Stable and unique: the key prefix in a shared store (Redis). */
	name: string;
	points: number;
	durationS: number;
}

/** Where one key stands against its limit. */
export interface LimitState {
	/** Points left in the key's window (0 once spent). */
	remaining: number;
	/** Milliseconds until the window ends and every point comes back (0 when nothing is counted). */
	resetMs: number;
}

/**
 * A counter per key (a client address, an account, …) with a limit, in whatever store the
 * deployment has: memory for one process, Redis for several. Every call is async so the store
 * can be remote; a store error rejects (never read as "allowed" or "refused").
 */
export interface Limiter {
	readonly rule: LimitRule;
	/** Takes `points` for `key` if it still has them; `allowed` false (and the refusal counted) once spent. */
	consume(key: string, points?: number): Promise<LimitState & { allowed: boolean }>;
	/** Counts `points` against `key` after the fact (a failed attempt), whatever it had left. */
	penalty(key: string, points?: number): Promise<LimitState>;
	/** Gives `points` back to `key`. */
	reward(key: string, points?: number): Promise<LimitState>;
	/** Where `key` stands, counting nothing. */
	peek(key: string): Promise<LimitState>;
	/** Forgets `key` (e.g. an account's failures after a right password). */
	reset(key: string): Promise<void>;
}

/** The store for one rule: rate-limiter-flexible's limiter of the deployment's kind, under the rule's name. */
export type LimiterStore = (rule: LimitRule) => RateLimiterAbstract;

function stateOf(rule: LimitRule, res: RateLimiterRes | null): LimitState {
	if (!res) return { remaining: rule.points, resetMs: 0 };
	return { remaining: Math.max(0, rule.points - res.consumedPoints), resetMs: Math.max(0, res.msBeforeNext) };
}

/** A Limiter over one of rate-limiter-flexible's limiters (memory, Redis, …): they share one API. */
export function limiterOn(rule: LimitRule, store: RateLimiterAbstract): Limiter {
	return {
		rule,
		async consume(key, points = 1) {
			try {
				return { allowed: true, ...stateOf(rule, await store.consume(key, points)) };
			} catch (refusal) {
				// rate-limiter-flexible rejects with the key's state when the points are spent, and with an Error when the store fails.
				if (refusal instanceof RateLimiterRes) return { allowed: false, ...stateOf(rule, refusal) };
				throw refusal;
			}
		},
		async penalty(key, points = 1) {
			return stateOf(rule, await store.penalty(key, points));
		},
		async reward(key, points = 1) {
			return stateOf(rule, await store.reward(key, points));
		},
		async peek(key) {
			return stateOf(rule, await store.get(key));
		},
		async reset(key) {
			await store.delete(key);
		}
	};
}
