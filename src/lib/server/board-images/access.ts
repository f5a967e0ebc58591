import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guestReaches } from '../auth/identity.ts';
import { findProjectBoard } from '../collab/boards.ts';
import { getProjectAccess } from '../projects/access.ts';

/** Who is adding or looking at a board's images, and what they may do. */
export interface BoardImageCaller {
	boardId: string;
	/** The id their board changes carry: a user's, or a guest's (`guest-…`). */
	userId: string;
	guest: boolean;
	canEdit: boolean;
	canFacilitate: boolean;
}

/**
 * Who may reach a board's images, as the hub decides who may reach the board
 * (collab/upgrade.ts): the project's team (viewers read, members and facilitators write), admins,
 * and the board's guests (a board guest's board, a workshop guest's boards), who write as they
 * write notes. Anyone signed out gets 401; a project or board they may not see, 404, so ids
 * reveal nothing. Images are never public: a board publication is words and places only
 * (publication/snapshot.ts), so no public page shows a board's photos.
 */
export async function boardImageCaller(event: Pick<RequestEvent, 'locals' | 'params'>): Promise<BoardImageCaller> {
	const { locals } = event;
	const projectId = event.params.id ?? '';
	const boardId = event.params.boardId ?? '';
	if (!locals.user && !locals.guest) error(401, m.bi_error_signed_out());
	const board = await findProjectBoard(locals.db, projectId, boardId);
	if (!board) error(404, m.error_not_found());
	if (locals.user) {
		const access = await getProjectAccess(locals.db, locals.user, projectId);
		if (access.canView) return { boardId, userId: locals.user.id, guest: false, canEdit: access.canEdit, canFacilitate: access.canManage };
	}
	const guest = locals.guest;
	if (guest && guest.scope.projectId === projectId && guestReaches(guest, boardId)) {
		return { boardId, userId: guest.userId, guest: true, canEdit: true, canFacilitate: false };
	}
	error(404, m.error_not_found());
}
