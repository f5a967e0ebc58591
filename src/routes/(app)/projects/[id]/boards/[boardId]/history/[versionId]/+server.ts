import { error, json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '$lib/server/http/guards';
import { findProjectBoard } from '$lib/server/collab/boards';
import { previewVersion } from '$lib/server/collab/restore';
import type { RequestHandler } from './$types';

/** One saved version, read-only, and what restoring it would change (facilitators). */
export const GET: RequestHandler = async (event) => {
	const { access } = await requireProject(event, 'manage');
	const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
	if (!board) error(404, m.error_not_found());
	const preview = await previewVersion(event.locals.db, event.locals.runtime.collab, board.id, event.params.versionId);
	if (!preview) error(404, m.board_history_version_gone());
	return json(preview, { headers: { 'cache-control': 'private, no-store' } });
};
