import { randomBytes } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { TokenBucket } from '../auth/rate-limit.ts';
import type { TokenRules } from './form-token.ts';
import { startRetentionJob, type RetentionJob } from './retention.ts';

/**
 * The feedback module's share of the process-wide runtime: the public form's limits per client
 * address, the key that signs its timestamps, and the retention job.
 */
export interface FeedbackRuntime {
	limits: {
		/** Public form submissions per client address. */
		submit: TokenBucket;
		/** Receipt look-ups and withdrawals per client address. */
		receipt: TokenBucket;
	};
	/** Signs the public form's hidden timestamp. Per process: a restart only makes open forms ask to be sent again. */
	formKey: Uint8Array;
	tokenRules: TokenRules;
	retention: RetentionJob;
	close(): void;
}

// 30 at once, then one every 20 seconds: a class or a district office behind one shared
// address can all answer within a few minutes, a script cannot flood a round.
export const SUBMIT_BURST = 30;
export const SUBMIT_REFILL_MS = 20_000;
export const RECEIPT_BURST = 20;
export const RECEIPT_REFILL_MS = 15_000;
/** Nobody reads and answers a form faster than this; bots do. */
export const MIN_FILL_MS = 3_000;
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

export function createFeedbackRuntime(db: DB, options: { log?: (message: string, error?: unknown) => void } = {}): FeedbackRuntime {
	const retention = startRetentionJob(db, { log: options.log });
	return {
		limits: {
			submit: new TokenBucket(SUBMIT_BURST, SUBMIT_REFILL_MS),
			receipt: new TokenBucket(RECEIPT_BURST, RECEIPT_REFILL_MS)
		},
		formKey: randomBytes(32),
		tokenRules: { minFillMs: MIN_FILL_MS, maxAgeMs: MAX_FORM_AGE_MS },
		retention,
		close() {
			retention.stop();
		}
	};
}
