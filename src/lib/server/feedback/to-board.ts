import type * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { addNote, deleteNotes } from '../../board/notes.ts';
import { findSectionByKey } from '../../board/sections.ts';
import { FEEDBACK_SECTION_KEY } from '../../board/templates.ts';
import { refuse } from '../validation.ts';
import { responsesOfRound } from './moderation.ts';
import { answersOf, type BoardLink, type StoredAnswer } from './responses.ts';
import { redactPersonalData } from './redact.ts';
import type { Channel } from '../../domain/feedback.ts';

/**
 * Sending feedback to the project's Test board: each selected response becomes a note in the
 * board's feedback section, through the collab hub, so everyone on the board sees it at once.
 * The note carries `source: { kind: 'feedback', id }` and the link is stored here, so either
 * side finds the other; a response already on the board is not sent twice.
 */

/** The part of the collab hub this needs (runtime.collab). */
export interface BoardChanger {
	changeBoard(boardId: string, change: (doc: Y.Doc) => void): Promise<void>;
	compactBoard(boardId: string): Promise<void>;
	/** Removes notes from the board's saved versions and trash for good (collab/history.ts). */
	forgetInHistory?(boardId: string, noteIds: readonly string[]): Promise<void>;
}

/** How a note reads: the route supplies the words, in the sender's language. */
export interface NoteWording {
	/** The note's author line for a response that came through `channel`. */
	author(channel: Channel): string;
	/** A response without free text is summarised by its ratings and choices. */
	summary(answers: readonly StoredAnswer[]): string;
}

export const FEEDBACK_SOURCE_KIND = 'feedback';

/** The project's Test board, or null when it has none. */
export async function findTestBoard(db: DB, projectId: string): Promise<string | null> {
	const row = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', 'test')
		.orderBy('created_at')
		.executeTakeFirst();
	return row?.id ?? null;
}

/** The text of the note a response becomes (personal data masked). */
export function noteText(answers: readonly StoredAnswer[], wording: NoteWording): string {
	const texts = answers.map((a) => a.text).filter((t): t is string => !!t);
	const body = texts.length > 0 ? texts.join('\n\n') : wording.summary(answers);
	return redactPersonalData(body);
}

/**
 * Sends responses of a round to the project's Test board. Access: canEdit on the project.
 * Returns how many notes were added and how many responses were already there.
 */
export async function sendToTestBoard(
	db: DB,
	collab: BoardChanger,
	input: { projectId: string; roundId: string; responseIds: readonly unknown[]; userId: string; wording: NoteWording; now?: number }
): Promise<{ sent: number; alreadyThere: number }> {
	const now = input.now ?? Date.now();
	const boardId = await findTestBoard(db, input.projectId);
	if (!boardId) refuse('fb_no_test_board');
	const own = await responsesOfRound(db, input.roundId, input.responseIds);
	if (own.length === 0) refuse('fb_nothing_selected');
	const linked = new Set(
		(await db.selectFrom('feedback_board_links').select('response_id').where('board_id', '=', boardId).where('response_id', 'in', own).execute()).map(
			(r) => r.response_id
		)
	);
	const toSend = own.filter((id) => !linked.has(id));
	if (toSend.length === 0) return { sent: 0, alreadyThere: linked.size };

	const rows = await db.selectFrom('feedback_responses').select(['id', 'channel', 'submitted_at']).where('id', 'in', toSend).execute();
	const answers = await answersOf(db, toSend);
	const created: { responseId: string; noteId: string }[] = [];
	await collab.changeBoard(boardId, (doc) => {
		const section = findSectionByKey(doc, FEEDBACK_SECTION_KEY)?.id;
		for (const row of rows) {
			const noteId = addNote(doc, {
				text: noteText(answers.get(row.id) ?? [], input.wording),
				author: input.wording.author(row.channel as Channel),
				color: 'blue',
				...(section ? { section } : {}),
				source: { kind: FEEDBACK_SOURCE_KIND, id: row.id },
				created: Number(row.submitted_at)
			});
			created.push({ responseId: row.id, noteId });
		}
	});
	// The notes are on the board (stored and relayed); now remember which is which. A response
	// withdrawn in between simply has no row to link to any more (and its note is removed).
	const stillThere = new Set(
		(
			await db
				.selectFrom('feedback_responses')
				.select('id')
				.where(
					'id',
					'in',
					created.map((c) => c.responseId)
				)
				.execute()
		).map((r) => r.id)
	);
	const orphans = created.filter((c) => !stillThere.has(c.responseId));
	const keep = created.filter((c) => stillThere.has(c.responseId));
	if (keep.length > 0) {
		await db
			.insertInto('feedback_board_links')
			.values(keep.map((c) => ({ response_id: c.responseId, board_id: boardId, note_id: c.noteId, sent_by: input.userId, sent_at: now })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
	if (orphans.length > 0)
		await removeBoardNotes(
			collab,
			orphans.map((o) => ({ boardId, noteId: o.noteId }))
		);
	return { sent: keep.length, alreadyThere: linked.size };
}

/** Removes notes that responses had become (after a withdrawal), board by board. */
export async function removeBoardNotes(collab: BoardChanger, links: readonly BoardLink[]): Promise<void> {
	const byBoard = new Map<string, string[]>();
	for (const link of links) byBoard.set(link.boardId, [...(byBoard.get(link.boardId) ?? []), link.noteId]);
	for (const [boardId, noteIds] of byBoard) {
		await collab.changeBoard(boardId, (doc) => {
			deleteNotes(doc, noteIds);
		});
		// The update that added the notes is still in the board's log: a snapshot now lets it go (PDPA).
		await collab.compactBoard(boardId);
		// And from the board's history, where a version or the trash may hold them.
		await collab.forgetInHistory?.(boardId, noteIds);
	}
}
