import { error, json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '$lib/server/http/guards';
import { findProjectBoard } from '$lib/server/collab/boards';
import { listTrash, listVersions } from '$lib/server/collab/history';
import type { RequestHandler } from './$types';

/** A board's saved versions and its deleted notes, for its facilitators (the board page's history panel). */
export const GET: RequestHandler = async (event) => {
	const { access } = await requireProject(event, 'manage');
	const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
	if (!board) error(404, m.error_not_found());
	const [versions, trash] = await Promise.all([listVersions(event.locals.db, board.id), listTrash(event.locals.db, board.id)]);
	return json({ versions, trash }, { headers: { 'cache-control': 'private, no-store' } });
};
