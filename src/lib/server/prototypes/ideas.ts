import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { refuse } from '../validation.ts';

/** A note on an Ideate board, as it read when a prototype was linked to it. */
export interface IdeaSnapshot {
	boardId: string | null;
	noteId: string;
	text: string;
	/** The section (cluster, area) the note sat in, by title. */
	section: string;
}

export interface IdeaLink extends IdeaSnapshot {
	id: string;
	linkedAt: number;
	linkedByName: string | null;
}

const MAX_SNAPSHOT = 2000;

/** Keeps a snapshot within bounds: a note's text is the board's, not ours to trust. */
function clip(text: string, max: number): string {
	const chars = [...text.normalize('NFC')];
	return chars.length > max ? chars.slice(0, max).join('') : chars.join('');
}

/**
 * Records the notes a prototype came from, inside the caller's transaction. A note already
 * linked keeps its first snapshot (linking twice is not an error).
 */
export async function insertIdeaLinks(trx: DB, prototypeId: string, ideas: readonly IdeaSnapshot[], userId: string, now: number): Promise<void> {
	for (const idea of ideas) {
		await trx
			.insertInto('prototype_idea_links')
			.values({
				id: newId(),
				prototype_id: prototypeId,
				board_id: idea.boardId,
				note_id: idea.noteId,
				text_snapshot: clip(idea.text, MAX_SNAPSHOT),
				section_snapshot: clip(idea.section, 200),
				linked_by: userId,
				linked_at: now
			})
			.onConflict((oc) => oc.columns(['prototype_id', 'note_id']).doNothing())
			.execute();
	}
}

/** Links more notes to an existing prototype. Access: canEdit. */
export async function linkIdeas(db: DB, prototypeId: string, ideas: readonly IdeaSnapshot[], userId: string, now = Date.now()): Promise<void> {
	if (ideas.length === 0) refuse('prototype_no_ideas_chosen', 'ideas');
	await db.transaction().execute(async (trx) => {
		await insertIdeaLinks(trx, prototypeId, ideas, userId, now);
		await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
	});
}

/** Removes one link (the note itself, on its board, is untouched). Access: canEdit. */
export async function unlinkIdea(db: DB, prototypeId: string, linkId: string, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const removed = await trx.deleteFrom('prototype_idea_links').where('id', '=', linkId).where('prototype_id', '=', prototypeId).executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) refuse('not_found');
		await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
	});
}

/** The notes a prototype came from, in the order they were linked. */
export async function listIdeaLinks(db: DB, prototypeId: string): Promise<IdeaLink[]> {
	const rows = await db
		.selectFrom('prototype_idea_links')
		.leftJoin('users', 'users.id', 'prototype_idea_links.linked_by')
		.select([
			'prototype_idea_links.id',
			'prototype_idea_links.board_id',
			'prototype_idea_links.note_id',
			'prototype_idea_links.text_snapshot',
			'prototype_idea_links.section_snapshot',
			'prototype_idea_links.linked_at',
			'users.name'
		])
		.where('prototype_idea_links.prototype_id', '=', prototypeId)
		// Notes linked together share a time: then by section and text, so the order is stable.
		.orderBy('prototype_idea_links.linked_at')
		.orderBy('prototype_idea_links.section_snapshot')
		.orderBy('prototype_idea_links.text_snapshot')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		boardId: r.board_id,
		noteId: r.note_id,
		text: r.text_snapshot,
		section: r.section_snapshot,
		linkedAt: Number(r.linked_at),
		linkedByName: r.name
	}));
}
