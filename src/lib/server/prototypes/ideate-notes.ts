import type { DB } from '../db/open.ts';
import type { IdeaSnapshot } from './ideas.ts';
import { type IdeateNote } from '../../domain/prototypes.ts';
export { type IdeateNote };

export interface IdeateBoard {
	boardId: string;
	notes: IdeateNote[];
}

/** Reads a live board's notes; provided by the collab hub once it exists. */
export type BoardNotesReader = (boardId: string) => Promise<IdeateNote[] | null>;

/**
 * The notes on a project's Ideate board, or null when the board cannot be read (no board, or
 * no collab hub in this process). Pages offer these as "ideas it came from".
 */
export async function readIdeateBoard(db: DB, projectId: string, readNotes: BoardNotesReader | null): Promise<IdeateBoard | null> {
	if (!readNotes) return null;
	const board = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', 'ideate')
		.orderBy('created_at')
		.executeTakeFirst();
	if (!board) return null;
	const notes = await readNotes(board.id);
	if (!notes) return null;
	return { boardId: board.id, notes: notes.filter((n) => n.text.trim() !== '') };
}

/**
 * The snapshots for the notes a form chose, read from the board now (never from the form: the
 * text kept is what the board said). A chosen id that is not on the board is reported.
 */
export function snapshotsOf(board: IdeateBoard, chosen: readonly unknown[]): { ideas: IdeaSnapshot[]; missing: number } {
	const ideas: IdeaSnapshot[] = [];
	let missing = 0;
	for (const id of new Set(chosen)) {
		const note = board.notes.find((n) => n.id === id);
		if (note) ideas.push({ boardId: board.boardId, noteId: note.id, text: note.text, section: note.section });
		else missing += 1;
	}
	return { ideas, missing };
}
