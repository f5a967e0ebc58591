import type { DB } from '../db/open.ts';

/**
 * Retention: contact details are deleted once their time is up (`delete_after`, fixed when the
 * citizen consented: the round's close plus its retention period). The job runs once at start
 * and then daily; a server that was down on the day catches up at its next start.
 */

/** Deletes every contact whose time is up; returns how many. */
export async function purgeExpiredContacts(db: DB, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('feedback_contacts').where('delete_after', '<=', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}

export interface RetentionJob {
	/** Runs the purge now (also what the timer calls). */
	runNow(): Promise<number>;
	stop(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function startRetentionJob(
	db: DB,
	options: { intervalMs?: number; log?: (message: string, error?: unknown) => void; now?: () => number } = {}
): RetentionJob {
	const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
	const now = options.now ?? Date.now;
	let running: Promise<number> | null = null;
	const runNow = () => {
		running ??= purgeExpiredContacts(db, now()).finally(() => (running = null));
		return running;
	};
	const tick = () => {
		runNow().catch((error) => log('feedback retention: purging contact details failed', error));
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
