import type { DB } from '../db/open.ts';
import { flushDeletions } from '../db/erase.ts';
import { createLocalJobs, type Jobs } from '../jobs.ts';

/**
 * Retention: contact details are deleted once their time is up (`delete_after`, fixed when the
 * citizen consented: the round's close plus its retention period), and then flushed out of the
 * database's files (db/erase.ts); the ids of used form tokens go once their tokens have expired.
 * The job runs once at start and then daily (a server that was down on the day catches up at its
 * next start), as the exclusive job `feedback-retention`: with several app servers, one of them.
 */

export const RETENTION_JOB = 'feedback-retention';

/** Deletes every contact whose time is up; returns how many. */
export async function purgeExpiredContacts(db: DB, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('feedback_contacts').where('delete_after', '<=', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Forgets used form tokens that could no longer be accepted anyway; returns how many. */
export async function purgeUsedTokens(db: DB, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('feedback_used_tokens').where('expires_at', '<=', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}

export interface RetentionReport {
	contacts: number;
	usedTokens: number;
}

/** One run of the job: both purges, then the contacts' traces out of the files. */
export async function runRetention(db: DB, now = Date.now()): Promise<RetentionReport> {
	const contacts = await purgeExpiredContacts(db, now);
	const usedTokens = await purgeUsedTokens(db, now);
	if (contacts > 0) await flushDeletions(db);
	return { contacts, usedTokens };
}

export interface RetentionJob<Report = RetentionReport> {
	/** Runs the job now (also what the timer calls); null when another node's run had it. */
	runNow(): Promise<Report | null>;
	stop(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function startRetentionJob<Report = RetentionReport>(
	db: DB,
	options: {
		jobs?: Jobs;
		intervalMs?: number;
		log?: (message: string, error?: unknown) => void;
		now?: () => number;
		/** Another module's retention (participation's), run the same way under its own job name. */
		task?: { name: string; run: (db: DB, now: number) => Promise<Report> };
	} = {}
): RetentionJob<Report> {
	const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
	const now = options.now ?? Date.now;
	const jobs = options.jobs ?? createLocalJobs();
	const name = options.task?.name ?? RETENTION_JOB;
	const run = options.task?.run ?? (runRetention as unknown as (db: DB, now: number) => Promise<Report>);
	// A second call while this process runs the job joins that run (and sees its result).
	let running: Promise<Report | null> | null = null;
	const runNow = () => {
		running ??= jobs
			.runExclusive(name, () => run(db, now()))
			.then((result) => (result.ran ? result.value : null))
			.finally(() => (running = null));
		return running;
	};
	const tick = () => {
		runNow().catch((error) => log(`${name}: purging personal data failed`, error));
	};
	tick();
	const timer = setInterval(tick, options.intervalMs ?? DAY_MS);
	// The daily timer must not keep a process alive that is otherwise done (tests, scripts).
	timer.unref();
	return {
		runNow,
		stop() {
			clearInterval(timer);
		}
	};
}
