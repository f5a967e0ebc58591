import type { DB } from '../db/open.ts';
import { entryOfSourceKey, entrySourceKey } from './sources.ts';

/**
 * What the publication rules (publication/publications.ts) need to know about the board notes
 * that stories and ideas became, in the shape they know for feedback: which entry each note
 * came from (the server's link), its moderation status, and the wordings a moderator approved.
 * Entries are named by their source key (sources.ts).
 */

/** Note id → source key, as recorded when the entries were sent to the board. */
export async function entryLinksOfBoard(db: DB, boardId: string): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('participation_board_links')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_board_links.entry_id')
		.select(['participation_board_links.note_id', 'participation_entries.kind', 'participation_entries.id'])
		.where('participation_board_links.board_id', '=', boardId)
		.execute();
	return new Map(rows.map((r) => [r.note_id, entrySourceKey(r.kind, r.id)]));
}

/** The moderation status of the named entries of the project (missing: not there, or another project's). */
export async function entryStatuses(db: DB, projectId: string, keys: readonly string[]): Promise<Map<string, string>> {
	const ids = keys.map(entryOfSourceKey).filter((e) => e !== null);
	const out = new Map<string, string>();
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const rows = await db
			.selectFrom('participation_entries')
			.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
			.select(['participation_entries.id', 'participation_entries.kind', 'participation_entries.status'])
			.where('participation_calls.project_id', '=', projectId)
			.where(
				'participation_entries.id',
				'in',
				chunk.map((e) => e.id)
			)
			.execute();
		// A note's claim of a kind must match the entry's: an idea is never taken for a story.
		for (const r of rows) if (chunk.some((e) => e.id === r.id && e.kind === r.kind)) out.set(entrySourceKey(r.kind, r.id), r.status);
	}
	return out;
}

/** Approved wordings of the board's entry notes: note id → text digest → { source key, text }. */
export async function entryApprovalsOfBoard(db: DB, boardId: string): Promise<{ noteId: string; digest: string; key: string; text: string }[]> {
	const rows = await db
		.selectFrom('participation_publication_approvals')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_publication_approvals.entry_id')
		.select([
			'participation_publication_approvals.note_id',
			'participation_publication_approvals.text_digest',
			'participation_publication_approvals.text',
			'participation_entries.kind',
			'participation_entries.id'
		])
		.where('participation_publication_approvals.board_id', '=', boardId)
		.execute();
	return rows.map((r) => ({ noteId: r.note_id, digest: r.text_digest, key: entrySourceKey(r.kind, r.id), text: r.text }));
}

/** Approved wordings whose entry is still there and neither hidden nor spam: what a publication may show. */
export async function standingEntryApprovals(db: DB, boardId: string): Promise<{ noteId: string; digest: string; key: string; text: string }[]> {
	const rows = await db
		.selectFrom('participation_publication_approvals')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_publication_approvals.entry_id')
		.select([
			'participation_publication_approvals.note_id',
			'participation_publication_approvals.text_digest',
			'participation_publication_approvals.text',
			'participation_entries.kind',
			'participation_entries.id'
		])
		.where('participation_publication_approvals.board_id', '=', boardId)
		.where('participation_entries.status', 'not in', ['hidden', 'spam'])
		.execute();
	return rows.map((r) => ({ noteId: r.note_id, digest: r.text_digest, key: entrySourceKey(r.kind, r.id), text: r.text }));
}

/** Records an approved wording of an entry's note. */
export async function approveEntryWording(
	db: DB,
	input: { boardId: string; noteId: string; digest: string; key: string; text: string; userId: string; now: number }
): Promise<void> {
	const entry = entryOfSourceKey(input.key);
	if (!entry) throw new Error(`not an entry's source key: ${input.key}`);
	await db
		.insertInto('participation_publication_approvals')
		.values({
			board_id: input.boardId,
			note_id: input.noteId,
			text_digest: input.digest,
			entry_id: entry.id,
			text: input.text,
			approved_by: input.userId,
			approved_at: input.now
		})
		.onConflict((oc) => oc.columns(['board_id', 'note_id', 'text_digest']).doNothing())
		.execute();
}

/** Withdraws every approval of an entry note's wording. */
export async function revokeEntryWording(db: DB, boardId: string, noteId: string): Promise<void> {
	await db.deleteFrom('participation_publication_approvals').where('board_id', '=', boardId).where('note_id', '=', noteId).execute();
}
