import { sql } from 'kysely';
import type { DB } from './db/open.ts';

/**
 * Background work that must not run twice at once (the retention job). Callers name the job
 * and hand over the work; the implementation decides who runs it. This one is for a single
 * process: a run already under way here means the job is taken. With several app servers a
 * shared implementation takes the same name as a lock every node sees (on PostgreSQL, a
 * session advisory lock: `pg_try_advisory_lock`), so the job runs on one node at a time.
 */
export interface Jobs {
	/**
	 * Runs `work` as the job `name`, unless a run of that job is under way: then it returns
	 * `{ ran: false }` at once, without waiting (the other run does the work). A failed run
	 * releases the job and rejects with its error.
	 */
	runExclusive<T>(name: string, work: () => Promise<T>): Promise<JobRun<T>>;
}

export type JobRun<T> = { ran: true; value: T } | { ran: false };

/** Jobs for one process (SQLite: there is never more than one). */
export function createLocalJobs(): Jobs {
	const running = new Set<string>();
	return {
		async runExclusive(name, work) {
			if (running.has(name)) return { ran: false };
			running.add(name);
			try {
				return { ran: true, value: await work() };
			} finally {
				running.delete(name);
			}
		}
	};
}

/**
 * Jobs for several nodes on one PostgreSQL database: a run takes the job's name as a session
 * advisory lock (`pg_try_advisory_lock`) on a connection of its own, held while `work` runs
 * (it may use the pool meanwhile). Another node asking meanwhile is told `{ ran: false }` at
 * once; a node that dies mid-run drops its connection, and with it the lock.
 */
export function createPostgresJobs(db: DB): Jobs {
	const local = createLocalJobs();
	return {
		async runExclusive<T>(name: string, work: () => Promise<T>): Promise<JobRun<T>> {
			const key = `prachalab job ${name}`;
			// The local check first: two runs here never wait on each other's connection.
			const run = await local.runExclusive(name, () =>
				db.connection().execute(async (connection): Promise<T | typeof SKIPPED> => {
					const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`.execute(connection);
					if (!rows[0]?.locked) return SKIPPED;
					try {
						return await work();
					} finally {
						await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
					}
				})
			);
			if (!run.ran || run.value === SKIPPED) return { ran: false };
			return { ran: true, value: run.value as T };
		}
	};
}

const SKIPPED = Symbol('another node runs this job');
