import { PostgresAdapter } from 'kysely';
import type { DB } from './open.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Which database `db` (or a transaction on it) speaks. */
export function dialectOf(db: DB): Dialect {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
