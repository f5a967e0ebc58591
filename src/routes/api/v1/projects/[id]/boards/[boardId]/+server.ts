import type { RequestHandler } from '@sveltejs/kit';
import { api, apiProjectAccess, notFound } from '$lib/server/api/respond';
import { listNotes, listSections } from '$lib/board/notes';

/**
 * A board as it is now (the live document if anyone is on it): sections and notes. Who wrote
 * a note is given to signed-in callers only.
 */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		const board = await event.locals.db
			.selectFrom('boards')
			.select(['id', 'stage'])
			.where('id', '=', event.params.boardId ?? '')
			.where('project_id', '=', access.projectId)
			.executeTakeFirst();
		if (!board) throw notFound();
		const { notes, sections } = await event.locals.runtime.collab.readBoard(board.id, (doc) => ({
			notes: listNotes(doc),
			sections: listSections(doc)
		}));
		return {
			board,
			sections,
			notes: notes.map(({ author, ...note }) => (access.anonymous ? note : { ...note, author }))
		};
	});
