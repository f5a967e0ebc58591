import type { DB } from '../db/open.ts';
import { serverKey } from '../keys.ts';
import type { Jobs } from '../jobs.ts';
import type { BlobStore } from '../files/blob-store.ts';
import type { Limiter } from '../limits/limiter.ts';
import type { Limiters } from '../limits/limiters.ts';
import { startRetentionJob, type RetentionJob } from '../feedback/retention.ts';
import { PARTICIPATION_RETENTION_JOB, runParticipationRetention, type ParticipationRetentionReport } from './retention.ts';
import { SUPPORTER_KEY } from './supports.ts';

/**
 * Participation's share of the process-wide runtime. Stories and ideas are public forms like
 * feedback's: they share its per-address limits (one budget for every citizen's form from an
 * address), its signing key and token rules (runtime.feedback; the scopes differ). Of its own:
 * the limit on supports and reports, the key of supporters' cookies, and its retention job.
 */
export interface ParticipationRuntime {
	limits: {
		/** Stories and ideas sent, per client address (feedback's limit). */
		submit: Limiter;
		/** Receipt look-ups and withdrawals per client address (feedback's limit). */
		receipt: Limiter;
		/** Supports and reports per client address. */
		support: Limiter;
	};
	/** Signs browsers' supporter cookies and derives their pseudonyms (supports.ts). */
	supporterKey: Uint8Array;
	retention: RetentionJob<ParticipationRetentionReport>;
	close(): void;
}

export async function createParticipationRuntime(
	db: DB,
	options: {
		limiters: Pick<Limiters, 'feedbackSubmit' | 'feedbackReceipt' | 'participationSupport'>;
		blobs: BlobStore;
		jobs?: Jobs;
		log?: (message: string, error?: unknown) => void;
	}
): Promise<ParticipationRuntime> {
	const supporterKey = await serverKey(db, SUPPORTER_KEY);
	const retention = startRetentionJob<ParticipationRetentionReport>(db, {
		jobs: options.jobs,
		log: options.log,
		task: { name: PARTICIPATION_RETENTION_JOB, run: (db, now) => runParticipationRetention(db, options.blobs, now) }
	});
	return {
		limits: {
			submit: options.limiters.feedbackSubmit,
			receipt: options.limiters.feedbackReceipt,
			support: options.limiters.participationSupport
		},
		supporterKey,
		retention,
		close() {
			retention.stop();
		}
	};
}
