import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.ts';

export type DB = Kysely<Database>;

/**
 * Opens the SQLite database at `path` (`:memory:` for tests) in WAL mode.
 * This is the one SQLite-specific module: everything else speaks kysely, portable to PostgreSQL.
 */
export function openDatabase(path: string): DB {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	// Concurrent writers (a second process, a backup) wait instead of failing at once.
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('foreign_keys = ON');
	// Deleted rows are overwritten, not left in free pages: a citizen's withdrawn feedback and
	// expired contact details must really be gone from the file (PDPA).
	sqlite.pragma('secure_delete = ON');
	// WAL makes NORMAL durable against process crashes; only a power loss can drop the last commits.
	sqlite.pragma('synchronous = NORMAL');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** `DATABASE_URL` may be a plain path or a `file:` URL. */
export function databasePathFromUrl(url: string): string {
	if (url.startsWith('file://')) return new URL(url).pathname;
	if (url.startsWith('file:')) return url.slice('file:'.length);
	return url;
}
