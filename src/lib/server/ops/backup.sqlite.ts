import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import SQLite from 'better-sqlite3';

/**
 * The SQLite half of backups (ops/backup.ts), SQLite-specific by nature.
 *
 * `VACUUM INTO` writes a new database from the live one's content, in one read transaction: a
 * consistent snapshot taken while the app goes on writing (WAL lets it), holding rows, not
 * pages. What was deleted before the snapshot, a withdrawn feedback response or expired contact
 * details, has no row, so it cannot be in the copy; a page copy (the backup API, `.backup`)
 * holds only zeros where it was too, because the app runs with `secure_delete` on (db/open.ts).
 */
export async function backupSqlite(databasePath: string, out: string): Promise<void> {
	if (!existsSync(databasePath)) throw new Error(`there is no database at ${databasePath}`);
	const db = new SQLite(databasePath, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		db.prepare('VACUUM INTO ?').run(out);
	} finally {
		db.close();
	}
	// VACUUM INTO does not sync what it wrote.
	const handle = await open(out, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/** Checks a backup file's integrity; resolves with its newest migration and the attachment files it refers to. */
export async function checkSqliteBackup(file: string): Promise<{ migration: string | null; attachments: string[] }> {
	if (!existsSync(file)) throw new Error(`there is no database at ${file}`);
	const db = new SQLite(file, { readonly: true, fileMustExist: true });
	try {
		const check = db.pragma('quick_check', { simple: true });
		if (check !== 'ok') throw new Error(`${file} is damaged: ${String(check)}`);
		const table = (name: string) => db.prepare(`select 1 from sqlite_schema where type = 'table' and name = ?`).get(name) !== undefined;
		const migration = table('kysely_migration')
			? ((db.prepare('select name from kysely_migration order by name desc limit 1').get() as { name: string } | undefined)?.name ?? null)
			: null;
		const attachments = table('prototype_attachments')
			? (db.prepare('select storage_name from prototype_attachments').all() as { storage_name: string }[]).map((r) => r.storage_name)
			: [];
		return { migration, attachments };
	} finally {
		db.close();
	}
}
