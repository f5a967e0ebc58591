/**
 * `npm run restore -- BACKUP_DIR`: puts a backup made by `npm run backup` in place of the data
 * DATABASE_URL points at. Stop the server first. See README, "Operations".
 */
import { readConfig } from '../src/lib/server/config.ts';
import { restoreBackup } from '../src/lib/server/ops/backup.ts';
import { isPostgresUrl } from '../src/lib/server/ops/backup.postgres.ts';
import { lockDatabaseFile } from '../src/lib/server/db/process-lock.ts';

const dir = process.argv[2];
if (!dir) {
	console.error('Usage: npm run restore -- BACKUP_DIR   (a directory made by npm run backup; stop the server first)');
	process.exit(2);
}
const config = readConfig(process.env);
const databaseUrl = process.env.DATABASE_URL || config.databasePath;
// A server running on the SQLite file would go on with the data it has open and write over the
// restored file: while one holds the file's lock (db/process-lock.ts), nothing is touched.
let lock: ReturnType<typeof lockDatabaseFile> | null = null;
try {
	lock = isPostgresUrl(databaseUrl) ? null : lockDatabaseFile(config.databasePath);
} catch (error) {
	if ((error as Error).name !== 'DatabaseInUseError') throw error;
	console.error(`The restore did not start: ${(error as Error).message}`);
	process.exit(1);
}
try {
	const { manifest, movedAside } = await restoreBackup(dir, {
		databaseUrl,
		databasePath: config.databasePath,
		attachmentsDir: config.attachmentsDir
	});
	console.log(`Restored the backup of ${manifest.createdAt} (${manifest.database}, ${manifest.attachments} attachment files).`);
	for (const path of movedAside) console.log(`The data it replaced was moved aside to ${path}`);
} catch (error) {
	console.error('The restore failed:', error instanceof Error ? error.message : error);
	process.exitCode = 1;
} finally {
	lock?.release();
}
