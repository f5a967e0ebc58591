import type { DB } from '../db/open.ts';
import { flushDeletions } from '../db/erase.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { purgePendingPhotos } from './photos.ts';

/**
 * Retention of what citizens send to calls, as feedback's (feedback/retention.ts, whose job runner
 * this uses): contact details go when their time is up, photos kept for a form that was never
 * sent go after their two hours, and the deletions are flushed out of the database's files.
 */

export const PARTICIPATION_RETENTION_JOB = 'participation-retention';

export interface ParticipationRetentionReport {
	contacts: number;
	pendingPhotos: number;
}

/** Deletes every contact whose time is up; returns how many. */
export async function purgeExpiredEntryContacts(db: DB, now = Date.now()): Promise<number> {
	const result = await db.deleteFrom('participation_contacts').where('delete_after', '<=', now).executeTakeFirst();
	return Number(result.numDeletedRows);
}

export async function runParticipationRetention(db: DB, blobs: BlobStore, now = Date.now()): Promise<ParticipationRetentionReport> {
	const contacts = await purgeExpiredEntryContacts(db, now);
	const pendingPhotos = await purgePendingPhotos(db, blobs, now);
	if (contacts > 0) await flushDeletions(db);
	return { contacts, pendingPhotos };
}
