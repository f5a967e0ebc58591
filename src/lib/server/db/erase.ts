import { sql, SqliteAdapter } from 'kysely';
import type { DB } from './open.ts';

/**
 * Called after deleting what must leave no trace in the files (a withdrawn response, expired
 * contact details). On SQLite, `secure_delete` (open.ts) and FTS5's secure-delete (migration
 * 0009) already zero the deleted content in the database's pages, but the write-ahead log still
 * holds copies of those pages from before the deletion until it is checkpointed and reset; a
 * TRUNCATE checkpoint copies the current pages into the database file and empties the -wal
 * file. On PostgreSQL there is nothing to do here: deleted tuples stay in their pages until
 * VACUUM reclaims them, which autovacuum does within about a minute on the tables of citizens'
 * data (migration 0015); the rest is the operator's policy (docs/postgresql.md).
 *
 * Returns false when the log could not be emptied now (another connection was still reading
 * an older snapshot); the next checkpoint empties it.
 */
export async function flushDeletions(db: DB): Promise<boolean> {
	if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return true;
	const { rows } = await sql<{ busy: number; log: number; checkpointed: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
	const result = rows[0];
	return result !== undefined && result.busy === 0;
}
