import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { StatementCache } from './statement-cache.ts';

export type DB = Kysely<Database>;

/**
 * Opens the database `DATABASE_URL` names: a `postgres://` (or `postgresql://`) URL opens
 * PostgreSQL, anything else is a SQLite file (`:memory:` for tests).
 * This folder is the one place with dialect-specific code: everything else speaks kysely.
 */
export function openDatabase(location: string, options: PoolOptions = {}): DB {
	return isPostgresUrl(location) ? openPostgres(location, options) : openSqlite(location);
}

export interface PoolOptions {
	/** Connections one process may hold (default 10). */
	poolSize?: number;
	/** How long an unused connection stays open (default 10 s). */
	idleTimeoutMillis?: number;
}

export function isPostgresUrl(location: string): boolean {
	return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens the SQLite database at `path` in WAL mode. */
export function openSqlite(path: string): DB {
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
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingTheCause(sqlite) }) });
}

const NO_STATEMENT: SqliteStatement = {
	reader: false,
	all: () => [],
	run: () => ({ changes: 0, lastInsertRowid: 0 }),
	iterate: () => [][Symbol.iterator]()
};

/**
 * After some errors (SQLITE_FULL, SQLITE_IOERR…) SQLite rolls the transaction back itself;
 * kysely then sends `rollback`, and its "no transaction is active" error would replace the
 * real one (a full disk would be reported as a bug). A rollback with no transaction open is
 * therefore a no-op here. Every other statement comes from the cache (statement-cache.ts).
 */
function keepingTheCause(sqlite: SQLite.Database): SqliteDatabase {
	const statements = new StatementCache(sqlite, STATEMENT_CACHE_SIZE);
	return {
		close: () => sqlite.close(),
		prepare: (sql) => (sql === 'rollback' && !sqlite.inTransaction ? NO_STATEMENT : statements.prepare(sql))
	};
}

/** Far more than the app's distinct SQL texts in use at a time; a few MB of prepared statements at most. */
const STATEMENT_CACHE_SIZE = 1000;

const INT8 = 20;
const NUMERIC = 1700;

/**
 * int8 (bigint columns, count(*)) and numeric (sum of bigints) arrive as strings from `pg`, to
 * keep every digit. Ours are milliseconds, sequence numbers and counts, far below 2^53, and the
 * code expects numbers as SQLite gives them; a value that would lose digits is an error, never
 * a silent rounding.
 */
function exactNumber(text: string): number {
	const n = Number(text);
	if (Number.isInteger(n) && !Number.isSafeInteger(n)) throw new RangeError(`database integer ${text} is beyond 2^53`);
	return n;
}

const types = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === INT8 || oid === NUMERIC) return exactNumber;
		// bytea comes as a Buffer (a Uint8Array) already.
		return pg.types.getTypeParser(oid, format);
	}
};

/**
 * A pool of PostgreSQL connections. Each node of a deployment has its own pool; `poolSize`
 * bounds what one node may hold of the server's max_connections.
 */
export function openPostgres(url: string, options: PoolOptions = {}): DB {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize ?? 10,
		idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
		allowExitOnIdle: true,
		types
	});
	// An idle connection the server drops (a restart, a failover) must not crash the process;
	// the pool replaces it, and queries in flight fail with their own error.
	pool.on('error', () => {});
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** `DATABASE_URL` may be a plain path or a `file:` URL; a postgres URL stays as it is. */
export function databasePathFromUrl(url: string): string {
	if (url.startsWith('file://')) return new URL(url).pathname;
	if (url.startsWith('file:')) return url.slice('file:'.length);
	return url;
}

/** Where the database is, for a log line: a URL's password is never shown. */
export function describeDatabase(location: string): string {
	if (!isPostgresUrl(location)) return location;
	try {
		const url = new URL(location);
		if (url.password) url.password = '***';
		return url.toString();
	} catch {
		return 'postgres://(unreadable URL)';
	}
}
