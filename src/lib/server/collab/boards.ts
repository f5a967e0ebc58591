import type { DB } from '../db/open.ts';
import type { BoardAccess } from './hub.ts';
import { listNotes } from '../../board/notes.ts';
import { listSections } from '../../board/sections.ts';
import { BOARD_STAGES, type BoardStage } from '../../domain/stages.ts';

/** A board as stored: its project and stage. */
export interface BoardRow {
	id: string;
	projectId: string;
	stage: string;
}

/** The board with this id, whatever its project (null if there is none). */
export async function findBoardRow(db: DB, boardId: string): Promise<BoardRow | null> {
	const row = await db.selectFrom('boards').select(['id', 'project_id', 'stage']).where('id', '=', boardId).executeTakeFirst();
	return row ? { id: row.id, projectId: row.project_id, stage: row.stage } : null;
}

export interface BoardSummary {
	id: string;
	stage: BoardStage;
	notes: number;
	sections: number;
}

/** A project's boards in stage order, with how many notes and sections each has. */
export async function summarizeBoards(db: DB, collab: BoardAccess, projectId: string): Promise<BoardSummary[]> {
	const rows = await db.selectFrom('boards').select(['id', 'stage']).where('project_id', '=', projectId).execute();
	const boards = rows
		.filter((r): r is { id: string; stage: BoardStage } => (BOARD_STAGES as readonly string[]).includes(r.stage))
		.sort((a, b) => BOARD_STAGES.indexOf(a.stage) - BOARD_STAGES.indexOf(b.stage));
	return Promise.all(
		boards.map(async (b) => {
			const counts = await collab.readBoard(b.id, (doc) => ({ notes: listNotes(doc).length, sections: listSections(doc).length }));
			return { id: b.id, stage: b.stage, ...counts };
		})
	);
}

/** The board with this id if it belongs to the project (else null: the route answers 404). */
export async function findProjectBoard(db: DB, projectId: string, boardId: string): Promise<{ id: string; stage: BoardStage } | null> {
	const row = await db.selectFrom('boards').select(['id', 'stage']).where('id', '=', boardId).where('project_id', '=', projectId).executeTakeFirst();
	if (!row || !(BOARD_STAGES as readonly string[]).includes(row.stage)) return null;
	return { id: row.id, stage: row.stage as BoardStage };
}
