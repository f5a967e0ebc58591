/**
 * `npm run backup [-- DIR]`: a consistent backup of the database and attachments while the app
 * serves, into a new directory under DIR (default: BACKUP_DIR, else `backups/`). See README,
 * "Operations", and src/lib/server/ops/backup.ts.
 */
import { readConfig } from '../src/lib/server/config.ts';
import { makeBackup } from '../src/lib/server/ops/backup.ts';

const config = readConfig(process.env);
const backupsDir = process.argv[2] || process.env.BACKUP_DIR || 'backups';
const started = performance.now();
try {
	const { dir, manifest } = await makeBackup(
		{
			databaseUrl: process.env.DATABASE_URL || config.databasePath,
			databasePath: config.databasePath,
			attachmentsDir: config.attachmentsDir
		},
		backupsDir
	);
	console.log(
		`Backed up the ${manifest.database} database and ${manifest.attachments} attachment files in ${Math.round(performance.now() - started)} ms.`
	);
	if (manifest.missingAttachments.length > 0) {
		console.log(`${manifest.missingAttachments.length} attachments were deleted while the backup ran; their files are not in it.`);
	}
	// Scripts read the directory from the last line.
	console.log(dir);
} catch (error) {
	console.error('The backup failed:', error instanceof Error ? error.message : error);
	process.exitCode = 1;
}
