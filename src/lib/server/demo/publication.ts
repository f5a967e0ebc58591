import type { DB } from '../db/open.ts';
import { readStoredBoard } from '../collab/stored-board.ts';
import { findSectionByKey } from '../../board/sections.ts';
import { previewPublication, publishBoard, type BoardReader } from '../publication/publications.ts';

/** Boards read straight from storage: seeding runs before the hub can hold them. */
const storedBoards = (db: DB): BoardReader => ({ readBoard: (boardId, read) => readStoredBoard(db, boardId, read) });

/**
 * The demo's facilitator published the Ideate board's "How might we …?" questions, as a lab
 * would after a workshop: the rest of the demo's boards stay the team's.
 */
export async function seedDemoPublication(db: DB, projectId: string, facilitatorId: string, now: number): Promise<void> {
	const board = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', 'ideate')
		.executeTakeFirstOrThrow();
	const boards = storedBoards(db);
	const hmw = await boards.readBoard(board.id, (doc) => findSectionByKey(doc, 'hmw')?.id);
	if (!hmw) return;
	const choice = { scope: 'sections' as const, sections: [hmw] };
	const preview = await previewPublication(db, boards, projectId, board.id, choice);
	await publishBoard(db, boards, { projectId, boardId: board.id, choice, digest: preview.digest, userId: facilitatorId, now });
}
