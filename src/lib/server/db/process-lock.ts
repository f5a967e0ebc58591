import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * One SQLite file, one server process. Each process keeps its own copy of every loaded board, so
 * two processes on one file would each fold the log into a snapshot of their own copy (issue 9:
 * a stored note lost). The server therefore holds an exclusive lock on a side file,
 * `DATABASE.lock`, for as long as it runs; a second server finds it taken and refuses to start.
 *
 * The lock is SQLite's own (POSIX advisory locks, taken by a connection in exclusive locking
 * mode), so the operating system drops it the moment the holder dies, kill -9 included: a
 * restart never waits for a stale lock. It is on a side file, not the database, so anything else
 * may still open the database itself (a test reading rows, a backup): only servers take it.
 * The side file is never deleted: unlinking a lock file someone may be opening lets two holders in.
 */
export interface DatabaseLock {
	readonly path: string;
	release(): void;
}

/** Another server holds the database; its message is the one line to show. */
export class DatabaseInUseError extends Error {
	constructor(databasePath: string, lockPath: string) {
		super(
			`Another Prachalab server is already running on ${databasePath} (it holds ${lockPath}); stop it first, or give this one another DATABASE_URL.`
		);
		this.name = 'DatabaseInUseError';
	}
}

/** Takes the lock for the database at `databasePath`, or throws DatabaseInUseError at once. */
export function lockDatabaseFile(databasePath: string): DatabaseLock {
	const path = `${databasePath}.lock`;
	mkdirSync(dirname(path), { recursive: true });
	// No waiting: a holder is a running server, and it will not let go.
	const lock = new SQLite(path, { timeout: 0 });
	try {
		lock.pragma('locking_mode = EXCLUSIVE');
		// No journal file beside it: the lock file holds no data, only the lock.
		lock.pragma('journal_mode = OFF');
		// The first write in exclusive locking mode takes the exclusive lock and keeps it until close.
		lock.exec('BEGIN EXCLUSIVE; COMMIT');
	} catch (error) {
		lock.close();
		if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(databasePath, path);
		throw error;
	}
	return {
		path,
		release() {
			if (lock.open) lock.close();
		}
	};
}
