import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '$lib/server/http/guards';
import { findProjectById, listBoards, listMembers } from '$lib/server/projects/projects';
import { findProjectBoard } from '$lib/server/collab/boards';
import { voterSeed } from '$lib/server/collab/voters';
import type { PageServerLoad } from './$types';

// This page resets to the (app) layout (a board wants the whole screen), so it loads the
// project itself instead of relying on the project layout.
export const load: PageServerLoad = async (event) => {
	const { user, access } = await requireProject(event, 'view');
	const db = event.locals.db;
	const [project, board] = await Promise.all([
		findProjectById(db, access.projectId),
		findProjectBoard(db, access.projectId, event.params.boardId)
	]);
	if (!project || !board) error(404, m.error_not_found());
	const [boards, members] = await Promise.all([listBoards(db, project.id), listMembers(db, project.id)]);
	return {
		project: { id: project.id, title: project.title, stage: project.stage },
		board,
		boards: boards.map((b) => ({ id: b.id, stage: b.stage })),
		canEdit: access.canEdit,
		// Facilitators and admins run voting, the timer, the lock and focus (the hub enforces it).
		canFacilitate: access.canManage,
		// Only this person and the server know it: their anonymous voter ids come from it.
		voterSeed: access.canEdit ? voterSeed(event.locals.runtime.voterKey, board.id, user.id) : null,
		serverNow: Date.now(),
		me: { id: user.id, name: user.name },
		members: members.map((mb) => ({ id: mb.userId, name: mb.name }))
	};
};
