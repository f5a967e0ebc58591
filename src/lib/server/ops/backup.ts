import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupSqlite, checkSqliteBackup } from './backup.sqlite.ts';
import { backupPostgres, isPostgresUrl, restorePostgres } from './backup.postgres.ts';
import { openDatabase } from '../db/open.ts';

/**
 * `npm run backup` and `npm run restore`: a database snapshot taken while the app serves, and the
 * attachment files, in one directory per backup:
 *
 *   backups/prachalab-2026-12-01T013350Z/
 *     manifest.json        what it holds, when it was taken
 *     database.sqlite      SQLite: VACUUM INTO (one consistent read transaction)
 *     database.pgdump      PostgreSQL: pg_dump --format=custom (one consistent snapshot)
 *     attachments/         every attachment file present once the snapshot was taken
 *
 * The database is copied first, then the files: attachments are written before their row and
 * deleted after it, so every row in the snapshot finds its file, except one deleted between the
 * two steps (its deletion was under way; the manifest lists it). A backup is built under
 * `NAME.partial` and renamed when complete, so an interrupted one never looks finished.
 */

export const MANIFEST_FORMAT = 1;

export interface Manifest {
	format: typeof MANIFEST_FORMAT;
	app: 'prachalab';
	createdAt: string;
	database: 'sqlite' | 'postgres';
	databaseFile: string;
	/** The newest migration the snapshot has (SQLite; PostgreSQL's is in the dump). */
	migration: string | null;
	attachments: number;
	/** Attachments the snapshot refers to whose files were gone when they were copied. */
	missingAttachments: string[];
}

export interface BackupTarget {
	/** DATABASE_URL as the app reads it: a SQLite path (or file: URL), or a postgres:// URL. */
	databaseUrl: string;
	/** The SQLite path the app uses (config.databasePath); ignored for PostgreSQL. */
	databasePath: string;
	attachmentsDir: string;
}

/** `prachalab-2026-12-01T013350Z`: sorts by time, and no colons (rsync, other file systems). */
export function backupName(now: Date): string {
	const iso = now.toISOString();
	return `prachalab-${iso.slice(0, 10)}T${iso.slice(11, 19).replaceAll(':', '')}Z`;
}

