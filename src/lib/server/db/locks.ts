import { sql, type SelectQueryBuilder } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { DB } from './open.ts';

/**
 * Transactions that read, then write what they read (the next version number, "is there another
 * facilitator?", the next question position) stay correct when several run at once.
 *
 * SQLite: kysely runs one transaction at a time on the one connection, and only one process
 * may use a file, so such transactions already take turns; these helpers do nothing there.
 * PostgreSQL: a pool runs them side by side under READ COMMITTED, where two transactions can
 * read the same "last number" and both write "next". There such a transaction first locks the
 * row they all depend on (the prototype, the project, the round) until it commits, so the next
 * one reads only after the first has written.
 *
 * Row locks over unique constraints plus retry: a retry loop needs a unique constraint for
 * every rule (there is none for "at least one facilitator") and repeats the work; a lock
 * costs one indexed read. Over advisory locks: a row lock needs no naming scheme and goes with
 * the row.
 */

/** Tables whose rows other transactions queue behind (each has a text `id`). */
type LockableTable =
	| 'projects'
	| 'prototypes'
	| 'feedback_rounds'
	| 'feedback_responses'
	| 'boards'
	| 'participation_calls'
	| 'participation_entries'
	| 'interview_entries';

/**
 * How a transaction holds a row it read (PostgreSQL; on SQLite transactions take turns anyway):
 * - `update` (FOR NO KEY UPDATE): writers of the row take turns; inserts of rows that reference
 *   it go on (their foreign-key check takes a key-share lock, which this does not block).
 * - `exclusive` (FOR UPDATE): also waits for, and holds off, inserts of rows referencing it —
 *   what keeps a round's questions and its responses apart. Take it first in the transaction:
 *   two transactions that each inserted a referencing row and then ask for it deadlock.
 * - `share` (FOR SHARE): readers together, none while someone holds `update` or `exclusive`.
 */
export type LockMode = 'update' | 'exclusive' | 'share';

/**
 * `query` reading rows to lock until the transaction ends; a row changed meanwhile is read
 * again after the wait (and dropped if it no longer matches). The query as it is on SQLite.
 */
export function locking<Q extends SelectQueryBuilder<any, any, any>>(db: DB, query: Q, mode: LockMode = 'update'): Q {
	if (dialectOf(db) === 'sqlite') return query;
	if (mode === 'update') return query.forNoKeyUpdate() as Q;
	return (mode === 'exclusive' ? query.forUpdate() : query.forShare()) as Q;
}

/** Inside a transaction: locks the row `id` of `table` until commit (see `LockMode`); true when it exists. */
export async function lockRow(trx: DB, table: LockableTable, id: string, mode: LockMode = 'update'): Promise<boolean> {
	const query = trx.selectFrom(table).select('id').where('id', '=', id);
	return (await locking(trx, query, mode).executeTakeFirst()) !== undefined;
}

/**
 * Runs `work` while holding a database-wide lock called `name`: other holders of the name wait,
 * in this process and (on PostgreSQL) in every other one. PostgreSQL: a session advisory lock
 * on a connection of its own, so `work` may use the pool and open transactions. SQLite: one
 * process per file, so a queue in this process is enough.
 */
export async function withDatabaseLock<T>(db: DB, name: string, work: () => Promise<T>): Promise<T> {
	if (dialectOf(db) === 'sqlite') return inProcessQueue(db, name, work);
	return db.connection().execute(async (connection) => {
		await sql`select pg_advisory_lock(hashtextextended(${name}, 0))`.execute(connection);
		try {
			return await work();
		} finally {
			await sql`select pg_advisory_unlock(hashtextextended(${name}, 0))`.execute(connection);
		}
	});
}

const queues = new WeakMap<DB, Map<string, Promise<unknown>>>();

function inProcessQueue<T>(db: DB, name: string, work: () => Promise<T>): Promise<T> {
	let byName = queues.get(db);
	if (!byName) queues.set(db, (byName = new Map()));
	const previous = byName.get(name) ?? Promise.resolve();
	const result = previous.then(work, work);
	const tail = result.catch(() => {});
	byName.set(name, tail);
	void tail.then(() => {
		if (byName.get(name) === tail) byName.delete(name);
	});
	return result;
}
