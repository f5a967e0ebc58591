/**
 * In-process limits. Prachalab runs as one Node process (see DESIGN.md), so memory is the
 * right store; a multi-instance deployment would move these counters to the shared database.
 */

const MAX_TRACKED_KEYS = 50_000;

/** Exponential back-off per key (Lucia's throttler): each failure doubles the wait. */
export class Throttler {
	private readonly entries = new Map<string, { failures: number; lastFailureAt: number }>();
	private readonly timeoutsSeconds: readonly number[];

	constructor(timeoutsSeconds: readonly number[]) {
		this.timeoutsSeconds = timeoutsSeconds;
	}

	/** Milliseconds until `key` may try again (0 when it may now). */
	retryAfterMs(key: string, now = Date.now()): number {
		const entry = this.entries.get(key);
		if (!entry) return 0;
		const index = Math.min(entry.failures, this.timeoutsSeconds.length - 1);
		const waitMs = (this.timeoutsSeconds[index] ?? 0) * 1000;
		return Math.max(0, entry.lastFailureAt + waitMs - now);
	}

	recordFailure(key: string, now = Date.now()): void {
		const entry = this.entries.get(key);
		this.entries.delete(key);
		this.entries.set(key, { failures: (entry?.failures ?? 0) + 1, lastFailureAt: now });
		evictOldest(this.entries);
	}

	reset(key: string): void {
		this.entries.delete(key);
	}
}

/** A token bucket per key: `max` tokens, refilled at one every `refillMs`. */
export class TokenBucket {
	private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();
	readonly max: number;
	readonly refillMs: number;

	constructor(max: number, refillMs: number) {
		this.max = max;
		this.refillMs = refillMs;
	}

	private current(key: string, now: number): { tokens: number; refilledAt: number } {
		const bucket = this.buckets.get(key);
		if (!bucket) return { tokens: this.max, refilledAt: now };
		const refill = Math.floor((now - bucket.refilledAt) / this.refillMs);
		if (refill <= 0) return bucket;
		return {
			tokens: Math.min(this.max, bucket.tokens + refill),
			refilledAt: bucket.refilledAt + refill * this.refillMs
		};
	}

	/** Whether `key` has `cost` tokens left, without taking them. */
	check(key: string, cost = 1, now = Date.now()): boolean {
		return this.current(key, now).tokens >= cost;
	}

	/** Takes `cost` tokens; false (and nothing taken) when there are not enough. */
	consume(key: string, cost = 1, now = Date.now()): boolean {
		const bucket = this.current(key, now);
		if (bucket.tokens < cost) return false;
		this.buckets.delete(key);
		this.buckets.set(key, { tokens: bucket.tokens - cost, refilledAt: bucket.refilledAt });
		evictOldest(this.buckets);
		return true;
	}
}

// Maps iterate in insertion order and every write re-inserts, so the first keys are the stalest.
function evictOldest(map: Map<string, unknown>): void {
	while (map.size > MAX_TRACKED_KEYS) {
		const oldest = map.keys().next().value;
		if (oldest === undefined) return;
		map.delete(oldest);
	}
}

/** The login limits: back-off per account, a bucket per client address. */
export interface LoginLimits {
	perAccount: Throttler;
	perAddress: TokenBucket;
}

export function createLoginLimits(): LoginLimits {
	return {
		perAccount: new Throttler([0, 1, 2, 4, 8, 16, 30, 60, 180, 300]),
		perAddress: new TokenBucket(30, 10_000)
	};
}