/** Copies every stored attachment (not the `.name.part` files of uploads under way); returns their names. */
async function copyAttachments(from: string, to: string): Promise<string[]> {
	await mkdir(to, { recursive: true });
	let names: string[];
	try {
		names = await readdir(from);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const copied: string[] = [];
	for (const name of names) {
		if (name.startsWith('.')) continue;
		try {
			// A copy-on-write clone where the file system has them; a plain copy elsewhere.
			await copyFile(join(from, name), join(to, name), constants.COPYFILE_FICLONE);
			await syncFile(join(to, name));
			copied.push(name);
		} catch (error) {
			// Deleted since it was listed: it is not referred to by anything newer than the snapshot either.
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
	return copied;
}

async function syncFile(path: string): Promise<void> {
	const handle = await open(path, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/** Makes a backup under `backupsDir`; resolves with its directory and manifest. */
export async function makeBackup(target: BackupTarget, backupsDir: string, now = new Date()): Promise<{ dir: string; manifest: Manifest }> {
	await mkdir(backupsDir, { recursive: true });
	let name = backupName(now);
	for (let n = 2; existsSync(join(backupsDir, name)); n++) name = `${backupName(now)}-${n}`;
	const dir = join(backupsDir, name);
	const partial = `${dir}.partial`;
	await rm(partial, { recursive: true, force: true });
	await mkdir(partial);
	try {
		const postgres = isPostgresUrl(target.databaseUrl);
		const databaseFile = postgres ? 'database.pgdump' : 'database.sqlite';
		let migration: string | null = null;
		let referenced: string[] = [];
		if (postgres) {
			await backupPostgres(target.databaseUrl, join(partial, databaseFile));
		} else {
			await backupSqlite(target.databasePath, join(partial, databaseFile));
			({ migration, attachments: referenced } = await checkSqliteBackup(join(partial, databaseFile)));
		}
		const copied = new Set(await copyAttachments(target.attachmentsDir, join(partial, 'attachments')));
		const manifest: Manifest = {
			format: MANIFEST_FORMAT,
			app: 'prachalab',
			createdAt: now.toISOString(),
			database: postgres ? 'postgres' : 'sqlite',
			databaseFile,
			migration,
			attachments: copied.size,
			missingAttachments: referenced.filter((file) => !copied.has(file))
		};
		await writeFile(join(partial, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
		await syncFile(join(partial, 'manifest.json'));
		await rename(partial, dir);
		return { dir, manifest };
	} catch (error) {
		await rm(partial, { recursive: true, force: true });
		throw error;
	}
}

/** Reads and checks a backup's manifest. */
export async function readManifest(dir: string): Promise<Manifest> {
	let manifest: Manifest;
	try {
		manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
	} catch (error) {
		throw new Error(`${dir} is not a Prachalab backup (no readable manifest.json)`, { cause: error });
	}
	if (manifest.app !== 'prachalab' || manifest.format !== MANIFEST_FORMAT) throw new Error(`${dir}: unknown backup format`);
	return manifest;
}

const exists = (path: string) =>
	stat(path).then(
		() => true,
		() => false
	);

/** Moves `path` aside to `path.before-restore-STAMP` if it exists. */
async function moveAside(path: string, stamp: string): Promise<string | null> {
	if (!(await exists(path))) return null;
	const aside = `${path}.before-restore-${stamp}`;
	await rename(path, aside);
	return aside;
}

/**
 * Puts a backup in place of the current data. The server must be stopped. On SQLite the current
 * database file (with its -wal and -shm) and attachments directory are moved aside, not deleted;
 * on PostgreSQL the dump replaces the database's tables in one transaction.
 * Resolves with what was moved aside.
 */
export async function restoreBackup(dir: string, target: BackupTarget, now = new Date()): Promise<{ manifest: Manifest; movedAside: string[] }> {
	const manifest = await readManifest(dir);
	const postgres = isPostgresUrl(target.databaseUrl);
	if (postgres !== (manifest.database === 'postgres')) {
		throw new Error(`this backup is of a ${manifest.database} database; DATABASE_URL is ${postgres ? 'PostgreSQL' : 'SQLite'}`);
	}
	const source = join(dir, manifest.databaseFile);
	const stamp = backupName(now).slice('prachalab-'.length);
	const movedAside: string[] = [];
	if (postgres) {
		await restorePostgres(target.databaseUrl, source);
		// The dump holds the board leases of the servers that were running (and that may still run,
		// on the database it came from): nobody holds a board of the restored one. Epochs stay.
		const db = openDatabase(target.databaseUrl, { poolSize: 1 });
		try {
			await db.updateTable('board_leases').set({ owner: null, expires_at: null }).execute();
		} catch (error) {
			// A dump from before board leases (42P01: no such table) holds none.
			if ((error as { code?: string }).code !== '42P01') throw error;
		} finally {
			await db.destroy();
		}
	} else {
		await checkSqliteBackup(source);
		const path = target.databasePath;
		await mkdir(join(path, '..'), { recursive: true });
		// The -wal and -shm go with their file: a stale WAL next to another database would corrupt it.
		for (const file of [path, `${path}-wal`, `${path}-shm`]) {
			const aside = await moveAside(file, stamp);
			if (aside) movedAside.push(aside);
		}
		await copyFile(source, `${path}.partial`);
		await syncFile(`${path}.partial`);
		await rename(`${path}.partial`, path);
	}
	const aside = await moveAside(target.attachmentsDir, stamp);
	if (aside) movedAside.push(aside);
	await copyAttachments(join(dir, 'attachments'), target.attachmentsDir);
	return { manifest, movedAside };
}
