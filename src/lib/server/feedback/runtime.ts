import type { DB } from '../db/open.ts';
import { serverKey } from '../keys.ts';
import type { Jobs } from '../jobs.ts';
import type { Limiter } from '../limits/limiter.ts';
import { LIMIT_RULES, type Limiters } from '../limits/limiters.ts';
import type { TokenRules } from './form-token.ts';
import { startRetentionJob, type RetentionJob } from './retention.ts';

/**
 * The feedback module's share of the process-wide runtime: the public form's limits per client
 * address, the key that signs its timestamps, and the retention job.
 */
export interface FeedbackRuntime {
	limits: {
		/** Public form submissions per client address. */
		submit: Limiter;
		/** Receipt look-ups and withdrawals per client address. */
		receipt: Limiter;
	};
	/**
	 * Signs the public form's hidden token. Kept in `server_keys`, so a form served by one
	 * process (or before a restart) is accepted by another on the same database.
	 */
	formKey: Uint8Array;
	tokenRules: TokenRules;
	retention: RetentionJob;
	close(): void;
}

/** Posts one address may send in a window (limits/limiters.ts holds every limit). */
export const SUBMIT_BURST = LIMIT_RULES.feedbackSubmit.points;
/** Nobody reads and answers a form faster than this; bots do. */
export const MIN_FILL_MS = 3_000;
/** Reading "not sent yet, please confirm" and pressing the button takes a person at least this. */
export const CONFIRM_MS = 1_000;
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;
export const FORM_KEY = 'feedback-form';

export async function createFeedbackRuntime(
	db: DB,
	options: {
		limiters: Pick<Limiters, 'feedbackSubmit' | 'feedbackReceipt'>;
		jobs?: Jobs;
		/** MIN_FILL_MS unless the operator set FORM_MIN_FILL_SECONDS. */
		minFillMs?: number;
		log?: (message: string, error?: unknown) => void;
	}
): Promise<FeedbackRuntime> {
	const formKey = await serverKey(db, FORM_KEY);
	const retention = startRetentionJob(db, { jobs: options.jobs, log: options.log });
	return {
		limits: {
			submit: options.limiters.feedbackSubmit,
			receipt: options.limiters.feedbackReceipt
		},
		formKey,
		tokenRules: { minFillMs: options.minFillMs ?? MIN_FILL_MS, confirmMs: CONFIRM_MS, maxAgeMs: MAX_FORM_AGE_MS },
		retention,
		close() {
			retention.stop();
		}
	};
}
