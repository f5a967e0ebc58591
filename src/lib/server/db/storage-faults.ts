import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Failures of the storage itself, told apart from bugs: the disk is full, or the database
 * cannot be written (a read-only file or file system, a missing permission). Pages answer
 * these with a clear message and keep what the person typed; start-up reports them in one
 * line. SQLite's result codes and PostgreSQL's SQLSTATEs are both known here, so callers
 * never look at a driver's error themselves.
 */
export type StorageFault = 'full' | 'read_only';

const SQLITE_FULL = /^SQLITE_FULL/;
const SQLITE_READ_ONLY = /^SQLITE_READONLY/;
/** PostgreSQL: disk_full, and read_only_sql_transaction (a standby, `default_transaction_read_only`). */
const PG_FULL = new Set(['53100']);
const PG_READ_ONLY = new Set(['25006']);
/** The same from the file system, when a file is opened or created outside the database driver. */
const FS_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const FS_READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

function codeOf(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : '';
}

/** The storage fault `error` reports, or null when it is something else. */
export function storageFault(error: unknown): StorageFault | null {
	const code = codeOf(error);
	if (SQLITE_FULL.test(code) || PG_FULL.has(code) || FS_FULL.has(code)) return 'full';
	if (SQLITE_READ_ONLY.test(code) || PG_READ_ONLY.has(code) || FS_READ_ONLY.has(code)) return 'read_only';
	return null;
}

function writable(path: string): NodeJS.ErrnoException | null {
	try {
		accessSync(path, constants.W_OK);
		return null;
	} catch (error) {
		return error as NodeJS.ErrnoException;
	}
}

/**
 * One line for the operator when the server cannot start on its database file, or null when
 * `error` is not about the storage (a bug: then the stack trace is what helps). SQLite's own
 * words for a read-only file are often "unable to open database file"; the file system is
 * asked what is really wrong.
 */
export function describeStartupFault(error: unknown, databasePath: string): string | null {
	const code = codeOf(error);
	const storage = storageFault(error) !== null || /^SQLITE_(CANTOPEN|IOERR|PERM)/.test(code);
	if (!storage) return null;
	const reason = error instanceof Error ? error.message : String(error);
	const cause = `(${code || 'error'}: ${reason})`;
	if (storageFault(error) === 'full') {
		return `Prachalab cannot start: the disk holding the database ${databasePath} is full ${cause}. Free some space, then start again.`;
	}
	// The file (if it exists) and its folder (SQLite creates the -wal and -shm files next to it).
	const folder = dirname(databasePath);
	const refused = (existsSync(databasePath) ? writable(databasePath) : null) ?? (existsSync(folder) ? writable(folder) : null);
	if (refused?.code === 'EROFS') {
		return `Prachalab cannot start: the database ${databasePath} is on a read-only file system ${cause}. Mount it read-write, or set DATABASE_URL to a writable place.`;
	}
	if (refused) {
		return `Prachalab cannot start: this process may not write the database ${databasePath} or its folder (${refused.code}) ${cause}. Give it write access to both, or set DATABASE_URL to a writable place.`;
	}
	if (storageFault(error) === 'read_only') {
		return `Prachalab cannot start: the database ${databasePath} is read-only ${cause}. Give this process write access to it and its folder, or set DATABASE_URL to a writable place.`;
	}
	return `Prachalab cannot start: the database ${databasePath} cannot be opened ${cause}. Check that the path is right and the disk is healthy.`;
}
